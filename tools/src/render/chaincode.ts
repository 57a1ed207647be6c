// Chaincode as a service: for every chaincode this org runs (installedOn), a Deployment of the
// chaincode image, a Service its peers dial, and the install package (connection.json pointing at
// that Service) the lifecycle Job installs on the peers.
import type { Chaincode } from '../model/types.ts';
import { chaincodeResourceName } from '../model/resource-names.ts';
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
export const packageConfigMapName = (cc: Chaincode): string => `${chaincodeResourceName(cc)}-package`;

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
      address: `${serviceHost(ctx, chaincodeResourceName(cc))}:${PORTS.chaincode}`,
      metaInf: cc.metaInf?.files ?? [],
    });
    built.set(cc, pkg);
  }
  return pkg;
}

export function renderChaincode(ctx: MemberContext, cc: Chaincode): KubeObject[] {
  const name = chaincodeResourceName(cc);
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
