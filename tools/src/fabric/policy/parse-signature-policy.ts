import {
  isGoSpace,
  isNumberStart,
  isQuote,
  readIdentifier,
  readNumber,
  readStringLiteral,
  skipSpace,
  splitPrincipal,
  truncate,
} from './policy-lexer.ts';
import { MAX_POLICY_DEPTH, tooDeepMessage } from './policy-depth.ts';
import type { ParseSignatureResult, PolicyIdentity, PolicyRole, PolicyRule } from './types.ts';

/**
 * Parser for Fabric's signature-policy language (`common/policydsl.FromString`).
 *
 * It is a loop over an explicit stack, so nesting depth is bounded by memory, not by the call
 * stack; gates nested deeper than Fabric can decode (policy-depth.ts) are refused as they open,
 * so no result it returns is too deep for the recursive code after it. Identities are numbered as Fabric numbers them: Fabric evaluates a gate's arguments
 * before the gate itself, so a gate's principals get their indices when the gate closes, after
 * every gate nested in it. Principals are not deduplicated.
 *
 * Deliberate differences from Fabric (which evaluates the text as a general govaluate
 * expression) are all rejections of text Fabric would accept; see docs/policies.md:
 * text after a complete policy (Fabric silently ignores it), operators and arithmetic,
 * parenthesised comma lists, and quoted strings that are neither a principal nor a numeric
 * threshold (Fabric re-reads such strings as policy source).
 */

type Gate = 'and' | 'or' | 'outof';

const GATES: Readonly<Record<string, Gate>> = {
  AND: 'and',
  And: 'and',
  and: 'and',
  OR: 'or',
  Or: 'or',
  or: 'or',
  OutOf: 'outof',
  OUTOF: 'outof',
  outof: 'outof',
};

/** A parsed value: only gates and principals may be policy arguments; numbers only thresholds. */
type Value =
  | { readonly kind: 'gate'; readonly rule: PolicyRule; readonly offset: number }
  | { readonly kind: 'principal'; readonly identity: PolicyIdentity; readonly offset: number }
  | { readonly kind: 'number'; readonly value: number; readonly offset: number }
  | { readonly kind: 'string'; readonly text: string; readonly offset: number };

type Frame =
  | { readonly kind: 'paren'; readonly offset: number }
  | {
      readonly kind: 'gate';
      readonly gate: Gate;
      readonly name: string;
      readonly offset: number;
      readonly args: Value[];
    };

/** Thrown inside the parser only; parseSignaturePolicy turns it into a result. */
class SyntaxFailure extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export function parseSignaturePolicy(expr: string): ParseSignatureResult {
  try {
    return { ok: true, envelope: { version: 0, ...parseText(expr) } };
  } catch (error) {
    if (error instanceof SyntaxFailure) return { ok: false, error: { message: error.message, offset: error.offset } };
    throw error;
  }
}

