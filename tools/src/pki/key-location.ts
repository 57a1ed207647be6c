// Private keys never go into the repository: it is shared with every other member and its history
// is forever. `org init` and writeOrgPki both check a key directory with this one function, which
// follows symbolic links so a link into the repository cannot smuggle keys in.
import { realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

export interface KeyDirectoryLocation {
  /** The repository, symbolic links resolved. */
  readonly repo: string;
  /** The key directory, symbolic links of its existing ancestors resolved. */
  readonly target: string;
  /** Whether the key directory is inside the repository, as written or through a link. */
  readonly insideRepository: boolean;
}

export async function locateKeyDirectory(options: { keyDir: string; repoDir: string }): Promise<KeyDirectoryLocation> {
  const repo = await realpath(resolve(options.repoDir));
  const written = resolve(options.keyDir);
  const target = await resolveThroughLinks(written);
  return { repo, target, insideRepository: isInside(repo, target) || isInside(repo, written) };
}

export function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** realpath of the deepest existing ancestor, with the rest of the path appended. */
export async function resolveThroughLinks(path: string): Promise<string> {
  const missing: string[] = [];
  let current = path;
  for (;;) {
    try {
      return join(await realpath(current), ...missing.reverse());
    } catch {
      const parent = dirname(current);
      if (parent === current) return path;
      missing.push(current.slice(parent.length).replace(/^[/\\]/, ''));
      current = parent;
    }
  }
}
