#!/usr/bin/env node
// Extracts the schemas of the Gateway API kinds `consortium render` produces (Gateway, TLSRoute)
// from the Standard-channel CRDs of the pinned Gateway API release (the module
// sigs.k8s.io/gateway-api, config/crd/standard/), into a small committed fixture the render tests
// validate against offline: Gateway API kinds are CustomResourceDefinitions, not part of the
// Kubernetes OpenAPI description (scripts/extract-k8s-openapi.mjs). Descriptions are dropped;
// everything else of each kind's served storage version is kept as published, with the CRD's names
// and scope, so a test can also install the kind in a real API server (one version, no conversion).
//
//   node scripts/extract-gateway-api-crds.mjs [--version vX.Y.Z]
//
// The version defaults to GATEWAY_API_VERSION of test/node/versions.env (the release whose CRDs
// the test node installs). The module is taken from the Go module cache, downloaded through the Go
// module proxy first when missing (`go mod download sigs.k8s.io/gateway-api@<version>`).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { load } from 'js-yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** apiVersion/kind -> CRD file of the Standard channel, for every Gateway API kind render emits. */
export const RENDERED_GATEWAY_KINDS = {
  'gateway.networking.k8s.io/v1/Gateway': 'gateway.networking.k8s.io_gateways.yaml',
  'gateway.networking.k8s.io/v1/TLSRoute': 'gateway.networking.k8s.io_tlsroutes.yaml',
};

function pinnedVersion() {
  const file = join(root, 'test/node/versions.env');
  const match = existsSync(file) ? /^GATEWAY_API_VERSION=(\S+)$/m.exec(readFileSync(file, 'utf8')) : null;
  if (match === null) throw new Error('pass --version: test/node/versions.env has no GATEWAY_API_VERSION line');
  return match[1];
}

function moduleDir(version) {
  const env = { ...process.env, GOFLAGS: '-mod=mod' };
  const info = JSON.parse(
    execFileSync('go', ['mod', 'download', '-json', `sigs.k8s.io/gateway-api@${version}`], { env, encoding: 'utf8' }),
  );
  return info.Dir;
}

/** Drops documentation (string `description` values), never a property that happens to be called so. */
function stripDescriptions(value) {
  if (Array.isArray(value)) return value.map(stripDescriptions);
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === 'description' && typeof child === 'string') continue;
    out[key] = stripDescriptions(child);
  }
  return out;
}

function main() {
  const { values } = parseArgs({ options: { version: { type: 'string' } } });
  const version = values.version ?? pinnedVersion();
  const dir = join(moduleDir(version), 'config/crd/standard');
  const kinds = {};
  for (const [apiVersionKind, file] of Object.entries(RENDERED_GATEWAY_KINDS)) {
    const crd = load(readFileSync(join(dir, file), 'utf8'));
    const channel = crd.metadata.annotations['gateway.networking.k8s.io/channel'];
    const apiVersion = apiVersionKind.split('/').slice(0, 2).join('/');
    const served = crd.spec.versions.find((v) => `${crd.spec.group}/${v.name}` === apiVersion);
    if (served === undefined || !served.served || !served.storage)
      throw new Error(`${file} of ${version} does not serve and store ${apiVersion}`);
    kinds[apiVersionKind] = {
      crd: crd.metadata.name,
      annotations: crd.metadata.annotations,
      channel,
      group: crd.spec.group,
      names: crd.spec.names,
      scope: crd.spec.scope,
      version: served.name,
      schema: stripDescriptions(served.schema.openAPIV3Schema),
    };
  }
  const out = join(root, `test/fixtures/render/gateway-api-crds-${version}.json`);
  const fixture = {
    gatewayApiVersion: version,
    source: `sigs.k8s.io/gateway-api@${version}/config/crd/standard`,
    kinds,
  };
  writeFileSync(out, `${JSON.stringify(fixture, null, 1)}\n`);
  process.stdout.write(`${out}: ${Object.keys(kinds).join(', ')}\n`);
}

main();
