#!/usr/bin/env node
// Extracts the OpenAPI (v2) definitions of the Kubernetes kinds `consortium render` produces, with
// every definition they reference, from k8s.io/kubernetes's api/openapi-spec/swagger.json at the
// pinned version (test/cluster/versions.env), into a small committed fixture the render tests
// validate against offline. Descriptions are dropped; everything else is kept as published.
//
//   node scripts/extract-k8s-openapi.mjs [--swagger FILE]
//
// Without --swagger the module is taken from the Go module cache, downloaded through the Go module
// proxy first when missing (`go mod download k8s.io/kubernetes@<version>`).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** apiVersion/kind -> definition name, for every kind render emits. */
export const RENDERED_KINDS = {
  'v1/Namespace': 'io.k8s.api.core.v1.Namespace',
  'v1/ConfigMap': 'io.k8s.api.core.v1.ConfigMap',
  'v1/Service': 'io.k8s.api.core.v1.Service',
  'v1/PersistentVolumeClaim': 'io.k8s.api.core.v1.PersistentVolumeClaim',
  'apps/v1/StatefulSet': 'io.k8s.api.apps.v1.StatefulSet',
  'apps/v1/Deployment': 'io.k8s.api.apps.v1.Deployment',
  'batch/v1/Job': 'io.k8s.api.batch.v1.Job',
  'batch/v1/CronJob': 'io.k8s.api.batch.v1.CronJob',
  'networking.k8s.io/v1/NetworkPolicy': 'io.k8s.api.networking.v1.NetworkPolicy',
  'networking.k8s.io/v1/Ingress': 'io.k8s.api.networking.v1.Ingress',
  'policy/v1/PodDisruptionBudget': 'io.k8s.api.policy.v1.PodDisruptionBudget',
};

function pinnedVersion() {
  const text = readFileSync(join(root, 'test/cluster/versions.env'), 'utf8');
  const match = /^KUBE_VERSION=(\S+)$/m.exec(text);
  if (match === null) throw new Error('test/cluster/versions.env has no KUBE_VERSION line');
  return match[1];
}

function swaggerFromModuleCache(version) {
  const env = { ...process.env, GOFLAGS: '-mod=mod' };
  const info = JSON.parse(
    execFileSync('go', ['mod', 'download', '-json', `k8s.io/kubernetes@${version}`], { env, encoding: 'utf8' }),
  );
  return join(info.Dir, 'api/openapi-spec/swagger.json');
}

function stripDescriptions(value) {
  if (Array.isArray(value)) return value.map(stripDescriptions);
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === 'description') continue;
    out[key] = stripDescriptions(child);
  }
  return out;
}

function collectRefs(value, into) {
  if (Array.isArray(value)) for (const item of value) collectRefs(item, into);
  else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') into.push(child.replace('#/definitions/', ''));
      else collectRefs(child, into);
    }
  }
}

function main() {
  const { values } = parseArgs({ options: { swagger: { type: 'string' } } });
  const version = pinnedVersion();
  const swaggerPath = values.swagger ?? swaggerFromModuleCache(version);
  if (!existsSync(swaggerPath)) throw new Error(`${swaggerPath} does not exist`);
  const swagger = JSON.parse(readFileSync(swaggerPath, 'utf8'));
  const picked = {};
  const pending = Object.values(RENDERED_KINDS);
  while (pending.length > 0) {
    const name = pending.pop();
    if (picked[name] !== undefined) continue;
    const definition = swagger.definitions[name];
    if (definition === undefined) throw new Error(`definition ${name} not found in ${swaggerPath}`);
    picked[name] = stripDescriptions(definition);
    collectRefs(definition, pending);
  }
  const definitions = Object.fromEntries(
    Object.keys(picked)
      .sort()
      .map((name) => [name, picked[name]]),
  );
  const out = join(root, `test/fixtures/render/k8s-openapi-${version}.json`);
  const fixture = {
    kubernetesVersion: version,
    source: `k8s.io/kubernetes@${version}/api/openapi-spec/swagger.json`,
    kinds: RENDERED_KINDS,
    definitions,
  };
  writeFileSync(out, `${JSON.stringify(fixture, null, 1)}\n`);
  process.stdout.write(`${out}: ${Object.keys(definitions).length} definitions\n`);
}

main();
