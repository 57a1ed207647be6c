// Every member of the example runs in its own namespace of the one test cluster: a kubeconfig
// with one context per member, named as the member's org.yaml names its cluster (`cluster.name`,
// the context `consortium reconcile` uses by default), all pointing at the node's API server
// (a user's cluster writes its own from the user's kubeconfig: kubeconfig-cluster.ts).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { TestCluster } from '../cluster/clusters.ts';
import { writeKubeconfig } from '../cluster/kubeconfig.ts';

export interface MemberCluster {
  readonly org: string;
  readonly context: string;
  readonly namespace: string;
}

export async function memberClusters(repoDir: string, orgs: readonly string[]): Promise<MemberCluster[]> {
  const members: MemberCluster[] = [];
  for (const org of orgs) {
    const yaml = parse(await readFile(join(repoDir, 'orgs', org, 'org.yaml'), 'utf8')) as {
      cluster: { name: string; namespace: string };
    };
    members.push({ org, context: yaml.cluster.name, namespace: yaml.cluster.namespace });
  }
  return members;
}

export async function writeMembersKubeconfig(
  file: string,
  cluster: TestCluster,
  members: readonly MemberCluster[],
): Promise<void> {
  const [caPem, certPem, keyPem] = await Promise.all(
    [cluster.caFile, cluster.certFile, cluster.keyFile].map((f) => readFile(f, 'utf8')),
  );
  await writeKubeconfig(
    file,
    members.map((m) => ({
      name: m.context,
      server: cluster.server,
      caPem: caPem ?? '',
      certPem: certPem ?? '',
      keyPem: keyPem ?? '',
    })),
  );
}
