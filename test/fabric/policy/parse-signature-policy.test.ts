import { describe, expect, it } from 'vitest';
import { parseSignaturePolicy } from '../../../tools/src/fabric/policy/index.ts';
import type { PolicyIdentity, PolicyRule } from '../../../tools/src/fabric/policy/index.ts';

const m = (mspId: string, role: PolicyIdentity['role'] = 'member'): PolicyIdentity => ({ mspId, role });
const s = (signedBy: number): PolicyRule => ({ signedBy });
const out = (n: number, ...rules: PolicyRule[]): PolicyRule => ({ nOutOf: { n, rules } });

describe('parseSignaturePolicy: accepted expressions', () => {
  const accepted: [string, PolicyIdentity[], PolicyRule][] = [
    // The done-when example: nested gates are numbered before the outer gate's principals.
    ["OR('A.member', AND('B.member', 'C.member'))", [m('B'), m('C'), m('A')], out(1, s(2), out(2, s(0), s(1)))],
    ["AND('A.member', 'B.member')", [m('A'), m('B')], out(2, s(0), s(1))],
    ["And('A.admin')", [m('A', 'admin')], out(1, s(0))],
    [
      "and('A.client', 'B.peer', 'C.orderer')",
      [m('A', 'client'), m('B', 'peer'), m('C', 'orderer')],
      out(3, s(0), s(1), s(2)),
    ],
    ["Or('A.member')", [m('A')], out(1, s(0))],
    ["or('A.member', 'B.member')", [m('A'), m('B')], out(1, s(0), s(1))],
    ["OutOf(1, 'A.member')", [m('A')], out(1, s(0))],
    ["OUTOF(2, 'A.member', 'B.member')", [m('A'), m('B')], out(2, s(0), s(1))],
    ["outof(0, 'A.member')", [m('A')], out(0, s(0))],
    // t = n + 1 is allowed (never satisfied).
    ["OutOf(3, 'A.member', 'B.member')", [m('A'), m('B')], out(3, s(0), s(1))],
    // Float thresholds truncate; quoted numeric strings are numbers; hex is a number.
    ["OutOf(1.9, 'A.member', 'B.member')", [m('A'), m('B')], out(1, s(0), s(1))],
    ["OutOf('2', 'A.member', 'B.member')", [m('A'), m('B')], out(2, s(0), s(1))],
    ["OutOf(' 1.5 ', 'A.member', 'B.member')", [m('A'), m('B')], out(1, s(0), s(1))],
    ["OutOf(0x2, 'A.member', 'B.member')", [m('A'), m('B')], out(2, s(0), s(1))],
    ["OutOf(.5, 'A.member')", [m('A')], out(0, s(0))],
    ["OutOf(-0.5, 'A.member')", [m('A')], out(0, s(0))],
    ["OutOf(1., 'A.member')", [m('A')], out(1, s(0))],
    // MSP IDs with dots and dashes: the role is what follows the last dot.
    ["OR('org1.example.com.admin')", [m('org1.example.com', 'admin')], out(1, s(0))],
    ["OR('my-org.member')", [m('my-org')], out(1, s(0))],
    ["OR('A.b.member')", [m('A.b')], out(1, s(0))],
    // Duplicate principals are not deduplicated.
    ["OR('A.member', 'A.member')", [m('A'), m('A')], out(1, s(0), s(1))],
    // Whitespace (Go's unicode.IsSpace) anywhere between tokens; either quote; escapes.
    [" \tOR (\n'A.member' ,\r'B.member' )\u00a0", [m('A'), m('B')], out(1, s(0), s(1))],
    ['OR("A.member")', [m('A')], out(1, s(0))],
    ["OR('A\\.member')", [m('A')], out(1, s(0))],
    // Redundant parentheses around a value.
    ["(OR(('A.member')))", [m('A')], out(1, s(0))],
    ["OutOf((1), 'A.member')", [m('A')], out(1, s(0))],
    [
      "OutOf(2, AND('A.member', 'B.member'), OR('C.admin', AND('D.peer')), 'E.client')",
      [m('A'), m('B'), m('D', 'peer'), m('C', 'admin'), m('E', 'client')],
      out(2, out(2, s(0), s(1)), out(1, s(3), out(1, s(2))), s(4)),
    ],
  ];
  it.each(accepted)('%s', (expr, identities, rule) => {
    expect(parseSignaturePolicy(expr)).toEqual({ ok: true, envelope: { version: 0, identities, rule } });
  });
});

describe('parseSignaturePolicy: rejected expressions', () => {
  const rejected: [string, RegExp, number][] = [
    ['', /empty policy/, 0],
    ["'A.member'", /must be a gate/, 0],
    ["OR('A.member'", /OR\( at offset 0 is not closed/, 13],
    ["OR('A.member'))", /unbalanced parentheses/, 14],
    ["OR('A.member',)", /trailing comma/, 14],
    ["OR(,'A.member')", /unexpected ','/, 3],
    ['OR()', /at least one argument/, 0],
    ['AND()', /at least one argument/, 0],
    ['OutOf(1)', /threshold and at least one/, 0],
    ["OutOf(3, 'A.member')", /invalid threshold 3 for 1 rules/, 0],
    ["OutOf(-1, 'A.member')", /invalid threshold -1/, 0],
    ["OutOf(99999999999999999999, 'A.member')", /invalid threshold/, 0],
    ["OutOf(-.5, 'A.member')", /invalid token '-\.'/, 6],
    ["OutOf(1e1, 'A.member')", /expected ',' or '\)'/, 7],
    ["OutOf('A.member', 'B.member')", /threshold before its principals/, 6],
    ["OutOf('x', 'B.member')", /threshold 'x' is not a number/, 6],
    ["OutOf(OR('A.member'), 'B.member')", /must be a number, not a gate/, 6],
    ["OR(1, 'A.member')", /only allowed as the threshold/, 3],
    ["Outof(1, 'A.member')", /unknown gate or token 'Outof'/, 0],
    ["oR('A.member')", /unknown gate or token 'oR'/, 0],
    ["NOT('A.member')", /unknown gate or token 'NOT'/, 0],
    ['OR(foo)', /unknown gate or token 'foo'/, 3],
    ["OR('A.Member')", /not a principal/, 3],
    ["OR('A_B.member')", /not a principal/, 3],
    ["OR('.member')", /not a principal/, 3],
    ["OR(' A.member')", /not a principal/, 3],
    ["OR('A.member)", /unclosed string literal/, 3],
    ["OR('A.member') 'B.member'", /after the end of the policy.*silently ignore/, 15],
    ["OR('A.member'), OR('B.member')", /after the end of the policy/, 14],
    ["OR('A.member') + 'x'", /after the end of the policy/, 15],
    ["OR 'A.member'", /expected '\(' after OR/, 3],
    ["OR(('A.member', 'B.member'))", /expected '\)'/, 14],
  ];
  it.each(rejected)('%s', (expr, message, offset) => {
    const result = parseSignaturePolicy(expr);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toMatch(message);
    expect(result.error.offset).toBe(offset);
  });
});
