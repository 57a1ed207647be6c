// The Fabric images (test/node/fabric-images.sh) run on the real node, hardened as render hardens
// Fabric pods: the orderer answers the channel participation API to osnadmin from the tools image;
// the peer's operations endpoint answers /healthz; the peer installs a chaincode-as-a-service
// package through the image's own CCaaS builder; the tools image has every program the rendered
// Jobs call (tools-image.ts).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOrgPki } from '../../tools/src/pki/generate-org-pki.ts';
import { buildCcaasPackage } from '../../tools/src/render/chaincode-package.ts';
import { writeOrgMaterial, type OrgMaterial } from '../fabric-network/org-material.ts';
import { recordSkip } from '../support/requirements.ts';
import { apply } from './apply.ts';
import { locateFabricImages, type FabricImages } from './fabric-images.ts';
import {
  caObjects,
  chaincodeObjects,
  ordererObjects,
  peerObjects,
  PORTS,
  toolsPodObjects,
} from './fabric-smoke-objects.ts';
import { injectNode, requireNode, type NodeEnvironment } from './nodes.ts';
import { createNamespace, deleteNamespace, podLog, waitForPodEnd, waitForPodReady } from './pods.ts';
import { TOOLS_IMAGE_COMMANDS } from './tools-image.ts';

const suite = 'Fabric images on the node (fabric-images.node.test.ts)';
const node = injectNode();
const lookup = locateFabricImages();
if (node.available && !lookup.found) recordSkip(suite, lookup.reason);
if (lookup.found) for (const { image, reason } of lookup.images.notBuilt) recordSkip(`${suite}: ${image}`, reason);
const caBuilt = lookup.found && lookup.images.ca !== undefined;
const chaincodeBuilt = lookup.found && lookup.images.provenance !== undefined;

