import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkNoPrivateKey } from '../../tools/src/rules/no-private-key.ts';
import { buildModel } from '../support/model-builder.ts';
import { copyExampleRepo, lineOf } from '../support/example-repo.ts';
import { findingsOf, runRule } from '../support/rule-harness.ts';

// Keys are generated at test time: the project's own repository holds no private key, so
// validating it stays clean.
function ecKey(type: 'pkcs8' | 'sec1'): string {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type }).toString();
}
const armour = (label: string) => `-----BEGIN ${label}-----`;

describe('no-private-key', () => {
  it('accepts a repository of public certificates', () => {
    expect(runRule(checkNoPrivateKey, buildModel())).toEqual([]);
  });

  it.each([
    'PRIVATE KEY',
    'EC PRIVATE KEY',
    'RSA PRIVATE KEY',
    'ENCRYPTED PRIVATE KEY',
    'OPENSSH PRIVATE KEY',
    'PGP PRIVATE KEY BLOCK',
  ])('finds a %s block with its line and column', (label) => {
    const model = buildModel({}, (m) => {
      m.files.push({
        path: 'docs/notes.txt',
        size: 0,
        text: `notes\n\n  key: "${armour(label)}\\nMIGHAgEAMBMGByqGSM49AgEGCCqG"\n`,
      });
    });
    expect(runRule(checkNoPrivateKey, model)).toMatchObject([
      { rule: 'no-private-key', file: 'docs/notes.txt', line: 3, column: 9, severity: 'error' },
    ]);
  });

  it.each([
    ['a commented-out key', (key: string) => key.replace(/^/gm, '# ')],
    ['a key in a JavaScript string', (key: string) => `const k = '${key.split('\n').join("\\n' +\n  '")}';`],
    [
      'a legacy encrypted key with headers',
      (key: string) =>
        key.replace(
          /-----\n/,
          '-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00112233445566778899AABBCCDDEEFF\n\n',
        ),
    ],
  ])('finds %s', (_, embed) => {
    const text = embed(ecKey('sec1'));
    const model = buildModel({}, (m) => void m.files.push({ path: 'tools/x.ts', size: text.length, text }));
    expect(runRule(checkNoPrivateKey, model)).toHaveLength(1);
  });

  it.each([
    ['a pattern in a test', `expect(k).toMatch(/^${armour('PRIVATE KEY')}\\n/);`],
    ['documentation naming the armour', `A key starts with "${armour('EC PRIVATE KEY')}" and must never be committed.`],
    ['an elided example', `${armour('PRIVATE KEY')}\n...\n-----END PRIVATE KEY-----`],
  ])('does not mistake %s for a key', (_, text) => {
    const model = buildModel({}, (m) => void m.files.push({ path: 'README.md', size: text.length, text }));
    expect(runRule(checkNoPrivateKey, model)).toEqual([]);
  });

  it('reports every key of a file', () => {
    const text = `${ecKey('pkcs8')}\n${ecKey('sec1')}`;
    const model = buildModel({}, (m) => void m.files.push({ path: 'keys.pem', size: text.length, text }));
    expect(runRule(checkNoPrivateKey, model).map((d) => d.line)).toEqual([1, lineOf(text, 'EC PRIVATE KEY')]);
  });

  it('finds keys anywhere in the repository, including beside the certificates and inside YAML', async () => {
    const repo = await copyExampleRepo();
    try {
      await repo.write('orgs/retailer/msp/key.pem', ecKey('pkcs8'));
      const indented = ecKey('sec1').replace(/^/gm, '  ');
      await repo.edit('orgs/logistics/org.yaml', (t) => `${t}\n# temporary\nsigningKey: |\n${indented}`);
      const text = await repo.read('orgs/logistics/org.yaml');
      const result = await repo.validate();
      const found = findingsOf(result, 'no-private-key');
      expect(found.map((d) => [d.file, d.line, d.column])).toEqual([
        ['orgs/logistics/org.yaml', lineOf(text, 'EC PRIVATE KEY'), 3],
        ['orgs/retailer/msp/key.pem', 1, 1],
      ]);
      expect(result.ok).toBe(false);
    } finally {
      await repo.remove();
    }
  });

  it('finds a key in a file that is not valid UTF-8 (the loader keeps no text for it)', async () => {
    const repo = await copyExampleRepo();
    try {
      const key = Buffer.from(`notes\n${ecKey('pkcs8')}`);
      await repo.write('docs/blob.bin', Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x0a]), key]));
      const found = findingsOf(await repo.validate(), 'no-private-key');
      expect(found).toMatchObject([{ file: 'docs/blob.bin', line: 3, column: 1, severity: 'error' }]);
    } finally {
      await repo.remove();
    }
  });
});
