// Fabric settings a reviewer checks node by node: the peer's listeners, probes that do not restart a
// peer for its CouchDB's sake, network flows that follow the channel configuration's endpoints,
// approvals that stay idempotent and complete, and a connection profile that names the orderers.
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { buildContexts } from '../../tools/src/render/context.ts';
import { renderConsortium } from '../../tools/src/render/render-consortium.ts';
import { allowedSourceRanges } from '../../tools/src/render/source-ranges.ts';
import { builtModel, memberOf, objectsOf, type ParsedObject } from './support/render-fixtures.ts';

interface Container {
  env: { name: string; value?: string }[];
  command: string[];
  livenessProbe: Record<string, unknown>;
  readinessProbe: Record<string, unknown>;
}

const find = (objects: ParsedObject[], kind: string, name: string) =>
  objects.find((o) => o.object.kind === kind && o.object.metadata.name === name);
const containerOf = (object: ParsedObject | undefined): Container =>
  (object?.object as unknown as { spec: { template: { spec: { containers: Container[] } } } }).spec.template.spec
    .containers[0] as Container;
const envOf = (container: Container) => new Map(container.env.map((e) => [e.name, e.value]));
const approveScript = (objects: ParsedObject[], base: string): string => {
  const job = objects.find((o) => o.object.kind === 'Job' && o.object.metadata.name.startsWith(`${base}-approve-`));
  return containerOf(job).command[2] ?? '';
};

