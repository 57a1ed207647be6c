// Focused rules of what each member gets, on the in-memory model of test/support/model-builder.ts
// (org1..org3; traceability with all three, recalls with org1 and org3).
import { describe, expect, it } from 'vitest';
import type { ConsortiumModel } from '../../tools/src/model/types.ts';
import { renderConsortium } from '../../tools/src/render/render-consortium.ts';
import type { Draft } from '../support/model-builder.ts';
import { OWNER_ANNOTATION } from '../../tools/src/render/labels.ts';
import { builtModel, memberOf, objectsOf, type ParsedObject } from './support/render-fixtures.ts';

const find = (objects: ParsedObject[], kind: string, name: string) =>
  objects.find((o) => o.object.kind === kind && o.object.metadata.name === name);
const chaincodeId = (objects: ParsedObject[], deployment: string) =>
  (
    find(objects, 'Deployment', deployment)?.object as unknown as
      { spec: { template: { spec: { containers: { env: { name: string; value: string }[] }[] } } } } | undefined
  )?.spec.template.spec.containers[0]?.env.find((e) => e.name === 'CHAINCODE_ID')?.value;
const names = (objects: ParsedObject[], kind: string) =>
  objects.filter((o) => o.object.kind === kind).map((o) => o.object.metadata.name);

