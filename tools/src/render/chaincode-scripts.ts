// Shell scripts of the chaincode lifecycle Jobs (approve, commit), run with the Fabric tools image
// (peer, jq, POSIX sh). As in ledger-scripts.ts, every path and address comes from the
// environment, so the same script runs in a member's cluster and against the native test network,
// and each waits for what it depends on (its peers, the channel, the ordering service, the other
// members' approvals) with a deadline and one log line per attempt, instead of failing into a Job
// back-off limit.
//
// Environment: CHANNEL, CC_NAME, CC_VERSION, CC_SEQUENCE (and CC_ENDORSEMENT_POLICY, CC_COLLECTIONS
// when the definition has them), ORDERER_ADDRESS, ORDERER_TLS_CA, WORK_DIR, DEADLINE_SECONDS,
// POLL_SECONDS and the peer CLI's CORE_PEER_* identity; each script lists what else it reads.

const prelude = (withCollections: boolean): string[] => [
  'deadline=$(( $(date +%s) + DEADLINE_SECONDS ))',
  'last_line() { grep -v "^[[:space:]]*$" "$1" | tail -n 1; }',
  // One log line, then gives up past the deadline or sleeps: the caller's loop tries again.
  'wait_or_give_up() {',
  '  if [ "$(date +%s)" -ge "$deadline" ]; then',
  '    echo "gave up after ${DEADLINE_SECONDS}s: $1; delete this Job to try again" >&2',
  '    exit 1',
  '  fi',
  '  echo "waiting: $1"',
  '  sleep "$POLL_SECONDS"',
  '}',
  // The sequence of the chaincode's committed definition on the channel; 0 when none is.
  'committed_sequence() {',
  '  if peer lifecycle chaincode querycommitted --channelID "$CHANNEL" --name "$CC_NAME" --output json >"$WORK_DIR/committed.json" 2>/dev/null; then',
  '    jq -r ".sequence // 0" "$WORK_DIR/committed.json"',
  '  else',
  '    echo 0',
  '  fi',
  '}',
  ...(withCollections ? ['printf "%s" "$CC_COLLECTIONS" >"$WORK_DIR/collections.json"'] : []),
];

/**
 * Installs the package on each of the org's peers (when it runs the chaincode) and approves the
 * definition for the org. Reads PACKAGE_ID, PACKAGE_FILE and PEER_ADDRESSES (the org's peers,
 * space-separated; their TLS root is CORE_PEER_TLS_ROOTCERT_FILE) when `installs`.
 *
 * Done when the org's approval of this sequence names this package (an org that starts running the
 * chaincode after the commit approves the same sequence again with its package ID, which Fabric
 * accepts when nothing else changes); without a package, when the sequence is approved or committed.
 */
