// Runs the rendered enrollment Job's script natively, as its container would: the command and
// environment exactly as rendered, Secret-sourced variables resolved from the Secret manifests,
// the msp ConfigMap written where it is mounted, and the API server and its token replaced by a
// test cluster's and a ServiceAccount token the test requested. The CA keeps its rendered
// in-cluster name (ca-<org>.<namespace>.svc): the script runs in a private mount namespace whose
// /etc/hosts maps that name to loopback, so TLS checks the names `org secrets` put in the CA's
// listener certificate, as in the cluster. Only the CA's port differs (a free loopback port).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../../tools/src/render/types.ts';
import { materializeMounts, podContainer, resolveEnv, type SecretsByName } from './fabric-ca.ts';

export interface ScriptRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runEnrollmentJob(options: {
  readonly job: KubeObject;
  readonly secrets: SecretsByName;
  readonly configMaps: ReadonlyMap<string, Readonly<Record<string, string>>>;
  readonly caPort: number;
  readonly kube: { readonly server: string; readonly caFile: string; readonly token: string };
  readonly binDir: string;
  /** Overrides of rendered variables (RENEW_BEFORE_SECONDS to test renewal). */
  readonly env?: Readonly<Record<string, string>>;
}): Promise<ScriptRun> {
  const root = mkdtempSync(join(tmpdir(), 'enroll-job-'));
  try {
    const { container, volumes } = podContainer(options.job);
    const mounts = materializeMounts(root, container, volumes, options.secrets, options.configMaps);
    const rendered = resolveEnv(container, options.secrets, mounts);
    const tokenFile = join(root, 'token');
    writeFileSync(tokenFile, options.kube.token, { mode: 0o600 });
    const hostsFile = join(root, 'hosts');
    writeFileSync(hostsFile, `127.0.0.1 localhost\n127.0.0.1 ${rendered['CA_HOST'] ?? ''}\n`);
    const env: Record<string, string> = {
      ...rendered,
      CA_PORT: String(options.caPort),
      KUBE_API: options.kube.server,
      KUBE_CA_FILE: options.kube.caFile,
      KUBE_TOKEN_FILE: tokenFile,
      DEADLINE_SECONDS: '60',
      POLL_SECONDS: '1',
      ...options.env,
      HOSTS_FILE: hostsFile,
      PATH: `${options.binDir}:${process.env['PATH'] ?? '/usr/bin:/bin'}`,
    };
    for (const [name, value] of Object.entries(env))
      if (value.startsWith('/var/') || value.startsWith('/work'))
        throw new Error(`${name}=${value} has no counterpart outside the cluster`);
    const [shell = '', flags = '', script = ''] = container.command;
    const isRoot = process.getuid?.() === 0;
    return await run(
      'unshare',
      [
        ...(isRoot ? [] : ['--user', '--map-root-user']),
        '--mount',
        '--propagation',
        'private',
        shell,
        '-c',
        'mount --bind "$HOSTS_FILE" /etc/hosts && exec /bin/sh "$0" "$1"',
        flags,
        script,
      ],
      env,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function run(command: string, args: readonly string[], env: Record<string, string>): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}
