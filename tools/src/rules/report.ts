import type { Diagnostic, SourcePosition } from '../model/diagnostic.ts';
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

/**
 * A diagnostic pointing at the value at `path` of a model object's file. Its line and column are
 * looked up when first read: that parses the file again (lazy-source.ts), which a caller that only
 * asks whether there are errors (render) never needs for the warnings.
 */
export function reportAt(finding: Finding): Diagnostic {
  let position: SourcePosition | undefined;
  const at = (): SourcePosition => (position ??= locate(finding.source, finding.path));
  return {
    rule: finding.rule,
    severity: finding.severity,
    file: finding.source.file,
    get line() {
      return at().line;
    },
    get column() {
      return at().column;
    },
    message: finding.message,
    ...(finding.hint === undefined ? {} : { hint: finding.hint }),
  };
}
