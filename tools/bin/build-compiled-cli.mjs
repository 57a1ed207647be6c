// Builds the compiled toolkit (see compiled-cli.mjs): tools/src/cli/main.ts bundled by esbuild
// with code splitting, so each command's modules stay a chunk loaded on demand (one bundle of
// everything takes longer to parse than tsx takes to start). Dependencies stay in node_modules.
//
// Parallel processes (test workers, CI jobs on one clone) may all find the cache missing: one
// takes a lock and builds, the others run through tsx meanwhile. The build is written into a
// temporary directory and renamed into place, its manifest written last, so a reader never sees
// half a toolkit; if two builds ever race to the rename, the loser discards its copy.
//
// `node tools/bin/build-compiled-cli.mjs` (npm's `prepare`, run by `npm ci`) builds it for the
// current sources; a failure prints one line and exits 0: the CLI then runs through tsx.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  FINGERPRINT_FILES,
  FINGERPRINT_TREES,
  MANIFEST_FILE,
  compiledToolkitName,
  completeToolkit,
  defaultCacheDir,
  installedEsbuildVersion,
  rootKey,
} from './compiled-cli.mjs';

/** A lock older than this belongs to a build that died: it is taken over. */
const STALE_LOCK_MS = 2 * 60_000;
/** A failed build is not retried for the same sources before this (a transient failure heals). */
const FAILURE_MEMORY_MS = 60 * 60_000;
/** Older toolkits of the same clone are kept this long: a process started on one may still load its chunks. */
const SUPERSEDED_GRACE_MS = 10 * 60_000;

/** The variable that stands for `import.meta.url` in each bundled module (see sourceUrlPlugin). */
const SOURCE_URL = '__consortiumSourceUrl';

/**
 * Builds the compiled toolkit `name` into `cacheDir`. Returns `{ built: true, dir, ms }`, or
 * `{ built: false, reason }` when another process holds the build or the last build of these
 * sources failed; throws (and remembers the failure) when the build itself fails.
 */
export async function buildCompiledToolkit({ root, cacheDir, name, esbuildVersion, now = Date.now }) {
  const started = now();
  mkdirSync(cacheDir, { recursive: true });
  const existing = completeToolkit(cacheDir, name);
  if (existing !== undefined) return { built: true, dir: existing.dir, ms: 0 };
  const failed = join(cacheDir, `${name}.failed`);
  if (existsSync(failed) && started - statSync(failed).mtimeMs < FAILURE_MEMORY_MS)
    return { built: false, reason: `the last build of these sources failed (${failed})` };
  const lock = join(cacheDir, `${name}.lock`);
  if (!takeLock(lock, started)) return { built: false, reason: 'another process is building the compiled toolkit' };
  let temporary;
  try {
    if (completeToolkit(cacheDir, name) !== undefined) return { built: true, dir: join(cacheDir, name), ms: 0 };
    // Node runs a module from its real path, and the source maps' relative paths must be right from there.
    const finalDir = join(realpathSync(cacheDir), name);
    const outputs = await bundle({ root, outdir: finalDir });
    temporary = mkdtempSync(join(cacheDir, `.tmp-${name}-`));
    chmodSync(temporary, 0o755); // mkdtemp's 0700 would hide the toolkit from other users of the clone
    for (const file of outputs) {
      const target = join(temporary, relative(finalDir, file.path));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, file.contents);
    }
    // A source that changed while esbuild read it leaves a toolkit matching neither version.
    if (compiledToolkitName({ root, esbuildVersion }) !== name)
      return { built: false, reason: 'the sources changed during the build' };
    const manifest = { name, root, node: process.version, esbuild: esbuildVersion, builtAt: new Date(started) };
    writeFileSync(join(temporary, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    // A directory of that name without a manifest was not written by a build: it is not a toolkit.
    rmSync(join(cacheDir, name), { recursive: true, force: true });
    publishToolkit(temporary, join(cacheDir, name));
    temporary = undefined;
    removeSuperseded({ root, cacheDir, name, now: now() });
    return { built: true, dir: join(cacheDir, name), ms: Math.round(now() - started) };
  } catch (error) {
    try {
      writeFileSync(failed, `${error?.message ?? error}\n`);
    } catch {
      // Not remembered: the next command tries again, and the caller still hears the build's error.
    }
    throw error;
  } finally {
    if (temporary !== undefined) rmSync(temporary, { recursive: true, force: true });
    rmSync(lock, { recursive: true, force: true });
  }
}

/** mkdir is atomic: whoever creates the lock directory builds. */
function takeLock(lock, now) {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      mkdirSync(lock);
      return true;
    } catch (error) {
      if (error?.code !== 'EEXIST') throw error;
      let age;
      try {
        age = now - statSync(lock).mtimeMs;
      } catch {
        continue; // released meanwhile: try again
      }
      if (age < STALE_LOCK_MS) return false;
      rmSync(lock, { recursive: true, force: true });
    }
  }
  return false;
}

/**
 * rename() is atomic. It fails on a non-empty target (ENOTEMPTY or EEXIST): another build got
 * there first, and its toolkit is as good as ours, so ours is discarded.
 */
export function publishToolkit(temporary, target) {
  try {
    renameSync(temporary, target);
  } catch (error) {
    if (error?.code !== 'ENOTEMPTY' && error?.code !== 'EEXIST') throw error;
    rmSync(temporary, { recursive: true, force: true });
  }
}

/**
 * Removes what a build no longer needs: this clone's older toolkits (after a grace period),
 * leftovers of builds that died, and toolkits of clones that no longer exist.
 */
