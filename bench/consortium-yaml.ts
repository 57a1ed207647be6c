// consortium.yaml and channel.yaml of the generated benchmark consortia, shared by the generator
// (`bench:validate`, `bench:render`) and `bench:approvals`.

export function consortiumYaml(options: {
  readonly name: string;
  readonly displayName: string;
  /** Org ids; each contributes its orderer0. */
  readonly consenters: readonly string[];
  /** More of the governance section (indented YAML lines, newline-terminated). */
  readonly governance?: string;
}): string {
  return `# yaml-language-server: $schema=../schemas/consortium.schema.json
apiVersion: consortium.gitops/v1alpha1
kind: Consortium
name: ${options.name}
displayName: ${options.displayName}
fabric:
  version: 2.5.12
  images:
    peer: hyperledger/fabric-peer:2.5.12
    orderer: hyperledger/fabric-orderer:2.5.12
    ca: hyperledger/fabric-ca:1.5.15
    tools: hyperledger/fabric-tools:2.5.12
    couchdb: couchdb:3.3.3
ordering:
  type: etcdraft
  consenters:
${options.consenters.map((org) => `    - org: ${org}\n      orderer: orderer0`).join('\n')}
  batch:
    timeout: 2s
    maxMessageCount: 500
    absoluteMaxBytes: 10 MB
    preferredMaxBytes: 2 MB
governance:
  policies:
    Admins: MAJORITY Admins
    Readers: ANY Readers
    Writers: ANY Writers
  rules: {}
${options.governance ?? ''}`;
}

/** A channel with Fabric's default policies and peer0 of every member as anchor peer. */
export function channelYaml(name: string, members: readonly string[]): string {
  return `# yaml-language-server: $schema=../../schemas/channel.schema.json
apiVersion: consortium.gitops/v1alpha1
kind: Channel
name: ${name}
members:
${members.map((m) => `  - ${m}`).join('\n')}
policies:
  Readers: ANY Readers
  Writers: ANY Writers
  Admins: MAJORITY Admins
  Endorsement: MAJORITY Endorsement
  LifecycleEndorsement: MAJORITY Endorsement
anchorPeers:
${members.map((m) => `  - org: ${m}\n    peer: peer0`).join('\n')}
capabilities:
  channel: V2_0
  orderer: V2_0
  application: V2_5
`;
}
