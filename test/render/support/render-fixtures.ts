// Models and renders shared by the render tests: the example consortium as the loader reads it
// (for golden files) and the in-memory model of test/support/model-builder.ts with real test
// certificates (for focused tests that change one thing).
import { load } from 'js-yaml';
import { createFilesystemReader } from '../../../tools/src/adapters/filesystem.ts';
import { loadRepository } from '../../../tools/src/model/load-repository.ts';
import type { ConsortiumModel } from '../../../tools/src/model/types.ts';
import type { RenderedMember } from '../../../tools/src/render/types.ts';
import { KUSTOMIZATION_FILE } from '../../../tools/src/render/render-consortium.ts';
import { buildModel, type Draft } from '../../support/model-builder.ts';
import { copyExampleRepo } from '../../support/example-repo.ts';
import { generateOrgCertificates, type OrgCertificates } from '../../support/test-certificates.ts';

export async function loadExampleModel(): Promise<ConsortiumModel> {
  const repo = await copyExampleRepo();
  try {
    const { model, diagnostics } = await loadRepository(createFilesystemReader(repo.dir));
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) throw new Error(`the example consortium does not load: ${JSON.stringify(errors)}`);
    return model;
  } finally {
    await repo.remove();
  }
}

let certificates: Promise<OrgCertificates[]> | undefined;

/** Three orgs' certificates, generated once per test file. */
export function testCertificates(): Promise<OrgCertificates[]> {
  certificates ??= Promise.all(['org1', 'org2', 'org3'].map((name) => generateOrgCertificates({ name })));
  return certificates;
}

export async function builtModel(edit?: (draft: Draft<ConsortiumModel>) => void): Promise<ConsortiumModel> {
  return buildModel({ certificates: await testCertificates() }, edit);
}

export interface ParsedObject {
  readonly file: string;
  readonly object: {
    apiVersion: string;
    kind: string;
    metadata: {
      name: string;
      namespace?: string;
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    };
    spec?: Record<string, unknown>;
    [key: string]: unknown;
  };
}

/** The Kubernetes objects of a member: every file its kustomization.yaml lists, parsed. */
export function objectsOf(member: RenderedMember): ParsedObject[] {
  const byPath = new Map(member.files.map((f) => [f.path, f.content]));
  const kustomization = load(byPath.get(KUSTOMIZATION_FILE) ?? '') as { resources: string[] };
  return kustomization.resources.map((file) => ({
    file,
    object: load(byPath.get(file) ?? '') as ParsedObject['object'],
  }));
}

export function memberOf(members: readonly RenderedMember[], org: string): RenderedMember {
  const member = members.find((m) => m.org === org);
  if (member === undefined) throw new Error(`no rendered member ${org}`);
  return member;
}
