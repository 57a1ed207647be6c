// The example consortium (consortium/, orgs/, channels/) rendered end to end: golden files, schema
// validity against the pinned Kubernetes release, naming limits, and `kubectl kustomize`.
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConsortiumModel } from '../../tools/src/model/types.ts';
import { renderConsortium } from '../../tools/src/render/render-consortium.ts';
import type { RenderedMember } from '../../tools/src/render/types.ts';
import { requireFile } from '../support/requirements.ts';
import { loadKubeSchemaValidator, type KubeSchemaValidator } from './support/k8s-schema.ts';
import { loadExampleModel, objectsOf } from './support/render-fixtures.ts';

let model: ConsortiumModel;
let validator: KubeSchemaValidator | undefined;
const schemaValidator = (): KubeSchemaValidator => (validator ??= loadKubeSchemaValidator());
let members: RenderedMember[];

beforeAll(async () => {
  model = await loadExampleModel();
  members = renderConsortium(model);
});

function concatenated(member: RenderedMember): string {
  return member.files.map((f) => `--- ${f.path}\n${f.content}`).join('');
}

describe('rendering the example consortium', () => {
  it('renders one directory per member', () => {
    expect(members.map((m) => m.org)).toEqual(['logistics', 'manufacturer', 'retailer']);
  });

  it('matches the golden files', async () => {
    for (const member of members) {
      await expect(concatenated(member)).toMatchFileSnapshot(`__golden__/${member.org}.txt`);
    }
  });

  it('renders only objects valid against the pinned Kubernetes OpenAPI schema', () => {
    const validator = schemaValidator();
    const failures: string[] = [];
    for (const member of members) {
      for (const { file, object } of objectsOf(member)) {
        for (const error of validator.validate(object)) failures.push(`${member.org}/${file}: ${error}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('proves the schema check rejects what the API server would', () => {
    const validator = schemaValidator();
    const statefulSet = (spec: object) => ({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'x' },
      spec,
    });
    const template = { spec: { containers: [{ name: 'c', image: 'i' }] } };
    expect(validator.validate(statefulSet({ selector: {}, template }))).toEqual([]);
    expect(validator.validate(statefulSet({ selector: {}, template, replicas: 'one' })).join()).toMatch(/replicas/);
    expect(validator.validate(statefulSet({ selector: {}, template, volumeClaimTemplate: [] })).join()).toMatch(
      /additional properties/,
    );
    expect(validator.validate(statefulSet({ template })).join()).toMatch(/selector/);
  });

  it('checks Gateway API objects against their CRD schemas', () => {
    const validator = schemaValidator();
    const route = (spec: object, metadata: object = { name: 'r' }) => ({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'TLSRoute',
      metadata,
      spec,
    });
    const backend = { name: 'peer0', port: 7051 };
    expect(
      validator.validate(
        route({ parentRefs: [{ name: 'g' }], hostnames: ['a.example'], rules: [{ backendRefs: [backend] }] }),
      ),
    ).toEqual([]);
    expect(validator.validate(route({ rules: [{ backendRefs: [backend] }] })).join()).toMatch(/hostnames/);
    expect(
      validator
        .validate(route({ hostnames: ['a.example'], rules: [{ backendRefs: [{ ...backend, port: 'grpc' }] }] }))
        .join(),
    ).toMatch(/port/);
    expect(validator.validate(route({ hostnames: ['a.example'], tls: {} })).join()).toMatch(/additional properties/);
    expect(validator.validate(route({}, { name: 'r', labelz: {} })).join()).toMatch(/additional properties/);
    const gateway = (listener: object) => ({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'g' },
      spec: { gatewayClassName: 'traefik', listeners: [listener] },
    });
    expect(validator.validate(gateway({ name: 'tls', port: 443, protocol: 'TLS' }))).toEqual([]);
    expect(validator.validate(gateway({ name: 'tls', protocol: 'TLS' })).join()).toMatch(/port/);
    expect(
      validator.validate(gateway({ name: 'tls', port: 443, protocol: 'TLS', tls: { mode: 'Open' } })).join(),
    ).toMatch(/mode/);
  });

  it('keeps names and label values within Kubernetes limits', () => {
    const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
    const labelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
    for (const member of members) {
      for (const { file, object } of objectsOf(member)) {
        expect(object.metadata.name.length, file).toBeLessThanOrEqual(63);
        expect(object.metadata.name, file).toMatch(dnsLabel);
        for (const value of Object.values(object.metadata.labels ?? {})) {
          expect(value.length, file).toBeLessThanOrEqual(63);
          expect(value, file).toMatch(labelValue);
        }
      }
    }
  });

  it('puts no private key, password or token in the output', () => {
    for (const member of members) {
      for (const file of member.files) {
        expect(file.content, `${member.org}/${file.path}`).not.toMatch(
          /PRIVATE KEY|BEGIN EC|password:\s*\S|token:\s*\S/,
        );
      }
    }
  });

  const kubectl = requireFile(
    'render: kubectl kustomize',
    findOnPath('kubectl'),
    'install kubectl (https://kubernetes.io/docs/tasks/tools/)',
  );
  it.skipIf(!kubectl.available)('is accepted by `kubectl kustomize` for every member', async () => {
    const out = await mkdtemp(join(tmpdir(), 'render-kustomize-'));
    try {
      for (const member of members) {
        for (const file of member.files) {
          const path = join(out, member.org, file.path);
          await mkdir(dirname(path), { recursive: true });
          await writeFile(path, file.content);
        }
        const built = execFileSync('kubectl', ['kustomize', join(out, member.org)], { encoding: 'utf8' });
        expect(built.split(/^---$/m).length).toBe(member.objectCount);
      }
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});

function findOnPath(binary: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(':')) {
    const candidate = join(dir, binary);
    try {
      execFileSync('test', ['-x', candidate]);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}
