#!/usr/bin/env node
// Entry point of the `consortium` command. The toolkit is written in TypeScript and run through
// tsx's loader, so the template needs no build step: `npm ci` is the whole installation.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
