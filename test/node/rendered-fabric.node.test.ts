// A member's orderer and peer as render emits them, on the real node with the node's Fabric images:
// the example repository with a fresh PKI (test/fabric-network/network-repo.ts), pointed at the
// images through the one documented override (useNodeFabricImages) and with LevelDB peers (no
// CouchDB can be built here); manufacturer's Namespace, ConfigMaps, Services and the StatefulSets
// of its orderer and first peer applied unchanged, the member-provided Secrets of the secrets
// contract created from that PKI. Both pods become Ready through their rendered probes.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import type { Organization } from '../../tools/src/model/types.ts';
import { ordererHost, peerHost } from '../../tools/src/model/endpoints.ts';
import { issueTlsCertificate } from '../../tools/src/pki/issue-tls-certificate.ts';
import { renderConsortium } from '../../tools/src/render/render-consortium.ts';
import {
  ordererMspSecret,
  ordererTlsSecret,
  peerMspSecret,
  peerTlsSecret,
} from '../../tools/src/render/secret-names.ts';
import { waitFor } from '../cluster/wait.ts';
import { issueIdentity } from '../fabric-network/identities.ts';
import { createNetworkRepo, loadModel, readOrgPki, type NetworkRepo } from '../fabric-network/network-repo.ts';
import { apply, deleteObject, getObject, type KubeObject } from './apply.ts';
import { locateFabricImages, useNodeFabricImages } from './fabric-images.ts';
import { injectNode, requireNode, type NodeEnvironment } from './nodes.ts';
import { podLog, waitForPodReady } from './pods.ts';

const ORG = 'manufacturer';
const node = injectNode();
const lookup = locateFabricImages();

const secret = (namespace: string, name: string, type: string, data: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, namespace },
  type,
  data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
});

/** Every peer of every org on LevelDB: the peers then need no CouchDB. */
async function useLevelDbPeers(repoDir: string, orgs: readonly Organization[]): Promise<void> {
  for (const org of orgs) {
    const file = join(repoDir, org.source.file);
    const doc = parseDocument(await readFile(file, 'utf8'));
    org.peers.forEach((_, i) => doc.setIn(['peers', i, 'stateDb'], 'leveldb'));
    await writeFile(file, doc.toString({ lineWidth: 0 }));
  }
}

