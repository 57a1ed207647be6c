// The submission Job of a committed channel update and the peer join Job that waits for the
// ledger: what each member renders. Their scripts run against a real ordering service in
// test/fabric-network/add-member.fabric.test.ts.
import { execFileSync } from 'node:child_process';
import { common } from '@hyperledger/fabric-protos';
import { describe, expect, it } from 'vitest';
import { configUpdateEnvelope } from '../../tools/src/fabric/config/update-envelope.ts';
import { renderUpdateSubmission, type ChannelUpdateSubmission } from '../../tools/src/render/channel-update-jobs.ts';
import { buildContexts } from '../../tools/src/render/context.ts';
import { renderPeerJoinJob } from '../../tools/src/render/jobs.ts';
import { joinPeerWhenMemberScript, submitUpdateScript } from '../../tools/src/render/ledger-scripts.ts';
import type { KubeObject } from '../../tools/src/render/types.ts';
import { builtModel } from './support/render-fixtures.ts';

const update = new common.ConfigUpdate();
update.setChannelId('traceability');
const updateBytes = update.serializeBinary();
const signature = (mspId: string) => {
  const sig = new common.ConfigSignature();
  sig.setSignatureHeader(new TextEncoder().encode(`header of ${mspId}`));
  sig.setSignature(new TextEncoder().encode(`signature of ${mspId}`));
  return sig.serializeBinary();
};

async function contexts() {
  const model = await builtModel();
  if (model.consortium === undefined) throw new Error('model without consortium');
  return buildContexts(model, model.consortium);
}

function submission(signers: string[], signatures = signers.map(signature)): ChannelUpdateSubmission {
  return {
    channel: 'traceability',
    number: '0001',
    sequence: 1,
    envelope: configUpdateEnvelope({ channelId: 'traceability', update: updateBytes, signatures }),
    signers,
  };
}

type Job = KubeObject & {
  spec: { template: { spec: { containers: { command: string[]; env: { name: string; value: string }[] }[] } } };
};
const envOf = (job: Job) => new Map(job.spec.template.spec.containers[0]?.env.map((e) => [e.name, e.value]));

describe('configUpdateEnvelope', () => {
  it('carries the committed update bytes unchanged and every signature, in a CONFIG_UPDATE envelope for the channel', () => {
    const signatures = [signature('A'), signature('B')];
    const envelope = common.Envelope.deserializeBinary(
      configUpdateEnvelope({ channelId: 'traceability', update: updateBytes, signatures }),
    );
    const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
    const channelHeader = common.ChannelHeader.deserializeBinary(
      payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array(),
    );
    expect(channelHeader.getType()).toBe(common.HeaderType.CONFIG_UPDATE);
    expect(channelHeader.getChannelId()).toBe('traceability');
    const inner = common.ConfigUpdateEnvelope.deserializeBinary(payload.getData_asU8());
    expect(Buffer.from(inner.getConfigUpdate_asU8())).toEqual(Buffer.from(updateBytes));
    expect(inner.getSignaturesList().map((s) => Buffer.from(s.serializeBinary()))).toEqual(
      signatures.map((s) => Buffer.from(s)),
    );
  });
});

describe('submission Job of a channel update', () => {
  it('is rendered by the members whose org signed, with the envelope in a content-named ConfigMap', async () => {
    const all = await contexts();
    const [org1, org2] = all;
    if (org1 === undefined || org2 === undefined) throw new Error('two orgs expected');
    const input = submission([org1.org.mspId]);
    const objects = renderUpdateSubmission(org1, input);
    expect(objects.map((o) => o.kind)).toEqual(['ConfigMap', 'Job']);
    const [configMap, job] = objects as [KubeObject & { binaryData: Record<string, string> }, Job];
    expect(Buffer.from(configMap.binaryData['envelope.pb'] ?? '', 'base64')).toEqual(Buffer.from(input.envelope));
    expect(configMap.metadata.name).toMatch(/^traceability-update-0001-[0-9a-f]{10}$/);
    const env = envOf(job);
    expect(env.get('UPDATE')).toBe('0001');
    expect(env.get('SEQUENCE')).toBe('1');
    expect(env.get('CORE_PEER_LOCALMSPID')).toBe(org1.org.mspId);
    expect(job.spec.template.spec.containers[0]?.command[2]).toBe(submitUpdateScript());
    // A member that did not sign renders nothing: submitting adds its admin's signature.
    expect(renderUpdateSubmission(org2, input)).toEqual([]);
  });

  it('gets a new name when the collected signatures change', async () => {
    const [org1] = await contexts();
    if (org1 === undefined) throw new Error('org expected');
    const one = renderUpdateSubmission(org1, submission([org1.org.mspId]));
    const two = renderUpdateSubmission(org1, submission([org1.org.mspId], [signature('x'), signature('y')]));
    expect(one[1]?.metadata.name).not.toBe(two[1]?.metadata.name);
    expect(one[0]?.metadata.name).not.toBe(two[0]?.metadata.name);
  });
});

describe('peer join Job', () => {
  it('waits for the ledger config to contain the org, from the genesis block and the orderer the member uses', async () => {
    const [org1] = await contexts();
    const peer = org1?.org.peers[0];
    const channel = org1?.channels[0];
    if (org1 === undefined || peer === undefined || channel === undefined) throw new Error('member expected');
    const job = renderPeerJoinJob(org1, peer, channel) as Job;
    expect(job.spec.template.spec.containers[0]?.command[2]).toBe(joinPeerWhenMemberScript());
    const env = envOf(job);
    expect(env.get('GENESIS_BLOCK')).toBe('/var/hyperledger/genesis/genesis.block');
    expect(env.get('CHANNEL')).toBe(channel.name);
    expect(env.get('ORDERER_ADDRESS')).toMatch(/:\d+$/);
    expect(Number(env.get('DEADLINE_SECONDS'))).toBeGreaterThan(0);
  });
});

describe('ledger scripts', () => {
  it.each([
    ['submission', submitUpdateScript()],
    ['peer join', joinPeerWhenMemberScript()],
  ])('the %s script is valid POSIX shell', (_name, script) => {
    execFileSync('sh', ['-n', '-c', script]);
  });
});
