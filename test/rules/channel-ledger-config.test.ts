// The ledger config (block 0 and every committed update) against the config the YAML describes:
// one diagnostic per channel that differs, naming the Fabric elements, the signatures the update
// needs and the fix; silent once `consortium channel update` wrote the update.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyExampleRepo } from '../support/example-repo.ts';
import { findingsOf } from '../support/rule-harness.ts';

const RULE = 'channel-ledger-config';

describe(RULE, () => {
  it('is silent on the example: block 0 of each channel is what its YAML describes', async () => {
    const repo = await copyExampleRepo();
    try {
      expect(findingsOf(await repo.validate(), RULE)).toEqual([]);
    } finally {
      await repo.remove();
    }
  });

  it('names the channel, the changed elements, the signatures needed and the fix, once per channel', async () => {
    const repo = await copyExampleRepo();
    try {
      await repo.edit('channels/recalls/channel.yaml', (t) =>
        t.replace('Endorsement: MAJORITY Endorsement', 'Endorsement: ANY Endorsement'),
      );
      const result = await repo.validate();
      expect(result.ok).toBe(false);
      const found = findingsOf(result, RULE);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ file: 'channels/recalls/channel.yaml', severity: 'error' });
      expect(found[0]?.message).toBe(
        'channel recalls: the ledger config (genesis.block) differs from what the repository describes: ' +
          '/Channel/Application/Endorsement (modified); signatures needed: /Channel/Application/Admins (MAJORITY Admins) ' +
          'needs 2 of: AcmeManufacturingMSP, HarborviewRetailMSP admins; fix: `consortium channel update recalls`',
      );
      expect(found[0]?.hint).toContain('consortium channel sign recalls --org <id>');

      await repo.writeUpdates();
      const updated = await repo.validate();
      expect(findingsOf(updated, RULE)).toEqual([]);
      expect(updated.ok).toBe(true);
    } finally {
      await repo.remove();
    }
  });

  it('an update that does not decode is named at its file', async () => {
    const repo = await copyExampleRepo();
    try {
      await mkdir(join(repo.dir, 'channels/recalls/updates/0001'), { recursive: true });
      await writeFile(join(repo.dir, 'channels/recalls/updates/0001/update.pb'), Buffer.from('not a protobuf'));
      const found = findingsOf(await repo.validate(), RULE);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ file: 'channels/recalls/updates/0001/update.pb', severity: 'error' });
      expect(found[0]?.message).toMatch(/^channel recalls: update 0001 does not apply to the ledger config: /);
    } finally {
      await repo.remove();
    }
  });
});
