// Early, plain-worded checks of the names a user types on the command line. The validator would
// reject the same mistakes in the files, but a name is also a path here (orgs/<id>/,
// channels/<name>/): checking it before anything is built keeps `../x` out of the path and lets the
// message speak of the flag the user typed rather than of a file they never wrote.
import { UsageError } from '../errors.ts';
import { isDnsLabel } from '../model/resource-names.ts';

const channelPattern = /^[a-z][a-z0-9.-]*$/;
const chaincodePattern = /^[a-zA-Z0-9]+([-_][a-zA-Z0-9]+)*$/;
const versionPattern = /^[A-Za-z0-9_.+-]+$/;
const mspIdPattern = /^[A-Za-z0-9.-]+$/;
/** System chaincodes: a user chaincode with one of these names would shadow them. */
export const reservedChaincodeNames: readonly string[] = ['cscc', 'escc', 'lscc', 'qscc', 'vscc'];

export function checkOrgId(id: string): void {
  if (!isDnsLabel(id)) {
    throw new UsageError(
      `org id "${id}" is not a DNS-1123 label: use 1-63 lower-case letters, digits and "-", starting and ending with a letter or digit (it names orgs/<id>/ and Kubernetes objects)`,
    );
  }
}

export function checkMspId(mspId: string): void {
  if (!mspIdPattern.test(mspId)) {
    throw new UsageError(
      `MSP ID "${mspId}" may contain only letters, digits, "." and "-" (Fabric's policy language cannot name anything else)`,
    );
  }
}

export function checkChannelName(name: string): void {
  if (name.length > 249 || !channelPattern.test(name)) {
    throw new UsageError(
      `channel name "${name}" is not valid in Fabric: start with a lower-case letter, then lower-case letters, digits, "." or "-" (at most 249 characters)`,
    );
  }
}

export function checkChaincodeName(name: string): void {
  if (reservedChaincodeNames.includes(name)) {
    throw new UsageError(
      `chaincode name "${name}" is reserved by Fabric for a system chaincode (${reservedChaincodeNames.join(', ')}); choose another name`,
    );
  }
  if (!chaincodePattern.test(name)) {
    throw new UsageError(
      `chaincode name "${name}" is not valid in Fabric: letters and digits, optionally joined by single "-" or "_"`,
    );
  }
}

export function checkChaincodeVersion(version: string): void {
  if (!versionPattern.test(version)) {
    throw new UsageError(`chaincode version "${version}" may contain only letters, digits and "_ . + -"`);
  }
}
