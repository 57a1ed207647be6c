import type { ErrorObject } from 'ajv/dist/2020.js';
import type { Diagnostic, SourcePosition } from './diagnostic.ts';
import { schemaRuleKeyword, schemaRuleWordings } from './schema-rules.ts';
import type { SchemaRuleWording } from './schema-rules.ts';
import { locate } from './source.ts';

/**
 * Turns ajv errors into diagnostics at the line of the offending value, with a message a person
 * can act on ("peers.0.stateDb: must be one of couchdb, leveldb") and, where the schema has one,
 * the field's description as the hint. Unknown keys point at the key itself.
 */
export function describeSchemaErrors(options: {
  readonly file: string;
  readonly errors: readonly ErrorObject[];
  readonly rootSchema: object;
  readonly positions: Readonly<Record<string, SourcePosition>>;
  readonly keyPositions: Readonly<Record<string, SourcePosition>>;
  /** Source text of non-string scalars, by path. */
  readonly scalarSources?: Readonly<Record<string, string>>;
}): Diagnostic[] {
  const { file, errors, rootSchema, positions, keyPositions } = options;
  const source = { file, positions };
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const error of [...errors].sort((a, b) => Number(b.keyword === 'not') - Number(a.keyword === 'not'))) {
    const segments = pointerSegments(error.instancePath);
    const path = segments.join('.');
    const label = path === '' ? 'the document' : path;
    let position = locate(source, path);
    let message: string;
    let hint: string | undefined = fieldDescription(rootSchema, segments);
    const params = error.params as Record<string, unknown>;
    switch (error.keyword) {
      case 'required': {
        const missing = String(params['missingProperty']);
        message = `${label}: required property "${missing}" is missing`;
        // Point at `ingress:` rather than at the first line inside it.
        position = keyPositions[path] ?? position;
        hint = fieldDescription(rootSchema, [...segments, missing]) ?? hint;
        break;
      }
      case 'additionalProperties': {
        const extra = String(params['additionalProperty']);
        const extraPath = path === '' ? extra : `${path}.${extra}`;
        position = keyPositions[extraPath] ?? position;
        message = `${label === 'the document' ? '' : `${label}: `}unknown property "${extra}"`;
        const allowed = allowedProperties(rootSchema, segments);
        const suggestion = closest(extra, allowed);
        hint =
          (suggestion === undefined ? '' : `Did you mean "${suggestion}"? `) +
          (allowed.length > 0 ? `Allowed here: ${allowed.join(', ')}.` : 'Remove it.');
        break;
      }
      case 'const':
        message = `${label}: must be ${JSON.stringify(params['allowedValue'])}, found ${preview(error.data)}`;
        break;
      case 'enum':
        message = `${label}: ${preview(error.data)} is not one of ${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
        break;
      case 'type': {
        const expected = String(params['type']);
        message = `${label}: must be ${expectedTypeName(expected)}, found ${typeName(error.data)}`;
        if (expected === 'string' && (typeof error.data === 'number' || typeof error.data === 'boolean')) {
          const written = options.scalarSources?.[path] ?? String(error.data);
          hint = `YAML reads ${written} as a ${typeof error.data}; quote it to keep it text: "${written}".`;
        }
        break;
      }
      case 'pattern': {
        const title = titleOf(rootSchema, segments);
        message = `${label}: ${preview(error.data)} is not a valid ${title ?? 'value'} (must match ${String(params['pattern'])})`;
        break;
      }
      default:
        message = `${label}: ${error.message ?? 'is invalid'}`;
    }
    let rule = 'schema';
    const owned = valueKeywords.has(error.keyword) ? ownedBy(rootSchema, segments) : undefined;
    if (owned !== undefined) {
      rule = owned.rule;
      message = describeOwnedValue({ error, owned, title: titleOf(rootSchema, segments), fallback: message });
      // A scalar YAML read as the wrong type keeps its "quote it" hint: that is the fix.
      if (error.keyword !== 'type' || hint === undefined || !hint.startsWith('YAML reads')) hint = owned.wording.hint;
    }
    // One finding per value and owning rule, as the rule itself would give (a reserved name that
    // also breaks the pattern is reported once, as reserved: see the error order below).
    const key = owned === undefined ? `${position.line}:${position.column}:${message}` : `${path}:${rule}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      rule,
      severity: 'error',
      file,
      line: position.line,
      column: position.column,
      message,
      ...(hint === undefined ? {} : { hint }),
    });
  }
  return out;
}

/** Keywords that judge the value itself (not a missing or extra key of a mapping). */
const valueKeywords: ReadonlySet<string> = new Set([
  'type',
  'pattern',
  'maxLength',
  'minLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'not',
  'enum',
  'const',
]);

