// A member's render depends only on its own objects and what it must reference (its channels, their
// members, the consenters), never on how many members the consortium has: adding members that share
// nothing with it leaves its output byte for byte the same.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateConsortium, type GenerateConsortiumOptions } from '../../bench/generate-consortium.ts';
import { createFilesystemReader } from '../../tools/src/adapters/filesystem.ts';
import { loadRepository } from '../../tools/src/model/load-repository.ts';
import { renderConsortium } from '../../tools/src/render/render-consortium.ts';
import type { RenderedMember } from '../../tools/src/render/types.ts';

const now = new Date('2026-06-01T00:00:00Z');

/** Each generated consortium has fresh key pairs: compare the files with certificates set aside. */
const withoutCertificates = (member: RenderedMember) =>
  member.files.map((f) => ({
    path: f.path,
    content: f.content.replace(/-----BEGIN CERTIFICATE-----[^-]*-----END CERTIFICATE-----/g, '<certificate>'),
  }));

async function renderOne(shape: Omit<GenerateConsortiumOptions, 'dir' | 'now'>, org: string): Promise<RenderedMember> {
  const dir = await mkdtemp(join(tmpdir(), 'render-scaling-'));
  try {
    await generateConsortium({ dir, now, ...shape });
    const { model, diagnostics } = await loadRepository(createFilesystemReader(dir));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const [member] = renderConsortium(model, { orgs: [org] });
    if (member === undefined) throw new Error(`${org} was not rendered`);
    return member;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('one member in a growing consortium', () => {
  it('renders the same files whether the consortium has 20 members or 60', async () => {
    const shape = { orgs: 20, channels: 6, chaincodes: 12 };
    for (const org of ['org-0001', 'org-0007']) {
      const small = await renderOne(shape, org);
      const large = await renderOne({ ...shape, orgs: 60, channelOrgs: 20 }, org);
      expect(small.objectCount).toBeGreaterThan(20);
      // One file per object and kustomization.yaml: no copies of other members' MSPs.
      expect(small.files.length).toBe(small.objectCount + 1);
      expect(withoutCertificates(large)).toEqual(withoutCertificates(small));
    }
  }, 120_000);
});
