import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { approve, createScenario, type Person, type Scenario } from './support/scenario.ts';

// A key committed and removed again within one pull request is gone from the head's tree but not
// from the history a merge would share with every member. Keys are generated at test time: the
// project's own repository holds none.
const ecKey = () =>
  generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

let s: Scenario;
afterEach(() => s.remove());
const admin = (org: string, index = 0): Person => {
  const person = s.admins[org]?.[index];
  if (person === undefined) throw new Error(`example org ${org} has no admin #${index}`);
  return person;
};

describe('a private key anywhere in the pull request', () => {
  it('committed and removed again: error naming the commit and the file', async () => {
    s = createScenario();
    const leak = s.repo.commit({
      branch: 'pr',
      from: 'main',
      files: { 'docs/operations.md': '# Ops\n', 'orgs/retailer/msp/admin-key.pem': ecKey() },
      message: 'Add operations notes',
    });
    const head = s.push({ 'orgs/retailer/msp/admin-key.pem': null });
    const result = await s.judge({ head, reviews: approve([admin('retailer'), admin('logistics')], head) });
    expect(result.verdict).toBe('error');
    const found = result.errors.filter((e) => e.includes('private key'));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      new RegExp(
        `^commit ${leak.slice(0, 7)} \\("Add operations notes"\\) adds a private key to orgs/retailer/msp/admin-key\\.pem \\(line 1\\)`,
      ),
    );
    expect(found[0]).toMatch(/consortium org reissue retailer/);
  });

  it('hidden in a file that is not UTF-8 in an intermediate commit: found', async () => {
    s = createScenario();
    s.push({ 'docs/blob.bin': Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x0a]), Buffer.from(ecKey())]) });
    const head = s.push({ 'docs/blob.bin': null, 'docs/operations.md': '# Ops\n' });
    const result = await s.judge({ head });
    expect(result.verdict).toBe('error');
    expect(result.errors.join('\n')).toMatch(/adds a private key to docs\/blob\.bin \(line 2\)/);
  });

  it('a clean history is not reported', async () => {
    s = createScenario();
    s.push({ 'docs/operations.md': '# Ops\n' });
    const head = s.push({ 'docs/operations.md': '# Operations, edited\n' });
    const result = await s.judge({ head, reviews: approve([admin('retailer')], head) });
    expect(result.errors).toEqual([]);
    expect(result.verdict).toBe('approved');
  });
});
