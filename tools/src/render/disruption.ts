// Keep an org's peers, and the ordering service's Raft majority, alive through node loss and
// voluntary disruptions: hard anti-affinity spreads each kind of node over distinct Kubernetes
// nodes, and PodDisruptionBudgets let a drain take down at most one at a time.
import { metaFor, type MemberContext } from './context.ts';
import { ORG_LABEL, type Component } from './labels.ts';
import type { JsonObject, KubeObject } from './types.ts';

/** Pods of `appName` in this org never share a node (one node loss = at most one of them). */
export function antiAffinity(ctx: MemberContext, appName: string): JsonObject {
  return {
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [
        {
          labelSelector: { matchLabels: { 'app.kubernetes.io/name': appName, [ORG_LABEL]: ctx.org.id } },
          topologyKey: 'kubernetes.io/hostname',
        },
      ],
    },
  };
}

/**
 * Pods that must share a node with the pod `selector` matches: a peer's CouchDB beside its peer, so
 * a node loss takes one peer together with its database, never one peer and another peer's database
 * (which would leave the org with no working peer).
 */
export function colocateWith(selector: JsonObject): JsonObject {
  return {
    podAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [
        { labelSelector: { matchLabels: selector }, topologyKey: 'kubernetes.io/hostname' },
      ],
    },
  };
}

/**
 * Raft with n consenters tolerates floor((n-1)/2) failures. Each member can only budget its own
 * orderers, so one voluntary eviction at a time per member, and none when the consortium has no
 * fault tolerance at all (fewer than three consenters): then a drain must wait for an operator.
 */
export function ordererMaxUnavailable(consenterCount: number): number {
  return Math.floor((consenterCount - 1) / 2) >= 1 ? 1 : 0;
}

function componentOf(appName: string): Component {
  if (appName === 'fabric-peer') return 'peer';
  return appName === 'couchdb' ? 'couchdb' : 'orderer';
}

export function renderPdb(
  ctx: MemberContext,
  input: { readonly appName: string; readonly maxUnavailable: number; readonly objectName?: string },
): KubeObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: metaFor(ctx, {
      objectName: input.objectName ?? input.appName,
      name: input.appName,
      instance: ctx.org.id,
      component: componentOf(input.appName),
    }),
    spec: {
      maxUnavailable: input.maxUnavailable,
      selector: { matchLabels: { 'app.kubernetes.io/name': input.appName, [ORG_LABEL]: ctx.org.id } },
    },
  };
}

export function renderDisruptionBudgets(ctx: MemberContext): KubeObject[] {
  const budgets: KubeObject[] = [];
  if (ctx.org.peers.length > 0) budgets.push(renderPdb(ctx, { appName: 'fabric-peer', maxUnavailable: 1 }));
  // A peer is down when its CouchDB is: one state database at a time too.
  if (ctx.org.peers.some((p) => p.stateDb === 'couchdb'))
    budgets.push(renderPdb(ctx, { appName: 'couchdb', objectName: 'fabric-couchdb', maxUnavailable: 1 }));
  if (ctx.org.orderers.length > 0) {
    budgets.push(
      renderPdb(ctx, { appName: 'fabric-orderer', maxUnavailable: ordererMaxUnavailable(ctx.consenters.length) }),
    );
  }
  return budgets;
}
