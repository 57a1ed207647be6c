// Model -> each member's manifests. Pure: the same model gives the same bytes on any machine.
import type { ConsortiumModel } from '../model/types.ts';
import { FindingsError, InternalError } from '../errors.ts';
import { renderChaincode } from './chaincode.ts';
import { renderChaincodeLifecycleJobs } from './chaincode-jobs.ts';
import { renderChannelArtifacts } from './configtx.ts';
import { renderConnectionProfile } from './connection-profile.ts';
import { buildContexts, compare, type MemberContext } from './context.ts';
import { renderDisruptionBudgets } from './disruption.ts';
import { renderFabricCa } from './fabric-ca.ts';
import { renderOrdererIngress, renderPeerIngress } from './ingress.ts';
import { renderChannelJoinJobs } from './jobs.ts';
import { renderKustomization } from './kustomization.ts';
import { renderMspConfigMap, renderTlsRootsConfigMap } from './msp-config.ts';
import { renderNamespace } from './namespace.ts';
import { renderNetworkPolicies } from './network-policies.ts';
import { renderOrderer } from './orderer.ts';
import { renderPeer } from './peer.ts';
import { serializeObject } from './serialize.ts';
import type { KubeObject, RenderedFile, RenderedMember, RenderOptions } from './types.ts';

export const KUSTOMIZATION_FILE = 'kustomization.yaml';

/** Every Kubernetes object of one member, in no particular order (files are sorted later). */
export function renderMemberObjects(ctx: MemberContext): KubeObject[] {
  return [
    renderNamespace(ctx),
    renderMspConfigMap(ctx),
    renderTlsRootsConfigMap(ctx),
    ...renderFabricCa(ctx),
    ...ctx.org.orderers.flatMap((orderer) => [...renderOrderer(ctx, orderer), renderOrdererIngress(ctx, orderer)]),
    ...ctx.org.peers.flatMap((peer) => [...renderPeer(ctx, peer), renderPeerIngress(ctx, peer)]),
    ...ctx.installedChaincodes.flatMap((cc) => renderChaincode(ctx, cc)),
    ...renderNetworkPolicies(ctx),
    ...renderDisruptionBudgets(ctx),
    ...renderChannelJoinJobs(ctx),
    ...renderChaincodeLifecycleJobs(ctx),
    renderConnectionProfile(ctx),
  ];
}

/** `<kind>-<name>.yaml`, lower case: unique per member because names are unique per kind. */
export function objectFileName(object: KubeObject): string {
  return `${object.kind}-${object.metadata.name}.yaml`.toLowerCase();
}

export function renderMember(ctx: MemberContext): RenderedMember {
  const objects = renderMemberObjects(ctx);
  const files = new Map<string, RenderedFile>();
  for (const object of objects) {
    const path = objectFileName(object);
    if (files.has(path)) throw new InternalError(`two rendered objects of ${ctx.org.id} share the file name ${path}`);
    files.set(path, { path, content: serializeObject(object) });
  }
  const resources = [...files.keys()];
  files.set(KUSTOMIZATION_FILE, { path: KUSTOMIZATION_FILE, content: renderKustomization(resources) });
  for (const file of renderChannelArtifacts(ctx)) files.set(file.path, file);
  return {
    org: ctx.org.id,
    files: [...files.values()].sort((a, b) => compare(a.path, b.path)),
    objectCount: objects.length,
  };
}

export function renderConsortium(model: ConsortiumModel, options: RenderOptions = {}): RenderedMember[] {
  const consortium = model.consortium;
  if (consortium === undefined) {
    throw new FindingsError(
      'consortium/consortium.yaml is missing or invalid, so there is nothing to render; run `consortium validate`',
    );
  }
  const known = new Set(model.orgs.map((org) => org.id));
  const unknown = (options.orgs ?? []).filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new FindingsError(
      `no member organization ${unknown.map((id) => `"${id}"`).join(', ')} (orgs/<id>/org.yaml); members: ${[...known].sort(compare).join(', ')}`,
    );
  }
  const wanted = options.orgs === undefined ? undefined : new Set(options.orgs);
  return buildContexts(model, consortium)
    .filter((ctx) => wanted === undefined || wanted.has(ctx.org.id))
    .map(renderMember);
}
