// The CCaaS package must be a tar.gz the peer reads: checked with the system's gzip and tar, and
// its package ID must be the label plus the SHA-256 of the exact bytes, as Fabric computes it.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildCcaasPackage, gzipStored } from '../../tools/src/render/chaincode-package.ts';

describe('chaincode-as-a-service package', () => {
  const pkg = buildCcaasPackage({ label: 'basic_1.0', address: 'basic-mychannel.fabric-org1.svc:9999' });

  it('has metadata.json and code.tar.gz holding connection.json, readable by tar', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ccaas-package-'));
    try {
      await writeFile(join(dir, 'package.tar.gz'), pkg.bytes);
      expect(
        execFileSync('tar', ['-tzf', 'package.tar.gz'], { cwd: dir, encoding: 'utf8' }).split('\n').filter(Boolean),
      ).toEqual(['metadata.json', 'code.tar.gz']);
      execFileSync('tar', ['-xzf', 'package.tar.gz'], { cwd: dir });
      expect(JSON.parse(await readFile(join(dir, 'metadata.json'), 'utf8'))).toEqual({
        type: 'ccaas',
        label: 'basic_1.0',
      });
      execFileSync('tar', ['-xzf', 'code.tar.gz'], { cwd: dir });
      expect(JSON.parse(await readFile(join(dir, 'connection.json'), 'utf8'))).toEqual({
        address: 'basic-mychannel.fabric-org1.svc:9999',
        dial_timeout: '10s',
        tls_required: false,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('is identified by label and SHA-256 of its bytes, and is the same every time', () => {
    expect(pkg.packageId).toBe(`basic_1.0:${createHash('sha256').update(pkg.bytes).digest('hex')}`);
    expect(
      buildCcaasPackage({ label: 'basic_1.0', address: 'basic-mychannel.fabric-org1.svc:9999' }).bytes.equals(
        pkg.bytes,
      ),
    ).toBe(true);
    expect(buildCcaasPackage({ label: 'basic_1.0', address: 'other:9999' }).packageId).not.toBe(pkg.packageId);
  });

  it('writes gzip that zlib decodes, also across several stored blocks', () => {
    for (const size of [0, 1, 65_535, 65_536, 200_000]) {
      const data = Buffer.alloc(size, 7);
      expect(gunzipSync(gzipStored(data)).equals(data)).toBe(true);
    }
  });
});
