// Our policy parser and encoder against Fabric's own policydsl.FromString + proto.Marshal, run by
// the Go program in test/conformance/fabric (built by scripts/build-fabric-tools.sh).
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeSignaturePolicyEnvelope, parseSignaturePolicy } from '../../tools/src/fabric/policy/index.ts';
import { HOW_TO_BUILD_FABRIC_TOOLS, policydslConformancePath } from '../support/fabric-tools.ts';
import { requireFile } from '../support/requirements.ts';
import { renderTree, spellingArbitrary, treeArbitrary } from './policy/policy-arbitraries.ts';

const req = requireFile('fabric policydsl conformance', policydslConformancePath, HOW_TO_BUILD_FABRIC_TOOLS);

type FabricAnswer = { ok: true; hex: string } | { ok: false; error: string };

function askFabric(expressions: readonly string[]): FabricAnswer[] {
  const input = expressions.map((e) => JSON.stringify(e)).join('\n') + '\n';
  const output = execFileSync(policydslConformancePath, { input, maxBuffer: 256 * 1024 * 1024, timeout: 120_000 });
  const lines = output
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '');
  expect(lines).toHaveLength(expressions.length);
  return lines.map((line) =>
    line.startsWith('ok ')
      ? { ok: true, hex: line.slice(3) }
      : { ok: false, error: JSON.parse(line.slice(4)) as string },
  );
}

/**
 * Where we are deliberately stricter than Fabric (docs/policies.md): text after a complete
 * policy, which Fabric ignores, or a value right after a ')' (Fabric drops text there); quoted strings that are not principals, which Fabric splices back
 * into the expression; operators (Fabric computes arithmetic such as `1+1`); parenthesised comma
 * lists, which govaluate turns into argument arrays.
 */
const STRICTER = [
  /after the end of the policy/,
  /silently drop/,
  /is not a principal/,
  /is not a number/,
  /expected '\)'/,
];

function ours(expr: string): FabricAnswer {
  const parsed = parseSignaturePolicy(expr);
  if (!parsed.ok) return { ok: false, error: parsed.error.message };
  return { ok: true, hex: Buffer.from(encodeSignaturePolicyEnvelope(parsed.envelope)).toString('hex') };
}

function compare(expressions: readonly string[]): { expr: string; ours: FabricAnswer; fabric: FabricAnswer }[] {
  const fabric = askFabric(expressions);
  const disagreements: { expr: string; ours: FabricAnswer; fabric: FabricAnswer }[] = [];
  expressions.forEach((expr, i) => {
    const mine = ours(expr);
    const theirs = fabric[i] as FabricAnswer;
    if (mine.ok && theirs.ok && mine.hex === theirs.hex) return;
    if (!mine.ok && !theirs.ok) return;
    if (!mine.ok && theirs.ok && STRICTER.some((pattern) => pattern.test(mine.error))) return;
    disagreements.push({ expr, ours: mine, fabric: theirs });
  });
  return disagreements;
}

const TABLE = [
  "OR('A.member', AND('B.member', 'C.member'))",
  "AND('A.member', 'B.member')",
  "And('A.admin')",
  "and('A.client', 'B.peer', 'C.orderer')",
  "Or('A.member')",
  "or('A.member', 'B.member')",
  "OutOf(1, 'A.member')",
  "OUTOF(2, 'A.member', 'B.member')",
  "outof(0, 'A.member')",
  "OutOf(3, 'A.member', 'B.member')",
  "OutOf(1.9, 'A.member', 'B.member')",
  "OutOf('2', 'A.member', 'B.member')",
  "OutOf(' 1.5 ', 'A.member', 'B.member')",
  "OutOf(0x2, 'A.member', 'B.member')",
  "OutOf(.5, 'A.member')",
  "OutOf(-0.5, 'A.member')",
  "OutOf(- 0.5, 'A.member')",
  "OutOf(1., 'A.member')",
  "OR('org1.example.com.admin')",
  "OR('my-org.member')",
  "OR('A.b.member')",
  "OR('A.member', 'A.member')",
  " \tOR (\n'A.member' ,\r'B.member' )\u00a0",
  'OR("A.member")',
  'OR("A.member\')',
  "OR('A\\.member')",
  "(OR(('A.member')))",
  "OutOf((1), 'A.member')",
  "OutOf(2, AND('A.member', 'B.member'), OR('C.admin', AND('D.peer')), 'E.client')",
  '',
  "'A.member'",
  "OR('A.member'",
  "OR('A.member'))",
  "OR('A.member',)",
  "OR(,'A.member')",
  'OR()',
  'AND()',
  'OutOf(1)',
  "OutOf(3, 'A.member')",
  "OutOf(-1, 'A.member')",
  "OutOf(99999999999999999999, 'A.member')",
  "OutOf(-.5, 'A.member')",
  "OutOf(1e1, 'A.member')",
  "OutOf('A.member', 'B.member')",
  "OutOf(OR('A.member'), 'B.member')",
  "OR(1, 'A.member')",
  "Outof(1, 'A.member')",
  "oR('A.member')",
  "NOT('A.member')",
  'OR(foo)',
  "OR('A.Member')",
  "OR('A_B.member')",
  "OR('.member')",
  "OR(' A.member')",
  "OR('A.member)",
  "OR('A.member') 'B.member'",
  "OR('A.member'), OR('B.member')",
  "OR 'A.member'",
  "OR(true, 'A.member')",
  "OR('A.member' 'B.member')",
  "OR(('A.member', 'B.member'))",
];

