// `npm run demo -- --keep`: after the walkthrough the network stays up for the reader to look
// around with kubectl and the sample client, until Ctrl-C, which tears everything down as at
// the end of a walkthrough without --keep.
import { join } from 'node:path';
import type { MemberClient } from '../test/e2e/member-client.ts';
import type { NodeStage } from './network-story.ts';

export async function keepRunning(
  stage: NodeStage,
  clients: readonly MemberClient[],
  interrupted: Promise<void>,
): Promise<void> {
  const { narrator, kubeconfig, members } = stage;
  narrator.step('The network keeps running (--keep)');
  narrator.say(`kubeconfig: ${kubeconfig}`);
  narrator.say(`It has one context per member (${members.map((m) => m.context).join(', ')}), all on the node. Try:`);
  const first = members[0];
  const kubectl = `kubectl --kubeconfig ${kubeconfig}`;
  narrator.shell(`${kubectl} get nodes`);
  if (first !== undefined) {
    narrator.shell(`${kubectl} --context ${first.context} -n ${first.namespace} get jobs,secrets,services`);
    narrator.shell(
      `${kubectl} --context ${first.context} -n ${first.namespace} logs orderer0-${first.org}-0 | grep 'Raft leader'`,
    );
  }
  for (const member of members)
    narrator.shell(`${kubectl} --context ${member.context} -n ${member.namespace} get pods`);
  const client = clients[0];
  if (client !== undefined) {
    narrator.say(
      "The sample client, as a member's application, from this project's directory (the gateway's address is routed inside the node's network namespace):",
    );
    narrator.shell(
      `nsenter -t ${stage.node.namespacePid} -n -- npm run -s client -- --profile ${client.profile} --msp ${client.mspDir} --resolve ${client.peerHost}=${stage.node.network.gatewayServiceIp} history SHIP-0001`,
    );
  }
  narrator.say(`The node's own logs (kubelet, containerd, kube-proxy, ...): ${join(stage.node.dir, 'logs')}`);
  narrator.say('Press Ctrl-C to stop the network and remove everything.');
  // The node's processes do not hold the event loop (they are unref'd so a test runner can exit):
  // without a timer, node would end here with the promise unsettled and take the network with it.
  const alive = setInterval(() => undefined, 60_000);
  try {
    await interrupted;
  } finally {
    clearInterval(alive);
  }
}