describe('Fabric node configuration', () => {
  it('binds every peer chaincode listener to the pod, not to the Service address', async () => {
    const org1 = objectsOf(memberOf(renderConsortium(await builtModel()), 'org1'));
    for (const peer of ['peer0-org1', 'peer1-org1']) {
      const env = envOf(containerOf(find(org1, 'StatefulSet', peer)));
      expect(env.get('CORE_PEER_ADDRESS')).toBe(`${peer}.fabric-org1.svc:7051`);
      expect(env.get('CORE_PEER_CHAINCODELISTENADDRESS')).toBe('0.0.0.0:7052');
      expect(env.get('CORE_PEER_CHAINCODEADDRESS')).toBe(`${peer}.fabric-org1.svc:7052`);
    }
  });

  it('makes every peer an org leader that pulls blocks from the orderers, so a restarted peer catches up', async () => {
    // Fabric's core.yaml: with state transfer off, leader election leaves a non-leader peer
    // depending on the leader's gossip; a static org leader fetches blocks itself.
    for (const org of ['org1', 'org2']) {
      const objects = objectsOf(memberOf(renderConsortium(await builtModel()), org));
      const peers = objects.filter(
        (o) => o.object.kind === 'StatefulSet' && /^peer\d+-org\d+$/.test(o.object.metadata.name),
      );
      expect(peers.length).toBeGreaterThan(0);
      for (const peer of peers) {
        const env = envOf(containerOf(peer));
        expect(env.get('CORE_PEER_GOSSIP_USELEADERELECTION')).toBe('false');
        expect(env.get('CORE_PEER_GOSSIP_ORGLEADER')).toBe('true');
      }
    }
  });

  it('keeps a CouchDB peer alive through a CouchDB outage: /healthz decides readiness only', async () => {
    const org1 = objectsOf(memberOf(renderConsortium(await builtModel()), 'org1'));
    const couch = containerOf(find(org1, 'StatefulSet', 'peer0-org1'));
    expect(couch.readinessProbe).toMatchObject({ httpGet: { path: '/healthz' } });
    expect(couch.livenessProbe).toMatchObject({ tcpSocket: { port: 'operations' } });
    expect(couch.livenessProbe).not.toHaveProperty('httpGet');
    const level = containerOf(find(org1, 'StatefulSet', 'peer1-org1'));
    expect(level.livenessProbe).toMatchObject({ httpGet: { path: '/healthz' } });
  });

  it('lets no orderer dial a peer and no peer dial an orderer inside the namespace', async () => {
    const org1 = objectsOf(memberOf(renderConsortium(await builtModel()), 'org1'));
    const flows = (name: string) => {
      const spec = find(org1, 'NetworkPolicy', name)?.object.spec as { ingress: unknown; egress: unknown };
      return JSON.stringify([spec.ingress, spec.egress]);
    };
    const peers = flows('fabric-peers');
    const orderers = flows('fabric-orderers');
    expect(peers).not.toContain('fabric-orderer');
    expect(orderers).not.toContain('fabric-peer');
    expect(orderers).not.toContain('"fabric-orderer"');
    expect(orderers).toContain('fabric-admin-job');
  });

  it("approves again with the org's package when only an approval without it exists, even after commit", async () => {
    const members = renderConsortium(await builtModel());
    const runner = approveScript(objectsOf(memberOf(members, 'org1')), 'recall-notices-recalls');
    expect(runner).toMatch(/queryapproved .* --output json 2>\/dev\/null \| grep -q "\\"\$PACKAGE_ID\\""; then/);
    // A committed sequence is no reason to stop: only a later one supersedes this approval.
    expect(runner).toContain('if [ "$(committed_sequence)" -gt "$CC_SEQUENCE" ]; then');
    expect(runner).not.toContain('-ge "$CC_SEQUENCE"');
    expect(runner).toContain('--package-id "$PACKAGE_ID"');
  });

  it('lets a member that does not run the chaincode stop once approved or committed, without a package', async () => {
    const members = renderConsortium(
      await builtModel((m) => {
        const cc = m.channels.find((c) => c.name === 'traceability')?.chaincodes[0];
        if (cc !== undefined) cc.installedOn = ['org1', 'org3'];
      }),
    );
    const script = approveScript(objectsOf(memberOf(members, 'org2')), 'provenance-traceability');
    expect(script).toContain('querycommitted');
    expect(script).toMatch(/queryapproved [^|]*>\/dev\/null 2>&1; then/);
    expect(script).not.toContain('PACKAGE_ID');
    expect(script).toContain('--collections-config "$WORK_DIR/collections.json"');
  });

  it('lists every consenter in the connection profiles, its own nodes in-cluster in the in-cluster one', async () => {
    const org1 = objectsOf(memberOf(renderConsortium(await builtModel()), 'org1'));
    const map = find(org1, 'ConfigMap', 'fabric-connection-profile')?.object as unknown as {
      data: Record<string, string>;
    };
    type Profile = {
      orderers: Record<string, { url: string; tlsCACerts: { pem: string } }>;
      peers: Record<string, { url: string; grpcOptions: Record<string, string> }>;
      channels: Record<string, { orderers: string[] }>;
    };
    const external = load(map.data['connection-profile-external.yaml'] ?? '') as Profile;
    const hosts = Object.keys(external.orderers);
    expect(hosts).toHaveLength(3);
    for (const host of hosts) {
      expect(external.orderers[host]?.url).toBe(`grpcs://${host}:443`);
      expect(external.orderers[host]?.tlsCACerts.pem).toContain('BEGIN CERTIFICATE');
    }
    expect(new Set(hosts.map((h) => external.orderers[h]?.tlsCACerts.pem)).size).toBe(3);
    for (const channel of Object.values(external.channels)) expect(channel.orderers).toEqual(hosts);
    expect(Object.keys(external.peers)).toEqual(['peer0.fabric.org1.example', 'peer1.fabric.org1.example']);

    const inCluster = load(map.data['connection-profile.yaml'] ?? '') as Profile;
    expect(Object.values(inCluster.orderers).map((o) => o.url)).toEqual([
      'grpcs://orderer0-org1.fabric-org1.svc:7050',
      'grpcs://orderer0.fabric.org2.example:443',
      'grpcs://orderer0.fabric.org3.example:443',
    ]);
    expect(inCluster.peers['peer0-org1.fabric-org1.svc']).toMatchObject({
      url: 'grpcs://peer0-org1.fabric-org1.svc:7051',
      grpcOptions: { 'ssl-target-name-override': 'peer0-org1.fabric-org1.svc' },
    });
  });

  it("lets every channel's members reach an orderer, even members its org shares no channel with", async () => {
    const model = await builtModel((m) => {
      // traceability: org1 and org2; recalls: org1 and org3; consenters from org1 and org3 only.
      // org2 and org3 share no channel, yet org3's orderer orders traceability for org2.
      const traceability = m.channels.find((c) => c.name === 'traceability');
      if (traceability !== undefined) {
        traceability.members = ['org1', 'org2'];
        traceability.anchorPeers = traceability.anchorPeers.filter((a) => a.org !== 'org3');
        for (const cc of traceability.chaincodes) cc.installedOn = ['org1', 'org2'];
      }
      const ordering = m.consortium?.ordering;
      if (ordering !== undefined) ordering.consenters = ordering.consenters.filter((c) => c.org !== 'org2');
      m.orgs[0]!.network.egressCidrs = ['192.0.2.0/24'];
      m.orgs[1]!.network.egressCidrs = ['198.51.100.0/24'];
    });
    const ctx = buildContexts(model, model.consortium!).find((c) => c.org.id === 'org3')!;
    // org3 dials its own nodes too (its peers reach its orderer at the external host): until it
    // declares its ranges, nothing can be restricted without locking it out.
    expect(allowedSourceRanges(ctx, 'orderer')).toBeUndefined();
    const declared = buildContexts(
      {
        ...model,
        orgs: model.orgs.map((o) => (o.id === 'org3' ? { ...o, network: { egressCidrs: ['203.0.113.0/24'] } } : o)),
      },
      model.consortium!,
    ).find((c) => c.org.id === 'org3')!;
    expect(allowedSourceRanges(declared, 'orderer')).toEqual(['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24']);
    expect(allowedSourceRanges(declared, 'peer')).toEqual(['192.0.2.0/24', '203.0.113.0/24']);
  });

  it('starts lifecycle Jobs only once the channel exists, so their back-off is not spent waiting for it', async () => {
    const org1 = objectsOf(memberOf(renderConsortium(await builtModel()), 'org1'));
    const lifecycle = org1.filter(
      (o) => o.object.kind === 'Job' && /-(approve|commit)-[0-9a-f]{10}$/.test(o.object.metadata.name),
    );
    expect(lifecycle.length).toBeGreaterThanOrEqual(3);
    for (const job of lifecycle) {
      const channel = job.object.metadata.labels?.['fabric.consortium/channel'];
      const volumes = JSON.stringify(
        (job.object as unknown as { spec: { template: { spec: { volumes: unknown } } } }).spec.template.spec.volumes,
      );
      expect(volumes).toContain(`{"name":"genesis","configMap":{"name":"${channel}-genesis"}}`);
    }
  });

  it('passes an ImplicitMeta endorsement policy as a reference to the channel policy with that expression', async () => {
    const withPolicy = (policy: string) =>
      builtModel((m) => {
        const cc = m.channels.find((c) => c.name === 'traceability')?.chaincodes[0];
        if (cc !== undefined) cc.endorsementPolicy = policy;
      });
    const org1 = objectsOf(memberOf(renderConsortium(await withPolicy('MAJORITY  Endorsement')), 'org1'));
    const job = org1.find((o) => o.object.metadata.name.startsWith('provenance-traceability-approve-'));
    const container = containerOf(job);
    expect(container.command[2]).toContain('--channel-config-policy "$CC_ENDORSEMENT_POLICY"');
    expect(container.command[2]).not.toContain('--signature-policy');
    expect(envOf(container).get('CC_ENDORSEMENT_POLICY')).toBe('/Channel/Application/Endorsement');
    await expect(withPolicy('ALL Endorsement').then(renderConsortium)).rejects.toThrow(
      /ImplicitMeta policy that none of channel "traceability"'s Application policies has/,
    );
  });

  it('refuses an endorsement policy nested deeper than Fabric decodes, even in an unvalidated repository', async () => {
    const deep = 'AND('.repeat(20_000) + "'Org1MSP.peer'" + ')'.repeat(20_000);
    const model = await builtModel((m) => {
      const cc = m.channels.find((c) => c.name === 'traceability')?.chaincodes[0];
      if (cc !== undefined) cc.endorsementPolicy = deep;
    });
    expect(() => renderConsortium(model)).toThrow(/chaincode "provenance".*nested more than 4,996 gates deep/s);
  });

  it("runs each CouchDB on its own peer's node and lets a drain take one CouchDB at a time", async () => {
    const org1 = objectsOf(memberOf(renderConsortium(await builtModel()), 'org1'));
    const couch = find(org1, 'StatefulSet', 'peer0-org1-couchdb')?.object as unknown as {
      spec: { template: { spec: { affinity: unknown } } };
    };
    expect(couch.spec.template.spec.affinity).toEqual({
      podAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          {
            labelSelector: {
              matchLabels: { 'app.kubernetes.io/name': 'fabric-peer', 'app.kubernetes.io/instance': 'peer0-org1' },
            },
            topologyKey: 'kubernetes.io/hostname',
          },
        ],
      },
    });
    expect(find(org1, 'PodDisruptionBudget', 'fabric-couchdb')?.object.spec).toEqual({
      maxUnavailable: 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'couchdb', 'fabric.consortium/org': 'org1' } },
    });
  });
});
