import { describe, expect, it } from 'vitest';
import { workloadSizes, memoryBytes } from '../../tools/src/model/workload-sizes.ts';
import { renderConsortium } from '../../tools/src/render/render-consortium.ts';
import { copyExampleRepo, lineOf } from '../support/example-repo.ts';
import { findingsOf } from '../support/rule-harness.ts';

const sized = (text: string) =>
  text.replace(
    '  storageClass: gp3\n',
    '  storageClass: gp3\n  resources:\n    peer:\n      cpu: 100m\n      memory: 256Mi\n    orderer:\n      memory: 2Gi\n',
  );

describe('cluster.resources (workload-resources)', () => {
  it('reads quantities as Kubernetes does', () => {
    expect(memoryBytes('512Mi')).toBe(512 * 2 ** 20);
    expect(memoryBytes('1G')).toBe(1e9);
    expect(memoryBytes('1.5Gi')).toBe(1.5 * 2 ** 30);
    expect(memoryBytes('1000')).toBe(1000);
    expect(memoryBytes('1 Gi')).toBeUndefined();
  });

  it('overrides the defaults per kind of workload, and render uses them', async () => {
    const repo = await copyExampleRepo();
    try {
      await repo.edit('orgs/manufacturer/org.yaml', (t) =>
        sized(t).replace('      memory: 2Gi\n', '      memory: 768Mi\n'),
      );
      const result = await repo.validate();
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const org = result.model.orgs.find((o) => o.id === 'manufacturer')!;
      expect(workloadSizes(org, 'peer')).toEqual({ cpu: '100m', memory: '256Mi', memoryLimit: '2Gi' });
      expect(workloadSizes(org, 'ca')).toEqual({ cpu: '100m', memory: '128Mi', memoryLimit: '256Mi' });
      const files = renderConsortium(result.model).flatMap((m) =>
        m.files.map((f) => ({ ...f, path: `${m.org}/${f.path}` })),
      );
      const peer = files.find((f) => f.path === 'manufacturer/statefulset-peer0-manufacturer.yaml');
      expect(peer?.content).toContain('cpu: 100m');
      expect(peer?.content).toContain('memory: 256Mi');
      // Another member keeps the defaults.
      const other = files.find((f) => f.path === 'logistics/statefulset-peer0-logistics.yaml');
      expect(other?.content).toContain('cpu: 500m');
    } finally {
      await repo.remove();
    }
  });

  it('refuses a memory request above its limit, at the line that sets it', async () => {
    const repo = await copyExampleRepo();
    try {
      await repo.edit('orgs/manufacturer/org.yaml', sized);
      const text = await repo.read('orgs/manufacturer/org.yaml');
      const result = await repo.validate();
      expect(result.ok).toBe(false);
      const [finding] = findingsOf(result, 'workload-resources');
      expect(finding).toMatchObject({
        file: 'orgs/manufacturer/org.yaml',
        line: lineOf(text, '      memory: 2Gi'),
        severity: 'error',
      });
      expect(finding?.message).toContain('memory request 2Gi');
      expect(finding?.message).toContain('memory limit 1Gi');
    } finally {
      await repo.remove();
    }
  });

  it('refuses a CPU quantity Kubernetes would not read, with the schema', async () => {
    const repo = await copyExampleRepo();
    try {
      await repo.edit('orgs/manufacturer/org.yaml', (t) => sized(t).replace('cpu: 100m', 'cpu: 100 millicores'));
      const result = await repo.validate();
      expect(result.ok).toBe(false);
      expect(result.diagnostics.some((d) => d.file === 'orgs/manufacturer/org.yaml' && d.severity === 'error')).toBe(
        true,
      );
    } finally {
      await repo.remove();
    }
  });
});
