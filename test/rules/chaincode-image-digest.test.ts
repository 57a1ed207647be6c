import { describe, expect, it } from 'vitest';
import { checkChaincodeImageDigest } from '../../tools/src/rules/chaincode-image-digest.ts';
import { copyExampleRepo, lineOf } from '../support/example-repo.ts';
import { buildModel } from '../support/model-builder.ts';
import { findingsOf, runRule } from '../support/rule-harness.ts';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
const withImage = (image: string, requireDigest?: boolean) =>
  buildModel({}, (m) => {
    m.channels[1]!.chaincodes[0]!.image = image;
    if (requireDigest !== undefined) m.consortium!.governance.requireChaincodeImageDigest = requireDigest;
  });

describe('chaincode-image-digest', () => {
  it('accepts images pinned by digest, with or without a tag', () => {
    expect(runRule(checkChaincodeImageDigest, withImage(`ghcr.io/example/provenance@${DIGEST}`, true))).toEqual([]);
    expect(runRule(checkChaincodeImageDigest, withImage(`ghcr.io/example/provenance:1.0.0@${DIGEST}`, true))).toEqual(
      [],
    );
  });

  it.each(['ghcr.io/example/provenance:1.0.0', 'ghcr.io/example/provenance', 'localhost:5000/provenance:latest'])(
    'warns on %s: a tag can be moved to other code after the members approved it',
    (image) => {
      const found = runRule(checkChaincodeImageDigest, withImage(image));
      expect(found).toMatchObject([
        {
          rule: 'chaincode-image-digest',
          severity: 'warning',
          file: 'channels/traceability/chaincodes/provenance.yaml',
        },
      ]);
      expect(found[0]!.message).toContain(`"${image}"`);
      expect(found[0]!.message).toMatch(/not pinned by digest/);
      expect(found[0]!.hint).toMatch(/@sha256:/);
    },
  );

  it('is an error when the consortium requires digests', () => {
    const found = runRule(checkChaincodeImageDigest, withImage('ghcr.io/example/provenance:1.0.0', true));
    expect(found).toMatchObject([{ rule: 'chaincode-image-digest', severity: 'error' }]);
    expect(found[0]!.message).toMatch(/governance\.requireChaincodeImageDigest/);
  });

  it.each([`ghcr.io/example/provenance@sha256:abc`, `ghcr.io/example/provenance@${DIGEST.toUpperCase()}`, 'x@md5:00'])(
    'reports the malformed digest in %s as an error',
    (image) => {
      const found = runRule(checkChaincodeImageDigest, withImage(image));
      expect(found).toMatchObject([{ rule: 'chaincode-image-digest', severity: 'error' }]);
      expect(found[0]!.message).toMatch(/64 lowercase hexadecimal/);
    },
  );

  it('points at the image line, and the setting in consortium.yaml turns the warning into an error', async () => {
    const repo = await copyExampleRepo();
    try {
      const path = 'channels/traceability/chaincodes/provenance.yaml';
      await repo.edit(path, (t) =>
        t.replace(/^image: .*$/m, 'image: ghcr.io/supply-chain-traceability/provenance-chaincode:1.1.0'),
      );
      const line = lineOf(await repo.read(path), 'image:');
      expect(findingsOf(await repo.validate(), 'chaincode-image-digest')).toMatchObject([
        { file: path, line, column: 8, severity: 'warning' },
      ]);
      await repo.edit('consortium/consortium.yaml', (t) =>
        t.replace('requireChaincodeImageDigest: false', 'requireChaincodeImageDigest: true'),
      );
      expect(findingsOf(await repo.validate(), 'chaincode-image-digest')).toMatchObject([
        { file: path, line, severity: 'error' },
      ]);
    } finally {
      await repo.remove();
    }
  });
});
