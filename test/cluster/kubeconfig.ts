import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';

export interface KubeconfigEntry {
  /** Used as cluster, user and context name. */
  readonly name: string;
  readonly server: string;
  readonly caPem: string;
  readonly certPem: string;
  readonly keyPem: string;
}

/**
 * A kubeconfig with one context per entry, credentials embedded (certificate-authority-data,
 * client-certificate-data, client-key-data) so it works wherever the file is read from.
 */
export async function writeKubeconfig(file: string, entries: readonly KubeconfigEntry[]): Promise<void> {
  const base64 = (text: string) => Buffer.from(text).toString('base64');
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: entries.map((e) => ({
      name: e.name,
      cluster: { server: e.server, 'certificate-authority-data': base64(e.caPem) },
    })),
    users: entries.map((e) => ({
      name: e.name,
      user: { 'client-certificate-data': base64(e.certPem), 'client-key-data': base64(e.keyPem) },
    })),
    contexts: entries.map((e) => ({ name: e.name, context: { cluster: e.name, user: e.name } })),
    'current-context': entries[0]?.name ?? '',
  };
  await writeFile(file, stringify(config), { mode: 0o600 });
}
