// The desired state of one member: the Kubernetes objects of its rendered manifests, either
// rendered in-process from the model or read from a directory written by `consortium render`.
// js-yaml parses here: rendered files are machine-written, and no source positions are needed.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { loadAll, load } from 'js-yaml';
import type { KubeObject } from '../adapters/kube.ts';

export interface RenderedFileText {
  /** Relative to the member's directory, forward slashes. */
  readonly path: string;
  readonly content: string;
}

/** Objects of a member's rendered files: those kustomization.yaml lists, or every YAML file. */
export function objectsFromRenderedFiles(files: readonly RenderedFileText[]): KubeObject[] {
  const byPath = new Map(files.map((f) => [f.path, f.content]));
  const kustomization = byPath.get('kustomization.yaml');
  let paths: string[];
  if (kustomization !== undefined) {
    const doc = load(kustomization) as { resources?: unknown } | null;
    paths = Array.isArray(doc?.resources) ? doc.resources.filter((r): r is string => typeof r === 'string') : [];
    const missing = paths.filter((p) => !byPath.has(p));
    if (missing.length > 0) throw new Error(`kustomization.yaml lists files that are not there: ${missing.join(', ')}`);
  } else {
    paths = [...byPath.keys()].filter((p) => /\.ya?ml$/.test(p)).sort();
  }
  const objects: KubeObject[] = [];
  for (const path of paths) {
    for (const doc of loadAll(byPath.get(path) ?? '')) {
      if (doc === null || doc === undefined) continue;
      if (!isKubeObject(doc))
        throw new Error(`${path}: not a Kubernetes object (apiVersion, kind and metadata.name are required)`);
      objects.push(doc);
    }
  }
  return objects;
}

function isKubeObject(doc: unknown): doc is KubeObject {
  if (doc === null || typeof doc !== 'object') return false;
  const o = doc as Record<string, unknown>;
  const meta = o['metadata'] as Record<string, unknown> | undefined;
  return typeof o['apiVersion'] === 'string' && typeof o['kind'] === 'string' && typeof meta?.['name'] === 'string';
}

/** Every file under DIR/<org>/ (as written by `consortium render --out DIR`). */
export async function readRenderedDirectory(dir: string, org: string): Promise<RenderedFileText[]> {
  const root = join(dir, org);
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files: RenderedFileText[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    files.push({ path: relative(root, full).split(sep).join('/'), content: await readFile(full, 'utf8') });
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** Org ids rendered into DIR (its subdirectories). */
export async function listRenderedOrgs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}
