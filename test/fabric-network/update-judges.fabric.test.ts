// Two judges of the same channel updates: the toolkit (the rules `channel verify` and the
// governance check apply: applyUpdate, verifyConfigSignatures, authorizeDelta against the config
// before the update) and the ordering service of the native network (the rendered submission
// Job's script, run as the submitting member). Every case must get the same answer from both.
import { createPrivateKey, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyUpdate } from '../../tools/src/fabric/config/apply-update.ts';
import { authorizeDelta } from '../../tools/src/fabric/config/authorize-delta.ts';
import { computeUpdate } from '../../tools/src/fabric/config/compute-update.ts';
import type { ChannelConfig, ConfigGroupNode } from '../../tools/src/fabric/config/config-tree.ts';
import { decodeConfigUpdate, encodeConfigUpdate } from '../../tools/src/fabric/config/config-update.ts';
import { decodeConfigBlock } from '../../tools/src/fabric/config/config-block.ts';
import { configUpdateEnvelope } from '../../tools/src/fabric/config/update-envelope.ts';
import { signConfigUpdate } from '../../tools/src/fabric/signature/config-signature.ts';
import { verifyConfigSignatures } from '../../tools/src/fabric/signature/verify-config-signatures.ts';
import { generateOrgPki } from '../../tools/src/pki/generate-org-pki.ts';
import { issueTlsCertificate } from '../../tools/src/pki/issue-tls-certificate.ts';
import { renderUpdateSubmission } from '../../tools/src/render/channel-update-jobs.ts';
import { buildContexts } from '../../tools/src/render/context.ts';
import { orderer } from '@hyperledger/fabric-protos';
import {
  anchorPeersValue,
  applicationOrgGroup,
  sampleOrg,
  withGroup,
} from '../fabric/config/support/sample-channel.ts';
import { fabricNetworkAvailability } from './availability.ts';
import { loadModel } from './network-repo.ts';
import { startFabricNetwork, type FabricNetwork } from './network.ts';
import { runRenderedJob } from './rendered-job.ts';

const CHANNEL = 'traceability';
const availability = fabricNetworkAvailability('toolkit and orderer agree on channel updates (*.fabric.test.ts)');

interface Signer {
  readonly mspId: string;
  readonly certificate: string;
  readonly key: string;
}

/** The orderer's reason, as `peer channel update` prints it. */
const refusalOf = (log: string): string => /BAD_REQUEST -- (.*)/.exec(log)?.[1] ?? log.trim().split('\n').pop() ?? '';

interface Verdict {
  readonly accepted: boolean;
  readonly detail: string;
}

