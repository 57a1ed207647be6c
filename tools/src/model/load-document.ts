import type { Diagnostic, SourcePosition } from './diagnostic.ts';
import type { LoadLimits } from './limits.ts';
import type { ReadResult } from './read-files.ts';
import { describeSchemaErrors } from './schema-diagnostics.ts';
import { checkSchema, schemasByKind } from './schema-validator.ts';
import type { DocumentKind } from './schema-validator.ts';
import type { Source } from './source.ts';
import { parseYamlTree } from './yaml-tree.ts';
import { parseFast } from './fast-parse.ts';
import { findExcessiveNesting } from './nesting-depth.ts';
import { createLazySource } from './lazy-source.ts';

/** One model document after parsing and schema validation. */
export interface LoadedDocument {
  /** The schema-valid data with defaults filled in, or undefined when the file has errors. */
  readonly data: unknown;
  readonly source: Source;
  readonly diagnostics: readonly Diagnostic[];
}

const schemaFiles: Readonly<Record<DocumentKind, string>> = {
  Consortium: 'schemas/consortium.schema.json',
  Organization: 'schemas/organization.schema.json',
  Channel: 'schemas/channel.schema.json',
  Chaincode: 'schemas/chaincode.schema.json',
};

/** Read text -> YAML tree with positions -> JSON Schema check (which fills defaults). */
export function loadDocument(options: {
  readonly file: ReadResult;
  readonly kind: DocumentKind;
  readonly limits: LoadLimits;
}): LoadedDocument {
  const { file, kind, limits } = options;
  const path = file.path;
  const empty: Record<string, SourcePosition> = Object.create(null) as Record<string, SourcePosition>;
  const fail = (diagnostic: Diagnostic): LoadedDocument => ({
    data: undefined,
    source: { file: path, positions: empty },
    diagnostics: [diagnostic],
  });

  if (file.size > limits.maxYamlBytes) {
    return fail(
      fileDiagnostic(
        path,
        'file-too-large',
        `${path} is ${formatBytes(file.size)}, above the ${formatBytes(limits.maxYamlBytes)} limit for a YAML file; it was not parsed`,
        'A consortium file is a few kilobytes; remove whatever made it this large.',
      ),
    );
  }
  const problem = file.problem;
  if (file.text === undefined || problem !== undefined) {
    if (problem?.kind === 'invalid-utf8') {
      return fail({
        ...fileDiagnostic(path, 'file-encoding', `${path} is not valid UTF-8`, 'Save the file as UTF-8.'),
        line: problem.line,
        column: problem.column,
      });
    }
    if (problem?.kind === 'binary') {
      return fail(
        fileDiagnostic(
          path,
          'file-encoding',
          `${path} is a binary file, not YAML text`,
          'Replace it with the YAML document that belongs here.',
        ),
      );
    }
    if (problem?.kind === 'over-budget') {
      return fail(
        fileDiagnostic(
          path,
          'file-too-large',
          `${path} was not read: the repository's files add up to more than ${formatBytes(limits.maxTotalTextBytes)}`,
          'Remove the large files from the repository.',
        ),
      );
    }
    const reason = problem?.kind === 'unreadable' ? problem.reason : 'no text';
    return fail(
      fileDiagnostic(
        path,
        'file-read',
        `${path} could not be read: ${reason}`,
        'Check the file exists and is readable.',
      ),
    );
  }

  // Fast path: valid documents need no positions until a rule reports something in them.
  const text = file.text;
  if (findExcessiveNesting(text, limits.maxNestingDepth) === undefined) {
    const fast = parseFast(text, limits);
    if (fast !== undefined && isMapping(fast.value) && checkSchema(kind, fast.value).valid) {
      return { data: fast.value, source: createLazySource({ file: path, text, limits }), diagnostics: [] };
    }
  }

  // Slow path: the `yaml` document API, for positions in every diagnostic.
  const tree = parseYamlTree(text, { file: path, limits });
  const source: Source = { file: path, positions: tree.positions };
  if (tree.diagnostics.length > 0 || tree.value === undefined)
    return { data: undefined, source, diagnostics: tree.diagnostics };
  if (!isMapping(tree.value)) {
    return {
      data: undefined,
      source,
      diagnostics: [
        fileDiagnostic(
          path,
          'schema',
          `${path} must be a YAML mapping (key: value lines) of kind ${kind}`,
          `See ${schemaFiles[kind]}.`,
        ),
      ],
    };
  }
  const check = checkSchema(kind, tree.value);
  if (!check.valid) {
    const diagnostics = describeSchemaErrors({
      file: path,
      errors: check.errors,
      rootSchema: schemasByKind[kind],
      positions: tree.positions,
      keyPositions: tree.keyPositions,
      scalarSources: tree.scalarSources,
    });
    return { data: undefined, source, diagnostics: capDiagnostics(diagnostics, path) };
  }
  return { data: tree.value, source, diagnostics: [] };
}

/** Most diagnostics reported for one file: past that, more of them help nobody. */
const maxDiagnosticsPerFile = 50;

function capDiagnostics(diagnostics: readonly Diagnostic[], file: string): readonly Diagnostic[] {
  if (diagnostics.length <= maxDiagnosticsPerFile) return diagnostics;
  // Keep the first ones in reading order, not in the order they were found.
  diagnostics = [...diagnostics].sort((a, b) => a.line - b.line || a.column - b.column);
  const last = diagnostics[maxDiagnosticsPerFile - 1];
  return [
    ...diagnostics.slice(0, maxDiagnosticsPerFile),
    {
      ...fileDiagnostic(
        file,
        last?.rule ?? 'schema',
        `${file}: ${diagnostics.length - maxDiagnosticsPerFile} more problems not shown`,
      ),
      line: last?.line ?? 1,
      column: last?.column ?? 1,
    },
  ];
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function fileDiagnostic(file: string, rule: string, message: string, hint?: string): Diagnostic {
  return { rule, severity: 'error', file, line: 1, column: 1, message, ...(hint === undefined ? {} : { hint }) };
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}
