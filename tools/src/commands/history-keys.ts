// A private key committed in a pull request and removed again by a later commit of the same pull
// request is not in the head's tree, so validating the head cannot see it, yet merging puts it in
// the shared repository's history for good. Governance therefore searches every blob the pull
// request's commits bring in, with the same detection `consortium validate` uses.
import type { GitRepository } from '../adapters/git.ts';
import { findPrivateKeys } from '../rules/no-private-key.ts';

/** Larger blobs are not read whole; the verdict says so rather than passing them unread. */
const maxScannedBytes = 64 * 1024 * 1024;

/**
 * One sentence per private key found in the commits of base..head (naming the commit that brings it
 * in and the file), and per blob too large to check. Empty when the history is clean.
 */
export async function findKeysInHistory(git: GitRepository, base: string, head: string): Promise<string[]> {
  let blobs;
  try {
    blobs = await git.listIntroducedBlobs(base, head);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return [`the commits between base and head could not be listed to search them for private keys: ${detail}`];
  }
  const found: string[] = [];
  const readable = blobs.filter((b) => b.size <= maxScannedBytes);
  for (const blob of blobs.filter((b) => b.size > maxScannedBytes)) {
    found.push(
      `${blob.path} (${blob.size} bytes, in the pull request's history) is too large to search for private keys: remove it from the branch's history`,
    );
  }
  // A batch at a time: the pull request may bring in many files, and each batch is one git process.
  for (let at = 0; at < readable.length; at += 500) {
    const batch = readable.slice(at, at + 500);
    const contents = await git.readBlobs(batch.map((b) => b.oid));
    for (const blob of batch) {
      const bytes = contents.get(blob.oid);
      if (bytes === undefined) {
        found.push(`${blob.path} (blob ${blob.oid.slice(0, 7)}) could not be read to search it for private keys`);
        continue;
      }
      // latin1 keeps the ASCII armour intact whatever the encoding, so no byte can hide a key.
      const keys = findPrivateKeys({ path: blob.path, text: bytes.toString('latin1') });
      if (keys.length === 0) continue;
      const commits = await git.listCommitsTouching(base, head, blob.oid);
      const first = commits[0];
      const where =
        first === undefined
          ? 'a commit of the pull request'
          : `commit ${first.commit.slice(0, 7)} ("${first.subject.slice(0, 80)}")`;
      const lines = keys.map((k) => k.line).join(', ');
      found.push(
        `${where} adds a private key to ${blob.path} (line ${lines}): merged, it stays in the shared history even though a later commit may remove it. ` +
          `Drop it from the branch's history (rebase and force-push) and treat the key as compromised: ${reissueHint(blob.path)}`,
      );
    }
  }
  return found;
}

function reissueHint(path: string): string {
  const org = /^orgs\/([^/]+)\//.exec(path)?.[1];
  return `\`consortium org reissue ${org ?? '<org>'}\` issues a new admin certificate and key (add --ca when it is the CA's key)`;
}