describe.skipIf(!req.available)('conformance with Fabric policydsl (v3.1.1)', () => {
  it('agrees on the table of accepted and rejected expressions', () => {
    expect(compare(TABLE)).toEqual([]);
  });

  it('the documented stricter cases are ones Fabric accepts', () => {
    const stricter = [
      "OR('A.member') 'B.member'",
      "AND(OR('A.member') 'B.member')",
      "OutOf(1+1, 'A.member', 'B.member')",
      "OR(('A.member', 'B.member'))",
      "OR('A.member', 'outof(1, \\'B.member\\')')",
    ];
    expect(askFabric(stricter).map((a) => a.ok)).toEqual([true, true, true, true, true]);
    expect(stricter.map((expr) => parseSignaturePolicy(expr).ok)).toEqual([false, false, false, false, false]);
    // Fabric drops the text after the inner ')': the envelope is that of AND(OR('A.member')).
    expect(askFabric(["AND(OR('A.member') 'B.member')"])).toEqual(askFabric(["AND(OR('A.member'))"]));
  });

  it('agrees on randomly generated policies in every spelling', () => {
    const samples = fc.sample(fc.tuple(treeArbitrary, spellingArbitrary), { seed: 20261127, numRuns: 400 });
    const expressions = samples.map(([tree, spelling]) => renderTree(tree, spelling));
    expect(compare(expressions)).toEqual([]);
  });

  it('agrees on randomly damaged policies (accept/reject, and bytes when both accept)', () => {
    const damage = fc.tuple(
      treeArbitrary,
      fc.nat(),
      fc.constantFrom('delete', 'insert', 'truncate', 'swap'),
      fc.constantFrom(...`(),'" .-0123x_A\\`),
    );
    const samples = fc.sample(damage, { seed: 424242, numRuns: 1500 });
    const expressions = samples.map(([tree, at, how, ch]) => {
      const text = renderTree(tree);
      const i = at % (text.length + 1);
      if (how === 'delete') return text.slice(0, i) + text.slice(i + 1);
      if (how === 'insert') return text.slice(0, i) + ch + text.slice(i);
      if (how === 'truncate') return text.slice(0, i);
      return text.slice(0, i) + ch + text.slice(i + 1);
    });
    expect(compare(expressions)).toEqual([]);
  });

  it('agrees on random token soup (mostly rejections: they must be rejected by both)', () => {
    const tokens = [
      'OR(',
      'AND(',
      'OutOf(',
      ')',
      ',',
      "'A.member'",
      "'B.admin'",
      '1',
      '2',
      ' ',
      '(',
      "'2'",
      '-',
      '0x1',
      '.5',
      'or',
      'x',
      '"',
      "'",
      '\\',
      'true',
    ];
    const samples = fc.sample(fc.array(fc.constantFrom(...tokens), { minLength: 1, maxLength: 14 }), {
      seed: 8,
      numRuns: 3000,
    });
    expect(compare(samples.map((parts) => parts.join('')))).toEqual([]);
  });
});