export function approveScript(options: {
  readonly installs: boolean;
  readonly collections: boolean;
  /** The definition flags, identical in every org's approval and in the commit. */
  readonly definitionFlags: string;
}): string {
  const queryApproved =
    'peer lifecycle chaincode queryapproved --channelID "$CHANNEL" --name "$CC_NAME" --sequence "$CC_SEQUENCE" --output json';
  const install = [
    'for address in $PEER_ADDRESSES; do',
    '  while :; do',
    '    if CORE_PEER_ADDRESS="$address" peer lifecycle chaincode queryinstalled --output json >"$WORK_DIR/installed.json" 2>"$WORK_DIR/install.log"; then',
    '      if grep -q "\\"$PACKAGE_ID\\"" "$WORK_DIR/installed.json"; then',
    '        echo "$PACKAGE_ID is installed on $address"',
    '        break',
    '      fi',
    '      if CORE_PEER_ADDRESS="$address" peer lifecycle chaincode install "$PACKAGE_FILE" >"$WORK_DIR/install.log" 2>&1; then',
    '        continue',
    '      fi',
    '      wait_or_give_up "peer $address refused to install $PACKAGE_ID: $(last_line "$WORK_DIR/install.log")"',
    '    else',
    '      wait_or_give_up "peer $address does not answer: $(last_line "$WORK_DIR/install.log")"',
    '    fi',
    '  done',
    'done',
  ];
  const done = options.installs
    ? [
        `  if ${queryApproved} 2>/dev/null | grep -q "\\"$PACKAGE_ID\\""; then`,
        '    echo "sequence $CC_SEQUENCE of $CC_NAME is approved by $CORE_PEER_LOCALMSPID with $PACKAGE_ID"',
        '    exit 0',
        '  fi',
        '  if [ "$(committed_sequence)" -gt "$CC_SEQUENCE" ]; then',
        '    echo "sequence $CC_SEQUENCE of $CC_NAME is superseded on $CHANNEL by sequence $(committed_sequence)"',
        '    exit 0',
        '  fi',
      ]
    : [
        '  if [ "$(committed_sequence)" -ge "$CC_SEQUENCE" ]; then',
        '    echo "sequence $CC_SEQUENCE of $CC_NAME is committed on $CHANNEL"',
        '    exit 0',
        '  fi',
        `  if ${queryApproved} >/dev/null 2>&1; then`,
        '    echo "sequence $CC_SEQUENCE of $CC_NAME is approved by $CORE_PEER_LOCALMSPID"',
        '    exit 0',
        '  fi',
      ];
  const packageFlag = options.installs ? ' --package-id "$PACKAGE_ID"' : '';
  return [
    ...prelude(options.collections),
    ...(options.installs ? install : []),
    'while :; do',
    ...done,
    `  if peer lifecycle chaincode approveformyorg -o "$ORDERER_ADDRESS" --tls --cafile "$ORDERER_TLS_CA" ${options.definitionFlags}${packageFlag} >"$WORK_DIR/approve.log" 2>&1; then`,
    '    continue',
    '  fi',
    '  wait_or_give_up "approving sequence $CC_SEQUENCE of $CC_NAME for $CORE_PEER_LOCALMSPID failed: $(last_line "$WORK_DIR/approve.log")"',
    'done',
  ].join('\n');
}

/**
 * Commits the definition, from any member: once the members whose approvals the channel's
 * LifecycleEndorsement needs have approved, with one reachable peer of each approving member as
 * endorser (a member whose peers are down is skipped, so no single member's outage blocks the
 * commit). Members race harmlessly: the loser finds the sequence committed and is done, and so is
 * a Job restarted after its commit. Reads ENDORSING_PEERS (one "<org id>,<MSP ID>,<host:port>"
 * per member, space-separated), TLS_ROOTS (a folder of <org id>.pem TLS roots) and COMMIT_QUORUM
 * (how many approving members' endorsements LifecycleEndorsement needs).
 */
export function commitScript(options: {
  readonly collections: boolean;
  readonly definitionFlags: string;
  /** Lines run once the sequence is committed (the Init call). */
  readonly afterCommit: readonly string[];
}): string {
  const flags = options.definitionFlags;
  return [
    ...prelude(options.collections),
    'while :; do',
    '  now=$(committed_sequence)',
    '  if [ "$now" -ge "$CC_SEQUENCE" ]; then',
    '    echo "sequence $CC_SEQUENCE of $CC_NAME is committed on $CHANNEL (committed sequence $now)"',
    '    break',
    '  fi',
    '  if [ "$now" -ne $((CC_SEQUENCE - 1)) ]; then',
    '    wait_or_give_up "sequence $CC_SEQUENCE of $CC_NAME follows sequence $((CC_SEQUENCE - 1)), but $CHANNEL has sequence $now committed"',
    '    continue',
    '  fi',
    `  if ! peer lifecycle chaincode checkcommitreadiness ${flags} --output json >"$WORK_DIR/readiness.json" 2>"$WORK_DIR/readiness.log"; then`,
    '    wait_or_give_up "cannot check the approvals of sequence $CC_SEQUENCE of $CC_NAME: $(last_line "$WORK_DIR/readiness.log")"',
    '    continue',
    '  fi',
    '  approved=$(jq -r ".approvals | to_entries[] | select(.value) | .key" "$WORK_DIR/readiness.json" | tr "\\n" " ")',
    '  pending=$(jq -r ".approvals | to_entries[] | select(.value | not) | .key" "$WORK_DIR/readiness.json" | tr "\\n" " ")',
    '  set --',
    '  reached=""',
    '  count=0',
    '  for entry in $ENDORSING_PEERS; do',
    '    org=${entry%%,*}',
    '    rest=${entry#*,}',
    '    msp=${rest%%,*}',
    '    address=${rest#*,}',
    '    case " $approved " in *" $msp "*) ;; *) continue ;; esac',
    '    if peer lifecycle chaincode querycommitted --channelID "$CHANNEL" --peerAddresses "$address" --tlsRootCertFiles "$TLS_ROOTS/$org.pem" >/dev/null 2>"$WORK_DIR/probe.log"; then',
    '      set -- "$@" --peerAddresses "$address" --tlsRootCertFiles "$TLS_ROOTS/$org.pem"',
    '      reached="$reached $msp"',
    '      count=$((count + 1))',
    '    else',
    '      echo "peer $address of $msp does not answer, committing without it: $(last_line "$WORK_DIR/probe.log")"',
    '    fi',
    '  done',
    '  if [ "$count" -lt "$COMMIT_QUORUM" ]; then',
    '    wait_or_give_up "sequence $CC_SEQUENCE of $CC_NAME needs the endorsements of $COMMIT_QUORUM approving members, $count answer (approved: ${approved:-none}; not yet: ${pending:-none}; answering:${reached:- none})"',
    '    continue',
    '  fi',
    '  echo "committing sequence $CC_SEQUENCE of $CC_NAME on $CHANNEL, endorsed by$reached (approved: ${approved:-none}; not yet: ${pending:-none})"',
    `  if peer lifecycle chaincode commit -o "$ORDERER_ADDRESS" --tls --cafile "$ORDERER_TLS_CA" ${flags} "$@" >"$WORK_DIR/commit.log" 2>&1; then`,
    '    continue',
    '  fi',
    '  wait_or_give_up "committing sequence $CC_SEQUENCE of $CC_NAME failed: $(last_line "$WORK_DIR/commit.log")"',
    'done',
    ...options.afterCommit,
  ].join('\n');
}

