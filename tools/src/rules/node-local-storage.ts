import type { Diagnostic } from '../model/diagnostic.ts';
import type { RuleContext } from './context.ts';
import { reportAt } from './report.ts';

// Provisioners that put a volume on one node's disk. A ledger on such a volume pins its pod to that
// node: when the node fails, the peer or orderer cannot be rescheduled elsewhere with its data.
const nodeLocalClasses: ReadonlySet<string> = new Set([
  'local-path',
  'local-storage',
  'local',
  'hostpath',
  'host-path',
  'openebs-hostpath',
  'openebs-device',
  'openebs-lvmpv',
  'microk8s-hostpath',
  'csi-hostpath-sc',
  'topolvm-provisioner',
]);

function isNodeLocal(storageClass: string): boolean {
  const name = storageClass.toLowerCase();
  return nodeLocalClasses.has(name) || name.includes('hostpath') || name.includes('local-path');
}

export function checkNodeLocalStorage(ctx: RuleContext): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const org of ctx.model.orgs) {
    const storageClass = org.cluster.storageClass;
    if (!isNodeLocal(storageClass) || (org.peers.length === 0 && org.orderers.length === 0)) continue;
    found.push(
      reportAt({
        rule: 'node-local-storage',
        severity: 'warning',
        source: org.source,
        path: 'cluster.storageClass',
        message: `ledgers of org "${org.id}" would be stored on node-local storage class "${storageClass}"; its peers and orderers cannot move to another node if theirs fails`,
        hint: 'Use a storage class backed by network or replicated storage (a cloud disk, Ceph, Longhorn) for production.',
      }),
    );
  }
  return found;
}
