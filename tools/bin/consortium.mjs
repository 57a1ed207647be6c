#!/usr/bin/env node
// Entry point of the `consortium` command. The toolkit is written in TypeScript and run through
// tsx's loader, so the template needs no build step: `npm ci` is the whole installation. Before
// it has run, say so instead of printing Node's stack trace for the missing loader.
let register;
try {
  ({ register } = await import('tsx/esm/api'));
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  const root = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
  const message = `the toolkit's dependencies are not installed: run \`npm ci\` in ${root}`;
  const args = process.argv.slice(2);
  if (args.some((a, i) => a === '--format=json' || (a === '--format' && args[i + 1] === 'json')))
    process.stdout.write(`${JSON.stringify({ ok: false, error: { kind: 'usage', message, exitCode: 2 } }, null, 2)}\n`);
  process.stderr.write(`consortium: ${message}\n`);
  process.exit(2);
}
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