describe('chaincode as a service', () => {
  it('a chaincode installed on two orgs runs in both namespaces, each with its own NetworkPolicy', async () => {
    const members = renderConsortium(await builtModel());
    for (const org of ['org1', 'org3']) {
      const objects = objectsOf(memberOf(members, org));
      const deployment = find(objects, 'Deployment', 'recall-notices-recalls-1-0-0');
      expect(deployment?.object.metadata.namespace).toBe(`fabric-${org}`);
      expect(find(objects, 'Service', 'recall-notices-recalls-1-0-0')).toBeDefined();
      const policy = find(objects, 'NetworkPolicy', 'recall-notices-recalls-chaincode');
      expect(policy?.object.spec).toMatchObject({
        // Every version's server: an upgrade runs two side by side.
        podSelector: {
          matchLabels: {
            'app.kubernetes.io/name': 'fabric-chaincode',
            'fabric.consortium/channel': 'recalls',
            'fabric.consortium/chaincode': 'recall-notices',
          },
        },
        ingress: [
          {
            from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'fabric-peer' } } }],
            ports: [{ port: 9999 }],
          },
        ],
      });
    }
    const org2 = objectsOf(memberOf(members, 'org2'));
    expect(find(org2, 'Deployment', 'recall-notices-recalls-1-0-0')).toBeUndefined();
    expect(find(org2, 'NetworkPolicy', 'recall-notices-recalls-chaincode')).toBeUndefined();
  });

  it("announces the package ID the peer computes, which differs per org (each package names the org's Service)", async () => {
    const members = renderConsortium(await builtModel());
    const ids = ['org1', 'org3'].map((org) => {
      const objects = objectsOf(memberOf(members, org));
      const id = chaincodeId(objects, 'recall-notices-recalls-1-0-0');
      const configMap = find(objects, 'ConfigMap', 'recall-notices-recalls-1-0-0-package')?.object as unknown as {
        data: Record<string, string>;
      };
      expect(configMap.data['package-id']).toBe(id);
      return id;
    });
    expect(ids[0]).toMatch(/^recall-notices_1\.0\.0:[0-9a-f]{64}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it("runs the committed version's server beside the new one during an upgrade, then only the new one", async () => {
    const before = objectsOf(memberOf(renderConsortium(await builtModel()), 'org1'));
    const upgrade = (previous: boolean) =>
      builtModel((m) => {
        const cc = m.channels.find((c) => c.name === 'recalls')!.chaincodes[0]!;
        cc.previous = previous ? { version: cc.version, image: cc.image } : undefined;
        cc.version = '1.1.0';
        cc.sequence = 2;
        cc.image = 'registry.example.com/recall-notices:1.1.0';
      });
    const during = objectsOf(memberOf(renderConsortium(await upgrade(true)), 'org1'));
    const servers = (objects: ParsedObject[]) =>
      [...names(objects, 'Deployment'), ...names(objects, 'Service')]
        .filter((n) => n.startsWith('recall-notices-'))
        .sort();
    expect(servers(during)).toEqual([
      'recall-notices-recalls-1-0-0',
      'recall-notices-recalls-1-0-0',
      'recall-notices-recalls-1-1-0',
      'recall-notices-recalls-1-1-0',
    ]);
    // The committed version's server registers under the package ID its peers installed before.
    expect(chaincodeId(during, 'recall-notices-recalls-1-0-0')).toBe(
      chaincodeId(before, 'recall-notices-recalls-1-0-0'),
    );
    expect(chaincodeId(during, 'recall-notices-recalls-1-1-0')).toMatch(/^recall-notices_1\.1\.0:/);
    // The new package (the approve Job installs it) names the new version's Service; the old one is installed already.
    expect(names(during, 'ConfigMap').filter((n) => n.startsWith('recall-notices-'))).toEqual([
      'recall-notices-recalls-1-1-0-package',
    ]);
    const pkg = find(during, 'ConfigMap', 'recall-notices-recalls-1-1-0-package')?.object as unknown as {
      data: Record<string, string>;
    };
    expect(JSON.parse(pkg.data['connection.json'] ?? '{}')).toMatchObject({
      address: 'recall-notices-recalls-1-1-0.fabric-org1.svc:9999',
    });
    const after = objectsOf(memberOf(renderConsortium(await upgrade(false)), 'org1'));
    expect(servers(after)).toEqual(['recall-notices-recalls-1-1-0', 'recall-notices-recalls-1-1-0']);
  });

  it('configures the peers for the CCaaS builder and never mounts a Docker socket or host path', async () => {
    const members = renderConsortium(await builtModel());
    for (const member of members) {
      for (const file of member.files) {
        expect(file.content).not.toMatch(/docker\.sock|hostPath|privileged: true/);
      }
      const peer = find(objectsOf(member), 'StatefulSet', `peer0-${member.org}`);
      expect(JSON.stringify(peer?.object)).toContain('CORE_CHAINCODE_EXTERNALBUILDERS');
    }
  });

  it('names lifecycle Jobs by content: a new sequence yields new Job names, other Jobs keep theirs', async () => {
    const before = objectsOf(memberOf(renderConsortium(await builtModel()), 'org1'));
    const after = objectsOf(
      memberOf(
        renderConsortium(
          await builtModel((m) => {
            const cc = m.channels.find((c) => c.name === 'recalls')?.chaincodes[0];
            if (cc !== undefined) cc.sequence = 2;
          }),
        ),
        'org1',
      ),
    );
    const jobs = (objects: ParsedObject[]) => names(objects, 'Job');
    const changed = jobs(after).filter((n) => !jobs(before).includes(n));
    expect(changed.length).toBe(2);
    expect(changed.every((n) => n.startsWith('recall-notices-recalls-'))).toBe(true);
    expect(jobs(before).filter((n) => !n.startsWith('recall-notices-recalls-'))).toEqual(
      jobs(after).filter((n) => !n.startsWith('recall-notices-recalls-')),
    );
  });

  it('has every channel member approve and render the commit Job (any member can commit)', async () => {
    const members = renderConsortium(await builtModel());
    const jobs = (org: string) => names(objectsOf(memberOf(members, org)), 'Job');
    expect(
      jobs('org1')
        .filter((n) => n.includes('-commit-'))
        .sort(),
    ).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^provenance-traceability-commit-/),
        expect.stringMatching(/^recall-notices-recalls-commit-/),
      ]),
    );
    expect(jobs('org2').some((n) => n.startsWith('provenance-traceability-commit-'))).toBe(true);
    expect(jobs('org3').some((n) => n.startsWith('recall-notices-recalls-commit-'))).toBe(true);
    expect(jobs('org2').some((n) => n.startsWith('provenance-traceability-approve-'))).toBe(true);
    expect(jobs('org3').some((n) => n.startsWith('recall-notices-recalls-approve-'))).toBe(true);
  });
});

describe('members', () => {
  it('removing a member removes its directory and every reference to it from the others', async () => {
    const members = renderConsortium(
      await builtModel((m) => {
        m.orgs = m.orgs.filter((o) => o.id !== 'org2');
        m.consortium!.ordering.consenters = m.consortium!.ordering.consenters.filter((c) => c.org !== 'org2');
        for (const channel of m.channels) {
          channel.members = channel.members.filter((id) => id !== 'org2');
          channel.anchorPeers = channel.anchorPeers.filter((a) => a.org !== 'org2');
          for (const cc of channel.chaincodes) {
            cc.installedOn = cc.installedOn.filter((id) => id !== 'org2');
            cc.endorsementPolicy = "AND('Org1MSP.peer', 'Org3MSP.peer')";
          }
        }
      }),
    );
    expect(members.map((m) => m.org)).toEqual(['org1', 'org3']);
    for (const member of members) {
      for (const file of member.files) {
        expect(file.content, `${member.org}/${file.path}`).not.toMatch(/org2|Org2MSP/);
      }
    }
  });

  it('renders the requested members only, and refuses unknown ones', async () => {
    const model = await builtModel();
    expect(renderConsortium(model, { orgs: ['org3'] }).map((m) => m.org)).toEqual(['org3']);
    expect(() => renderConsortium(model, { orgs: ['nope'] })).toThrow(/no member organization "nope"/);
  });

  it('labels every object and marks its owner', async () => {
    for (const member of renderConsortium(await builtModel())) {
      for (const { file, object } of objectsOf(member)) {
        expect(object.metadata.labels, file).toMatchObject({
          'app.kubernetes.io/part-of': 'example',
          'app.kubernetes.io/managed-by': 'consortium-gitops',
          'fabric.consortium/org': member.org,
        });
        for (const key of ['app.kubernetes.io/name', 'app.kubernetes.io/instance', 'app.kubernetes.io/component']) {
          expect(object.metadata.labels?.[key], `${file} ${key}`).toBeTruthy();
        }
        expect(object.metadata.annotations?.[OWNER_ANNOTATION], file).toBe(`example/${member.org}`);
        if (object.kind !== 'Namespace') expect(object.metadata.namespace, file).toBe(`fabric-${member.org}`);
      }
    }
  });
});

