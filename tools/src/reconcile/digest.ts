// Content digest of a rendered object: canonical JSON (keys sorted) hashed with SHA-256.
import { createHash } from 'node:crypto';
import type { KubeObject } from '../adapters/kube.ts';

export function digestObject(object: KubeObject): string {
  return `sha256:${createHash('sha256').update(canonicalJson(object)).digest('hex').slice(0, 32)}`;
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