describe.skipIf(!node.available || !lookup.found)("a member's rendered orderer and peer on the node", () => {
  let env: NodeEnvironment;
  let root: string;
  let repo: NetworkRepo | undefined;
  let namespace = '';
  const pods: { orderer: string; peer: string } = { orderer: '', peer: '' };

  beforeAll(async () => {
    env = requireNode();
    if (!lookup.found) throw new Error(lookup.reason);
    root = await mkdtemp(join(tmpdir(), 'rendered-fabric-'));
    repo = await createNetworkRepo({ root });
    await useNodeFabricImages(repo.dir, lookup.images);
    await useLevelDbPeers(repo.dir, (await loadModel(repo.dir)).orgs);
    const model = await loadModel(repo.dir);
    const org = model.orgs.find((o) => o.id === ORG);
    const orderer = org?.orderers[0];
    const peer = org?.peers[0];
    if (org === undefined || orderer === undefined || peer === undefined)
      throw new Error(`${ORG} lacks an orderer or peer`);

    const [member] = renderConsortium(model, { orgs: [ORG] });
    const objects = (member?.files ?? []).flatMap((file) => loadAll(file.content) as KubeObject[]);
    const imageOf = (o: KubeObject) =>
      (o['spec'] as { template?: { spec?: { containers?: { image?: string }[] } } } | undefined)?.template?.spec
        ?.containers?.[0]?.image;
    const ordererSet = objects.find((o) => o.kind === 'StatefulSet' && imageOf(o) === lookup.images.orderer);
    // The first peer only: hard anti-affinity keeps an org's peers on distinct nodes, and there is one.
    const peerSet = objects.find((o) => o.kind === 'StatefulSet' && imageOf(o) === lookup.images.peer);
    const namespaceObject = objects.find((o) => o.kind === 'Namespace');
    if (ordererSet === undefined || peerSet === undefined || namespaceObject === undefined) {
      throw new Error('render emitted no Namespace, orderer or peer StatefulSet on the node images');
    }
    namespace = namespaceObject.metadata.name;
    // The ledger claims the two StatefulSets mount (render emits them as objects of their own).
    const claims = new Set(
      [ordererSet, peerSet].flatMap((set) =>
        (
          (set['spec'] as { template: { spec: { volumes?: { persistentVolumeClaim?: { claimName: string } }[] } } })
            .template.spec.volumes ?? []
        ).flatMap((v) => (v.persistentVolumeClaim ? [v.persistentVolumeClaim.claimName] : [])),
      ),
    );
    pods.orderer = `${ordererSet.metadata.name}-0`;
    pods.peer = `${peerSet.metadata.name}-0`;

    // The member-provided Secrets, from the org's CA and TLS CA (keys in the run's key directory).
    const pki = await readOrgPki(repo.dir, repo.keysRoot, org);
    const ca = { certificate: pki.certificates.ca, key: pki.keys.ca };
    const tlsCa = { certificate: pki.certificates.tlsCa, key: pki.keys.tlsCa };
    const ordererId = await issueIdentity({
      issuer: ca,
      commonName: ordererHost(org, orderer),
      organization: org.displayName,
      role: 'orderer',
    });
    const peerId = await issueIdentity({
      issuer: ca,
      commonName: peerHost(org, peer),
      organization: org.displayName,
      role: 'peer',
    });
    const consenterTls = repo.ordererTls.get(`${ORG}/${orderer.name}`);
    if (consenterTls === undefined) throw new Error('no consenter TLS pair');
    const peerTls = await issueTlsCertificate({
      issuer: tlsCa,
      host: peerHost(org, peer),
      organization: org.displayName,
      validity: { days: 1 },
      now: new Date(),
    });
    const tlsSecret = (name: string, pair: { certificate: string; key: string }) =>
      secret(namespace, name, 'kubernetes.io/tls', {
        'tls.crt': pair.certificate,
        'tls.key': pair.key,
        'ca.crt': pki.certificates.tlsCa,
      });
    const mspSecret = (name: string, identity: { certificate: string; key: string }) =>
      secret(namespace, name, 'Opaque', { 'cert.pem': identity.certificate, 'key.pem': identity.key });

    await apply(env.cluster, [namespaceObject]);
    await waitFor({
      what: `ServiceAccount ${namespace}/default`,
      timeoutMs: 30_000,
      check: async () =>
        (await getObject(env.cluster, `/api/v1/namespaces/${namespace}/serviceaccounts/default`)) !== undefined,
    });
    await apply(env.cluster, [
      mspSecret(ordererMspSecret(org, orderer), ordererId),
      tlsSecret(ordererTlsSecret(org, orderer), consenterTls),
      mspSecret(peerMspSecret(org, peer), peerId),
      tlsSecret(peerTlsSecret(org, peer), peerTls),
      ...objects.filter((o) => o.kind === 'ConfigMap' || o.kind === 'Service'),
      ...objects.filter((o) => o.kind === 'PersistentVolumeClaim' && claims.has(o.metadata.name)),
      ordererSet,
      peerSet,
    ]);
  }, 240_000);

  afterAll(async () => {
    if (namespace !== '') {
      // Gone, not terminating: the other rendered-member suite creates the same namespace next.
      await deleteObject(env.cluster, `/api/v1/namespaces/${namespace}`);
      await waitFor({
        what: `namespace ${namespace} deleted`,
        timeoutMs: 120_000,
        check: async () => (await getObject(env.cluster, `/api/v1/namespaces/${namespace}`)) === undefined,
      });
    }
    if (repo !== undefined) await rm(repo.dir, { recursive: true, force: true });
    if (root !== undefined) await rm(root, { recursive: true, force: true });
  });

  it('runs the rendered orderer: Ready through its rendered probes, its ledger on a provisioned PVC', async () => {
    await waitForPodReady(env.cluster, namespace, pods.orderer, 180_000);
    expect(await podLog(env.cluster, namespace, pods.orderer)).toMatch(/Starting orderer:\s+Version: 3\.1\.1/);
  }, 240_000);

  it('runs the rendered peer on LevelDB: Ready through its rendered probes', async () => {
    await waitForPodReady(env.cluster, namespace, pods.peer, 180_000);
    expect(await podLog(env.cluster, namespace, pods.peer)).toMatch(/Started peer with ID=/);
  }, 240_000);
});
