import type { Diagnostic } from '../model/diagnostic.ts';
import { locate, type Source } from '../model/source.ts';

export interface Finding {
  readonly rule: string;
  readonly severity: Diagnostic['severity'];
  readonly source: Source;
  /** Dotted path of the offending value inside the file ('' for the whole document). */
  readonly path: string | readonly (string | number)[];
  readonly message: string;
  readonly hint?: string;
}

/** A diagnostic pointing at the value at `path` of a model object's file. */
export function reportAt(finding: Finding): Diagnostic {
  const position = locate(finding.source, finding.path);
  return {
    rule: finding.rule,
    severity: finding.severity,
    file: position.file,
    line: position.line,
    column: position.column,
    message: finding.message,
    ...(finding.hint === undefined ? {} : { hint: finding.hint }),
  };
}
