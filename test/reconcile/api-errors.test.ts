import { describe, expect, it } from 'vitest';
import { KubeApiError } from '../../tools/src/adapters/kube.ts';
import { classifyError } from '../../tools/src/reconcile/api-errors.ts';

describe('classifyError', () => {
  it('names the field manager and fields of an apply conflict', () => {
    const error = new KubeApiError('Apply failed with 1 conflict: conflict with "kubectl-edit" using v1: .data.x', {
      status: 409,
      reason: 'Conflict',
      details: {
        causes: [{ type: 'FieldManagerConflict', message: 'conflict with "kubectl-edit" using v1', field: '.data.x' }],
      },
    });
    const c = classifyError(error);
    expect(c.kind).toBe('conflict');
    expect(c.conflicts).toEqual([{ manager: 'kubectl-edit', field: '.data.x' }]);
    expect(c.hint).toMatch(/--force-conflicts/);
  });

  it('recognises immutable fields and says what to do', () => {
    const error = new KubeApiError('Job.batch "j" is invalid: spec.template: Invalid value: ...: field is immutable', {
      status: 422,
      reason: 'Invalid',
    });
    const c = classifyError(error);
    expect(c.kind).toBe('immutable');
    expect(c.hint).toMatch(/recreate-on-immutable/);
  });

  it('treats a connection failure as unreachable', () => {
    expect(classifyError(new KubeApiError('PATCH /api/v1/x: connect ECONNREFUSED')).kind).toBe('unreachable');
  });
});
