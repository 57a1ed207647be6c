// What a member-scoped load reads (tools/src/model/member-scope.ts): the member's channels in full,
// fellow members' and consenters' folders, and of the rest only what its manifests need.
import { describe, expect, it } from 'vitest';
import { decideMemberScope, inMemberScope } from '../../tools/src/model/member-scope.ts';
import { buildModel } from '../support/model-builder.ts';

// org1 runs the only consenter; org3 runs no orderer. Channel "private" (org1, org2) has a
// committed update, channel "quiet" (org1, org4) none.
const model = buildModel({}, (m) => {
  m.consortium!.ordering.consenters = [{ org: 'org1', orderer: 'orderer0' }];
  m.orgs[2]!.orderers = [];
});
const consortium = model.consortium!;
const channels = [
  ...model.channels.map((c) => ({ name: c.name, members: c.members })),
  { name: 'private', members: ['org1', 'org2'] },
  { name: 'quiet', members: ['org1', 'org4'] },
];
const org = (id: string) => model.orgs.find((o) => o.id === id)!;
const scopeOf = (id: string) =>
  decideMemberScope({ members: [org(id)], consortium, channels, channelsWithUpdates: new Set(['private']) });

describe('decideMemberScope', () => {
  it('a member without orderers: its channels and their members, the consenters, and every channel with updates', () => {
    const scope = scopeOf('org3');
    expect(scope.memberChannels).toEqual(['recalls', 'traceability']);
    expect(scope.fullOrgs).toEqual(['org1', 'org2', 'org3']);
    // Its signature may count on a channel it has left: the ledger files of every updated channel.
    expect(scope.otherChannels).toEqual(['private']);
    expect(scope.rangeOrgs).toEqual([]);
  });

  it("a member with orderers: every channel, and org.yaml of every channel member for the orderers' source ranges", () => {
    const scope = scopeOf('org2');
    expect(scope.memberChannels).toEqual(['private', 'traceability']);
    expect(scope.otherChannels).toEqual(['quiet', 'recalls']);
    expect(scope.fullOrgs).toEqual(['org1', 'org2', 'org3']);
    expect(scope.rangeOrgs).toEqual(['org4']);
  });
});

describe('inMemberScope', () => {
  const scope = scopeOf('org2');
  it.each([
    ['consortium/consortium.yaml', true],
    ['orgs/org3/msp/tlsca.pem', true],
    ['orgs/org4/org.yaml', true],
    ['orgs/org4/msp/tlsca.pem', false],
    ['orgs/org5/org.yaml', false],
    ['channels/private/chaincodes/cc.yaml', true],
    ['channels/quiet/channel.yaml', true],
    ['channels/quiet/genesis.block', true],
    ['channels/quiet/updates/0001/update.pb', true],
    ['channels/quiet/chaincodes/cc.yaml', false],
    ['channels/other/channel.yaml', false],
    ['chaincode/provenance/META-INF/statedb/couchdb/indexes/a.json', false],
  ])('%s: %s', (path, expected) => {
    expect(inMemberScope(scope, path)).toBe(expected);
  });

  it("reads a chaincode's metaInf folder once it is known", () => {
    const withMetaInf = { ...scope, metaInfDirs: ['chaincode/provenance/META-INF/'] };
    expect(inMemberScope(withMetaInf, 'chaincode/provenance/META-INF/statedb/couchdb/indexes/a.json')).toBe(true);
  });
});
