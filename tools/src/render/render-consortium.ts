// Model -> each member's manifests. Pure: the same model gives the same bytes on any machine.
import type { ConsortiumModel } from '../model/types.ts';
import { FindingsError, InternalError } from '../errors.ts';
import { renderChaincode } from './chaincode.ts';
import { renderChaincodeLifecycleJobs } from './chaincode-jobs.ts';
import { renderConfigtx } from './configtx.ts';
import { renderConnectionProfile } from './connection-profile.ts';
import { buildConsortiumContext, buildMemberContext, compare, type MemberContext } from './context.ts';
import { renderDisruptionBudgets } from './disruption.ts';
import { renderFabricCa } from './fabric-ca.ts';
import { renderEnrollment } from './enrollment-jobs.ts';
import { renderGateway, renderOrdererTlsRoute, renderPeerTlsRoute } from './gateway.ts';
import { renderGenesisConfigMaps } from './genesis-configmap.ts';
import { renderOrdererIngress, renderPeerIngress } from './ingress.ts';
import { renderChannelJoinJobs } from './jobs.ts';
import { renderKustomization } from './kustomization.ts';
import { renderMspConfigMap, renderTlsRootsConfigMap } from './msp-config.ts';
import { renderNamespace } from './namespace.ts';
import { renderNetworkPolicies } from './network-policies.ts';
import { renderOrderer } from './orderer.ts';
import { renderPeer } from './peer.ts';
import { serializeObject } from './serialize.ts';
import { renderUpdateSubmission, type ChannelUpdateSubmission } from './channel-update-jobs.ts';
import type { KubeObject, RenderedFile, RenderedMember, RenderOptions } from './types.ts';

export const KUSTOMIZATION_FILE = 'kustomization.yaml';

/**
 * Every Kubernetes object of one member, in no particular order (files are sorted later), one at
 * a time: renderMember writes each object's YAML before the next is built, so the objects of a
 * member are never all in memory at once, only their text (a garbage collection then finds far
 * less alive to copy, which was a fifth of a full render's time).
 */
export function* memberObjects(ctx: MemberContext): Generator<KubeObject> {
  const gateway = ctx.org.cluster.ingress.kind === 'gateway';
  const publishOrderer = gateway ? renderOrdererTlsRoute : renderOrdererIngress;
  const publishPeer = gateway ? renderPeerTlsRoute : renderPeerIngress;
  yield renderNamespace(ctx);
  yield renderMspConfigMap(ctx);
  yield renderTlsRootsConfigMap(ctx);
  yield* renderFabricCa(ctx);
  yield* renderEnrollment(ctx);
  if (gateway) yield renderGateway(ctx);
  for (const orderer of ctx.org.orderers) {
    yield* renderOrderer(ctx, orderer);
    yield publishOrderer(ctx, orderer);
  }
  for (const peer of ctx.org.peers) {
    yield* renderPeer(ctx, peer);
    yield publishPeer(ctx, peer);
  }
  for (const cc of ctx.installedChaincodes) yield* renderChaincode(ctx, cc);
  yield* renderNetworkPolicies(ctx);
  yield* renderDisruptionBudgets(ctx);
  yield* renderGenesisConfigMaps(ctx);
  yield* renderChannelJoinJobs(ctx);
  yield* renderChaincodeLifecycleJobs(ctx);
  yield renderConnectionProfile(ctx);
}

/** memberObjects, all at once. */
export function renderMemberObjects(ctx: MemberContext): KubeObject[] {
  return [...memberObjects(ctx)];
}

/** `<kind>-<name>.yaml`, lower case: unique per member because names are unique per kind. */
export function objectFileName(object: KubeObject): string {
  return `${object.kind}-${object.metadata.name}.yaml`.toLowerCase();
}

export function renderMember(
  ctx: MemberContext,
  channelUpdates: readonly ChannelUpdateSubmission[] = [],
): RenderedMember {
  const files = new Map<string, RenderedFile>();
  let objectCount = 0;
  const add = (object: KubeObject) => {
    const path = objectFileName(object);
    if (files.has(path)) throw new InternalError(`two rendered objects of ${ctx.org.id} share the file name ${path}`);
    files.set(path, { path, content: serializeObject(object) });
    objectCount++;
  };
  for (const object of memberObjects(ctx)) add(object);
  // Submission Jobs of committed channel updates (read from the repository's binary files).
  for (const update of channelUpdates) for (const object of renderUpdateSubmission(ctx, update)) add(object);
  const resources = [...files.keys()];
  files.set(KUSTOMIZATION_FILE, { path: KUSTOMIZATION_FILE, content: renderKustomization(resources) });
  return {
    org: ctx.org.id,
    files: [...files.values()].sort((a, b) => compare(a.path, b.path)),
    objectCount,
  };
}

function requireConsortium(model: ConsortiumModel) {
  if (model.consortium === undefined) {
    throw new FindingsError(
      'consortium/consortium.yaml is missing or invalid, so there is nothing to render; run `consortium validate`',
    );
  }
  return model.consortium;
}

export function renderConsortium(model: ConsortiumModel, options: RenderOptions = {}): RenderedMember[] {
  return [...renderMembers(model, options)];
}

/**
 * Members one at a time, in org id order: a caller that writes or counts each member before the
 * next holds one member's output in memory, not the consortium's.
 */
export function* renderMembers(model: ConsortiumModel, options: RenderOptions = {}): Generator<RenderedMember> {
  const shared = buildConsortiumContext(model, requireConsortium(model));
  // A member-scoped model (load-member-scope.ts) renders its members and nothing else.
  const scoped = model.scope?.members;
  if (scoped !== undefined) {
    const outside = (options.orgs ?? []).filter((id) => !scoped.includes(id));
    if (outside.length > 0)
      throw new InternalError(`${outside.join(', ')} cannot be rendered from the scope of ${scoped.join(', ')}`);
    options = { ...options, orgs: options.orgs ?? scoped };
  }
  const unknown = (options.orgs ?? []).filter((id) => !shared.orgsById.has(id));
  if (unknown.length > 0) {
    throw new FindingsError(
      `no member organization ${unknown.map((id) => `"${id}"`).join(', ')} (orgs/<id>/org.yaml); members: ${[...shared.orgsById.keys()].join(', ')}`,
    );
  }
  // Only the wanted members are looked at: one member's render does not grow with the consortium.
  const orgs =
    options.orgs === undefined
      ? [...shared.orgsById.values()]
      : [...new Set(options.orgs)].sort(compare).flatMap((id) => shared.orgsById.get(id) ?? []);
  for (const org of orgs) yield renderMember(buildMemberContext(shared, org), options.channelUpdates);
}

/**
 * Every channel's configtxgen input (configtx.yaml and the public MSP folders it points at), once
 * per channel, paths `<channel>/...`: an operator's tool, not part of any member's manifests.
 */
export function renderConsortiumConfigtx(model: ConsortiumModel): RenderedFile[] {
  if (model.scope !== undefined)
    throw new InternalError('configtx.yaml needs the whole consortium, not a member scope');
  return renderConfigtx(buildConsortiumContext(model, requireConsortium(model)));
}
