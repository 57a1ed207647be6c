// The compiled toolkit: the CLI bundled into plain JavaScript by esbuild, kept in a cache inside
// the clone (node_modules/.cache/consortium-cli/), so that a command starts without tsx's loader
// (its hooks thread and one round trip per module cost every command ~0.15 s). It is only an
// accelerator: the cache is used when its fingerprint matches the sources exactly, and anything
// else (no cache yet, stale, unbuildable, unreadable) runs the TypeScript sources through tsx.
//
// This file runs before any TypeScript loader and on every command: plain JavaScript, Node's
// built-in modules only, and nothing slower than a few stat calls. The build itself lives in
// build-compiled-cli.mjs, loaded only when a build is needed.
//
// CONSORTIUM_CLI_COMPILED=0 in the environment always runs through tsx (the tests compare both
// paths with it). The cache must lie inside the clone's node_modules: the bundle imports the
// toolkit's dependencies by package name, resolved from where the bundle is.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** What the compiled toolkit is built from, relative to the toolkit's root: whole trees... */
export const FINGERPRINT_TREES = ['tools', 'schemas'];
/** ...and single files (esbuild reads package.json and tsconfig.json; the lock file pins the bundled JSON of packages). */
export const FINGERPRINT_FILES = ['package.json', 'package-lock.json', 'tsconfig.json'];
/** Written last into a compiled toolkit: a directory without it is never used. */
export const MANIFEST_FILE = 'manifest.json';
/** The bundle's entry point, beside the manifest. */
export const MAIN_FILE = 'main.js';

/** Bumped when the layout of a compiled toolkit changes, so older caches are never read. */
const CACHE_FORMAT = 1;

export function defaultCacheDir(root) {
  return join(root, 'node_modules', '.cache', 'consortium-cli');
}

/** The esbuild version the build would use, or undefined when esbuild is not installed. */
export function installedEsbuildVersion(root) {
  try {
    const version = JSON.parse(readFileSync(join(root, 'node_modules', 'esbuild', 'package.json'), 'utf8')).version;
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The directory name of the compiled toolkit for the sources as they are now:
 * `<root key>-<fingerprint>`. The root key lets a build remove the older toolkits of its own clone
 * only (several clones or worktrees may share one node_modules); the fingerprint covers the path,
 * size and modification time of every source file, the root's path (the bundle holds each
 * module's own file URL), and the Node and esbuild versions.
 */
export function compiledToolkitName({ root, esbuildVersion, nodeVersion = process.version }) {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ format: CACHE_FORMAT, root, node: nodeVersion, esbuild: esbuildVersion }));
  for (const tree of FINGERPRINT_TREES) hashTree(hash, root, tree);
  for (const file of FINGERPRINT_FILES) hashFile(hash, root, file);
  return `${rootKey(root)}-${hash.digest('hex').slice(0, 32)}`;
}

export function rootKey(root) {
  return createHash('sha256').update(root).digest('hex').slice(0, 12);
}

function hashTree(hash, root, relative) {
  let entries;
  try {
    entries = readdirSync(join(root, relative), { withFileTypes: true });
  } catch {
    hash.update(`${relative}\0absent\n`);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = `${relative}/${entry.name}`;
    if (entry.isDirectory()) hashTree(hash, root, path);
    else hashFile(hash, root, path);
  }
}

function hashFile(hash, root, relative) {
  try {
    const stat = statSync(join(root, relative));
    hash.update(`${relative}\0${stat.size}\0${stat.mtimeMs}\n`);
  } catch {
    hash.update(`${relative}\0absent\n`);
  }
}

/** The compiled toolkit named `name`, when it is complete (its manifest is there and names it). */
export function completeToolkit(cacheDir, name) {
  const dir = join(cacheDir, name);
  try {
    const manifest = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8'));
    if (manifest.name !== name) return undefined;
    return { dir, main: join(dir, MAIN_FILE) };
  } catch {
    return undefined;
  }
}

/**
 * The CLI's `main` from the compiled toolkit, built first when the sources changed, or undefined:
 * then the caller runs the sources through tsx. Never throws; `log` hears why with --debug.
 */
export async function loadCompiledMain({ root, env, debug, log, cacheDir = defaultCacheDir(root) }) {
  const say = debug ? log : () => {};
  if (env.CONSORTIUM_CLI_COMPILED === '0') {
    say('running through tsx: CONSORTIUM_CLI_COMPILED=0');
    return undefined;
  }
  const esbuildVersion = installedEsbuildVersion(root);
  if (esbuildVersion === undefined) {
    say('running through tsx: esbuild is not installed');
    return undefined;
  }
  const name = compiledToolkitName({ root, esbuildVersion });
  let toolkit = completeToolkit(cacheDir, name);
  if (toolkit === undefined) {
    try {
      const { buildCompiledToolkit } = await import('./build-compiled-cli.mjs');
      const result = await buildCompiledToolkit({ root, cacheDir, name, esbuildVersion });
      if (!result.built) {
        say(`running through tsx: ${result.reason}`);
        return undefined;
      }
      say(`compiled the toolkit into ${result.dir} (${result.ms} ms)`);
      toolkit = completeToolkit(cacheDir, name);
    } catch (error) {
      say(`running through tsx: the compiled toolkit could not be built: ${error?.message ?? error}`);
      return undefined;
    }
    if (toolkit === undefined) {
      say('running through tsx: the compiled toolkit disappeared after its build');
      return undefined;
    }
  }
  // tsx enables source maps; the bundle needs them only where a stack is printed (--debug).
  if (debug) process.setSourceMapsEnabled(true);
  try {
    const { main } = await import(pathToFileURL(toolkit.main).href);
    if (typeof main !== 'function') throw new Error(`${toolkit.main} has no main()`);
    say(`running the compiled toolkit in ${toolkit.dir}`);
    return main;
  } catch (error) {
    say(`running through tsx: the compiled toolkit did not load: ${error?.message ?? error}`);
    return undefined;
  }
}