describe('names', () => {
  it('keeps every label value and Job name within 63 characters for the longest valid chaincode names', async () => {
    const longName = 'a'.repeat(40);
    const longChannel = 'c'.repeat(22);
    const members = renderConsortium(
      await builtModel((m) => {
        const channel = m.channels.find((c) => c.name === 'recalls');
        const cc = channel?.chaincodes[0];
        if (channel === undefined || cc === undefined) return;
        channel.name = longChannel;
        cc.channel = longChannel;
        cc.name = longName;
      }),
    );
    const labelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
    let longObjects = 0;
    for (const member of members) {
      for (const { file, object } of objectsOf(member)) {
        if (object.metadata.name.length > 63) longObjects++;
        for (const value of Object.values(object.metadata.labels ?? {})) expect(value, file).toMatch(labelValue);
        for (const value of Object.values(object.metadata.labels ?? {}))
          expect(value.length, file).toBeLessThanOrEqual(63);
        if (object.kind === 'Job') expect(object.metadata.name.length, file).toBeLessThanOrEqual(63);
      }
    }
    // The chaincode's NetworkPolicy and package ConfigMap names exceed 63 characters (allowed for
    // those kinds), so the label-value folding was exercised.
    expect(longObjects).toBeGreaterThan(0);
  });
});

describe('availability', () => {
  it('spreads peers and orderers over nodes and budgets disruptions so a Raft majority survives', async () => {
    const objects = objectsOf(memberOf(renderConsortium(await builtModel()), 'org1'));
    expect(find(objects, 'PodDisruptionBudget', 'fabric-peer')?.object.spec).toMatchObject({ maxUnavailable: 1 });
    expect(find(objects, 'PodDisruptionBudget', 'fabric-orderer')?.object.spec).toMatchObject({ maxUnavailable: 1 });
    for (const name of ['peer0-org1', 'peer1-org1', 'orderer0-org1']) {
      const spec = JSON.stringify(find(objects, 'StatefulSet', name)?.object.spec);
      expect(spec).toContain('"topologyKey":"kubernetes.io/hostname"');
      expect(spec).toContain('requiredDuringSchedulingIgnoredDuringExecution');
    }
  });

  it('blocks voluntary orderer evictions when the ordering service cannot lose a node', async () => {
    const model = await builtModel((m) => {
      m.consortium!.ordering.consenters = m.consortium!.ordering.consenters.slice(0, 2);
    });
    const objects = objectsOf(memberOf(renderConsortium(model), 'org1'));
    expect(find(objects, 'PodDisruptionBudget', 'fabric-orderer')?.object.spec).toMatchObject({ maxUnavailable: 0 });
  });
});

