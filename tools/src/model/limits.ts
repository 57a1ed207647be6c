/**
 * Bounds that keep the loader safe on hostile input (a repository is untrusted: it is whatever a
 * pull request proposes). Every limit, when hit, becomes a diagnostic naming the file.
 */
export interface LoadLimits {
  /** Largest YAML file parsed. Real files are a few KB; 1 MiB leaves room for huge consortia. */
  readonly maxYamlBytes: number;
  /** Largest file whose text is kept in `model.files` (for repository-wide scans such as private keys). */
  readonly maxTextBytes: number;
  /** Most text kept for the whole repository; files beyond it are listed without text. */
  readonly maxTotalTextBytes: number;
  /** Deepest nesting of collections in a YAML document; the model itself is at most 5 deep. */
  readonly maxNestingDepth: number;
  /** Most values one YAML document may expand to, counting alias expansions (alias bombs). */
  readonly maxNodes: number;
}

export const defaultLoadLimits: LoadLimits = {
  maxYamlBytes: 1024 * 1024,
  maxTextBytes: 4 * 1024 * 1024,
  maxTotalTextBytes: 256 * 1024 * 1024,
  maxNestingDepth: 64,
  maxNodes: 200_000,
};

export function resolveLoadLimits(overrides: Partial<LoadLimits> | undefined): LoadLimits {
  return { ...defaultLoadLimits, ...overrides };
}
