// The walkthrough's stage: a temporary Git repository made from this template, with one commit
// on main, and the helpers every act uses to show a command and check its outcome.
import { execFileSync } from 'node:child_process';
import { cp, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Narrator } from './narrator.ts';
import { reissueExamplePki } from '../scripts/example-pki.ts';

const projectRoot = resolve(import.meta.dirname, '..');
/** What a fresh consortium repository made from the template holds (the toolkit itself stays out). */
const templateParts = ['consortium', 'orgs', 'channels', 'chaincode', 'schemas', 'README.md', 'docs', '.github'];

export interface DemoContext {
  readonly narrator: Narrator;
  readonly root: string;
  readonly repo: string;
  readonly keys: string;
  readonly rendered: string;
  git(...args: string[]): string;
}

export async function seedRepository(narrator: Narrator, root: string): Promise<DemoContext> {
  const repo = join(root, 'consortium');
  const ctx: DemoContext = {
    narrator,
    root,
    repo,
    keys: join(root, 'keys'),
    rendered: join(root, 'rendered'),
    git: (...args) =>
      execFileSync('git', ['-C', repo, ...args], {
        encoding: 'utf8',
        env: {
          PATH: process.env['PATH'] ?? '',
          HOME: root,
          GIT_CONFIG_NOSYSTEM: '1',
          GIT_CONFIG_GLOBAL: '/dev/null',
          GIT_AUTHOR_NAME: 'Demo',
          GIT_AUTHOR_EMAIL: 'demo@example.invalid',
          GIT_COMMITTER_NAME: 'Demo',
          GIT_COMMITTER_EMAIL: 'demo@example.invalid',
        },
      }).trim(),
  };
  narrator.step('A consortium repository made from the template');
  await mkdir(repo);
  for (const part of templateParts) {
    if (existsSync(join(projectRoot, part))) await cp(join(projectRoot, part), join(repo, part), { recursive: true });
  }
  // The template's example certificates have no private keys anywhere. A consortium made from it
  // starts with each founding member's own PKI (the admin keys stay with that member) and block 0
  // of each channel made from those certificates; here one step does it for all three.
  await reissueExamplePki({ repoRoot: repo, keyDir: ctx.keys, validityDays: 365, now: new Date() });
  ctx.git('init', '--quiet', '--initial-branch=main');
  ctx.git('add', '--all');
  ctx.git('commit', '--quiet', '-m', 'Supply chain traceability consortium');
  narrator.say(
    `${repo}: three members (eu-central, ap-southeast, us-east), channels traceability and recalls, each with its block 0 (genesis.block).`,
  );
  narrator.say(
    "Each founding member made its own CA and admin key (the demo keeps the keys in its temporary directory; a member's never leave its machine).",
  );
  narrator.shell('git log --oneline');
  narrator.say(`  ${ctx.git('log', '--oneline')}`);
  await narrator.consortium(['status'], { cwd: repo });
  return ctx;
}

export async function expectCode(run: Promise<{ code: number }>, expected: number): Promise<void> {
  const { code } = await run;
  if (code !== expected) throw new Error(`the last command exited with ${code}, expected ${expected}`);
}

/** Shows `consortium approvals` as a user sees it, then checks its verdict through the JSON form. */
export async function expectVerdict(
  ctx: DemoContext,
  args: readonly string[],
  expected: string,
  shownReplacements: readonly string[] = [],
): Promise<void> {
  const shown = [...args];
  if (shownReplacements.length === 2) {
    const at = shown.indexOf(shownReplacements[0] ?? '');
    if (at >= 0) shown[at + 1] = shownReplacements[1] ?? '';
  }
  await ctx.narrator.consortium(args, { cwd: ctx.repo, shown });
  const json = await ctx.narrator.consortium([...args, '--format', 'json'], { cwd: ctx.repo, silent: true });
  const verdict = (JSON.parse(json.stdout) as { verdict?: string }).verdict;
  if (verdict !== expected) throw new Error(`expected the verdict "${expected}", got "${verdict ?? 'none'}"`);
}
