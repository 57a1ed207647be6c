/** A finding about the repository, pointing at a file and line (DESIGN.md, `consortium validate`). */
export interface Diagnostic {
  /** Stable rule id, kebab-case, for example `unique-msp-id` or `no-private-key`. */
  readonly rule: string;
  readonly severity: 'error' | 'warning';
  /** Repository-relative path with forward slashes. */
  readonly file: string;
  /** 1-based; 1 when the finding concerns the whole file. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  readonly message: string;
  /** What to do about it. */
  readonly hint?: string;
}

export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}
