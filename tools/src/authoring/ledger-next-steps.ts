// An authoring edit that changes a channel on the ledger (a member added or removed, a certificate
// rotated, an anchor peer or a policy changed) is not done when its YAML is written: the change
// reaches the ledger only as a config update signed by the admins its mod_policies name. The
// command therefore ends by naming that update and those signers.

export interface PendingLedgerUpdate {
  readonly channel: string;
  /** "0001": the number `consortium channel update` will give it. */
  readonly update: string;
  readonly changes: readonly { readonly path: string; readonly added: boolean }[];
  /** Each policy the update must satisfy, with no signature yet ("needs 2 of: ... admins"). */
  readonly policies: readonly { readonly path: string; readonly policy: string; readonly missing: string }[];
  /** Organizations whose admins can sign towards those policies. */
  readonly signers: readonly { readonly mspId: string; readonly org: string | undefined }[];
}

/** The steps that come before committing: write the update(s), then who signs them. */
export function describeLedgerNextSteps(pending: readonly PendingLedgerUpdate[]): string[] {
  const steps: string[] = [];
  const channels = [...new Set(pending.map((p) => p.channel))];
  for (const channel of channels) {
    const updates = pending.filter((p) => p.channel === channel);
    const numbers = updates.map((u) => u.update);
    const which =
      numbers.length === 1
        ? `update ${numbers[0]}`
        : `updates ${numbers.join(', ')} (etcdraft: one consenter change each)`;
    const needs = updates.flatMap((u) => u.policies.map((p) => `${p.path} (${p.policy}) ${p.missing}`));
    steps.push(
      `write ${which} with \`consortium channel update ${channel}\`; these must sign: ${[...new Set(needs)].join('; ')}`,
    );
    for (const u of updates) {
      for (const s of u.signers) {
        steps.push(
          `  consortium channel sign ${channel} --org ${s.org ?? `<org of ${s.mspId}>`} --update ${u.update}   (an admin of ${s.mspId}, on their own machine; the .sig file is committed with the pull request)`,
        );
      }
    }
  }
  return steps;
}
