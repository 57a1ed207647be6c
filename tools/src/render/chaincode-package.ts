// The chaincode-as-a-service install package, built here byte for byte so that its package ID
// (label + SHA-256 of the package, as the peer computes it) is known at render time: the chaincode
// Deployment must announce exactly that ID, and approveformyorg must name it. Tar headers carry no
// time, owner or platform, and gzip uses stored (uncompressed) deflate blocks, so the bytes do not
// depend on a compression library's version or the machine.
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';

export interface CcaasPackage {
  /** `<label>:<sha256 hex>`, the ID `peer lifecycle chaincode install` reports. */
  readonly packageId: string;
  readonly label: string;
  readonly bytes: Buffer;
  readonly connectionJson: string;
  readonly metadataJson: string;
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function tarHeader(name: string, size: number): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 100, 'utf8');
  header.write(octal(0o644, 8), 100, 'ascii');
  header.write(octal(0, 8), 108, 'ascii');
  header.write(octal(0, 8), 116, 'ascii');
  header.write(octal(size, 12), 124, 'ascii');
  header.write(octal(0, 12), 136, 'ascii');
  header.write('        ', 148, 'ascii');
  header.write('0', 156, 'ascii');
  header.write('ustar\0', 257, 'ascii');
  header.write('00', 263, 'ascii');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return header;
}

/** A ustar archive of regular files, in the given order. */
export function createTar(files: readonly { readonly name: string; readonly data: Buffer }[]): Buffer {
  const parts: Buffer[] = [];
  for (const file of files) {
    parts.push(tarHeader(file.name, file.data.length), file.data);
    const pad = (512 - (file.data.length % 512)) % 512;
    if (pad > 0) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

/** gzip (RFC 1952) with stored deflate blocks (RFC 1951 BTYPE=00), mtime 0, OS "unknown". */
export function gzipStored(data: Buffer): Buffer {
  const parts: Buffer[] = [Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff])];
  const max = 0xffff;
  for (let offset = 0; offset < data.length || offset === 0; offset += max) {
    const chunk = data.subarray(offset, offset + max);
    const last = offset + max >= data.length;
    const head = Buffer.alloc(5);
    head.writeUInt8(last ? 1 : 0, 0);
    head.writeUInt16LE(chunk.length, 1);
    head.writeUInt16LE(~chunk.length & 0xffff, 3);
    parts.push(head, chunk);
    if (last) break;
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(data) >>> 0, 0);
  trailer.writeUInt32LE(data.length >>> 0, 4);
  parts.push(trailer);
  return Buffer.concat(parts);
}

export function buildCcaasPackage(input: { readonly label: string; readonly address: string }): CcaasPackage {
  const connectionJson = `${JSON.stringify({ address: input.address, dial_timeout: '10s', tls_required: false }, null, 2)}\n`;
  const metadataJson = `${JSON.stringify({ type: 'ccaas', label: input.label }, null, 2)}\n`;
  const code = gzipStored(createTar([{ name: 'connection.json', data: Buffer.from(connectionJson) }]));
  const bytes = gzipStored(
    createTar([
      { name: 'metadata.json', data: Buffer.from(metadataJson) },
      { name: 'code.tar.gz', data: code },
    ]),
  );
  const packageId = `${input.label}:${createHash('sha256').update(bytes).digest('hex')}`;
  return { packageId, label: input.label, bytes, connectionJson, metadataJson };
}
