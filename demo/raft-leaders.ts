// Which orderer leads each channel's Raft cluster, from the orderers' own logs: Fabric exposes no
// query for it (osnadmin's channel info has the height and status, not the leader; the
// consensus_etcdraft_is_leader metric is on an operations port the rendered orderers keep inside
// the pod). etcdraft logs every change of leader with its channel and its own Raft ID.

export interface RaftView {
  /** The orderer's own Raft ID on the channel. */
  readonly self: number;
  /** The leader it saw last (0: none). */
  readonly leader: number;
}

// orderer/consensus/etcdraft/chain.go: "Raft leader changed: %d -> %d", logger fields channel, node.
const leaderChanged = /Raft leader changed: \d+ -> (\d+)\b.*?\bchannel=(\S+)\s+node=(\d+)/;

/** The last leader change an orderer logged per channel. */
export function raftViews(log: string): Map<string, RaftView> {
  const views = new Map<string, RaftView>();
  for (const line of log.split('\n')) {
    const match = leaderChanged.exec(line);
    if (match?.[1] === undefined || match[2] === undefined || match[3] === undefined) continue;
    views.set(match[2], { leader: Number(match[1]), self: Number(match[3]) });
  }
  return views;
}
