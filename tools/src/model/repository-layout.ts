/**
 * Where each file of the consortium's folders belongs (DESIGN.md, "Repository format"). Files
 * outside consortium/, orgs/ and channels/ are the toolkit's and the project's own, and are not
 * judged here.
 */
export type FileRole =
  | { readonly role: 'consortium' }
  | { readonly role: 'organization'; readonly orgId: string }
  | { readonly role: 'channel'; readonly channel: string }
  | { readonly role: 'chaincode'; readonly channel: string; readonly name: string }
  /** A file that belongs where it is but is not a model document (PEM files, NodeOU config, docs). */
  | { readonly role: 'asset' }
  /** Outside the consortium's folders. */
  | { readonly role: 'other' }
  | { readonly role: 'unexpected'; readonly message: string; readonly hint: string };

const documentation = /^(README|CHANGELOG|NOTES)(\.[A-Za-z]+)?$|\.md$|^\.gitkeep$/;

export function classifyPath(path: string): FileRole {
  const parts = path.split('/');
  const [top] = parts;
  const name = parts[parts.length - 1] ?? '';
  if (top !== 'consortium' && top !== 'orgs' && top !== 'channels') return { role: 'other' };
  if (documentation.test(name) && !name.endsWith('.yaml')) return { role: 'asset' };

  if (top === 'consortium') {
    if (path === 'consortium/consortium.yaml') return { role: 'consortium' };
    return unexpected(path, 'consortium/ holds only consortium.yaml', hintForMisnamed(name, 'consortium.yaml'));
  }

  if (top === 'orgs') {
    const orgId = parts[1] ?? '';
    if (parts.length === 2) {
      return unexpected(path, 'orgs/ holds one folder per organization', 'Move it to orgs/<org-id>/org.yaml.');
    }
    if (parts.length === 3 && name === 'org.yaml') return { role: 'organization', orgId };
    if (parts.length === 4 && parts[2] === 'msp' && (name.endsWith('.pem') || name === 'config.yaml')) {
      return { role: 'asset' };
    }
    if (parts.length === 3) {
      return unexpected(path, `orgs/${orgId}/ holds org.yaml and the msp/ folder`, hintForMisnamed(name, 'org.yaml'));
    }
    return unexpected(
      path,
      `orgs/${orgId}/ holds org.yaml and public certificates in msp/*.pem (plus msp/config.yaml)`,
      'Keep only public certificates here; private keys never belong in the repository.',
    );
  }

  // channels/
  const channel = parts[1] ?? '';
  if (parts.length === 2) {
    return unexpected(path, 'channels/ holds one folder per channel', 'Move it to channels/<channel>/channel.yaml.');
  }
  if (parts.length === 3 && name === 'channel.yaml') return { role: 'channel', channel };
  // The channel's ledger: block 0 and the config updates after it (binary, read by the channel commands).
  if (isLedgerFile(path)) return { role: 'asset' };
  if (parts.length === 4 && parts[2] === 'chaincodes' && name.endsWith('.yaml')) {
    return { role: 'chaincode', channel, name: name.slice(0, -'.yaml'.length) };
  }
  if (parts.length === 3) {
    return unexpected(
      path,
      `channels/${channel}/ holds channel.yaml, genesis.block and chaincodes/<name>.yaml`,
      hintForMisnamed(name, 'channel.yaml'),
    );
  }
  return unexpected(
    path,
    `channels/${channel}/ holds channel.yaml and chaincodes/<name>.yaml`,
    name.endsWith('.yml') ? 'Use the .yaml extension.' : 'Chaincode definitions go in chaincodes/<name>.yaml.',
  );
}

/**
 * A binary file of a channel's ledger: channels/<ch>/genesis.block, channels/<ch>/updates/<NNNN>/update.pb
 * and channels/<ch>/updates/<NNNN>/signatures/<name>.sig. The loader keeps their bytes.
 */
export function isLedgerFile(path: string): boolean {
  const parts = path.split('/');
  if (parts[0] !== 'channels' || (parts[1] ?? '') === '') return false;
  if (parts.length === 3) return parts[2] === 'genesis.block';
  if (parts[2] !== 'updates' || !/^[0-9]{4}$/.test(parts[3] ?? '')) return false;
  if (parts.length === 5) return parts[4] === 'update.pb';
  return parts.length === 6 && parts[4] === 'signatures' && (parts[5] ?? '').endsWith('.sig');
}

function unexpected(path: string, why: string, hint: string): FileRole {
  return { role: 'unexpected', message: `${path} is not where the toolkit looks for it: ${why}`, hint };
}

function hintForMisnamed(name: string, expected: string): string {
  const stem = expected.replace(/\.yaml$/, '');
  if (name.toLowerCase() === `${stem}.yml` || name.toLowerCase() === expected) return `Rename it to ${expected}.`;
  return `Move or remove it; the toolkit ignores it, so what it says has no effect.`;
}