/**
 * The Init call of a chaincode that requires one, made after the commit (also by a Job restarted
 * between its commit and its Init), endorsed by one peer of every member that runs the chaincode
 * and answers (INIT_PEERS, "<org id>,<MSP ID>,<host:port>" entries as ENDORSING_PEERS; a member
 * whose peer is down is left out and the endorsement policy decides), waiting for the transaction
 * to commit. Fabric refuses a second Init of the same version with "chaincode '<name>' is already
 * initialized but called as init": that is done. Any other failure (the chaincode servers not up
 * yet, an endorsement policy not met, two members' Init calls colliding) is tried again up to the
 * deadline. Reads CC_INIT_ARGS (peer CLI JSON), INIT_PEERS and TLS_ROOTS.
 */
// Fabric: core/chaincode/chaincode_support.go CheckInvocation
export function initLines(): string[] {
  return [
    'while :; do',
    '  set --',
    '  reached=""',
    '  for entry in $INIT_PEERS; do',
    '    org=${entry%%,*}',
    '    rest=${entry#*,}',
    '    msp=${rest%%,*}',
    '    address=${rest#*,}',
    '    if peer lifecycle chaincode querycommitted --channelID "$CHANNEL" --peerAddresses "$address" --tlsRootCertFiles "$TLS_ROOTS/$org.pem" >/dev/null 2>"$WORK_DIR/probe.log"; then',
    '      set -- "$@" --peerAddresses "$address" --tlsRootCertFiles "$TLS_ROOTS/$org.pem"',
    '      reached="$reached $msp"',
    '    else',
    '      echo "peer $address of $msp does not answer, invoking Init without it: $(last_line "$WORK_DIR/probe.log")"',
    '    fi',
    '  done',
    '  if [ -z "$reached" ]; then',
    '    wait_or_give_up "no peer that runs $CC_NAME answers for its Init"',
    '    continue',
    '  fi',
    '  if peer chaincode invoke -o "$ORDERER_ADDRESS" --tls --cafile "$ORDERER_TLS_CA" -C "$CHANNEL" -n "$CC_NAME" --isInit -c "$CC_INIT_ARGS" --waitForEvent "$@" >"$WORK_DIR/init.log" 2>&1; then',
    '    cat "$WORK_DIR/init.log"',
    '    echo "Init of $CC_NAME invoked on $CHANNEL, endorsed by$reached"',
    '    break',
    '  fi',
    '  if grep -q "is already initialized but called as init" "$WORK_DIR/init.log"; then',
    '    echo "$CC_NAME is already initialized on $CHANNEL"',
    '    break',
    '  fi',
    '  wait_or_give_up "Init of $CC_NAME on $CHANNEL failed: $(last_line "$WORK_DIR/init.log")"',
    'done',
  ];
}
