// A chaincode file whose name is one typo away from a chaincode the base branch already has is
// most likely meant as that chaincode's upgrade: as written it defines a second chaincode (sequence
// 1, its own package and Deployment) and leaves the first one as it was. That is flagged for the
// author and the reviewers, with the file to rename, rather than passing silently as a new one.
import type { Diagnostic } from '../model/diagnostic.ts';
import { closestName } from '../model/closest-name.ts';
import type { ConsortiumModel } from '../model/types.ts';

export function checkChaincodeNearNames(base: ConsortiumModel, head: ConsortiumModel): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const channel of head.channels) {
    const before = base.channels.find((c) => c.name === channel.name);
    if (before === undefined) continue;
    const existing = before.chaincodes.map((c) => c.name);
    const stillThere = new Set(channel.chaincodes.map((c) => c.name));
    for (const chaincode of channel.chaincodes) {
      if (existing.includes(chaincode.name)) continue;
      const near = closestName(chaincode.name, existing);
      if (near === undefined) continue;
      found.push({
        rule: 'chaincode-near-name',
        severity: 'warning',
        file: chaincode.source.file,
        line: 1,
        column: 1,
        message: `new chaincode "${chaincode.name}" on channel ${channel.name} is one typo away from "${near}", which the base branch already defines${stillThere.has(near) ? '' : ' (and this change removes)'}: as written it is a second chaincode, not an upgrade of "${near}"`,
        hint: `To upgrade "${near}", edit channels/${channel.name}/chaincodes/${near}.yaml instead (consortium chaincode propose ${channel.name} ${near} ...); if a new chaincode is meant, choose a name that cannot be mistaken for it.`,
      });
    }
  }
  return found;
}
