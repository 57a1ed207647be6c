// The one override that points rendered manifests at the test node's Fabric images
// (withNodeFabricImages): the example repository with it loads without findings and renders the
// node's references, with the file's comments and the CouchDB image kept.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFilesystemReader } from '../../tools/src/adapters/filesystem.ts';
import { loadRepository } from '../../tools/src/model/load-repository.ts';
import { renderConsortium } from '../../tools/src/render/render-consortium.ts';
import { copyExampleRepo, type ExampleRepo } from '../support/example-repo.ts';
import { useNodeFabricImages, withNodeFabricImages, type FabricImages } from './fabric-images.ts';

const images: FabricImages = {
  fabricVersion: '3.1.1',
  peer: 'localhost/consortium-node/fabric-peer:3.1.1',
  orderer: 'localhost/consortium-node/fabric-orderer:3.1.1',
  tools: 'localhost/consortium-node/fabric-tools:3.1.1',
  ca: 'localhost/consortium-node/fabric-ca:1.5.21',
  provenance: undefined,
  notBuilt: [],
};

describe('pointing the example at the node Fabric images', () => {
  let repo: ExampleRepo;
  beforeAll(async () => {
    repo = await copyExampleRepo();
  });
  afterAll(async () => {
    await repo.remove();
  });

  it('replaces the version and the four Fabric images, keeping comments and CouchDB', async () => {
    const before = await readFile(join(repo.dir, 'consortium', 'consortium.yaml'), 'utf8');
    const after = withNodeFabricImages(before, images);
    expect(after).toContain('version: 3.1.1\n');
    expect(after).toContain(`peer: ${images.peer}\n`);
    expect(after).toContain(`ca: ${images.ca ?? ''}\n`);
    expect(after).toContain('couchdb: couchdb:3.3.3\n');
    expect(after).not.toContain('2.5.12');
    const comments = (text: string) => text.split('\n').filter((line) => line.trimStart().startsWith('#'));
    expect(comments(after)).toEqual(comments(before));
    // Without Fabric CA the CA image stays as it was.
    expect(withNodeFabricImages(before, { ...images, ca: undefined })).toContain('ca: hyperledger/fabric-ca:1.5.15\n');
  });

  it('loads without findings and renders the node references unchanged', async () => {
    await useNodeFabricImages(repo.dir, images);
    const { model, diagnostics } = await loadRepository(createFilesystemReader(repo.dir));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const rendered = renderConsortium(model)
      .flatMap((member) => member.files)
      .map((file) => file.content)
      .join('\n');
    const refs = new Set([...rendered.matchAll(/image: (\S+)/g)].map((match) => match[1]));
    for (const ref of [images.peer, images.orderer, images.tools, images.ca]) expect(refs).toContain(ref);
    expect([...refs].filter((ref) => ref?.startsWith('hyperledger/'))).toEqual([]);
  });
});
