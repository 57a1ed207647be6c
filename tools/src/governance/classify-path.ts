/**
 * Which part of the repository a path belongs to. Governed files (the consortium definition) are
 * classified by comparing the base and head models; toolkit and documentation files by path.
 * Anything else is `unknown`, which makes the verdict `error`: a file nobody decided how to
 * govern must not slip through as "no change".
 */
export type PathClass =
  | { readonly area: 'consortium' }
  | { readonly area: 'org'; readonly org: string }
  | { readonly area: 'channel'; readonly channel: string }
  | { readonly area: 'chaincode'; readonly channel: string; readonly chaincode: string }
  /** channels/<ch>/genesis.block: block 0 of the channel's ledger, written once. */
  | { readonly area: 'genesis'; readonly channel: string }
  | { readonly area: 'toolkit' }
  | { readonly area: 'docs' }
  | { readonly area: 'unknown'; readonly reason: string };

/**
 * Files that decide or execute governance, or run in CI with the repository's permissions: the
 * toolkit, its schemas, dependencies and build/test configuration, the workflows, and the tests
 * and benchmarks (they execute in CI too). Changes to these are `toolkit.update` (critical).
 */
const toolkitDirs = ['tools/', '.github/', 'schemas/', 'scripts/', 'test/', 'bench/'];
const toolkitFiles = new Set([
  'package.json',
  'package-lock.json',
  'npm-shrinkwrap.json',
  '.npmrc',
  '.nvmrc',
  '.node-version',
  '.gitattributes',
  '.gitignore',
  '.gitmodules',
  '.editorconfig',
  '.prettierrc',
  '.prettierrc.json',
  '.prettierignore',
  // GitHub reads CODEOWNERS from the root, .github/ and docs/: it decides whose reviews a
  // protected branch requires, so it is never documentation.
  'CODEOWNERS',
  'docs/CODEOWNERS',
]);
const toolkitPatterns = [/^tsconfig(\.[\w-]+)?\.json$/, /^eslint\.config\.[cm]?[jt]s$/, /^vitest\.config\.[cm]?[jt]s$/];

const segment = /^[A-Za-z0-9._-]+$/;

export function classifyPath(path: string): PathClass {
  if (toolkitDirs.some((dir) => path.startsWith(dir))) return { area: 'toolkit' };
  if (toolkitFiles.has(path) || toolkitPatterns.some((pattern) => pattern.test(path))) return { area: 'toolkit' };
  if (path === 'LICENSE' || path.startsWith('docs/') || path.toLowerCase().endsWith('.md')) return { area: 'docs' };

  const parts = path.split('/');
  const [top, second, third, fourth] = parts;
  if (top === 'consortium') {
    if (path === 'consortium/consortium.yaml') return { area: 'consortium' };
    return unknown(path, 'consortium/ holds only consortium.yaml');
  }
  if (top === 'orgs' && second !== undefined && segment.test(second)) {
    if (parts.length === 3 && third === 'org.yaml') return { area: 'org', org: second };
    if (third === 'msp' && parts.length === 4 && (path.endsWith('.pem') || fourth === 'config.yaml')) {
      return { area: 'org', org: second };
    }
    return unknown(path, `orgs/${second}/ holds org.yaml, msp/*.pem and msp/config.yaml`);
  }
  if (top === 'channels' && second !== undefined && segment.test(second)) {
    if (parts.length === 3 && third === 'channel.yaml') return { area: 'channel', channel: second };
    if (parts.length === 3 && third === 'genesis.block') return { area: 'genesis', channel: second };
    // Config updates and their signatures: a change to the channel, judged by its Fabric signatures
    // (governance/evaluate-ledger-updates.ts) where the caller reads them, else like channel.yaml.
    if (third === 'updates' && /^\d{4}$/.test(fourth ?? '')) {
      if (parts.length === 5 && parts[4] === 'update.pb') return { area: 'channel', channel: second };
      if (parts.length === 6 && parts[4] === 'signatures' && path.endsWith('.sig'))
        return { area: 'channel', channel: second };
    }
    if (parts.length === 4 && third === 'chaincodes' && fourth !== undefined && fourth.endsWith('.yaml')) {
      return { area: 'chaincode', channel: second, chaincode: fourth.slice(0, -'.yaml'.length) };
    }
    return unknown(path, `channels/${second}/ holds channel.yaml, genesis.block and chaincodes/*.yaml`);
  }
  return unknown(path, 'not consortium/, orgs/, channels/, documentation or toolkit');
}

function unknown(path: string, why: string): PathClass {
  return { area: 'unknown', reason: `${path} is outside the known layout (${why}): no change kind governs it` };
}
