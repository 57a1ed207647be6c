// How deep a signature policy may nest and still be decoded by Fabric.
//
// Fabric decodes protobuf with Go's default limit of 10,000 nested messages
// (google.golang.org/protobuf encoding/protowire DefaultRecursionLimit). Every gate is two of
// them (a SignaturePolicy holding an NOutOf), every principal one (a SignaturePolicy holding
// signed_by), and the deepest place Fabric carries a policy puts six messages around it: a
// private data collection's policy in a lifecycle approval
// (ApproveChaincodeDefinitionForMyOrgArgs > CollectionConfigPackage > CollectionConfig >
// StaticCollectionConfig > CollectionPolicyConfig > SignaturePolicyEnvelope). So a policy of g
// nested gates needs 6 + 2g + 1 messages: at most 4,996 gates. One limit for every policy keeps
// the rule simple; deeper text is refused by the parser before anything walks the tree (the
// protobuf library and JSON.stringify both recurse).

/** Go protobuf's default recursion limit, which Fabric decodes with. */
export const FABRIC_MAX_MESSAGE_DEPTH = 10_000;

/** Messages around a policy's rule where Fabric nests it deepest (see above). */
const DEEPEST_CARRIER = 6;

/** The most gates a policy may nest: AND(AND(...)) 4,996 levels deep, and no more. */
export const MAX_POLICY_DEPTH = Math.floor((FABRIC_MAX_MESSAGE_DEPTH - DEEPEST_CARRIER - 1) / 2);

export function tooDeepMessage(): string {
  return (
    `the policy is nested more than ${MAX_POLICY_DEPTH.toLocaleString('en-US')} gates deep: Fabric decodes at most ` +
    `${FABRIC_MAX_MESSAGE_DEPTH.toLocaleString('en-US')} nested protobuf messages, and each gate is two of them; ` +
    'write the policy flatter (for example OutOf(n, ...) over the principals)'
  );
}
