// A channel that runs on the ledger (it has a genesis.block) holds the config of block 0 followed
// by its committed updates. When the YAML describes something else, the change has not become a
// config update yet and would never reach the ledger: one diagnostic per channel names the
// differing Fabric elements, whose signatures the update will need, and the command that writes it.
import type { Diagnostic } from '../model/diagnostic.ts';
import type { ConsortiumModel } from '../model/types.ts';
import type { ChannelLedgerFiles } from '../model/load-channel-ledger.ts';
import type { ChannelConfig } from '../fabric/config/config-tree.ts';
import { ledgerConfig } from '../fabric/config/ledger-config.ts';
import { computeUpdate } from '../fabric/config/compute-update.ts';
import { applyUpdate } from '../fabric/config/apply-update.ts';
import { authorizeDelta } from '../fabric/config/authorize-delta.ts';
import { elementPath, mapConfig } from '../fabric/config/config-map.ts';

export const CHANNEL_LEDGER_RULE = 'channel-ledger-config';

export function checkChannelLedgerConfig(options: {
  readonly model: ConsortiumModel;
  readonly ledgers: ReadonlyMap<string, ChannelLedgerFiles>;
  readonly desiredConfig: (model: ConsortiumModel, channel: string) => ChannelConfig;
}): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const [channel, files] of [...options.ledgers].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const definition = options.model.channels.find((c) => c.name === channel);
    const file = definition?.source.file ?? `channels/${channel}/channel.yaml`;
    const at = (message: string, hint: string, where = file): Diagnostic => ({
      rule: CHANNEL_LEDGER_RULE,
      severity: 'error',
      file: where,
      line: 1,
      column: 1,
      message,
      hint,
    });
    for (const problem of files.problems)
      found.push(
        at(
          problem.message,
          'Keep updates/<NNNN>/update.pb and signatures/*.sig only, numbered from 0001.',
          problem.file,
        ),
      );
    if (files.genesis === undefined || definition === undefined) continue;
    const ledger = ledgerConfig(files.genesis.bytes, files.updates);
    if (!ledger.ok) {
      const where =
        ledger.number === undefined ? files.genesis.file : `channels/${channel}/updates/${ledger.number}/update.pb`;
      found.push(
        at(
          `channel ${channel}: ${ledger.number === undefined ? 'genesis.block' : `update ${ledger.number}`} does not apply to the ledger config: ${ledger.error}`,
          ledger.staleReadSet
            ? `A merged update moved the ledger since this update was computed: remove it, run \`consortium channel update ${channel}\` again and collect the signatures anew.`
            : `Remove the update and run \`consortium channel update ${channel}\` again.`,
          where,
        ),
      );
      continue;
    }
    let desired: ChannelConfig;
    try {
      desired = options.desiredConfig(options.model, channel);
    } catch {
      continue; // the rules that check the model's channel inputs report why it cannot be built
    }
    const update = computeUpdate({ channelId: channel, original: ledger.config, updated: desired });
    if (update === undefined) continue;
    const applied = applyUpdate({ channelId: channel, config: ledger.config, update });
    const changed = applied.ok
      ? applied.delta.map((d) => `${d.path} (${d.existing === undefined ? 'added' : 'modified'})`)
      : [];
    const removed = removedElements(ledger.config, desired).map((p) => `${p} (removed)`);
    // Who must sign: each changed element's mod_policy as the ledger holds it, with no signature yet.
    const needs = applied.ok
      ? authorizeDelta({ config: ledger.config, delta: applied.delta, signers: [] }).policies.map(
          (p) => `${p.path} (${p.policy}) ${p.missing}`,
        )
      : [];
    const history = `genesis.block${files.updates.length > 0 ? ` and ${files.updates.length} update${files.updates.length === 1 ? '' : 's'}` : ''}`;
    found.push(
      at(
        `channel ${channel}: the ledger config (${history}) differs from what the repository describes: ${[...changed, ...removed].join(', ')}` +
          (needs.length > 0 ? `; signatures needed: ${needs.join('; ')}` : '') +
          `; fix: \`consortium channel update ${channel}\``,
        `Run \`consortium channel update ${channel}\`, commit the update with this change, and have the admins it names run \`consortium channel sign ${channel} --org <id>\`.`,
      ),
    );
  }
  return found;
}

function removedElements(before: ChannelConfig, after: ChannelConfig): string[] {
  const a = mapConfig(before.channelGroup);
  const b = mapConfig(after.channelGroup);
  if (!a.ok || !b.ok) return [];
  const gone = [...a.map].filter(([key]) => !b.map.has(key)).map(([, element]) => elementPath(element));
  // A removed group is enough; its contents go with it.
  return gone.filter((path) => !gone.some((other) => other !== path && path.startsWith(`${other}/`))).sort();
}