describe.skipIf(!availability.available)('the toolkit and the ordering service judge channel updates alike', () => {
  let network: FabricNetwork;
  const admins = new Map<string, Signer>();

  beforeAll(async () => {
    if (!availability.available) return;
    network = await startFabricNetwork({ binaries: availability.binaries });
    for (const org of network.orgs.values()) {
      admins.set(org.id, {
        mspId: org.mspId,
        certificate: await readFile(join(org.material.adminMspDir, 'signcerts', 'cert.pem'), 'utf8'),
        key: await readFile(join(org.material.adminMspDir, 'keystore', 'key.pem'), 'utf8'),
      });
    }
  }, 300_000);
  afterAll(async () => {
    await network?.stop();
  });

  const ledger = async (): Promise<ChannelConfig> => {
    const block = decodeConfigBlock(await network.fetchConfigBlock(CHANNEL, 'manufacturer'));
    return block.config;
  };
  const admin = (orgId: string): Signer => {
    const signer = admins.get(orgId);
    if (signer === undefined) throw new Error(`no admin of ${orgId}`);
    return signer;
  };
  const sign = (update: Uint8Array, signers: readonly Signer[]) =>
    signers.map((s, i) => ({
      file: `${String(i).padStart(2, '0')}-${s.mspId}.sig`,
      bytes: signConfigUpdate({
        configUpdate: update,
        mspId: s.mspId,
        certificatePem: s.certificate,
        privateKey: createPrivateKey(s.key),
        nonce: randomBytes(24),
      }),
    }));
  const updateFrom = (before: ChannelConfig, after: ChannelConfig): Uint8Array => {
    const update = computeUpdate({ channelId: CHANNEL, original: before, updated: after });
    if (update === undefined) throw new Error('the case changes nothing');
    return encodeConfigUpdate(update);
  };

  function toolkitJudge(
    before: ChannelConfig,
    update: Uint8Array,
    signatures: readonly { file: string; bytes: Uint8Array }[],
  ): Verdict {
    const decoded = decodeConfigUpdate(update);
    if (!decoded.ok) return { accepted: false, detail: decoded.error };
    const applied = applyUpdate({ channelId: CHANNEL, config: before, update: decoded.value });
    if (!applied.ok) return { accepted: false, detail: applied.error };
    const checks = verifyConfigSignatures({ config: before, configUpdate: update, signatures, now: new Date() });
    const signers = checks.flatMap((c) => (c.counted && c.signer !== undefined ? [c.signer] : []));
    const verdict = authorizeDelta({ config: before, delta: applied.delta, signers });
    const ignored = checks.filter((c) => !c.counted).map((c) => `${c.mspId}: ${c.reason}`);
    const missing = verdict.policies.filter((p) => !p.satisfied).map((p) => `${p.path}: ${JSON.stringify(p.missing)}`);
    return { accepted: verdict.satisfied, detail: [...missing, ...ignored].join('; ') };
  }

  async function ordererJudge(
    before: ChannelConfig,
    update: Uint8Array,
    signatures: readonly { file: string; bytes: Uint8Array }[],
    submitter: string,
  ): Promise<Verdict> {
    const model = await loadModel(network.repo.dir);
    const ctx = buildContexts(model, model.consortium ?? (undefined as never)).find((c) => c.org.id === submitter);
    if (ctx === undefined) throw new Error(`no member ${submitter}`);
    const envelope = configUpdateEnvelope({ channelId: CHANNEL, update, signatures: signatures.map((s) => s.bytes) });
    const [, job] = renderUpdateSubmission(ctx, {
      channel: CHANNEL,
      number: '0001',
      sequence: before.sequence + 1,
      envelope,
      signers: [ctx.org.mspId],
    });
    if (job === undefined) throw new Error('no submission Job rendered');
    const file = join(network.rootDir, `envelope-${randomBytes(4).toString('hex')}.pb`);
    await writeFile(file, envelope);
    const result = await runRenderedJob(network, { job, orgId: submitter, files: { ENVELOPE: file } });
    return { accepted: result.code === 0, detail: `${result.stdout}${result.stderr}` };
  }

  const withDistributor = async (before: ChannelConfig) => {
    const distributor = await sampleOrg('NordicDistributionMSP', 'nordic-distribution.example');
    const after = withGroup(before, ['Application'], (group) => ({
      ...group,
      groups: { ...group.groups, [distributor.mspId]: applicationOrgGroup(distributor) },
    }));
    const own: Signer = {
      mspId: distributor.mspId,
      certificate: distributor.pki.certificates.admin,
      key: distributor.pki.keys.admin,
    };
    return { update: updateFrom(before, after), own };
  };
  /** Sets manufacturer's anchor peer to `host`, or removes its anchor peers (undefined). */
  const anchorPeerChange = (before: ChannelConfig, host: string | undefined) => {
    const mspId = admin('manufacturer').mspId;
    return updateFrom(
      before,
      withGroup(before, ['Application', mspId], (group: ConfigGroupNode) => {
        const { AnchorPeers: current, ...others } = group.values;
        if (host === undefined) return { ...group, values: others };
        const base = current ?? { version: 0, modPolicy: 'Admins', value: new Uint8Array() };
        return { ...group, values: { ...others, AnchorPeers: { ...base, value: anchorPeersValue(host, 443) } } };
      }),
    );
  };

  async function judgeBoth(
    name: string,
    before: ChannelConfig,
    update: Uint8Array,
    signers: readonly Signer[],
    submitter: string,
  ) {
    const signatures = sign(update, signers);
    const toolkit = toolkitJudge(before, update, signatures);
    const ordering = await ordererJudge(before, update, signatures, submitter);
    console.log(
      `${name}: toolkit ${toolkit.accepted ? 'accepts' : `refuses (${toolkit.detail})`}; orderer ${ordering.accepted ? 'accepts' : `refuses (${refusalOf(ordering.detail)})`}`,
    );
    expect(toolkit.accepted, `${name}: toolkit and orderer disagree\n${ordering.detail}`).toBe(ordering.accepted);
    return { toolkit, ordering };
  }

  it('one signature of three: pending for the toolkit, "implicit policy evaluation failed" for the orderer', async () => {
    const before = await ledger();
    const { update } = await withDistributor(before);
    const { toolkit, ordering } = await judgeBoth(
      'one of three',
      before,
      update,
      [admin('manufacturer')],
      'manufacturer',
    );
    expect(toolkit.accepted).toBe(false);
    expect(ordering.detail).toMatch(
      /implicit policy evaluation failed - 1 sub-policies were satisfied, but this policy requires 2/,
    );
  });

  it("the joining org's own signature is counted by neither", async () => {
    const before = await ledger();
    const { update, own } = await withDistributor(before);
    const { toolkit, ordering } = await judgeBoth(
      'joining org signs',
      before,
      update,
      [admin('manufacturer'), own],
      'manufacturer',
    );
    expect(toolkit.accepted).toBe(false);
    expect(toolkit.detail).toMatch(/NordicDistributionMSP: .*not an MSP of the channel config/);
    expect(ordering.detail).toMatch(/implicit policy evaluation failed - 1 sub-policies were satisfied/);
  });

  it('a signature forged with a look-alike CA (same names, other key) is ignored by both', async () => {
    const before = await ledger();
    const { update } = await withDistributor(before);
    const model = await loadModel(network.repo.dir);
    const logistics = model.orgs.find((o) => o.id === 'logistics');
    if (logistics === undefined) throw new Error('no logistics');
    const lookAlike = await generateOrgPki({
      orgId: logistics.id,
      mspId: logistics.mspId,
      domain: logistics.domain,
      organizationName: logistics.displayName,
      validity: { days: 365 },
      now: new Date(),
    });
    const forged: Signer = {
      mspId: logistics.mspId,
      certificate: lookAlike.certificates.admin,
      key: lookAlike.keys.admin,
    };
    const { toolkit, ordering } = await judgeBoth(
      'forged',
      before,
      update,
      [admin('manufacturer'), forged],
      'manufacturer',
    );
    expect(toolkit.accepted).toBe(false);
    expect(ordering.detail).toMatch(/implicit policy evaluation failed - 1 sub-policies were satisfied/);
  });

  it('two consenter changes in one update are refused by both', async () => {
    const before = await ledger();
    const ordererGroup = before.channelGroup.groups['Orderer'];
    const consensus = ordererGroup?.values['ConsensusType'];
    if (consensus === undefined) throw new Error('no ConsensusType');
    const type = orderer.ConsensusType.deserializeBinary(consensus.value);
    const metadata = orderer.etcdraft.ConfigMetadata.deserializeBinary(type.getMetadata_asU8());
    const manufacturer = network.org('manufacturer');
    const extra = async (name: string) => {
      const host = `${name}.fabric.acme-manufacturing.example`;
      const tls = await issueTlsCertificate({
        issuer: {
          certificate: await readFile(manufacturer.material.tlsCaCertFile, 'utf8'),
          key: await readFile(join(network.repo.keysRoot, 'manufacturer', 'tlsca-key.pem'), 'utf8'),
        },
        host,
        organization: 'test',
        validity: { days: 365 },
        now: new Date(),
      });
      const consenter = new orderer.etcdraft.Consenter();
      consenter.setHost(host);
      consenter.setPort(443);
      consenter.setClientTlsCert(Buffer.from(tls.certificate));
      consenter.setServerTlsCert(Buffer.from(tls.certificate));
      return consenter;
    };
    metadata.setConsentersList([...metadata.getConsentersList(), await extra('orderer1'), await extra('orderer2')]);
    type.setMetadata(metadata.serializeBinary());
    const after = withGroup(before, ['Orderer'], (group) => ({
      ...group,
      values: { ...group.values, ConsensusType: { ...consensus, value: type.serializeBinary() } },
    }));
    const update = updateFrom(before, after);
    const { toolkit, ordering } = await judgeBoth(
      'two consenters',
      before,
      update,
      [admin('manufacturer'), admin('logistics'), admin('retailer')],
      'manufacturer',
    );
    expect(toolkit.accepted).toBe(false);
    expect(ordering.detail).toMatch(/consenter/i);
  });

  it('an anchor-peer change signed by that org alone is accepted by both; the same change computed before it is stale for both', async () => {
    const before = await ledger();
    // Removing the org's anchor peers changes its group (a new version); the second update, made
    // from the same ledger state, then reads a version of that group the ledger no longer has.
    const first = anchorPeerChange(before, undefined);
    const stale = anchorPeerChange(before, 'peer1.fabric.acme-manufacturing.example');
    const accepted = await judgeBoth('anchor peers', before, first, [admin('manufacturer')], 'manufacturer');
    expect(accepted.toolkit.accepted).toBe(true);
    const now = await ledger();
    expect(now.sequence).toBe(before.sequence + 1);
    // The stale update still names the ledger state it was computed against.
    const staleVerdict = toolkitJudge(now, stale, sign(stale, [admin('manufacturer')]));
    const orderer = await ordererJudge(now, stale, sign(stale, [admin('manufacturer')]), 'manufacturer');
    console.log(
      `stale read set: toolkit refuses (${staleVerdict.detail}); orderer ${orderer.accepted ? 'accepts' : `refuses (${refusalOf(orderer.detail)})`}`,
    );
    expect(staleVerdict.accepted).toBe(false);
    expect(orderer.accepted).toBe(false);
    expect(orderer.detail).toMatch(/requires that key .* be at version \d+, but it is currently at version \d+/);
  });
});
