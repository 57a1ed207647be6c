/**
 * Read-only access to one revision of a repository: a directory on disk (filesystem.ts) or a Git
 * revision read without checking it out (git.ts). The model loader sees only this interface, so
 * governance can load base and head of a pull request side by side.
 */
export interface RepoReader {
  /** Human-readable description for messages: a directory path, or "main@3f2a1c0". */
  readonly description: string;
  /**
   * Every regular file, repository-relative with forward slashes, sorted. Symbolic links are
   * listed with `kind: 'symlink'` and their target, so the loader can refuse those that leave the
   * repository instead of following them.
   */
  listFiles(): Promise<readonly RepoEntry[]>;
  /** Contents of a listed regular file. */
  readFile(path: string): Promise<Buffer>;
}

export type RepoEntry =
  | { readonly path: string; readonly kind: 'file'; readonly size: number }
  | { readonly path: string; readonly kind: 'symlink'; readonly target: string };
