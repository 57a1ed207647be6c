import { createRequire } from 'node:module';
import type * as YamlModule from 'yaml';
import type { Document, Node } from 'yaml';
import type { Diagnostic, SourcePosition } from './diagnostic.ts';
import type { LoadLimits } from './limits.ts';
import { findExcessiveNesting } from './nesting-depth.ts';

/**
 * One YAML file turned into plain data plus the position of every value.
 *
 * Why the `yaml` package's document API and not js-yaml: js-yaml returns plain values with no
 * per-node positions, and every diagnostic must point at a line. The document API keeps a range
 * on every node, which a LineCounter turns into line/column.
 *
 * The data is built here rather than with `doc.toJS()` so that
 * - every object has a null prototype: a `__proto__` or `constructor` key is an ordinary key that
 *   the schema then rejects as unknown, never a prototype change;
 * - alias expansion is counted against a budget (alias bombs) and nesting against a depth limit;
 * - positions are recorded in the same walk.
 */
export interface YamlTree {
  /** Undefined when the file could not be parsed at all. */
  readonly value: unknown;
  /** Dotted value path ('' = document, 'peers.0.name') -> position of the value. */
  readonly positions: Record<string, SourcePosition>;
  /** Dotted path of a mapping entry -> position of its key (for "unknown property" messages). */
  readonly keyPositions: Record<string, SourcePosition>;
  /** Source text of scalars YAML did not read as strings (`1.0`, `yes`), for "quote it" hints. */
  readonly scalarSources: Record<string, string>;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The `yaml` package (a dozen modules), loaded when a document first needs positions: a valid
 * document takes js-yaml's fast path (fast-parse.ts), so most commands never load it.
 */
let yaml: typeof YamlModule;

export function parseYamlTree(text: string, options: { file: string; limits: LoadLimits }): YamlTree {
  yaml ??= createRequire(import.meta.url)('yaml') as typeof YamlModule;
  const { file, limits } = options;
  const positions: Record<string, SourcePosition> = Object.create(null) as Record<string, SourcePosition>;
  const keyPositions: Record<string, SourcePosition> = Object.create(null) as Record<string, SourcePosition>;
  const scalarSources: Record<string, string> = Object.create(null) as Record<string, string>;
  const lineCounter = new yaml.LineCounter();
  const at = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const failure = (offset: number, message: string, hint?: string): YamlTree => {
    // Positions need the line starts; count them directly when the parser never ran.
    const position = offsetPosition(text, offset, file);
    return { value: undefined, positions, keyPositions, scalarSources, diagnostics: [syntax(position, message, hint)] };
  };

  const excess = findExcessiveNesting(text, limits.maxNestingDepth);
  if (excess !== undefined) {
    return failure(
      excess.offset,
      `YAML nesting deeper than ${limits.maxNestingDepth} levels; the file was not parsed`,
      'No consortium file nests more than a few levels; check for runaway brackets or indentation.',
    );
  }

  const doc = yaml.parseDocument(text, {
    lineCounter,
    // Duplicate keys are detected in the walk below: the parser's own check compares each key
    // with every earlier one, which is quadratic (a 1 MB file of distinct keys takes minutes).
    uniqueKeys: false,
    strict: true,
    prettyErrors: false,
  });
  const diagnostics: Diagnostic[] = [];
  for (const error of doc.errors) {
    diagnostics.push(syntax(at(error.pos[0]), firstLine(error.message), hintFor(error.code)));
  }
  if (diagnostics.length > 0) return { value: undefined, positions, keyPositions, scalarSources, diagnostics };

  const walker = new Walker({ doc, limits, at, positions, keyPositions, scalarSources });
  try {
    const value = walker.toValue(doc.contents, '', 0);
    return { value, positions, keyPositions, scalarSources, diagnostics: walker.diagnostics };
  } catch (error) {
    if (error instanceof LimitExceeded) {
      return {
        value: undefined,
        positions,
        keyPositions,
        scalarSources,
        diagnostics: [syntax(error.position, error.message, error.hint)],
      };
    }
    throw error;
  }
}

class LimitExceeded extends Error {
  constructor(
    message: string,
    readonly position: SourcePosition,
    readonly hint: string,
  ) {
    super(message);
  }
}

interface WalkerContext {
  readonly doc: Document.Parsed;
  readonly limits: LoadLimits;
  readonly at: (offset: number) => SourcePosition;
  readonly positions: Record<string, SourcePosition>;
  readonly keyPositions: Record<string, SourcePosition>;
  readonly scalarSources: Record<string, string>;
}

class Walker {
  readonly diagnostics: Diagnostic[] = [];
  private nodes = 0;
  private aliases = 0;

  constructor(private readonly ctx: WalkerContext) {}

