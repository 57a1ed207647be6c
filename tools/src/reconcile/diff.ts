// Field-level difference between a live object and the server's dry-run result of applying
// ours. Server-populated bookkeeping is ignored; Secret values are never shown.
import type { KubeObject } from '../adapters/kube.ts';
import type { FieldChange } from './types.ts';

const ignoredMetadata = new Set([
  'managedFields',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'uid',
  'selfLink',
]);
const masked = '(sensitive value hidden)';

export function diffObjects(before: KubeObject | undefined, after: KubeObject): FieldChange[] {
  const changes: FieldChange[] = [];
  const secret = after.kind === 'Secret';
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    if (isPlainObject(a) && isPlainObject(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
      for (const k of keys) walk(a[k], b[k], path === '' ? k : `${path}.${k}`);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
      a.forEach((item: unknown, i) => walk(item, b[i], `${path}${itemLabel(item, b[i], i)}`));
      return;
    }
    const hide =
      secret &&
      (path.startsWith('data.') ||
        path.startsWith('stringData.') ||
        path === 'data' ||
        path === 'stringData' ||
        // kubectl apply (client-side) keeps a full copy of the object, values included, here.
        path === 'metadata.annotations.kubectl.kubernetes.io/last-applied-configuration' ||
        path === 'metadata.annotations');
    changes.push({
      path,
      ...(a === undefined ? {} : { before: hide ? masked : a }),
      ...(b === undefined ? {} : { after: hide ? masked : b }),
    });
  };
  walk(strip(before), strip(after), '');
  return changes;
}

function itemLabel(a: unknown, b: unknown, index: number): string {
  const named = [a, b].find((x) => isPlainObject(x) && typeof x['name'] === 'string') as
    Record<string, unknown> | undefined;
  return named === undefined ? `[${index}]` : `[name=${String(named['name'])}]`;
}

function strip(object: KubeObject | undefined): Record<string, unknown> {
  if (object === undefined) return {};
  const rest = Object.fromEntries(Object.entries(object).filter(([k]) => k !== 'status' && k !== 'metadata'));
  const meta = Object.fromEntries(Object.entries(object.metadata).filter(([k]) => !ignoredMetadata.has(k)));
  return { ...rest, metadata: meta };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
