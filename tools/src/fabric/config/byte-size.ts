// Byte sizes as the consortium writes them ("10 MB", "512 KB"), read as configtxgen reads them:
// binary multiples (1 MB = 1024 * 1024 bytes), the result a uint32.

const SIZE = /^([0-9]+)\s*([kKmMgG])[bB]?$/;
const PLAIN_BYTES = /^([0-9]+)\s*[bB]?$/;
const MAX_UINT32 = 0xffff_ffff;

/**
 * Bytes of a size, or undefined when it is not a size or overflows uint32. A plain count of bytes
 * ("100 B") is read as that number: configtxgen's hook leaves it to YAML's integer decoding, which
 * accepts the bare number only, so configtx.yaml must carry such a size as a number.
 */
// Fabric: common/viperutil/config_util.go byteSizeDecodeHook
export function parseByteSize(text: string): number | undefined {
  const sized = SIZE.exec(text);
  let bytes: number;
  if (sized !== null) {
    const shift = { k: 10, m: 20, g: 30 }[(sized[2] ?? 'k').toLowerCase() as 'k' | 'm' | 'g'];
    bytes = Number(sized[1]) * 2 ** shift;
  } else {
    const plain = PLAIN_BYTES.exec(text);
    if (plain === null) return undefined;
    bytes = Number(plain[1]);
  }
  return Number.isSafeInteger(bytes) && bytes <= MAX_UINT32 ? bytes : undefined;
}
