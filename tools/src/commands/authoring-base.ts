// The committed revision an authoring command measures its change against: the branch the pull
// request will merge into. Fabric's "committed" chaincode definition is the one on that branch,
// and the governance check of the pull request compares the branch's head with it, so the
// approvals preview does the same. Outside Git there is no such revision: the working tree before
// the edit stands in for it.
import { isWorkingTreeRoot, openGitRepository } from '../adapters/git.ts';
import type { RepoReader } from '../adapters/repo-reader.ts';
import { UsageError } from '../errors.ts';

/** Tried in this order when no --base is given: the usual target branch, then the current commit. */
export const defaultBaseRefs = ['main', 'HEAD'] as const;

export interface CommittedBase {
  /** The revision as named (`main`, `HEAD`, or what --base said). */
  readonly ref: string;
  readonly commit: string;
  /** merge-base(ref, HEAD): where the branch left the base, so where the pull request's diff starts. */
  readonly forkPoint: string;
  readonly reader: RepoReader;
  readonly forkReader: RepoReader;
  /** Paths `git add --all` would commit: the working tree without ignored files. */
  readonly workingTreePaths: ReadonlySet<string>;
}

/**
 * The base for `repoDir`, or undefined when it is not the top level of a Git working tree or has
 * no commit yet. An explicit `baseRef` that cannot be used is a usage error, never a silent fallback.
 */
export async function resolveCommittedBase(options: {
  repoDir: string;
  baseRef?: string | undefined;
}): Promise<CommittedBase | undefined> {
  const explicit = options.baseRef;
  if (!(await isWorkingTreeRoot(options.repoDir))) {
    if (explicit === undefined) return undefined;
    throw new UsageError(`--base ${explicit}: ${options.repoDir} is not the top level of a Git working tree`);
  }
  const git = openGitRepository(options.repoDir);
  let ref: string | undefined;
  let commit: string | undefined;
  for (const candidate of explicit === undefined ? defaultBaseRefs : [explicit]) {
    commit = await git.resolveCommit(candidate);
    if (commit !== undefined) {
      ref = candidate;
      break;
    }
  }
  if (ref === undefined || commit === undefined) {
    if (explicit === undefined) return undefined;
    throw new UsageError(`--base ${explicit}: not a commit in ${options.repoDir}`);
  }
  // On an unborn branch (no HEAD commit) the branch has not left the base yet.
  const head = await git.resolveCommit('HEAD');
  const forkPoint = head === undefined ? commit : ((await git.mergeBase(commit, head)) ?? commit);
  const [reader, forkReader, paths] = await Promise.all([
    git.readerAt(commit),
    forkPoint === commit ? undefined : git.readerAt(forkPoint),
    git.listWorkingTreeFiles(),
  ]);
  return {
    ref,
    commit,
    forkPoint,
    reader,
    forkReader: forkReader ?? reader,
    workingTreePaths: new Set(paths),
  };
}
