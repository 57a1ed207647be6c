// Validates rendered objects against the Kubernetes OpenAPI definitions of the pinned release
// (test/fixtures/render/k8s-openapi-<version>.json, extracted by scripts/extract-k8s-openapi.mjs),
// offline. Two adjustments make the published v2 definitions check what the API server checks:
// IntOrString and Quantity accept numbers as well as strings (their JSON forms), and objects
// reject unknown fields, as the API server does with strict field validation.
// Gateway API kinds are CustomResourceDefinitions, absent from that description: they validate
// against the schemas of their CRDs (test/fixtures/render/gateway-api-crds-<version>.json, extracted
// by scripts/extract-gateway-api-crds.mjs), with `metadata` checked as ObjectMeta. The CRDs' CEL
// rules (x-kubernetes-validations) are not evaluated here; the real API server of the cluster tests
// evaluates them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { projectRoot } from '../../support/example-repo.ts';

interface GatewayFixture {
  readonly gatewayApiVersion: string;
  readonly kinds: Readonly<Record<string, { readonly schema: Record<string, unknown> }>>;
}

/** The committed Gateway API CRD fixture (one release at a time). */
export function loadGatewayFixture(): GatewayFixture {
  const dir = join(projectRoot, 'test/fixtures/render');
  const files = readdirSync(dir).filter((f) => /^gateway-api-crds-.*\.json$/.test(f));
  if (files.length !== 1 || files[0] === undefined)
    throw new Error(`expected one gateway-api-crds-<version>.json in ${dir}, found ${files.length}`);
  return JSON.parse(readFileSync(join(dir, files[0]), 'utf8')) as GatewayFixture;
}

interface Fixture {
  readonly kubernetesVersion: string;
  readonly kinds: Readonly<Record<string, string>>;
  readonly definitions: Record<string, Record<string, unknown>>;
}

export function pinnedKubernetesVersion(): string {
  const text = readFileSync(join(projectRoot, 'test/cluster/versions.env'), 'utf8');
  const match = /^KUBE_VERSION=(\S+)$/m.exec(text);
  if (match?.[1] === undefined) throw new Error('test/cluster/versions.env has no KUBE_VERSION');
  return match[1];
}

function closeObjects(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(closeObjects);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) out[key] = closeObjects(child);
  if (
    out['properties'] !== undefined &&
    out['additionalProperties'] === undefined &&
    out['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    out['additionalProperties'] = false;
  }
  return out;
}

export interface KubeSchemaValidator {
  readonly version: string;
  /** Error messages; empty when the object is valid. */
  validate(object: unknown): string[];
}

export function loadKubeSchemaValidator(): KubeSchemaValidator {
  const version = pinnedKubernetesVersion();
  const fixture = JSON.parse(
    readFileSync(join(projectRoot, `test/fixtures/render/k8s-openapi-${version}.json`), 'utf8'),
  ) as Fixture;
  const definitions = closeObjects(fixture.definitions) as Record<string, Record<string, unknown>>;
  definitions['io.k8s.apimachinery.pkg.util.intstr.IntOrString'] = { anyOf: [{ type: 'string' }, { type: 'integer' }] };
  definitions['io.k8s.apimachinery.pkg.api.resource.Quantity'] = {
    anyOf: [
      { type: 'string', pattern: '^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?[0-9]+)?$' },
      { type: 'number' },
    ],
  };
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('int32', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31,
  });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addFormat('byte', /^[A-Za-z0-9+/]*={0,2}$/);
  ajv.addFormat('date-time', () => true);
  ajv.addSchema({ $id: 'k8s', definitions });
  const validators = new Map<string, ValidateFunction>();
  for (const [kind, definition] of Object.entries(fixture.kinds)) {
    validators.set(kind, ajv.compile({ $ref: `k8s#/definitions/${definition}` }));
  }
  for (const [kind, { schema }] of Object.entries(loadGatewayFixture().kinds)) {
    const closed = closeObjects(schema) as { properties?: Record<string, unknown> };
    const properties = {
      ...closed.properties,
      metadata: { $ref: 'k8s#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
    };
    validators.set(kind, ajv.compile({ ...closed, properties }));
  }
  return {
    version,
    validate(object) {
      const { apiVersion, kind } = object as { apiVersion?: unknown; kind?: unknown };
      const check = validators.get(`${String(apiVersion)}/${String(kind)}`);
      if (check === undefined)
        return [
          `no schema for ${String(apiVersion)} ${String(kind)} (add it to scripts/extract-k8s-openapi.mjs or scripts/extract-gateway-api-crds.mjs)`,
        ];
      if (check(object)) return [];
      return (check.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
    },
  };
}