describe('network', () => {
  it('denies everything by default, then lets only each peer reach its CouchDB', async () => {
    const objects = objectsOf(memberOf(renderConsortium(await builtModel()), 'org1'));
    expect(find(objects, 'NetworkPolicy', 'default-deny')?.object.spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
    });
    expect(find(objects, 'NetworkPolicy', 'peer0-org1-couchdb')?.object.spec).toMatchObject({
      ingress: [{ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'peer0-org1' } } }] }],
    });
    // peer1 uses LevelDB: no CouchDB, no policy for one.
    expect(find(objects, 'StatefulSet', 'peer1-org1-couchdb')).toBeUndefined();
    expect(find(objects, 'NetworkPolicy', 'peer1-org1-couchdb')).toBeUndefined();
  });

  it('publishes nodes through a Gateway API TLS passthrough listener, one TLSRoute per node host', async () => {
    const objects = objectsOf(memberOf(renderConsortium(await builtModel()), 'org1'));
    expect(objects.some((o) => o.object.kind === 'Ingress')).toBe(false);
    expect(find(objects, 'Gateway', 'fabric-gateway')?.object.spec).toEqual({
      gatewayClassName: 'traefik',
      listeners: [
        {
          name: 'fabric-tls',
          hostname: '*.fabric.org1.example',
          port: 443,
          protocol: 'TLS',
          tls: { mode: 'Passthrough' },
          allowedRoutes: { namespaces: { from: 'Same' }, kinds: [{ kind: 'TLSRoute' }] },
        },
      ],
    });
    expect(find(objects, 'TLSRoute', 'orderer0-org1')?.object.spec).toEqual({
      parentRefs: [{ name: 'fabric-gateway', sectionName: 'fabric-tls' }],
      hostnames: ['orderer0.fabric.org1.example'],
      rules: [{ backendRefs: [{ name: 'orderer0-org1', port: 7050 }] }],
    });
    expect(find(objects, 'TLSRoute', 'peer1-org1')?.object.spec).toMatchObject({
      hostnames: ['peer1.fabric.org1.example'],
      rules: [{ backendRefs: [{ name: 'peer1-org1', port: 7051 }] }],
    });
  });

  it("restricts sources at the gateway's load balancer only when every org that dials in, itself included, declares its ranges", async () => {
    const gatewayOf = async (edit: (m: Draft<ConsortiumModel>) => void) =>
      find(objectsOf(memberOf(renderConsortium(await builtModel(edit)), 'org1')), 'Gateway', 'fabric-gateway')?.object;
    const others = (m: Draft<ConsortiumModel>) => {
      m.orgs[1]!.network.egressCidrs = ['198.51.100.0/24'];
      m.orgs[2]!.network.egressCidrs = ['203.0.113.0/24', '192.0.2.0/24'];
    };
    // org1 itself declares nothing: its own peers (at its orderer's external host) would be locked out.
    const open = await gatewayOf(others);
    expect(open?.spec?.['infrastructure']).toBeUndefined();
    expect(open?.metadata.annotations?.['fabric.consortium/source-ranges']).toBeUndefined();
    const restricted = await gatewayOf((m) => {
      others(m);
      m.orgs[0]!.network.egressCidrs = ['100.64.0.0/16'];
    });
    const ranges = '100.64.0.0/16,192.0.2.0/24,198.51.100.0/24,203.0.113.0/24';
    expect(restricted?.spec?.['infrastructure']).toEqual({
      annotations: { 'service.beta.kubernetes.io/load-balancer-source-ranges': ranges },
    });
    expect(restricted?.metadata.annotations?.['fabric.consortium/source-ranges']).toBe(ranges);
  });

  it('keeps ingress-nginx as an option per org: one SNI passthrough Ingress per node', async () => {
    const objects = objectsOf(
      memberOf(
        renderConsortium(
          await builtModel((m) => {
            m.orgs[0]!.cluster.ingress = {
              kind: 'ingress-nginx',
              className: 'nginx',
              domain: 'fabric.org1.example',
              controllerNamespace: 'ingress-nginx',
            };
          }),
        ),
        'org1',
      ),
    );
    expect(objects.some((o) => o.object.kind === 'Gateway' || o.object.kind === 'TLSRoute')).toBe(false);
    const ingress = find(objects, 'Ingress', 'peer0-org1')?.object;
    expect(ingress?.metadata.annotations).toMatchObject({
      'nginx.ingress.kubernetes.io/ssl-passthrough': 'true',
      'nginx.ingress.kubernetes.io/backend-protocol': 'GRPCS',
    });
    expect(ingress?.spec).toMatchObject({ ingressClassName: 'nginx', rules: [{ host: 'peer0.fabric.org1.example' }] });
    const peers = find(objects, 'NetworkPolicy', 'fabric-peers')?.object.spec as { ingress: { from: object[] }[] };
    expect(peers.ingress[0]?.from[0]).toEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
    });
  });
});

describe('determinism', () => {
  it('renders byte-identical output twice and whatever the order of the input', async () => {
    const model = await builtModel();
    const shuffled = await builtModel((m) => {
      m.orgs.reverse();
      m.channels.reverse();
      for (const org of m.orgs) org.peers.reverse();
      for (const channel of m.channels) {
        channel.members.reverse();
        channel.anchorPeers.reverse();
        for (const cc of channel.chaincodes) cc.installedOn.reverse();
      }
      m.consortium!.ordering.consenters.reverse();
      m.files.reverse();
    });
    const first = JSON.stringify(renderConsortium(model));
    expect(JSON.stringify(renderConsortium(model))).toBe(first);
    expect(JSON.stringify(renderConsortium(shuffled))).toBe(first);
  });
});
