// Hostile repositories: each must end in diagnostics naming the file, never a crash, a hang or a
// memory blow-up. Committed fixtures live in test/fixtures/hostile/<name>/; the ones a commit
// cannot carry faithfully (5 MiB files, invalid UTF-8 bytes, binary files, symbolic links) are
// written into a temporary copy of their fixture folder by the test itself.
import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFilesystemReader } from '../../tools/src/adapters/filesystem.ts';
import type { Diagnostic } from '../../tools/src/model/diagnostic.ts';
import { loadRepository } from '../../tools/src/model/load-repository.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/hostile/${name}/`, import.meta.url));
const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

/** A temporary copy of a fixture with extra files written into it. */
function copyWith(name: string, files: Readonly<Record<string, string | Buffer>>): string {
  const dir = mkdtempSync(join(tmpdir(), `hostile-${name}-`));
  temporary.push(dir);
  const root = join(dir, 'repo');
  cpSync(fixture(name), root, { recursive: true });
  for (const [path, contents] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), contents);
  }
  return root;
}

async function load(root: string): Promise<readonly Diagnostic[]> {
  return (await loadRepository(createFilesystemReader(root))).diagnostics;
}

function find(diagnostics: readonly Diagnostic[], file: string): Diagnostic[] {
  return diagnostics.filter((d) => d.file === file);
}

