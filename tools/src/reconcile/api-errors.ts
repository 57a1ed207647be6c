// Turning API errors into something an operator can act on: which field manager holds which
// fields in a conflict, what to do about an immutable field.
import { KubeApiError } from '../adapters/kube.ts';
import { recreateAnnotation } from './ownership.ts';
import type { FieldConflict, ItemResult } from './types.ts';

export type ErrorKind = NonNullable<ItemResult['errorKind']>;

export interface ClassifiedError {
  readonly kind: ErrorKind;
  readonly message: string;
  readonly conflicts?: readonly FieldConflict[];
  readonly hint?: string;
}

export function parseConflicts(error: KubeApiError): FieldConflict[] {
  const causes = error.details?.causes ?? [];
  const out: FieldConflict[] = [];
  for (const cause of causes) {
    if (cause.type !== undefined && cause.type !== 'FieldManagerConflict') continue;
    const manager = /conflict with "([^"]*)"/.exec(cause.message ?? '')?.[1];
    if (manager === undefined) continue;
    out.push({ manager, field: cause.field ?? (cause.message ?? '').split(': ').slice(1).join(': ') });
  }
  return out;
}

/** A conflict only with managers that edited the object out of band: drift, to be undone. */
export function isDriftConflict(error: unknown, outOfBandManagers: readonly string[] | undefined): boolean {
  if (!(error instanceof KubeApiError) || error.status !== 409 || outOfBandManagers === undefined) return false;
  const conflicts = parseConflicts(error);
  return conflicts.length > 0 && conflicts.every((c) => outOfBandManagers.includes(c.manager));
}

export function isImmutableError(error: unknown): boolean {
  if (!(error instanceof KubeApiError) || error.status !== 422) return false;
  const texts = [error.message, ...(error.details?.causes ?? []).map((c) => c.message ?? '')];
  return texts.some((t) => /immutable/i.test(t));
}

/** Connection-level failure (after retries): the cluster is not reachable right now. */
export function isUnreachable(error: unknown): boolean {
  return error instanceof KubeApiError && error.status === undefined;
}

export function classifyError(error: unknown): ClassifiedError {
  if (!(error instanceof KubeApiError))
    return { kind: 'other', message: error instanceof Error ? error.message : String(error) };
  if (error.status === 409 && error.reason === 'Conflict') {
    const conflicts = parseConflicts(error);
    if (conflicts.length > 0) {
      const managers = [...new Set(conflicts.map((c) => c.manager))].join(', ');
      return {
        kind: 'conflict',
        message: `fields owned by another field manager (${managers}): ${conflicts.map((c) => `${c.field} (${c.manager})`).join(', ')}`,
        conflicts,
        hint: 'make the repository agree with the change and merge it, or take the fields back with --force-conflicts',
      };
    }
  }
  if (isImmutableError(error)) {
    return {
      kind: 'immutable',
      message: error.message,
      hint: `the object must be recreated: delete it (kubectl delete) and reconcile again, or annotate the rendered object with ${recreateAnnotation}: "true" so reconcile recreates it`,
    };
  }
  if (error.status === 403)
    return {
      kind: 'forbidden',
      message: error.message,
      hint: "grant the reconcile identity access to this kind (deploy/ has the reconcile's RBAC)",
    };
  if (error.status === 422 || error.status === 400) return { kind: 'invalid', message: error.message };
  if (error.status === undefined) return { kind: 'unreachable', message: error.message };
  return { kind: 'other', message: error.message };
}

/**
 * An API server's error message about a Secret may quote the offending value ("Invalid value:
 * "..."": ...). Such values are hidden, so that neither reports nor logs ever carry them.
 */
export function hideSecretValues(kind: string, message: string): string {
  if (kind !== 'Secret') return message;
  return message.replace(/Invalid value: (?:"(?:[^"\\]|\\.)*"|[^:]*)/g, 'Invalid value: (sensitive value hidden)');
}
