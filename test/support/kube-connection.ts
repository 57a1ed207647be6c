// Connections for tests, built the way the CLI builds them (KubeConfig -> KubeCredentials).
import { KubeConfig } from '@kubernetes/client-node';
import {
  kubeCredentialsFrom,
  type KubeConnection,
  type KubeCredentials,
} from '../../tools/src/adapters/kube/kube-credentials.ts';
import { loadKubeconfigCredentials } from '../../tools/src/cli/load-kube-credentials.ts';

/** A fake API server on plain HTTP (loopback), with no credentials. */
export function plainHttpConnection(server: string): KubeConnection {
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [{ name: 't', server, skipTLSVerify: true }],
    users: [{ name: 't' }],
    contexts: [{ name: 't', cluster: 't', user: 't' }],
    currentContext: 't',
  });
  return kubeCredentialsFrom(config, 'test').connect();
}

/** The current (or named) context of a kubeconfig file. */
export async function kubeconfigConnection(path: string, context?: string): Promise<KubeConnection> {
  return (await loadKubeconfigCredentials(path)).connect(context);
}

/** Every context of a kubeconfig file, as `consortium reconcile --kubeconfig` would see them. */
export function kubeconfigCredentials(path: string): KubeCredentials {
  const config = new KubeConfig();
  config.loadFromFile(path);
  return kubeCredentialsFrom(config, `kubeconfig ${path}`);
}