describe('hostile input', () => {
  it('alias bomb: stops expanding at the node budget', async () => {
    const diagnostics = find(await load(fixture('alias-bomb')), 'orgs/bomb/org.yaml');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ rule: 'yaml-syntax', severity: 'error' });
    expect(diagnostics[0]?.message).toMatch(/aliases expand to more than 200000 values/);
  });

  it('alias bomb: a smaller budget from the options is honoured', async () => {
    const { diagnostics } = await loadRepository(createFilesystemReader(fixture('alias-bomb')), {
      limits: { maxNodes: 50 },
    });
    expect(find(diagnostics, 'orgs/bomb/org.yaml')[0]?.message).toMatch(/more than 50 values/);
  });

  it('self-referencing alias: ends at the depth limit', async () => {
    const diagnostics = find(await load(fixture('self-alias')), 'orgs/loop/org.yaml');
    expect(diagnostics.map((d) => d.rule)).toEqual(['yaml-syntax']);
    expect(diagnostics[0]?.message).toMatch(/nesting deeper than 64 levels/);
  });

  it('deep nesting (committed, 2,000 levels): refused before parsing', async () => {
    const diagnostics = find(await load(fixture('deep-nesting')), 'orgs/deep/org.yaml');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ rule: 'yaml-syntax', line: 5 });
  });

  it.each([
    ['100,000 levels of flow sequences', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    ['100,000 levels of flow mappings', `${'{a: '.repeat(100_000)}1${'}'.repeat(100_000)}`],
    ['100,000 levels of block sequences', `${'- '.repeat(100_000)}x`],
    ['indentation (1,200 levels)', Array.from({ length: 1_200 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')],
  ])('deep nesting (%s, written at test time): a diagnostic, no stack overflow', async (_kind, body) => {
    const root = copyWith('deep-nesting', {
      'orgs/deep/org.yaml': `apiVersion: consortium.gitops/v1alpha1\npeers:\n${body}\n`,
    });
    const diagnostics = find(await load(root), 'orgs/deep/org.yaml');
    expect(diagnostics.map((d) => d.rule)).toEqual(['yaml-syntax']);
    expect(diagnostics[0]?.message).toMatch(/nesting deeper than/);
  });

  it('a mapping of 100,000 keys (written at test time): the duplicate at the end is found without a quadratic check', async () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `k${i}: 1`).join('\n');
    const root = copyWith('huge-file', { 'orgs/wide/org.yaml': `${keys}\nk7: 2\n` });
    const diagnostics = find(await load(root), 'orgs/wide/org.yaml');
    expect(diagnostics.map((d) => [d.rule, d.line, d.message])).toEqual([
      ['yaml-syntax', 100_001, 'duplicate key "k7" (first at line 8)'],
    ]);
  });

  it('thousands of unknown keys (written at test time): diagnostics capped at 50 per file plus a summary', async () => {
    const keys = Array.from({ length: 5_000 }, (_, i) => `k${i}: 1`).join('\n');
    const root = copyWith('huge-file', { 'orgs/wide/org.yaml': `${keys}\n` });
    const diagnostics = find(await load(root), 'orgs/wide/org.yaml');
    expect(diagnostics).toHaveLength(51);
    expect(diagnostics.every((d) => d.rule === 'schema')).toBe(true);
    expect(
      diagnostics.filter(
        (d) =>
          d.message ===
          'orgs/wide/org.yaml: 4961 more problems not shown' /* 5,000 unknown + 11 missing required - 50 */,
      ),
    ).toHaveLength(1);
  });

  it('multi-megabyte file (5 MiB, written at test time): not parsed, file-too-large', async () => {
    const big = `apiVersion: consortium.gitops/v1alpha1\nkind: Organization\ndisplayName: "${'x'.repeat(5 * 1024 * 1024)}"\n`;
    const root = copyWith('huge-file', { 'orgs/huge/org.yaml': big });
    const { model, diagnostics } = await loadRepository(createFilesystemReader(root));
    expect(find(diagnostics, 'orgs/huge/org.yaml').map((d) => [d.rule, d.message])).toEqual([
      ['file-too-large', 'orgs/huge/org.yaml is 5.0 MiB, above the 1.0 MiB limit for a YAML file; it was not parsed'],
    ]);
    // Above maxTextBytes (4 MiB) the text is not kept either.
    expect(model.files.find((f) => f.path === 'orgs/huge/org.yaml')).toMatchObject({
      size: big.length,
      text: undefined,
    });
  });

  it('multi-megabyte files elsewhere (written at test time): listed without text; a total text budget holds', async () => {
    const root = copyWith('huge-file', {
      'docs/big.txt': 'y'.repeat(5 * 1024 * 1024),
      'docs/a.txt': 'a'.repeat(1000),
      'docs/b.txt': 'b'.repeat(1000),
    });
    const first = await loadRepository(createFilesystemReader(root));
    expect(first.diagnostics).toEqual([expect.objectContaining({ file: 'consortium/consortium.yaml' })]);
    expect(first.model.files.find((f) => f.path === 'docs/big.txt')).toEqual({
      path: 'docs/big.txt',
      size: 5 * 1024 * 1024,
      text: undefined,
    });
    const { model } = await loadRepository(createFilesystemReader(root), { limits: { maxTotalTextBytes: 1500 } });
    expect(model.files.filter((f) => f.text !== undefined).reduce((n, f) => n + f.size, 0)).toBeLessThanOrEqual(1500);
    expect(model.files.find((f) => f.path === 'docs/b.txt')?.text).toBeUndefined();
  });

  it('duplicate keys: reported at the second occurrence', async () => {
    const diagnostics = find(await load(fixture('duplicate-keys')), 'orgs/dup/org.yaml');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ rule: 'yaml-syntax', line: 7, column: 1 });
    expect(diagnostics[0]?.message).toBe('duplicate key "mspId" (first at line 5)');
  });

  it('__proto__ and constructor keys: unknown properties, and no prototype is touched', async () => {
    const { model, diagnostics } = await loadRepository(createFilesystemReader(fixture('proto-keys')));
    const messages = find(diagnostics, 'orgs/proto/org.yaml').map((d) => `${d.line} ${d.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        '5 unknown property "__proto__"',
        '7 unknown property "constructor"',
        '12 peers.0: unknown property "__proto__"',
      ]),
    );
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['isAdmin']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(model.orgs).toEqual([]);
  });

  it('invalid UTF-8 (written at test time): file-encoding at the offending line', async () => {
    const latin1 = Buffer.concat([
      Buffer.from('apiVersion: consortium.gitops/v1alpha1\nkind: Organization\ndisplayName: M'),
      Buffer.from([0xfc]), // "ü" in ISO-8859-1, not UTF-8
      Buffer.from('ller Logistik\n'),
    ]);
    const root = copyWith('invalid-utf8', { 'orgs/latin1/org.yaml': latin1, 'docs/latin1-notes.txt': latin1 });
    const { model, diagnostics } = await loadRepository(createFilesystemReader(root));
    expect(find(diagnostics, 'orgs/latin1/org.yaml').map((d) => [d.rule, d.line, d.column])).toEqual([
      ['file-encoding', 3, 15],
    ]);
    // Outside the consortium's folders a non-UTF-8 file is listed without text, and not judged.
    expect(find(diagnostics, 'docs/latin1-notes.txt')).toEqual([]);
    expect(model.files.find((f) => f.path === 'docs/latin1-notes.txt')?.text).toBeUndefined();
  });

  it('binary files (written at test time): a binary YAML file is an error, a binary asset elsewhere is listed', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
    const root = copyWith('binary-file', {
      'orgs/bin/org.yaml': Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00]),
      'docs/logo.png': png,
    });
    const { model, diagnostics } = await loadRepository(createFilesystemReader(root));
    expect(find(diagnostics, 'orgs/bin/org.yaml').map((d) => [d.rule, d.message])).toEqual([
      ['file-encoding', 'orgs/bin/org.yaml is a binary file, not YAML text'],
    ]);
    expect(find(diagnostics, 'docs/logo.png')).toEqual([]);
    expect(model.files.find((f) => f.path === 'docs/logo.png')).toEqual({
      path: 'docs/logo.png',
      size: png.length,
      text: undefined,
    });
  });

  it('symbolic links leaving the repository (created at test time): never followed, reported', async () => {
    const root = copyWith('symlink-outside', {
      'orgs/acme/org.yaml': 'apiVersion: consortium.gitops/v1alpha1\nkind: Organization\n',
    });
    writeFileSync(join(root, '..', 'outside.pem'), 'secret outside the repository\n');
    symlinkSync('/etc/passwd', join(root, 'orgs/acme/passwd.yaml'));
    mkdirSync(join(root, 'orgs/link'), { recursive: true });
    symlinkSync('/etc/passwd', join(root, 'orgs/link/org.yaml'));
    mkdirSync(join(root, 'orgs/acme/msp'), { recursive: true });
    symlinkSync('../../../../outside.pem', join(root, 'orgs/acme/msp/ca.pem'));
    symlinkSync('org.yaml', join(root, 'orgs/acme/alias.yaml'));
    const { model, diagnostics } = await loadRepository(createFilesystemReader(root));
    const symlinks = diagnostics.filter((d) => d.rule === 'symlink').map((d) => [d.file, d.severity]);
    expect(symlinks).toEqual([
      ['orgs/acme/alias.yaml', 'warning'],
      ['orgs/acme/msp/ca.pem', 'error'],
      ['orgs/acme/passwd.yaml', 'error'],
      ['orgs/link/org.yaml', 'error'],
    ]);
    // Nothing behind a link was read.
    expect(
      model.files.some((f) => f.text?.includes('root:') === true || f.text?.includes('secret outside') === true),
    ).toBe(false);
    // The link itself is the finding: no second diagnostic about the folder it sits in.
    expect(diagnostics.some((d) => d.rule === 'repository-layout' && d.message === 'orgs/link/ has no org.yaml')).toBe(
      false,
    );
  });

  it('files in unexpected places: each named, YAML ones as errors', async () => {
    const diagnostics = (await load(fixture('unexpected-files'))).filter((d) => d.rule === 'repository-layout');
    expect(diagnostics.map((d) => [d.file, d.severity])).toEqual([
      ['channels/main/chaincodes/nested/cc.yaml', 'error'], // "channels/main/ has no channel.yaml"
      ['channels/main/chaincodes/nested/cc.yaml', 'error'], // not where chaincodes go
      ['consortium/consortium.yaml', 'error'], // missing
      ['consortium/extra-rules.yaml', 'error'],
      ['orgs/acme/msp/keystore/priv_sk', 'error'], // "orgs/acme/ has no org.yaml"
      ['orgs/acme/msp/keystore/priv_sk', 'warning'], // not a public certificate
      ['orgs/acme/org.yml', 'error'],
      ['orgs/stray.yaml', 'error'],
    ]);
    expect(diagnostics.find((d) => d.file === 'orgs/acme/org.yml')?.hint).toBe('Rename it to org.yaml.');
  });

  it('several YAML documents in one file: the hidden second document is an error', async () => {
    const diagnostics = find(await load(fixture('multiple-documents')), 'channels/two/channel.yaml');
    expect(diagnostics.map((d) => [d.rule, d.line])).toEqual([['yaml-syntax', 5]]);
  });
});
