/**
 * Schema properties that a semantic rule owns carry the annotation `"x-consortium-rule": "<rule id>"`
 * in schemas/*.schema.json. A value the schema refuses there is reported under that rule's id and in
 * that rule's words, so a mistake gets the same rule id whether the JSON Schema or the rule catches
 * it first (a document failing its schema never reaches the rules).
 */
export const schemaRuleKeyword = 'x-consortium-rule';

export interface SchemaRuleWording {
  /** What the value is, when the property's title does not say it well enough. */
  readonly what?: string;
  /** The rule in words, e.g. "channel names are lowercase letters, ...". */
  readonly rule: string;
  /** Why a value is refused by a `not` schema (reserved names). */
  readonly reserved?: string;
  readonly hint: string;
}

const dnsLabelWords =
  'Kubernetes names are DNS-1123 labels: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters';
const orgIdReferenceWords =
  'org ids are DNS-1123 labels (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters), so this can name no organization';

export const schemaRuleWordings: Readonly<Record<string, SchemaRuleWording>> = {
  'channel-name': {
    what: 'channel name',
    rule: 'channel names are lowercase letters, digits, "." and "-", starting with a letter, at most 249 characters',
    hint: 'Rename the channel (and its folder under channels/) to match ^[a-z][a-z0-9.-]*$, for example "traceability".',
  },
  'chaincode-name': {
    what: 'chaincode name',
    rule: 'chaincode names are letters and digits, optionally joined by single "-" or "_", at most 128 characters',
    reserved: 'is the name of a Fabric system chaincode (cscc, escc, lscc, qscc, vscc and _lifecycle are reserved)',
    hint: 'Choose a name matching ^[a-zA-Z0-9]+([-_][a-zA-Z0-9]+)*$ that is not cscc, escc, lscc, qscc or vscc (and rename the file to match).',
  },
  'chaincode-version': {
    what: 'chaincode version',
    rule: 'chaincode versions are letters, digits, "_", ".", "+" and "-" (no spaces), at most 128 characters',
    hint: 'Use a version such as "1.4.0" or "2.0.0-rc.1".',
  },
  'chaincode-sequence': {
    what: 'chaincode sequence',
    rule: 'a chaincode sequence is a positive integer',
    hint: 'Use 1 for the first definition and the committed sequence + 1 for each upgrade.',
  },
  'msp-id-format': {
    what: 'MSP ID',
    rule: 'MSP IDs are letters, digits, "." and "-" only (at most 128 characters), so that policies can name them',
    hint: 'Use an MSP ID such as "AcmeManufacturingMSP" (no spaces or underscores).',
  },
  'kubernetes-name': {
    rule: dnsLabelWords,
    hint: 'Rename it to a DNS-1123 label: lower-case letters, digits and "-", at most 63 characters (for an org id, rename its folder under orgs/ and every reference to it too).',
  },
  'channel-member-exists': {
    what: 'channel member',
    rule: orgIdReferenceWords,
    hint: 'List the id of an organization under orgs/ (its folder name).',
  },
  'anchor-peer-exists': {
    rule: `${orgIdReferenceWords.replace('org ids', 'org ids and peer names').replace('no organization', 'nothing')}`,
    hint: 'Name an organization under orgs/ and one of the peers declared in its org.yaml.',
  },
  'consenter-exists': {
    rule: `${orgIdReferenceWords.replace('org ids', 'org ids and orderer names').replace('no organization', 'nothing')}`,
    hint: 'Name an organization under orgs/ and one of the orderers declared in its org.yaml.',
  },
  'installed-on-exists': {
    what: 'installedOn entry',
    rule: orgIdReferenceWords,
    hint: 'List the id of a member organization of this channel (its folder name under orgs/).',
  },
};
