#!/usr/bin/env node
// Entry point of the `consortium` command. The toolkit is written in TypeScript and run through
// tsx's loader, so the template needs no build step: `npm ci` is the whole installation. To start
// faster, a command runs from the compiled toolkit when it matches the sources (compiled-cli.mjs:
// built by `npm ci`, rebuilt after the sources change); otherwise through tsx, as always. Before
// `npm ci` has run, say so instead of printing Node's stack trace for the missing loader.
import { fileURLToPath } from 'node:url';
import { loadCompiledMain } from './compiled-cli.mjs';

const args = process.argv.slice(2);
const root = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const compiledMain = await loadCompiledMain({
  root,
  env: process.env,
  debug: args.includes('--debug'),
  log: (line) => process.stderr.write(`consortium: ${line}\n`),
});
if (compiledMain !== undefined) {
  process.exitCode = await compiledMain(args);
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    const message = `the toolkit's dependencies are not installed: run \`npm ci\` in ${root}`;
    if (args.some((a, i) => a === '--format=json' || (a === '--format' && args[i + 1] === 'json')))
      process.stdout.write(
        `${JSON.stringify({ ok: false, error: { kind: 'usage', message, exitCode: 2 } }, null, 2)}\n`,
      );
    process.stderr.write(`consortium: ${message}\n`);
    process.exit(2);
  }
  register();
  const { main } = await import('../src/cli/main.ts');
  process.exitCode = await main(args);
}