interface OwnedValue {
  readonly rule: string;
  readonly wording: SchemaRuleWording;
}

/** The rule that owns the value at `segments`, from the schema's `x-consortium-rule` annotation. */
function ownedBy(root: object, segments: readonly string[]): OwnedValue | undefined {
  for (const schema of schemaAt(root, segments).flatMap((s) => expand(root, s))) {
    const rule = schema[schemaRuleKeyword];
    if (typeof rule !== 'string') continue;
    const wording = schemaRuleWordings[rule];
    if (wording !== undefined) return { rule, wording };
  }
  return undefined;
}

/** The owning rule's message: what the value is, the value, and what is wrong with it, in words. */
function describeOwnedValue(options: {
  readonly error: ErrorObject;
  readonly owned: OwnedValue;
  readonly title: string | undefined;
  readonly fallback: string;
}): string {
  const { error, owned, fallback } = options;
  const what = owned.wording.what ?? lowerFirst(options.title ?? 'value');
  const value = preview(error.data);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'maxLength':
      return `${what} ${value} is ${String(error.data).length} characters long, at most ${String(params['limit'])} allowed: ${owned.wording.rule}`;
    case 'not':
      return `${what} ${value} ${owned.wording.reserved ?? `is not allowed: ${owned.wording.rule}`}`;
    case 'type':
      return `${fallback}; ${owned.wording.rule}`;
    default:
      return `${what} ${value} is not valid: ${owned.wording.rule}`;
  }
}

function lowerFirst(text: string): string {
  // Keep acronyms such as "MSP ID" as they are.
  return /^[A-Z][a-z]/.test(text) ? `${text.charAt(0).toLowerCase()}${text.slice(1)}` : text;
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

type SchemaNode = Record<string, unknown>;

/** The subschema describing the value at `segments`, following properties, items and local $refs. */
function schemaAt(root: object, segments: readonly string[]): SchemaNode[] {
  let chain: SchemaNode[] = [root as SchemaNode];
  for (const segment of segments) {
    const current = chain.flatMap((s) => expand(root, s));
    const next: SchemaNode[] = [];
    for (const schema of current) {
      const properties = schema['properties'] as Record<string, SchemaNode> | undefined;
      if (properties !== undefined && Object.hasOwn(properties, segment)) next.push(properties[segment] as SchemaNode);
      else if (/^\d+$/.test(segment) && typeof schema['items'] === 'object') next.push(schema['items'] as SchemaNode);
    }
    if (next.length === 0) return [];
    chain = next;
  }
  return chain;
}

/** A schema and, if it has a local `$ref`, the schema it refers to (titles may sit on either). */
function expand(root: object, schema: SchemaNode): SchemaNode[] {
  const ref = schema['$ref'];
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return [schema];
  let target: unknown = root;
  for (const part of ref.slice(2).split('/')) {
    target = typeof target === 'object' && target !== null ? (target as SchemaNode)[part] : undefined;
  }
  return typeof target === 'object' && target !== null ? [schema, target as SchemaNode] : [schema];
}

function firstString(root: object, segments: readonly string[], key: 'title' | 'description'): string | undefined {
  for (const schema of schemaAt(root, segments).flatMap((s) => expand(root, s))) {
    const value = schema[key];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

function fieldDescription(root: object, segments: readonly string[]): string | undefined {
  return firstString(root, segments, 'description');
}

function titleOf(root: object, segments: readonly string[]): string | undefined {
  return firstString(root, segments, 'title');
}

function allowedProperties(root: object, segments: readonly string[]): string[] {
  const names = new Set<string>();
  for (const schema of schemaAt(root, segments).flatMap((s) => expand(root, s))) {
    const properties = schema['properties'];
    if (typeof properties === 'object' && properties !== null)
      for (const name of Object.keys(properties)) names.add(name);
  }
  return [...names];
}

/** The allowed name closest to a misspelt one (edit distance ≤ 2), if any. */
function closest(name: string, candidates: readonly string[]): string | undefined {
  if (name.length > 64) return undefined;
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function preview(value: unknown): string {
  const text =
    typeof value === 'string' ? JSON.stringify(value) : typeName(value) === 'object' ? 'an object' : String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function typeName(value: unknown): string {
  if (value === null) return 'null (an empty value)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return 'a number';
  return `a ${typeof value}`;
}

function expectedTypeName(type: string): string {
  switch (type) {
    case 'object':
      return 'a mapping (key: value lines)';
    case 'array':
      return 'a list';
    case 'integer':
      return 'an integer';
    default:
      return `a ${type}`;
  }
}