  /**
   * `viaAlias`: the node is reached through an alias. Values copied from an anchor get no
   * positions of their own (a rule pointing at them points at the alias, where the copy was made),
   * which also keeps an alias-heavy document from costing a position per expanded value.
   */
  toValue(node: Node | null, path: string, depth: number, viaAlias = false): unknown {
    const { at, limits } = this.ctx;
    if (node === null) return null;
    const position = viaAlias ? undefined : at(node.range?.[0] ?? 0);
    if (++this.nodes > limits.maxNodes) {
      throw new LimitExceeded(
        this.aliases > 0
          ? `YAML aliases expand to more than ${limits.maxNodes} values (an alias bomb?); the file was not loaded`
          : `YAML document has more than ${limits.maxNodes} values; the file was not loaded`,
        position ?? at(0),
        'Remove the anchors and aliases (&name / *name) or split the file.',
      );
    }
    if (depth > limits.maxNestingDepth) {
      throw new LimitExceeded(
        `YAML nesting deeper than ${limits.maxNestingDepth} levels`,
        position ?? at(0),
        'Check for self-referencing aliases or runaway nesting.',
      );
    }
    if (position !== undefined && !(path in this.ctx.positions)) this.ctx.positions[path] = position;
    if (yaml.isAlias(node)) {
      this.aliases++;
      const target = node.resolve(this.ctx.doc);
      if (target === undefined) return null;
      return this.toValue(target, path, depth + 1, true);
    }
    if (yaml.isScalar(node)) {
      if (typeof node.value !== 'string' && node.source !== undefined) this.ctx.scalarSources[path] = node.source;
      return node.value;
    }
    if (yaml.isSeq(node)) {
      const out: unknown[] = [];
      node.items.forEach((item, index) => {
        out.push(this.toValue(item as Node | null, join(path, String(index)), depth + 1, viaAlias));
      });
      return out;
    }
    if (yaml.isMap(node)) {
      const out = Object.create(null) as Record<string, unknown>;
      for (const pair of node.items) {
        if (!yaml.isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        const key = this.keyOf(keyNode, path, depth);
        if (key === undefined) continue;
        const childPath = join(path, key);
        if (Object.hasOwn(out, key)) {
          const first = this.ctx.keyPositions[childPath];
          this.diagnostics.push(
            syntax(
              keyNode?.range ? at(keyNode.range[0]) : (position ?? at(0)),
              `${path === '' ? '' : `${path}: `}duplicate key "${key}"${first === undefined ? '' : ` (first at line ${first.line})`}`,
              hintFor('DUPLICATE_KEY'),
            ),
          );
          continue;
        }
        const valueNode = pair.value as Node | null;
        if (!viaAlias) {
          const keyPosition = keyNode?.range ? at(keyNode.range[0]) : (position ?? at(0));
          this.ctx.keyPositions[childPath] = keyPosition;
          // A key without a value (`name:`) is null, located at its key.
          if (valueNode === null || (yaml.isScalar(valueNode) && valueNode.value === null && !valueNode.source)) {
            this.ctx.positions[childPath] = keyPosition;
          }
        }
        out[key] = this.toValue(valueNode, childPath, depth + 1, viaAlias);
      }
      return out;
    }
    return null;
  }

  private keyOf(keyNode: Node | null, path: string, depth: number): string | undefined {
    if (keyNode !== null && yaml.isScalar(keyNode)) {
      const key = keyNode.value;
      if (typeof key === 'string' || typeof key === 'number' || typeof key === 'boolean') return String(key);
      if (key === null) return 'null';
    }
    if (keyNode !== null && yaml.isAlias(keyNode)) {
      const resolved = keyNode.resolve(this.ctx.doc);
      if (resolved !== undefined && yaml.isScalar(resolved)) return this.keyOf(resolved, path, depth);
    }
    const position = this.ctx.at(keyNode?.range?.[0] ?? 0);
    this.diagnostics.push(
      syntax(
        position,
        `${path === '' ? 'the document' : path}: mapping keys must be plain strings`,
        'Use a simple key such as `name:`.',
      ),
    );
    return undefined;
  }
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function syntax(position: SourcePosition, message: string, hint?: string): Diagnostic {
  return {
    rule: 'yaml-syntax',
    severity: 'error',
    file: position.file,
    line: position.line,
    column: position.column,
    message,
    ...(hint === undefined ? {} : { hint }),
  };
}

function firstLine(message: string): string {
  const line = message.split('\n', 1)[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

function hintFor(code: string): string | undefined {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'Each key may appear once per mapping; remove or rename the duplicate.';
    case 'MULTIPLE_DOCS':
      return 'Each file holds one document; remove the `---` separator and what follows, or split the file.';
    case 'TAB_AS_INDENT':
      return 'Indent with spaces, not tabs.';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
    case 'UNEXPECTED_TOKEN':
      return 'Check indentation and quoting around this position.';
    default:
      return undefined;
  }
}

/** Line/column of an offset without a parser's line table (used before parsing). */
export function offsetPosition(text: string, offset: number, file: string): SourcePosition {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { file, line, column: end - lineStart + 1 };
}
