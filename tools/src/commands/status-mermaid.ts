// The consortium as a Mermaid flowchart: one box per region holding its members, one node per
// channel with its chaincodes, an edge from each member to each channel it belongs to. GitHub
// renders ```mermaid blocks in Markdown, so this drops straight into a PR comment or README.
import type { StatusReport } from './status.ts';

export function renderStatusMermaid(report: StatusReport): string {
  const lines = ['flowchart LR'];
  const orgNode = (id: string) => `org_${safeId(id)}`;
  const channelNode = (name: string) => `ch_${safeId(name)}`;
  const regions = [...new Set(report.members.map((m) => m.region))].sort();
  for (const region of regions) {
    lines.push(`  subgraph region_${safeId(region)}["${label(region)}"]`);
    for (const member of report.members.filter((m) => m.region === region)) {
      const nodes = [`${member.peers.length} peer${member.peers.length === 1 ? '' : 's'}`];
      if (member.orderers.length > 0)
        nodes.push(`${member.orderers.length} orderer${member.orderers.length === 1 ? '' : 's'}`);
      lines.push(`    ${orgNode(member.id)}["${label(member.id)}<br/>${label(member.mspId)}<br/>${nodes.join(', ')}"]`);
    }
    lines.push('  end');
  }
  for (const channel of report.channels) {
    const chaincodes = channel.chaincodes.map((cc) => `${label(cc.name)} ${label(cc.version)} #${cc.sequence}`);
    const body = [`channel ${label(channel.name)}`, ...chaincodes].join('<br/>');
    lines.push(`  ${channelNode(channel.name)}(["${body}"])`);
  }
  for (const channel of report.channels) {
    for (const member of channel.members) lines.push(`  ${orgNode(member)} --- ${channelNode(channel.name)}`);
  }
  const consenting = report.members.filter((m) => m.consenters.length > 0);
  if (consenting.length > 0) {
    lines.push('  ordering[("ordering service (etcdraft)")]');
    for (const member of consenting) lines.push(`  ${orgNode(member.id)} -.- ordering`);
  }
  return `${lines.join('\n')}\n`;
}

/** Mermaid node ids: letters, digits and underscores only. */
function safeId(text: string): string {
  return text.replace(/[^A-Za-z0-9]/g, '_');
}

/** Text inside a quoted Mermaid label: quotes and angle brackets would end or break it. */
function label(text: string): string {
  return text.replace(/["<>]/g, (c) => `#${c.charCodeAt(0)};`);
}
