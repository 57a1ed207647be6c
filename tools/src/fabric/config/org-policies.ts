// The policies of one organization's group in a channel. A member of the channel is read, written
// and administered by its own identities as usual. An organization that is in the channel's
// configuration only because it runs consenters is not a member: its groups admit only what
// ordering needs, so that its clients, peers and admins cannot read or write the channel.
//   Readers  its orderers: they pull blocks from each other (cluster replication and onboarding
//            use Deliver, checked against /Channel/Readers).
//   Writers  its orderers: they sign the blocks they cut, and BlockValidation (ANY Writers of the
//            Orderer group) accepts a block signed by one of them.
//   Admins   its admins: consenter and orderer-endpoint changes need /Channel/Orderer/Admins
//            (MAJORITY Admins of the orderer organizations), so they must be able to sign.
// Its orderer node itself still receives and stores every block of the channel: the ordering
// service sees all transactions of every channel it orders (docs/design.md says so plainly).

export type OrgPolicyRules = Readonly<Record<string, string>>;

const principal = (mspId: string, role: string): string => `'${mspId}.${role}'`;
const anyOf = (mspId: string, roles: readonly string[]): string =>
  `OR(${roles.map((role) => principal(mspId, role)).join(', ')})`;

/** Policies of a channel member's organization group (Application group, and Orderer group when it orders). */
export function memberOrgPolicyRules(mspId: string): OrgPolicyRules {
  return {
    Readers: anyOf(mspId, ['admin', 'peer', 'client', 'orderer']),
    // Orderers sign blocks: BlockValidation (ANY Writers of the Orderer group) needs their role here.
    Writers: anyOf(mspId, ['admin', 'client', 'orderer']),
    Admins: anyOf(mspId, ['admin']),
    Endorsement: anyOf(mspId, ['peer']),
  };
}

/** Policies of an organization that only provides consenters to the channel. */
export function ordererOnlyOrgPolicyRules(mspId: string): OrgPolicyRules {
  return {
    Readers: anyOf(mspId, ['orderer']),
    Writers: anyOf(mspId, ['orderer']),
    Admins: anyOf(mspId, ['admin']),
  };
}

export function orgPolicyRules(mspId: string, options: { readonly member: boolean }): OrgPolicyRules {
  return options.member ? memberOrgPolicyRules(mspId) : ordererOnlyOrgPolicyRules(mspId);
}
