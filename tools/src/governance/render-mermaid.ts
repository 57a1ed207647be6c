import type { ConsortiumModel } from '../model/types.ts';
import type { ChangeResult } from './types.ts';

/**
 * A Mermaid flowchart of the consortium after the change (orgs, channels, chaincodes, membership
 * edges), with the nodes the pull request touches highlighted, and removed ones drawn dashed.
 * Node ids are generated (o1, c1, k1) so no name from the repository can inject Mermaid syntax;
 * labels are escaped.
 */
export function renderMermaid(options: {
  readonly base: ConsortiumModel;
  readonly head: ConsortiumModel;
  readonly changes: readonly ChangeResult[];
}): string {
  const { base, head, changes } = options;
  const changedOrgs = new Set<string>();
  const changedChannels = new Set<string>();
  const changedChaincodes = new Set<string>();
  for (const change of changes) {
    if (change.kind.startsWith('org.')) changedOrgs.add(change.subject);
    if (change.kind.startsWith('channel.')) changedChannels.add(change.channel ?? change.subject);
    if (change.kind.startsWith('channel.member.') && change.org !== undefined) changedOrgs.add(change.org);
    if (change.kind.startsWith('chaincode.')) changedChaincodes.add(change.subject);
  }
  const lines = ['flowchart LR'];
  const orgIds = new Map<string, string>();
  const removedOrgs = base.orgs.filter((o) => !head.orgs.some((h) => h.id === o.id));
  const orgs = [...head.orgs, ...removedOrgs].sort((a, b) => (a.id < b.id ? -1 : 1));
  const highlight: string[] = [];
  const removed: string[] = [];
  orgs.forEach((org, i) => {
    const id = `o${i + 1}`;
    orgIds.set(org.id, id);
    lines.push(`  ${id}["${escape(org.mspId)}<br/>${escape(org.id)}"]`);
    if (removedOrgs.includes(org)) removed.push(id);
    else if (changedOrgs.has(org.id)) highlight.push(id);
  });
  const removedChannels = base.channels.filter((c) => !head.channels.some((h) => h.name === c.name));
  const channels = [...head.channels, ...removedChannels].sort((a, b) => (a.name < b.name ? -1 : 1));
  let chaincodeCount = 0;
  channels.forEach((channel, i) => {
    const id = `c${i + 1}`;
    lines.push(`  ${id}(["#${escape(channel.name)}"])`);
    if (removedChannels.includes(channel)) removed.push(id);
    else if (changedChannels.has(channel.name)) highlight.push(id);
    const baseChannel = base.channels.find((c) => c.name === channel.name);
    const members = [...new Set([...channel.members, ...(baseChannel?.members ?? [])])].sort();
    for (const member of members) {
      const orgNode = orgIds.get(member);
      if (orgNode === undefined) continue;
      lines.push(`  ${orgNode} ${channel.members.includes(member) ? '---' : '-.-'} ${id}`);
    }
    const chaincodes = [
      ...channel.chaincodes,
      ...(baseChannel?.chaincodes.filter((c) => !channel.chaincodes.some((h) => h.name === c.name)) ?? []),
    ];
    for (const chaincode of chaincodes.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      chaincodeCount += 1;
      const node = `k${chaincodeCount}`;
      lines.push(`  ${node}{{"${escape(chaincode.name)} ${escape(chaincode.version)}"}}`, `  ${id} --> ${node}`);
      if (changedChaincodes.has(`${channel.name}/${chaincode.name}`)) highlight.push(node);
    }
  });
  lines.push('  classDef changed fill:#fff3b0,stroke:#d4a017,stroke-width:3px');
  lines.push('  classDef removed fill:#f8d7da,stroke:#c0392b,stroke-dasharray:5 5');
  if (highlight.length > 0) lines.push(`  class ${highlight.join(',')} changed`);
  if (removed.length > 0) lines.push(`  class ${removed.join(',')} removed`);
  return lines.join('\n');
}

function escape(text: string): string {
  return text.replace(/[^A-Za-z0-9 ._:/@+-]/g, (c) => `#${c.codePointAt(0) ?? 0};`);
}
