// What the Fabric tools image must provide: every command the rendered Jobs' shell scripts call.
// test/node/tools-image.test.ts reads the rendered example's Job scripts with commandsOfScript and
// checks them against TOOLS_IMAGE_COMMANDS; the node smoke test (fabric-images.node.test.ts) checks
// that the image built by test/node/fabric-images.sh has every one of them.

/** Programs on the tools image's PATH (Debian base + Fabric binaries), as the Jobs call them. */
export const TOOLS_IMAGE_COMMANDS: readonly string[] = [
  // Fabric
  'peer',
  'osnadmin',
  'configtxgen',
  'configtxlator',
  // Fabric CA's client (the enrollment Job); present when Fabric CA was built
  'fabric-ca-client',
  // shells, JSON, HTTPS (the enrollment Job stores Secrets through the Kubernetes API) and X.509
  'sh',
  'bash',
  'jq',
  'curl',
  'openssl',
  // Debian's coreutils, grep, sed, mawk, findutils, diffutils, gzip, tar
  'awk',
  'base64',
  'basename',
  'cat',
  'cp',
  'cut',
  'date',
  'diff',
  'dirname',
  'env',
  'find',
  'grep',
  'gzip',
  'head',
  'ls',
  'mkdir',
  'mktemp',
  'mv',
  'od',
  'rm',
  'sed',
  'sha256sum',
  'sleep',
  'sort',
  'tail',
  'tar',
  'tee',
  'touch',
  'tr',
  'uniq',
  'wc',
  'xargs',
];

/** Built into POSIX sh (dash) and bash: never looked up on PATH. */
const BUILTINS = new Set([
  '.',
  ':',
  '[',
  'alias',
  'break',
  'cd',
  'command',
  'continue',
  'eval',
  'exec',
  'exit',
  'export',
  'false',
  'getopts',
  'kill',
  'local',
  'printf',
  'echo',
  'pwd',
  'read',
  'readonly',
  'return',
  'set',
  'shift',
  'test',
  'trap',
  'true',
  'type',
  'umask',
  'unset',
  'wait',
]);

/** Words that open or close a compound command; the word after an opening one is a command. */
const OPENERS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', '(']);
const CLOSERS = new Set(['fi', 'done', '}', ')', 'esac', ';;']);

/**
 * The external programs a shell script runs: the first word of every simple command, command
 * substitutions included, leaving out builtins, keywords, variable assignments and the script's
 * own functions. A heuristic for the scripts render writes (no aliases, no `case` patterns, no
 * commands in variables), good enough to notice a program the image lacks.
 */
export function commandsOfScript(script: string): string[] {
  const functions = new Set<string>();
  const found = new Set<string>();
  const visit = (text: string) => {
    for (const inner of commandSubstitutions(text)) visit(inner);
    // Quoted strings, then substitutions (visited above) and arithmetic, innermost first.
    let flat = text.replace(/"(?:[^"\\]|\\.)*"/g, 'S').replace(/'[^']*'/g, 'S');
    for (let before = ''; before !== flat;) {
      before = flat;
      flat = flat.replace(/\$\(\([^()]*\)\)/g, 'A').replace(/\$\([^()]*\)/g, 'S');
    }
    const plain = flat
      .replace(/\d*>&\d+/g, ' ')
      .replace(/\d*>>?\s*\S+/g, ' ')
      .replace(/<\s*\S+/g, ' ');
    for (const segment of plain.split(/\n|;|&&|\|\||\||&/)) {
      const words = segment
        .trim()
        .replace(/^(\w+)\s*\(\)/, '$1() ')
        .split(/\s+/)
        .filter(Boolean);
      let i = 0;
      // `pattern)` of a case branch: its command follows.
      if (/^[^(]+\)$/.test(words[0] ?? '')) i = 1;
      // `name() { body`: a function of the script; its body's first command follows.
      const defined = /^(\w+)\(\)$/.exec(words[0] ?? '')?.[1];
      if (defined !== undefined) {
        functions.add(defined);
        i = 1;
      }
      while (i < words.length && (OPENERS.has(words[i] ?? '') || /^[A-Za-z_]\w*=/.test(words[i] ?? ''))) i++;
      const word = words[i];
      if (word === undefined || CLOSERS.has(word) || word === 'for' || word === 'case') continue;
      found.add(word);
    }
  };
  visit(script);
  return [...found].filter((word) => !BUILTINS.has(word) && !functions.has(word)).sort();
}

/** The bodies of `$( ... )` (not `$(( ... ))`), nested ones included by the caller's recursion. */
function commandSubstitutions(text: string): string[] {
  const bodies: string[] = [];
  for (let i = 0; i < text.length - 1; i++) {
    if (text[i] !== '$' || text[i + 1] !== '(' || text[i + 2] === '(') continue;
    let depth = 0;
    for (let j = i + 1; j < text.length; j++) {
      if (text[j] === '(') depth++;
      else if (text[j] === ')' && --depth === 0) {
        bodies.push(text.slice(i + 2, j));
        i = j;
        break;
      }
    }
  }
  return bodies;
}
