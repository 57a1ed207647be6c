// `kubectl proxy` on a Unix socket in a directory only this user can open: the end-to-end test's
// reads and Pod logs on a user's cluster go through kubectl, which speaks every credential a
// kubeconfig can hold (client certificates, tokens, exec plugins refreshing their tokens), so the
// test needs no client of its own for them. start() returns a handle whose stop() ends the proxy
// and removes its directory; the runner's exit hooks end it too if the test never gets there.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeProxyEndpoint } from '../cluster/kube-request.ts';
import { requestKube } from '../cluster/kube-request.ts';
import { installExitHooks, live } from '../cluster/process-guard.ts';
import { startProcess, stopProcess, tailLog } from '../cluster/processes.ts';

export interface KubectlProxy {
  readonly endpoint: KubeProxyEndpoint;
  stop(): Promise<void>;
}

export interface KubectlProxyOptions {
  readonly kubeconfig: string;
  /** Undefined: the kubeconfig's current context. */
  readonly context: string | undefined;
  readonly timeoutMs?: number;
}

export async function startKubectlProxy(options: KubectlProxyOptions): Promise<KubectlProxy> {
  const dir = await mkdtemp(join(tmpdir(), 'consortium-e2e-proxy-'));
  const socketPath = join(dir, 'api.sock');
  installExitHooks();
  const proc = startProcess({
    name: 'kubectl proxy',
    command: 'kubectl',
    args: [
      '--kubeconfig',
      options.kubeconfig,
      ...(options.context === undefined ? [] : ['--context', options.context]),
      'proxy',
      `--unix-socket=${socketPath}`,
    ],
    logFile: join(dir, 'proxy.log'),
    cwd: dir,
    // The user's whole environment: an exec plugin may need its own variables (profiles, config dirs).
    env: Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined)),
  });
  live.add(proc);
  const stop = async () => {
    await stopProcess(proc);
    live.delete(proc);
    await rm(dir, { recursive: true, force: true });
  };
  const endpoint = { socketPath };
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let last = '';
  for (;;) {
    if (proc.hasExited()) last = `kubectl proxy exited: ${tailLog(proc.logFile, 10)}`;
    else if (existsSync(socketPath)) {
      // /version needs the credentials to work: an exec plugin that fails shows up here, with its words.
      const answer = await requestKube(endpoint, { path: '/version', timeoutMs: 20_000 }).catch((e: unknown) => ({
        status: 0,
        body: String(e),
      }));
      if (answer.status === 200) return { endpoint, stop };
      last = `GET /version through kubectl proxy: ${answer.status} ${answer.body.slice(0, 500)}\n${tailLog(proc.logFile, 10)}`;
    }
    if (proc.hasExited() || Date.now() > deadline) {
      await stop();
      throw new Error(last === '' ? 'kubectl proxy did not open its socket' : last);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
