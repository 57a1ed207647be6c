import { classifyImagePin, howToPinImage } from '../model/image-pin.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import type { RuleContext } from './context.ts';
import { reportAt } from './report.ts';

/**
 * A chaincode's image is part of what the members approve, but Fabric's definition only names the
 * package, not the code behind it: with a tag, whoever controls the registry can swap the code
 * after approval. A warning by default; an error when the consortium sets
 * governance.requireChaincodeImageDigest. A malformed digest is always an error (no node could
 * pull it).
 */
export function checkChaincodeImageDigest(ctx: RuleContext): Diagnostic[] {
  const required = ctx.model.consortium?.governance.requireChaincodeImageDigest ?? false;
  const found: Diagnostic[] = [];
  for (const channel of ctx.model.channels) {
    for (const chaincode of channel.chaincodes) {
      const pin = classifyImagePin(chaincode.image);
      if (pin.kind === 'digest') continue;
      const report = (severity: Diagnostic['severity'], message: string, hint: string) =>
        found.push(
          reportAt({
            rule: 'chaincode-image-digest',
            severity,
            source: chaincode.source,
            path: 'image',
            message,
            hint,
          }),
        );
      if (pin.kind === 'malformed-digest') {
        report(
          'error',
          `chaincode image "${chaincode.image}" has digest "${pin.digest}", which is not "sha256:" followed by 64 lowercase hexadecimal digits`,
          'Copy the digest exactly as the registry reports it, e.g. name@sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae.',
        );
        continue;
      }
      report(
        required ? 'error' : 'warning',
        `chaincode image "${chaincode.image}" is not pinned by digest: the registry can serve other code under ` +
          `this tag after the members approved the definition` +
          (required ? ' (the consortium sets governance.requireChaincodeImageDigest)' : ''),
        howToPinImage(chaincode.image),
      );
    }
  }
  return found;
}
