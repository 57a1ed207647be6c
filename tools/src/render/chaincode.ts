// Chaincode as a service: for every chaincode this org runs (installedOn), a Deployment of the
// chaincode image, a Service its peers dial, and the install package (connection.json pointing at
// that Service) the lifecycle Job installs on the peers. All three are named per version: during an
// upgrade the chaincode file's `previous` (the committed version) keeps its Deployment and Service
// beside the new version's, because the peers dial the committed definition's package (the old
// Service) until the new sequence is committed, and the new package (the new Service) from then on.
// Once `previous` is removed, reconcile prunes the old server.
import type { Chaincode } from '../model/types.ts';
import { chaincodeServerName } from '../model/resource-names.ts';
import { buildCcaasPackage, type CcaasPackage } from './chaincode-package.ts';
import { metaFor, type MemberContext } from './context.ts';
import { PORTS } from './ports.ts';
import { containerSecurityContext, emptyDirVolume, FABRIC_UID, resources } from './pod-security.ts';
import { workloadSizes } from '../model/workload-sizes.ts';
import { containerPorts, renderService, serviceHost } from './services.ts';
import type { KubeObject } from './types.ts';
import { renderWorkload } from './workload.ts';

export const CHAINCODE_APP = 'fabric-chaincode';

export const chaincodeLabel = (cc: Chaincode): string => `${cc.name}_${cc.version}`;
export const packageConfigMapName = (cc: Chaincode): string => `${chaincodeServerName(cc)}-package`;

const previousDefinitions = new WeakMap<Chaincode, Chaincode>();

/** The committed definition an upgrade follows, as far as its server goes (version and image). */
export function previousChaincode(cc: Chaincode): Chaincode | undefined {
  if (cc.previous === undefined) return undefined;
  let previous = previousDefinitions.get(cc);
  if (previous === undefined) {
    previous = { ...cc, version: cc.previous.version, image: cc.previous.image, previous: undefined };
    previousDefinitions.set(cc, previous);
  }
  return previous;
}

/** Built once per member and chaincode: the Deployment and the approve Job both need it. */
const packages = new WeakMap<MemberContext, Map<Chaincode, CcaasPackage>>();

/** The package this org installs: its connection.json names this org's Service, so IDs differ per org. */
export function chaincodePackage(ctx: MemberContext, cc: Chaincode): CcaasPackage {
  let built = packages.get(ctx);
  if (built === undefined) packages.set(ctx, (built = new Map<Chaincode, CcaasPackage>()));
  let pkg = built.get(cc);
  if (pkg === undefined) {
    pkg = buildCcaasPackage({
      label: chaincodeLabel(cc),
      address: `${serviceHost(ctx, chaincodeServerName(cc))}:${PORTS.chaincode}`,
      metaInf: cc.metaInf?.files ?? [],
    });
    built.set(cc, pkg);
  }
  return pkg;
}

export function renderChaincode(ctx: MemberContext, cc: Chaincode): KubeObject[] {
  const previous = previousChaincode(cc);
  const [service, deployment, packageMap] = renderChaincodeServer(ctx, cc);
  // The committed version's package is installed already; only its server must keep running.
  return previous === undefined
    ? [service, deployment, packageMap]
    : [...renderChaincodeServer(ctx, previous).slice(0, 2), service, deployment, packageMap];
}

/** Service, Deployment and install package ConfigMap of one version of the chaincode. */
function renderChaincodeServer(ctx: MemberContext, cc: Chaincode): [KubeObject, KubeObject, KubeObject] {
  const name = chaincodeServerName(cc);
  const pkg = chaincodePackage(ctx, cc);
  const ports = [{ name: 'grpc', port: PORTS.chaincode }];
  const scope = { channel: cc.channel, chaincode: cc.name };
  const deployment = renderWorkload(ctx, {
    kind: 'Deployment',
    name,
    app: CHAINCODE_APP,
    component: 'chaincode',
    ...scope,
    uid: FABRIC_UID,
    container: {
      name: 'chaincode',
      image: cc.image,
      env: [
        // The shim registers under this ID; the peer refuses any other. Go servers read
        // CHAINCODE_ID; the Java and Node shims read CORE_CHAINCODE_ID_NAME (and switch to server
        // mode when CHAINCODE_SERVER_ADDRESS is set).
        { name: 'CHAINCODE_ID', value: pkg.packageId },
        { name: 'CORE_CHAINCODE_ID_NAME', value: pkg.packageId },
        { name: 'CHAINCODE_SERVER_ADDRESS', value: `0.0.0.0:${PORTS.chaincode}` },
      ],
      ports: containerPorts(ports),
      readinessProbe: { tcpSocket: { port: 'grpc' }, periodSeconds: 10 },
      livenessProbe: { tcpSocket: { port: 'grpc' }, periodSeconds: 20, failureThreshold: 3 },
      resources: resources(workloadSizes(ctx.org, 'chaincode')),
      securityContext: containerSecurityContext(),
      volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
    },
    volumes: [emptyDirVolume('tmp')],
  });
  const packageMap: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: metaFor(ctx, {
      objectName: packageConfigMapName(cc),
      name: CHAINCODE_APP,
      instance: name,
      component: 'chaincode',
      ...scope,
    }),
    data: { 'connection.json': pkg.connectionJson, 'metadata.json': pkg.metadataJson, 'package-id': pkg.packageId },
    binaryData: { 'package.tar.gz': pkg.bytes.toString('base64') },
  };
  return [
    renderService(ctx, {
      objectName: name,
      appName: CHAINCODE_APP,
      instance: name,
      component: 'chaincode',
      ports,
      ...scope,
    }),
    deployment,
    packageMap,
  ];
}
