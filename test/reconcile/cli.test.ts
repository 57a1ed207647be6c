import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyExampleRepo } from '../support/example-repo.ts';
import { runCli } from '../support/run-cli.ts';

describe('plan and reconcile command lines', () => {
  it.each([
    [['plan'], /--org ID .* or --all/],
    [['reconcile', '--org', 'a', '--all'], /either --org ID or --all/],
    [['plan', '--all', '--context', 'x'], /--context names one cluster/],
    [['plan', '--org', 'a', '--format', 'yaml'], /--format must be text or json/],
    [['reconcile', '--org', 'a', '--parallelism', '0'], /--parallelism must be a positive/],
    [['plan', '--bogus'], /Unknown option/],
  ])('%j is a usage error (exit 2)', async (argv, message) => {
    const run = await runCli(argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});

describe('plan and reconcile without a usable kubeconfig', () => {
  it.each([
    ['a missing --kubeconfig', (dir: string) => ['--kubeconfig', join(dir, 'no-such.kubeconfig')], 'no such file'],
    ['a directory as --kubeconfig', (dir: string) => ['--kubeconfig', dir], 'not a file'],
  ])('%s is a usage error that names the file and what to pass', async (_name, flags, why) => {
    const repo = await copyExampleRepo();
    try {
      for (const command of ['plan', 'reconcile']) {
        const argv = [command, '--org', 'retailer', '--repo', repo.dir, ...flags(repo.dir)];
        const run = await runCli(argv, { env: { HOME: repo.dir } });
        expect(run.code).toBe(2);
        expect(run.stderr).toContain(`kubeconfig ${flags(repo.dir)[1]}: ${why}`);
        expect(run.stderr).toContain('--kubeconfig FILE (or set KUBECONFIG)');
        expect(run.stdout).toBe('');
      }
      // Without --kubeconfig or KUBECONFIG, the default ~/.kube/config is named.
      const run = await runCli(['plan', '--org', 'retailer', '--repo', repo.dir], { env: { HOME: repo.dir } });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`kubeconfig ${join(repo.dir, '.kube', 'config')}: no such file`);
    } finally {
      await repo.remove();
    }
  });
});

describe('plan --from a directory that is not there', () => {
  it('is a usage error naming the directory, not an unexplained ENOENT', async () => {
    const repo = await copyExampleRepo();
    try {
      for (const [from, why] of [
        [join(repo.dir, 'no-such-out'), 'no such directory'],
        [join(repo.dir, 'consortium/consortium.yaml'), 'not a directory'],
      ] as const) {
        const run = await runCli(['plan', '--all', '--from', from, '--repo', repo.dir], { env: { HOME: repo.dir } });
        expect(run.code).toBe(2);
        expect(run.stderr).toContain(
          `--from ${from}: ${why}; pass the directory \`consortium render --out DIR\` wrote`,
        );
      }
    } finally {
      await repo.remove();
    }
  });
});

describe("plan and reconcile with a kubeconfig that lacks a member's context", () => {
  it('is a usage error (exit 2), like a missing kubeconfig, naming the member and the closest context', async () => {
    const repo = await copyExampleRepo();
    try {
      const kubeconfig = join(repo.dir, 'kubeconfig.yaml');
      await repo.write(
        'kubeconfig.yaml',
        [
          'apiVersion: v1',
          'kind: Config',
          'clusters: [{ name: c, cluster: { server: "https://127.0.0.1:1" } }]',
          'users: [{ name: u, user: { token: abc } }]',
          'contexts: [{ name: harborview-aks-eastus2, context: { cluster: c, user: u } }]',
          '',
        ].join('\n'),
      );
      for (const command of ['plan', 'reconcile']) {
        const argv = [command, '--org', 'retailer', '--repo', repo.dir, '--kubeconfig', kubeconfig];
        const text = await runCli(argv, { env: { HOME: repo.dir } });
        expect(text.code).toBe(2);
        expect(text.stderr).toContain(
          'retailer: no context "harborview-aks-eastus" (did you mean "harborview-aks-eastus2"?)',
        );
        const json = await runCli([...argv, '--format', 'json'], { env: { HOME: repo.dir } });
        expect(json.code).toBe(2);
        expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { kind: 'usage' } });
      }
    } finally {
      await repo.remove();
    }
  });
});
