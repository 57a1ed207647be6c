// Drift from managedFields: which field manager owns which of the fields we declare. A field we
// declare that another manager now owns (kubectl edit, a controller, another apply forcing a
// conflict), or that nobody owns any more (removed out of band), is drift.
import type { KubeObject, ManagedFieldsEntry } from '../adapters/kube.ts';
import type { DriftFinding } from './types.ts';

const SEP = '\u0000';

/**
 * Every node path of a fieldsV1 tree, keys joined by SEP ("f:spec" SEP "f:replicas"): keys such
 * as label names contain dots and slashes, so neither can separate them.
 */
export function fieldPaths(fieldsV1: unknown): Set<string> {
  const out = new Set<string>();
  const walk = (node: unknown, prefix: string): void => {
    if (node === null || typeof node !== 'object') return;
    for (const key of Object.keys(node)) {
      if (key === '.') continue;
      const path = prefix === '' ? key : `${prefix}${SEP}${key}`;
      out.add(path);
      walk((node as Record<string, unknown>)[key], path);
    }
  };
  walk(fieldsV1, '');
  return out;
}

/** Leaf paths only: the fields a manager set, not the maps on the way to them. */
function leafPaths(fieldsV1: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown, prefix: string): void => {
    if (node === null || typeof node !== 'object') return;
    const keys = Object.keys(node).filter((k) => k !== '.');
    if (keys.length === 0 || Object.hasOwn(node, '.')) {
      if (prefix !== '') out.push(prefix);
    }
    for (const key of keys) walk((node as Record<string, unknown>)[key], prefix === '' ? key : `${prefix}${SEP}${key}`);
  };
  walk(fieldsV1, '');
  return out;
}

/** Follows a fieldsV1 path through a desired object; undefined when the object does not declare it. */
function resolveInDesired(desired: unknown, path: string): { found: boolean; display: string } {
  let node: unknown = desired;
  const display: string[] = [];
  for (const key of path.split(SEP)) {
    if (key.startsWith('f:')) {
      const name = key.slice(2);
      if (node === null || typeof node !== 'object' || Array.isArray(node) || !Object.hasOwn(node, name))
        return { found: false, display: '' };
      node = (node as Record<string, unknown>)[name];
      display.push(display.length === 0 ? name : `.${name}`);
    } else if (key.startsWith('k:')) {
      if (!Array.isArray(node)) return { found: false, display: '' };
      let wanted: Record<string, unknown>;
      try {
        wanted = JSON.parse(key.slice(2)) as Record<string, unknown>;
      } catch {
        return { found: false, display: '' };
      }
      const item: unknown = node.find(
        (candidate: unknown) =>
          candidate !== null &&
          typeof candidate === 'object' &&
          // A key field the desired item leaves out (Service port protocol) is one the server
          // defaults, so it does not tell items apart.
          Object.entries(wanted).some(([k]) => (candidate as Record<string, unknown>)[k] !== undefined) &&
          Object.entries(wanted).every(([k, v]) => {
            const mine = (candidate as Record<string, unknown>)[k];
            return mine === undefined || JSON.stringify(mine) === JSON.stringify(v);
          }),
      );
      if (item === undefined) return { found: false, display: '' };
      node = item;
      display.push(
        `[${Object.entries(wanted)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(',')}]`,
      );
    } else if (key.startsWith('v:')) {
      if (!Array.isArray(node)) return { found: false, display: '' };
      const value: unknown = JSON.parse(key.slice(2));
      if (!node.some((v: unknown) => JSON.stringify(v) === JSON.stringify(value))) return { found: false, display: '' };
      display.push(`[${JSON.stringify(value)}]`);
      node = value;
    } else {
      return { found: false, display: '' };
    }
  }
  return { found: true, display: display.join('') };
}

/** Paths a desired object declares, down to lists (list items are checked through other managers). */
function declaredPaths(desired: KubeObject): string[] {
  const out: string[] = [];
  const walk = (node: unknown, prefix: string, depth: number): void => {
    if (node === null || typeof node !== 'object' || Array.isArray(node) || depth > 64) return;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (value === undefined || value === null) continue;
      const path = prefix === '' ? `f:${key}` : `${prefix}${SEP}f:${key}`;
      if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0)
        walk(value, path, depth + 1);
      else out.push(path);
    }
  };
  const identity = new Set(['apiVersion', 'kind', 'metadata']);
  const rest = Object.fromEntries(Object.entries(desired).filter(([k]) => !identity.has(k)));
  const meta = Object.fromEntries(Object.entries(desired.metadata).filter(([k]) => k !== 'name' && k !== 'namespace'));
  walk({ metadata: meta, ...rest }, '', 0);
  // stringData is write-only (the server folds it into data): its ownership is not comparable.
  return out.filter((p) => !p.startsWith('f:stringData'));
}

/**
 * Whether our managed set covers a declared path: the path itself, or an ancestor recorded as a
 * leaf (atomic maps and structs such as a Service's selector or a RoleBinding's roleRef are
 * owned as a whole, without their keys).
 */
function isCovered(path: string, ourPaths: ReadonlySet<string>, ourLeaves: ReadonlySet<string>): boolean {
  if (ourPaths.has(path)) return true;
  const parts = path.split(SEP);
  for (let n = parts.length - 1; n > 0; n--) {
    const ancestor = parts.slice(0, n).join(SEP);
    if (ourPaths.has(ancestor)) return ourLeaves.has(ancestor);
  }
  return false;
}

function isMainResource(entry: ManagedFieldsEntry): boolean {
  return entry.subresource === undefined || entry.subresource === '';
}

/**
 * Drift of one live object against the desired object we would apply. Empty when every field we
 * declare is still ours. Objects we never applied (no entry for our manager) are not drift: they
 * are simply out of date.
 */
export function detectDrift(desired: KubeObject, live: KubeObject, manager: string): DriftFinding[] {
  const entries = (live.metadata.managedFields ?? []).filter(isMainResource);
  const ours = entries.filter((e) => e.manager === manager && e.operation === 'Apply');
  if (ours.length === 0) return [];
  const ourPaths = new Set<string>();
  for (const e of ours) for (const p of fieldPaths(e.fieldsV1)) ourPaths.add(p);
  const findings = new Map<string, DriftFinding>();
  for (const entry of entries) {
    if (entry.manager === manager && entry.operation === 'Apply') continue;
    for (const path of leafPaths(entry.fieldsV1)) {
      if (ourPaths.has(path)) continue;
      const { found, display } = resolveInDesired(desired, path);
      if (!found) continue;
      findings.set(display, {
        field: display,
        ...(entry.manager === undefined ? {} : { manager: entry.manager }),
        ...(entry.operation === undefined ? {} : { operation: entry.operation }),
        ...(entry.time === undefined ? {} : { time: entry.time }),
      });
    }
  }
  const ourLeaves = new Set(ours.flatMap((e) => leafPaths(e.fieldsV1)));
  for (const path of declaredPaths(desired)) {
    if (isCovered(path, ourPaths, ourLeaves)) continue;
    const display = path
      .split(SEP)
      .map((k) => k.slice(2))
      .join('.');
    if ([...findings.keys()].some((k) => k === display || k.startsWith(`${display}.`) || k.startsWith(`${display}[`)))
      continue;
    findings.set(display, { field: display });
  }
  return [...findings.values()].sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
}
