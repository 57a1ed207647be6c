import { describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../../support/run-cli.ts';

const run = (argv: string[], stdin = ''): Promise<CliRun> => runCli(argv, { stdin, now: new Date(0) });

describe('consortium policy', () => {
  it('parse --format json prints the envelope Fabric builds (done-when example)', async () => {
    const result = await run(['policy', 'parse', "OR('A.member', AND('B.member', 'C.member'))", '--format', 'json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      version: 0,
      identities: [
        { mspId: 'B', role: 'member' },
        { mspId: 'C', role: 'member' },
        { mspId: 'A', role: 'member' },
      ],
      rule: {
        nOutOf: { n: 1, rules: [{ signedBy: 2 }, { nOutOf: { n: 2, rules: [{ signedBy: 0 }, { signedBy: 1 }] } }] },
      },
    });
  });

  it('parse text shows the canonical form and the numbered identities', async () => {
    const result = await run(['policy', 'parse', "or('A.member', and('B.admin'))"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("OR('A.member', OR('B.admin'))");
    expect(result.stdout).toContain('#0 B.admin');
    expect(result.stdout).toContain('signed by #1 A.member');
  });

  it('reads the expression from standard input with -', async () => {
    const result = await run(['policy', 'parse', '-', '--format', 'json'], "OR('A.member')\n");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ identities: [{ mspId: 'A', role: 'member' }] });
  });

  it('a bad expression exits 1 with the error and offset, in text and JSON', async () => {
    const text = await run(['policy', 'parse', "OR('A.member',)"]);
    expect(text.code).toBe(1);
    expect(text.stderr).toMatch(/offset 14: trailing comma/);
    const json = await run(['policy', 'parse', "OR('A.member',)", '--format', 'json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      ok: false,
      error: { kind: 'findings', exitCode: 1, message: expect.stringMatching(/trailing comma/) as unknown, offset: 14 },
    });
  });

  it('eval exits 0 when satisfied and 1 with what is missing when not', async () => {
    const policy = "OutOf(2, 'Org1MSP.admin', 'Org2MSP.admin', 'Org3MSP.admin')";
    const no = await run(['policy', 'eval', policy, '--signer', 'Org1MSP.admin', '--format', 'json']);
    expect(no.code).toBe(1);
    expect(JSON.parse(no.stdout)).toEqual({
      satisfied: false,
      missing: [[{ mspId: 'Org2MSP', role: 'admin' }], [{ mspId: 'Org3MSP', role: 'admin' }]],
      description: '1 more of: Org2MSP.admin, Org3MSP.admin',
    });
    const yes = await run(['policy', 'eval', policy, '--signer', 'Org1MSP.admin', '--signer', 'Org3MSP.admin']);
    expect(yes.code).toBe(0);
    expect(yes.stdout.trim()).toBe('satisfied');
  });

  it.each([
    ['OR', 20_000],
    ['AND', 200_000],
  ])('a %s nested %i levels deep exits 1 with a clear error, in JSON and text', async (gate, depth) => {
    const policy = `${gate}(`.repeat(depth) + "'A.member'" + ')'.repeat(depth);
    const json = await run(['policy', 'parse', '-', '--format', 'json'], policy);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      ok: false,
      error: {
        kind: 'findings',
        exitCode: 1,
        message: expect.stringMatching(/nested more than 4,996 gates deep/) as unknown,
        offset: 4996 * (gate.length + 1),
      },
    });
    const text = await run(['policy', 'eval', '-', '--signer', 'A.member'], policy);
    expect(text.code).toBe(1);
    expect(text.stderr).toMatch(/nested more than 4,996 gates deep/);
    expect(text.stderr.length).toBeLessThan(1000);
  });

  it('the deepest policy Fabric decodes prints as JSON', async () => {
    const depth = 4996;
    const result = await run(
      ['policy', 'parse', '-', '--format', 'json'],
      'OR('.repeat(depth) + "'A.member'" + ')'.repeat(depth),
    );
    expect(result.code).toBe(0);
    let rule = (JSON.parse(result.stdout) as { rule: unknown }).rule;
    let levels = 0;
    while (typeof rule === 'object' && rule !== null && 'nOutOf' in rule) {
      rule = (rule as { nOutOf: { rules: unknown[] } }).nOutOf.rules[0];
      levels++;
    }
    expect(levels).toBe(depth);
    expect(rule).toEqual({ signedBy: 0 });
  });

  it('usage errors exit 2', async () => {
    expect((await run(['policy', 'frobnicate', "OR('A.member')"])).code).toBe(2);
    expect((await run(['policy', 'parse'])).code).toBe(2);
    expect((await run(['policy', 'eval', "OR('A.member')", '--signer', 'nodot'])).code).toBe(2);
    expect((await run(['policy', 'parse', "OR('A.member')", '--format', 'yaml'])).code).toBe(2);
  });
});
