// A PersistentVolumeClaim can grow but never shrink: the API server rejects a smaller request, and
// recreating the claim would destroy a ledger. Render refuses such a change up front by comparing
// the PVCs it is about to write with those of the previous output of the same member.
import { load } from 'js-yaml';
import type { Diagnostic } from '../model/diagnostic.ts';
import { locate } from '../model/source.ts';
import type { ConsortiumModel } from '../model/types.ts';
import { parseQuantity } from './storage.ts';
import type { RenderedFile } from './types.ts';

export interface StorageShrink {
  /** Path of the PVC file relative to the member's directory. */
  readonly file: string;
  readonly claim: string;
  readonly previous: string;
  readonly next: string;
}

/**
 * Rendered files of PersistentVolumeClaims start with this (render-consortium.ts objectFileName):
 * only those are parsed, not every rendered file (a member's hundreds of objects).
 */
export const PVC_FILE_PREFIX = 'persistentvolumeclaim-';

interface PvcSize {
  readonly claim: string;
  readonly size: string;
}

function readPvcSize(content: string): PvcSize | undefined {
  let doc: unknown;
  try {
    doc = load(content);
  } catch {
    return undefined;
  }
  if (typeof doc !== 'object' || doc === null) return undefined;
  const obj = doc as {
    kind?: unknown;
    metadata?: { name?: unknown };
    spec?: { resources?: { requests?: { storage?: unknown } } };
  };
  const size = obj.spec?.resources?.requests?.storage;
  const claim = obj.metadata?.name;
  if (obj.kind !== 'PersistentVolumeClaim' || typeof size !== 'string' || typeof claim !== 'string') return undefined;
  return { claim, size };
}

/**
 * PVCs whose requested size is smaller in `next` than in `previous` (both a member's rendered files,
 * matched by claim name). Claims that are new or gone are not shrinks.
 */
export function findStorageShrinks(previous: readonly RenderedFile[], next: readonly RenderedFile[]): StorageShrink[] {
  const before = new Map<string, PvcSize>();
  for (const file of previous) {
    const pvc = readPvcSize(file.content);
    if (pvc !== undefined) before.set(pvc.claim, pvc);
  }
  const shrinks: StorageShrink[] = [];
  if (before.size === 0) return shrinks;
  for (const file of next) {
    if (!file.path.startsWith(PVC_FILE_PREFIX)) continue;
    const pvc = readPvcSize(file.content);
    const old = pvc === undefined ? undefined : before.get(pvc.claim);
    if (pvc === undefined || old === undefined) continue;
    const oldBytes = parseQuantity(old.size);
    const newBytes = parseQuantity(pvc.size);
    if (oldBytes !== undefined && newBytes !== undefined && newBytes < oldBytes) {
      shrinks.push({ file: file.path, claim: pvc.claim, previous: old.size, next: pvc.size });
    }
  }
  return shrinks;
}

/**
 * The same refusal between two revisions of the repository (a pull request's base and head), so a
 * shrink is reported at the line of the size in org.yaml before anything is rendered. Nodes that
 * are new or removed are not shrinks.
 */
export function checkStorageShrink(previous: ConsortiumModel, next: ConsortiumModel): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const before = new Map(previous.orgs.map((org) => [org.id, org]));
  for (const org of next.orgs) {
    const old = before.get(org.id);
    if (old === undefined) continue;
    const report = (path: string, what: string, was: string, now: string) => {
      const oldBytes = parseQuantity(was);
      const newBytes = parseQuantity(now);
      if (oldBytes === undefined || newBytes === undefined || newBytes >= oldBytes) return;
      const at = locate(org.source, path);
      diagnostics.push({
        rule: 'storage-shrink',
        severity: 'error',
        file: at.file,
        line: at.line,
        column: at.column,
        message: `${what} of ${org.id} would shrink from ${was} to ${now}; a PersistentVolumeClaim cannot shrink`,
        hint: `keep ${was} or more, or migrate the data to a new volume first`,
      });
    };
    org.peers.forEach((peer, i) => {
      const was = old.peers.find((p) => p.name === peer.name)?.storage;
      if (was !== undefined) report(`peers.${i}.storage`, `storage of peer ${peer.name}`, was, peer.storage);
    });
    org.orderers.forEach((orderer, i) => {
      const was = old.orderers.find((o) => o.name === orderer.name)?.storage;
      if (was !== undefined)
        report(`orderers.${i}.storage`, `storage of orderer ${orderer.name}`, was, orderer.storage);
    });
    report('ca.storage', 'storage of the CA', old.ca.storage, org.ca.storage);
  }
  return diagnostics;
}
