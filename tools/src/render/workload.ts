// The skeleton every long-running Fabric workload shares: one replica, selected by its standard
// labels, with the hardened pod defaults; a stateful one also gets its PVC and its Service. Keeping
// it in one place means a change to labels or hardening reaches the CA, peers, orderers, CouchDB
// and chaincode alike.
import { metaFor, type MemberContext } from './context.ts';
import { standardLabels, selectorLabels, type Component } from './labels.ts';
import { podDefaults } from './pod-security.ts';
import { renderService, type ServicePort } from './services.ts';
import { renderPvc } from './storage.ts';
import type { JsonObject, KubeObject } from './types.ts';

export interface WorkloadInput {
  /** Object name of the workload, also its app.kubernetes.io/instance. */
  readonly name: string;
  /** app.kubernetes.io/name. */
  readonly app: string;
  readonly component: Component;
  readonly channel?: string;
  readonly chaincode?: string;
  /** UID/GID the pod runs under. */
  readonly uid: number;
  /** Pod fields placed between the hardened defaults and the containers (affinity, grace period). */
  readonly pod?: JsonObject;
  readonly container: JsonObject;
  readonly volumes: readonly JsonObject[];
}

function scopeOf(input: WorkloadInput): { channel?: string; chaincode?: string } {
  return {
    ...(input.channel === undefined ? {} : { channel: input.channel }),
    ...(input.chaincode === undefined ? {} : { chaincode: input.chaincode }),
  };
}

/** A StatefulSet (serviceName set to its own Service) or a Deployment of one replica. */
export function renderWorkload(
  ctx: MemberContext,
  input: WorkloadInput & { readonly kind: 'StatefulSet' | 'Deployment' },
): KubeObject {
  const scope = scopeOf(input);
  const labelInput = {
    consortium: ctx.consortium.name,
    org: ctx.org.id,
    name: input.app,
    instance: input.name,
    component: input.component,
    ...scope,
  };
  return {
    apiVersion: 'apps/v1',
    kind: input.kind,
    metadata: metaFor(ctx, { objectName: input.name, name: input.app, component: input.component, ...scope }),
    spec: {
      ...(input.kind === 'StatefulSet' ? { serviceName: input.name } : {}),
      // A Deployment here runs chaincode: the peer keeps one stream to it, a second replica would sit idle.
      replicas: 1,
      selector: { matchLabels: selectorLabels(labelInput) },
      template: {
        metadata: { labels: standardLabels(labelInput) },
        spec: {
          ...podDefaults(input.uid),
          ...input.pod,
          containers: [input.container],
          volumes: [...input.volumes],
        },
      },
    },
  };
}

/** A StatefulSet with its PVC (`claimName`, mounted by the caller) and its Service, in that order. */
export function renderStatefulWorkload(
  ctx: MemberContext,
  input: WorkloadInput & {
    readonly ports: readonly ServicePort[];
    readonly storage: { readonly claimName: string; readonly size: string };
  },
): KubeObject[] {
  return [
    renderPvc(ctx, {
      claimName: input.storage.claimName,
      workload: input.name,
      appName: input.app,
      component: input.component,
      size: input.storage.size,
    }),
    renderService(ctx, {
      objectName: input.name,
      appName: input.app,
      instance: input.name,
      component: input.component,
      ports: input.ports,
    }),
    renderWorkload(ctx, { ...input, kind: 'StatefulSet' }),
  ];
}

/**
 * Probes on the Fabric operations endpoint. A startup probe gives a peer or orderer time to catch
 * up its ledger before liveness counts. `/healthz` also reports the health of what the process
 * depends on (a peer registers its CouchDB there): such a process takes `livenessOnPort`, so an
 * outage of the dependency takes it out of rotation (readiness) without restarting it in a loop.
 */
export function operationsProbes(options: {
  readonly startup: boolean;
  readonly livenessOnPort?: boolean;
}): JsonObject {
  const httpGet = { path: '/healthz', port: 'operations' };
  const liveness = options.livenessOnPort === true ? { tcpSocket: { port: 'operations' } } : { httpGet };
  return {
    ...(options.startup ? { startupProbe: { httpGet, periodSeconds: 10, failureThreshold: 60 } } : {}),
    readinessProbe: { httpGet, periodSeconds: 10 },
    livenessProbe: { ...liveness, periodSeconds: 20, failureThreshold: 3 },
  };
}

/** A Secret mounted read-only for the owner and group (certificates and keys). */
export function secretVolume(volumeName: string, secretName: string): JsonObject {
  return { name: volumeName, secret: { secretName, defaultMode: 0o440 } };
}

/**
 * A Secret the enrollment Job fills, mounted by the keys the workload reads: until every key is
 * there the kubelet does not set the volume up, so the Pod waits (its events name the missing
 * key) instead of starting a node without its TLS files and crash-looping into a long back-off.
 */
export function enrolledSecretVolume(volumeName: string, secretName: string, keys: readonly string[]): JsonObject {
  return {
    name: volumeName,
    secret: { secretName, defaultMode: 0o440, items: keys.map((key) => ({ key, path: key })) },
  };
}

/** The keys of a node's TLS Secret: its pair and the TLS CA it trusts. */
export const NODE_TLS_KEYS = ['tls.crt', 'tls.key', 'ca.crt'] as const;