function parseText(text: string): { identities: PolicyIdentity[]; rule: PolicyRule } {
  const identities: PolicyIdentity[] = [];
  const stack: Frame[] = [];
  let gateDepth = 0;
  let pos = 0;
  for (;;) {
    // Expecting a value: open parentheses and gates push frames until a leaf value is read.
    let value: Value | undefined;
    while (value === undefined) {
      pos = skipSpace(text, pos);
      if (pos >= text.length) throw new SyntaxFailure(endMessage(stack), pos);
      const code = text.charCodeAt(pos);
      if (code === 0x28 /* ( */) {
        stack.push({ kind: 'paren', offset: pos });
        pos++;
      } else if (isQuote(code)) {
        const read = readStringLiteral(text, pos);
        if (!read.ok) throw new SyntaxFailure(read.message, read.offset);
        value = stringValue(read.value, pos);
        pos = read.end;
      } else if (isNumberStart(code) || code === 0x2d /* - */) {
        const read = readSignedNumber(text, pos);
        value = { kind: 'number', value: read.value, offset: pos };
        pos = read.end;
      } else {
        const read = readGateName(text, pos) ?? readIdentifier(text, pos);
        if (read === undefined) throw new SyntaxFailure(unexpectedMessage(text, pos, 'a gate or a principal'), pos);
        if (!read.ok) throw new SyntaxFailure(read.message, read.offset);
        const word = read.value;
        const gate = GATES[word];
        if (gate === undefined) {
          throw new SyntaxFailure(
            `unknown gate or token '${truncate(word)}': gates are AND, OR, OutOf (also And/and, Or/or, OUTOF/outof)`,
            pos,
          );
        }
        const open = skipSpace(text, read.end);
        if (text.charCodeAt(open) !== 0x28) throw new SyntaxFailure(`expected '(' after ${word}`, open);
        const frame: Frame = { kind: 'gate', gate, name: word, offset: pos, args: [] };
        pos = skipSpace(text, open + 1);
        if (text.charCodeAt(pos) === 0x29 /* ) */) {
          throw new SyntaxFailure(
            `${word}() needs at least ${gate === 'outof' ? 'a threshold and one' : 'one'} argument`,
            frame.offset,
          );
        }
        gateDepth++;
        if (gateDepth > MAX_POLICY_DEPTH) throw new SyntaxFailure(tooDeepMessage(), frame.offset);
        stack.push(frame);
      }
    }
    // Have a value: close frames while the next token is ')'.
    for (;;) {
      pos = skipSpace(text, pos);
      const top = stack[stack.length - 1];
      if (top === undefined) {
        if (text.charCodeAt(pos) === 0x29)
          throw new SyntaxFailure("unbalanced parentheses: ')' without a matching '('", pos);
        if (pos < text.length) {
          throw new SyntaxFailure(
            `unexpected text after the end of the policy: ${unexpectedToken(text, pos)} (Fabric would silently ignore it)`,
            pos,
          );
        }
        if (value.kind !== 'gate')
          throw new SyntaxFailure('a policy must be a gate such as OR(...), AND(...) or OutOf(...)', value.offset);
        return { identities, rule: value.rule };
      }
      const code = text.charCodeAt(pos);
      if (top.kind === 'paren') {
        if (pos >= text.length) throw new SyntaxFailure(endMessage(stack), pos);
        if (code !== 0x29) throw new SyntaxFailure(unexpectedMessage(text, pos, "')'"), pos);
        stack.pop();
        pos++;
        continue;
      }
      top.args.push(value);
      if (code === 0x2c /* , */) {
        pos = skipSpace(text, pos + 1);
        if (text.charCodeAt(pos) === 0x29)
          throw new SyntaxFailure('trailing comma: expected another argument before )', pos);
        break;
      }
      if (pos >= text.length) throw new SyntaxFailure(endMessage(stack), pos);
      if (code !== 0x29) {
        const message = unexpectedMessage(text, pos, `',' or ')' in ${top.name}(...)`);
        // govaluate takes a value right after ')' for the closing parenthesis it expected and
        // drops the rest of the policy; say so, since Fabric would accept the text.
        throw new SyntaxFailure(
          closedJustBefore(text, pos) ? `${message} (missing ','? Fabric would silently drop text here)` : message,
          pos,
        );
      }
      stack.pop();
      gateDepth--;
      pos++;
      value = { kind: 'gate', rule: closeGate(top, identities), offset: top.offset };
    }
  }
}

const GATE_NAMES = Object.keys(GATES);
const IDENTIFIER_CONTINUES = /[\p{L}\p{Nd}_.\\]/uy;

/** Fast path for the common case, a plainly written gate name (no escapes): no allocation. */
function readGateName(text: string, pos: number): { ok: true; value: string; end: number } | undefined {
  for (const name of GATE_NAMES) {
    if (!text.startsWith(name, pos)) continue;
    const end = pos + name.length;
    IDENTIFIER_CONTINUES.lastIndex = end;
    if (end < text.length && IDENTIFIER_CONTINUES.test(text)) return undefined;
    return { ok: true, value: name, end };
  }
  return undefined;
}

function closeGate(frame: Frame & { kind: 'gate' }, identities: PolicyIdentity[]): PolicyRule {
  let members: readonly Value[] = frame.args;
  let threshold: number;
  if (frame.gate === 'outof') {
    const first = frame.args[0];
    if (first === undefined || frame.args.length < 2) {
      throw new SyntaxFailure(`${frame.name} needs a threshold and at least one policy or principal`, frame.offset);
    }
    threshold = thresholdOf(first);
    members = frame.args.slice(1);
  } else {
    threshold = frame.gate === 'and' ? frame.args.length : 1;
  }
  const n = members.length;
  if (threshold < 0 || threshold > n + 1) {
    throw new SyntaxFailure(`invalid threshold ${threshold} for ${n} rules: allowed 0 to ${n + 1}`, frame.offset);
  }
  const rules: PolicyRule[] = [];
  for (const member of members) {
    if (member.kind === 'gate') {
      rules.push(member.rule);
    } else if (member.kind === 'principal') {
      rules.push({ signedBy: identities.length });
      identities.push(member.identity);
    } else if (member.kind === 'number') {
      throw new SyntaxFailure(`a number is only allowed as the threshold of OutOf`, member.offset);
    } else {
      throw new SyntaxFailure(notPrincipalMessage(member.text), member.offset);
    }
  }
  return { nOutOf: { n: threshold, rules } };
}

