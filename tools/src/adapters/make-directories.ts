// Creating a directory and its missing parents without fs.mkdir's `recursive` option: on Node 20,
// `mkdir('/proc/nope', { recursive: true })` spins forever at full CPU (the parent exists but
// refuses new entries with ENOENT, and the recursive implementation retries). Each level is created
// here with a plain mkdir, so such a path fails at once with the error the kernel gave.
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** Like `mkdir(path, { recursive: true, mode })`: returns the first directory created, if any. */
export async function makeDirectories(path: string, mode?: number): Promise<string | undefined> {
  const missing: string[] = [];
  let current = resolve(path);
  for (;;) {
    const info = await stat(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (info !== undefined) {
      if (!info.isDirectory())
        throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${path}'`), { code: 'ENOTDIR', path: current });
      break;
    }
    missing.unshift(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const dir of missing) {
    await mkdir(dir, mode === undefined ? {} : { mode }).catch((error: NodeJS.ErrnoException) => {
      // Created meanwhile by someone else: fine, as with `recursive`.
      if (error.code !== 'EEXIST') throw error;
    });
  }
  return missing[0];
}
