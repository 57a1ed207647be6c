// The chaincode-as-a-service install package, built here byte for byte so that its package ID
// (label + SHA-256 of the package, as the peer computes it) is known at render time: the chaincode
// Deployment must announce exactly that ID, and approveformyorg must name it. Tar headers carry no
// time, owner or platform, and gzip uses stored (uncompressed) deflate blocks, so the bytes do not
// depend on a compression library's version or the machine.
import { hash } from 'node:crypto';
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

const BLOCK = 512;

/**
 * The fields of a ustar header that are the same for every file (mode, owner, times, type, magic),
 * with the checksum field as spaces and their byte sum: a package holds a few thousand headers per
 * render, so each is a copy and three writes rather than a fresh zeroed block written field by field.
 */
const HEADER_TEMPLATE = Buffer.alloc(BLOCK);
HEADER_TEMPLATE.write(octal(0o644, 8), 100, 'ascii');
HEADER_TEMPLATE.write(octal(0, 8), 108, 'ascii');
HEADER_TEMPLATE.write(octal(0, 8), 116, 'ascii');
HEADER_TEMPLATE.write(octal(0, 12), 136, 'ascii');
HEADER_TEMPLATE.write('        ', 148, 'ascii');
HEADER_TEMPLATE.write('0', 156, 'ascii');
HEADER_TEMPLATE.write('ustar\0', 257, 'ascii');
HEADER_TEMPLATE.write('00', 263, 'ascii');
let TEMPLATE_SUM = 0;
for (let i = 0; i < BLOCK; i++) TEMPLATE_SUM += HEADER_TEMPLATE[i] ?? 0;

/** A ustar header at `offset` of `out` (zero-filled there). */
function writeTarHeader(out: Buffer, offset: number, name: string, size: number): void {
  HEADER_TEMPLATE.copy(out, offset);
  out.write(name, offset, 100, 'utf8');
  out.write(octal(size, 12), offset + 124, 'ascii');
  let sum = TEMPLATE_SUM;
  for (let i = 0; i < 100; i++) sum += out[offset + i] ?? 0;
  for (let i = 124; i < 136; i++) sum += (out[offset + i] ?? 0) - (HEADER_TEMPLATE[i] ?? 0);
  out.write(`${sum.toString(8).padStart(6, '0')}\0 `, offset + 148, 'ascii');
}

/** A ustar archive of regular files, in the given order. */
export function createTar(files: readonly { readonly name: string; readonly data: Buffer }[]): Buffer {
  let size = 2 * BLOCK;
  for (const file of files) size += BLOCK + Math.ceil(file.data.length / BLOCK) * BLOCK;
  // Zero-filled: the padding after each file and the two end-of-archive blocks. (allocUnsafe may
  // take the memory from Node's buffer pool, which costs far less than a fresh zeroed allocation.)
  const out = Buffer.allocUnsafe(size).fill(0);
  let offset = 0;
  for (const file of files) {
    writeTarHeader(out, offset, file.name, file.data.length);
    file.data.copy(out, offset + BLOCK);
    offset += BLOCK + Math.ceil(file.data.length / BLOCK) * BLOCK;
  }
  return out;
}

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff]);
const MAX_STORED = 0xffff;

/** gzip (RFC 1952) with stored deflate blocks (RFC 1951 BTYPE=00), mtime 0, OS "unknown". */
export function gzipStored(data: Buffer): Buffer {
  const blocks = Math.max(1, Math.ceil(data.length / MAX_STORED));
  const out = Buffer.allocUnsafe(GZIP_HEADER.length + blocks * 5 + data.length + 8);
  let offset = GZIP_HEADER.copy(out, 0);
  for (let block = 0; block < blocks; block++) {
    const start = block * MAX_STORED;
    const length = Math.min(MAX_STORED, data.length - start);
    out.writeUInt8(block === blocks - 1 ? 1 : 0, offset);
    out.writeUInt16LE(length, offset + 1);
    out.writeUInt16LE(~length & 0xffff, offset + 3);
    offset += 5;
    offset += data.copy(out, offset, start, start + length);
  }
  out.writeUInt32LE(crc32(data) >>> 0, offset);
  out.writeUInt32LE(data.length >>> 0, offset + 4);
  return out;
}

export function buildCcaasPackage(input: {
  readonly label: string;
  readonly address: string;
  /** Files under META-INF/statedb/ (CouchDB indexes), which the peer reads from code.tar.gz. */
  readonly metaInf?: readonly { readonly path: string; readonly text: string }[];
}): CcaasPackage {
  const connectionJson = `${JSON.stringify({ address: input.address, dial_timeout: '10s', tls_required: false }, null, 2)}\n`;
  const metadataJson = `${JSON.stringify({ type: 'ccaas', label: input.label }, null, 2)}\n`;
  const code = gzipStored(
    createTar([
      { name: 'connection.json', data: Buffer.from(connectionJson) },
      ...(input.metaInf ?? []).map((f) => ({ name: f.path, data: Buffer.from(f.text) })),
    ]),
  );
  const bytes = gzipStored(
    createTar([
      { name: 'metadata.json', data: Buffer.from(metadataJson) },
      { name: 'code.tar.gz', data: code },
    ]),
  );
  const packageId = `${input.label}:${hash('sha256', bytes, 'hex')}`;
  return { packageId, label: input.label, bytes, connectionJson, metadataJson };
}