function thresholdOf(value: Value): number {
  if (value.kind === 'number') return truncateThreshold(value.value);
  if (value.kind === 'string') {
    const numeric = parseQuotedThreshold(value.text);
    if (numeric !== undefined) return truncateThreshold(numeric);
    throw new SyntaxFailure(`threshold '${truncate(value.text)}' is not a number`, value.offset);
  }
  if (value.kind === 'principal') {
    throw new SyntaxFailure('OutOf needs a threshold before its principals, e.g. OutOf(2, ...)', value.offset);
  }
  throw new SyntaxFailure('the threshold of OutOf must be a number, not a gate', value.offset);
}

/** Fabric converts the threshold with Go's int(float64): truncation toward zero. */
function truncateThreshold(value: number): number {
  const t = Math.trunc(value);
  return t === 0 ? 0 : t;
}

/** A quoted threshold such as '2' or ' 1.5 ': Fabric splices the text back into the expression. */
function parseQuotedThreshold(text: string): number | undefined {
  const start = skipSpace(text, 0);
  if (start >= text.length) return undefined;
  try {
    const read = readSignedNumber(text, start);
    return skipSpace(text, read.end) === text.length ? read.value : undefined;
  } catch (error) {
    if (error instanceof SyntaxFailure) return undefined;
    throw error;
  }
}

function readSignedNumber(text: string, start: number): { value: number; end: number } {
  let pos = start;
  let sign = 1;
  if (text.charCodeAt(pos) === 0x2d) {
    // govaluate reads "-." as one (unknown) operator token; "- .5" and "-0.5" are negations.
    if (text.charCodeAt(pos + 1) === 0x2e) throw new SyntaxFailure("invalid token '-.'", pos);
    sign = -1;
    pos = skipSpace(text, pos + 1);
    if (!isNumberStart(text.charCodeAt(pos))) throw new SyntaxFailure("'-' must be followed by a number", start);
  }
  const read = readNumber(text, pos);
  if (!read.ok) throw new SyntaxFailure(read.message, read.offset);
  return { value: sign * read.value, end: read.end };
}

function stringValue(text: string, offset: number): Value {
  const principal = splitPrincipal(text);
  if (principal === undefined) return { kind: 'string', text, offset };
  return { kind: 'principal', identity: { mspId: principal.mspId, role: principal.role as PolicyRole }, offset };
}

function notPrincipalMessage(text: string): string {
  return (
    `'${truncate(text)}' is not a principal: expected 'MSPID.role' where MSPID has only letters, digits, ` +
    `'.' and '-' and role is admin, member, client, peer or orderer`
  );
}

function endMessage(stack: readonly Frame[]): string {
  const top = stack[stack.length - 1];
  if (top === undefined) return 'empty policy: expected a gate such as OR(...)';
  return `unexpected end of policy: ${top.kind === 'gate' ? `${top.name}(` : '('} at offset ${top.offset} is not closed`;
}

function unexpectedToken(text: string, pos: number): string {
  const code = text.charCodeAt(pos);
  if (isGoSpace(code)) return 'whitespace';
  return `'${truncate(text.slice(pos, pos + 20), 20)}'`;
}

const OPERATOR_CHARS = new Set([...'+-*/%&|^<>=!?:~']);

function unexpectedMessage(text: string, pos: number, expected: string): string {
  if (pos >= text.length) return `unexpected end of policy: expected ${expected}`;
  if (OPERATOR_CHARS.has(text.charAt(pos))) {
    return `operator '${text.charAt(pos)}' is not part of the policy language (Fabric would evaluate it as an expression): expected ${expected}`;
  }
  return `unexpected ${unexpectedToken(text, pos)}: expected ${expected}`;
}

function closedJustBefore(text: string, pos: number): boolean {
  let p = pos - 1;
  while (p >= 0 && isGoSpace(text.charCodeAt(p))) p--;
  return text.charCodeAt(p) === 0x29;
}