function removeSuperseded({ root, cacheDir, name, now }) {
  const mine = `${rootKey(root)}-`;
  for (const entry of readdirSync(cacheDir)) {
    const path = join(cacheDir, entry);
    let stat;
    try {
      stat = statSync(path);
    } catch {
      continue;
    }
    const age = now - stat.mtimeMs;
    if (entry === name || entry.startsWith(`${name}.`)) continue;
    const superseded = entry.startsWith(mine) && age > SUPERSEDED_GRACE_MS;
    const abandoned = entry.startsWith('.tmp-') && age > STALE_LOCK_MS;
    if (superseded || abandoned || orphaned(path)) rmSync(path, { recursive: true, force: true });
  }
}

/** A toolkit whose clone is gone (its manifest names a root without the toolkit's entry point). */
function orphaned(dir) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8'));
  } catch {
    return false;
  }
  return typeof manifest.root === 'string' && !existsSync(join(manifest.root, 'tools', 'bin', 'consortium.mjs'));
}

/** esbuild's output files (not yet written) for the toolkit's CLI, as if built into `outdir`. */
async function bundle({ root, outdir }) {
  const esbuild = await import('esbuild');
  try {
    const result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: { main: join(root, 'tools', 'src', 'cli', 'main.ts') },
      outdir,
      entryNames: '[name]',
      chunkNames: 'chunks/[name]-[hash]',
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      // tsx transforms with keepNames: a bundle renames clashing top-level names, and `.name` must not change.
      keepNames: true,
      sourcemap: 'linked',
      sourcesContent: false,
      define: { 'import.meta.url': SOURCE_URL },
      plugins: [sourceUrlPlugin(), bundledJsonPlugin()],
      metafile: true,
      write: false,
      logLevel: 'silent',
    });
    assertInputsFingerprinted(root, result.metafile);
    return result.outputFiles;
  } finally {
    await esbuild.stop?.();
  }
}

/**
 * In a bundle, `import.meta.url` is the chunk's URL. Each module of the toolkit gets its own
 * source file's URL instead (a variable `define` points `import.meta.url` at), so relative URLs
 * and createRequire() resolve exactly as they do from the sources. The variable is declared on
 * the module's first line, so line numbers (and source maps) stay as they are.
 *
 * A dynamic import() of anything but a string literal cannot be bundled and would resolve from
 * the chunk: it fails the build, and the CLI runs through tsx.
 */
function sourceUrlPlugin() {
  return {
    name: 'consortium-source-url',
    setup(build) {
      build.onLoad({ filter: /\.[cm]?[jt]s$/ }, async (args) => {
        if (args.path.split(sep).includes('node_modules')) return undefined;
        const text = await readFile(args.path, 'utf8');
        const errors = opaqueDynamicImports(text).map((line) => ({
          text: 'import() of a computed specifier cannot be bundled: use a string literal',
          location: { file: args.path, line, column: 0 },
        }));
        if (errors.length > 0) return { errors };
        const prefix = `const ${SOURCE_URL} = ${JSON.stringify(pathToFileURL(args.path).href)};`;
        return { contents: prefix + text, loader: /\.[cm]?ts$/.test(args.path) ? 'ts' : 'js' };
      });
    },
  };
}

/** Line numbers of `import(` calls whose argument is not a string literal (comments ignored). */
export function opaqueDynamicImports(text) {
  const code = text
    .replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '))
    .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
  const lines = [];
  for (const match of code.matchAll(/(^|[^.\w$])import\s*\(\s*(?![\s'"])/g))
    lines.push(code.slice(0, match.index + match[1].length).split('\n').length);
  return lines;
}

/**
 * JSON imported from packages (`ajv/package.json`) is bundled: `packages: 'external'` would keep
 * the import, and esbuild drops its `with { type: 'json' }`, without which Node refuses it.
 */
function bundledJsonPlugin() {
  return {
    name: 'consortium-bundled-json',
    setup(build) {
      build.onResolve({ filter: /\.json$/ }, (args) => {
        if (args.path.startsWith('.') || args.path.startsWith('/')) return undefined;
        return { path: createRequire(args.importer).resolve(args.path) };
      });
    },
  };
}

/** Every file the bundle was built from must be one the fingerprint covers, or the cache could go stale unseen. */
function assertInputsFingerprinted(root, metafile) {
  const covered = (path) =>
    FINGERPRINT_TREES.some((tree) => path.startsWith(`${tree}/`)) ||
    FINGERPRINT_FILES.includes(path) ||
    path.split('/').includes('node_modules');
  const uncovered = Object.keys(metafile.inputs).filter((input) => !covered(input));
  if (uncovered.length > 0)
    throw new Error(`the bundle reads files the fingerprint does not cover: ${uncovered.join(', ')}`);
}

// `node tools/bin/build-compiled-cli.mjs`: npm's `prepare`. Never fails the install.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  try {
    const esbuildVersion = installedEsbuildVersion(root);
    if (esbuildVersion === undefined) throw new Error('esbuild is not installed');
    const cacheDir = defaultCacheDir(root);
    const name = compiledToolkitName({ root, esbuildVersion });
    const result = await buildCompiledToolkit({ root, cacheDir, name, esbuildVersion });
    if (!result.built) throw new Error(result.reason);
  } catch (error) {
    process.stdout.write(
      `consortium: the compiled toolkit was not built (${error?.message ?? error}); the CLI runs through tsx\n`,
    );
  }
}