describe.skipIf(!node.available || !lookup.found)('the Fabric images on the test node', () => {
  let env: NodeEnvironment;
  let images: FabricImages;
  let ns: string;
  let work: string;
  let org: OrgMaterial;
  let pkg: ReturnType<typeof buildCcaasPackage>;

  beforeAll(async () => {
    env = requireNode();
    if (!lookup.found) throw new Error(lookup.reason);
    images = lookup.images;
    ns = await createNamespace(env.cluster, 'fabric-images');
    work = await mkdtemp(join(tmpdir(), 'fabric-images-'));
    const pki = await generateOrgPki({
      orgId: 'org1',
      mspId: 'Org1MSP',
      domain: 'org1.consortium.test',
      validity: { days: 1 },
      now: new Date(),
    });
    org = await writeOrgMaterial({
      pki,
      organization: 'org1.consortium.test',
      dir: join(work, 'org1'),
      nodes: [
        { name: 'orderer', kind: 'orderer', host: `orderer.${ns}.svc` },
        { name: 'peer', kind: 'peer', host: `peer.${ns}.svc` },
      ],
    });
    const nodeOf = (name: string) => {
      const material = org.nodes.get(name);
      if (material === undefined) throw new Error(`no material for ${name}`);
      return material;
    };
    pkg = buildCcaasPackage({ label: 'provenance_1.0.0', address: `provenance.${ns}.svc:${PORTS.chaincode}` });
    await apply(env.cluster, [
      ...(await ordererObjects({ namespace: ns, image: images.orderer, org, node: nodeOf('orderer') })),
      ...(await peerObjects({ namespace: ns, image: images.peer, org, node: nodeOf('peer') })),
      ...(images.ca === undefined ? [] : caObjects({ namespace: ns, image: images.ca })),
      ...(images.provenance === undefined
        ? []
        : chaincodeObjects({ namespace: ns, image: images.provenance, packageId: pkg.packageId })),
    ]);
  }, 120_000);

  afterAll(async () => {
    if (ns !== undefined) await deleteNamespace(env.cluster, ns);
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it('starts the orderer and the peer as hardened pods; the kubelet sees /healthz answer', async () => {
    // Readiness is an HTTP GET of /healthz on the operations port, made by the kubelet.
    await waitForPodReady(env.cluster, ns, 'orderer', 120_000);
    await waitForPodReady(env.cluster, ns, 'peer', 120_000);
    expect(await podLog(env.cluster, ns, 'orderer')).toMatch(/Starting orderer/);
    expect(await podLog(env.cluster, ns, 'peer')).toMatch(/Started peer with ID=\[peer0\]/);
  }, 240_000);

  it.skipIf(!caBuilt)(
    'starts Fabric CA as a hardened pod; the kubelet sees /healthz answer',
    async () => {
      await waitForPodReady(env.cluster, ns, 'ca', 120_000);
      expect(await podLog(env.cluster, ns, 'ca')).toMatch(/Listening on http:\/\/0\.0\.0\.0:7054/);
    },
    180_000,
  );

  it.skipIf(!chaincodeBuilt)(
    'starts the sample chaincode server under its package ID',
    async () => {
      await waitForPodReady(env.cluster, ns, 'provenance', 120_000);
    },
    180_000,
  );

  it('runs the tools image: every Job program, osnadmin against the orderer, /healthz, a CCaaS install', async () => {
    const dial = (host: string, port: number) => `bash -c 'exec 3<>/dev/tcp/${host}.${ns}.svc/${port}'`;
    const script = [
      'echo "== programs"',
      'for program in $PROGRAMS; do command -v "$program" >/dev/null || { echo "missing: $program"; exit 1; }; done',
      'echo "every program present"',
      'echo "== osnadmin"',
      'osnadmin channel list -o "$ORDERER_ADMIN" --ca-file "$ADMIN_TLS_DIR/ca.pem" --client-cert "$ADMIN_TLS_DIR/tls.crt" --client-key "$ADMIN_TLS_DIR/tls.key"',
      'echo "== healthz"',
      // bash's /dev/tcp: the image needs no HTTP client for this.
      `bash -c 'exec 3<>/dev/tcp/peer.${ns}.svc/${PORTS.operations}; printf "GET /healthz HTTP/1.0\\r\\n\\r\\n" >&3; cat <&3'`,
      'echo',
      'echo "== install"',
      'peer lifecycle chaincode install /input/provenance.tgz',
      'peer lifecycle chaincode queryinstalled --output json | jq -r ".installed_chaincodes[].package_id"',
      'echo "== versions"',
      'peer version | grep Version',
      ...(caBuilt
        ? [
            'echo "== fabric-ca"',
            `fabric-ca-client getcainfo -u http://ca.${ns}.svc:${PORTS.ca} --caname ca -H /work/ca-client`,
            'test -s /work/ca-client/msp/cacerts/*.pem && echo "CA certificate received"',
          ]
        : []),
      ...(chaincodeBuilt
        ? ['echo "== chaincode"', `${dial('provenance', PORTS.chaincode)} && echo "chaincode server listening"`]
        : []),
    ].join('\n');
    await apply(
      env.cluster,
      await toolsPodObjects({
        namespace: ns,
        image: images.tools,
        org,
        script,
        env: {
          // Without Fabric CA's binaries (listed as not built) the image has no fabric-ca-client.
          PROGRAMS: TOOLS_IMAGE_COMMANDS.filter((p) => images.ca !== undefined || p !== 'fabric-ca-client').join(' '),
          ORDERER_ADMIN: `orderer.${ns}.svc:${PORTS.ordererAdmin}`,
          CORE_PEER_ADDRESS: `peer.${ns}.svc:${PORTS.peer}`,
        },
        input: { 'provenance.tgz': pkg.bytes },
      }),
    );
    const phase = await waitForPodEnd(env.cluster, ns, 'tools', 180_000);
    const log = await podLog(env.cluster, ns, 'tools');
    expect(log, log).toContain('every program present');
    expect(phase, log).toBe('Succeeded');
    // Channel participation API: no channel joined yet.
    expect(log).toMatch(/Status: 200\s+\{[\s\S]*?"channels":\s*(null|\[\])/);
    expect(log).toMatch(/HTTP\/1\.[01] 200 OK[\s\S]*"status":"OK"/);
    // The peer ran the image's builder: the package ID is the one render computes.
    expect(log).toContain(`Chaincode code package identifier: ${pkg.packageId}`);
    expect(log).toContain(`\n${pkg.packageId}\n`);
    expect(log).toContain(`Version: ${images.fabricVersion}`);
    if (caBuilt) expect(log).toContain('CA certificate received');
    if (chaincodeBuilt) expect(log).toContain('chaincode server listening');
  }, 240_000);
});
