// What the end-to-end test puts on its cluster, from the template's example and the member the
// test adds: the members' namespaces and the external host names their pods dial (each org's
// peer0, the copy keeping one peer per org, and its orderers), for a user's cluster to be checked
// against before the test starts (user-cluster-checks.ts).
import { ordererHost, peerHost } from '../../tools/src/model/endpoints.ts';
import { loadExampleModel } from '../render/support/render-fixtures.ts';
import { DISTRIBUTOR } from './add-member-step.ts';
import type { E2eFootprint } from './e2e-cluster.ts';

export async function exampleFootprint(): Promise<E2eFootprint> {
  const model = await loadExampleModel();
  const namespaces = [...model.orgs.map((org) => org.cluster.namespace), `fabric-${DISTRIBUTOR.org}`];
  // org init gives a new member the ingress domain fabric.<domain> and peer0.
  const distributorZone = `fabric.${DISTRIBUTOR.domain}`;
  const externalHosts = [
    ...model.orgs.flatMap((org) => [
      ...org.peers.slice(0, 1).map((peer) => peerHost(org, peer)),
      ...org.orderers.map((orderer) => ordererHost(org, orderer)),
    ]),
    `peer0.${distributorZone}`,
  ];
  const zones = [...new Set([...model.orgs.map((org) => org.cluster.ingress.domain), distributorZone])];
  return { namespaces, externalHosts, zones };
}
