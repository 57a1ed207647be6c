// Shell scripts of the Jobs that act on a channel's ledger config, run with the Fabric tools
// image (peer, configtxlator, jq, POSIX sh). Every path and address comes from the environment,
// so the same script runs in a member's cluster and against the native test network
// (test/fabric-network). They read the channel's current config from the ordering service
// (`peer channel fetch config`) and wait for the state they need with a deadline and one log line
// per attempt, instead of failing into a Job back-off limit that leaves them failed for good.
//
// Environment: CHANNEL, ORDERER_ADDRESS, ORDERER_TLS_CA, WORK_DIR, DEADLINE_SECONDS, POLL_SECONDS
// and the peer CLI's CORE_PEER_* identity; each script lists what else it reads.

/** Shell functions both scripts use. */
const prelude = [
  'deadline=$(( $(date +%s) + DEADLINE_SECONDS ))',
  // Writes the channel's current config block to $WORK_DIR/config.json (decoded); fails, with the
  // orderer's answer in $WORK_DIR/fetch.log, while the orderer is unreachable or refuses us.
  'fetch_config() {',
  '  peer channel fetch config "$WORK_DIR/config.block" -o "$ORDERER_ADDRESS" -c "$CHANNEL" --tls --cafile "$ORDERER_TLS_CA" >"$WORK_DIR/fetch.log" 2>&1 &&',
  '    configtxlator proto_decode --type common.Block --input "$WORK_DIR/config.block" --output "$WORK_DIR/config.json"',
  '}',
  'fetch_error() { grep -v "^\\s*$" "$WORK_DIR/fetch.log" | tail -n 1; }',
  'past_deadline() { [ "$(date +%s)" -ge "$deadline" ]; }',
];

/**
 * Submits one committed channel update once the ledger is at the config it was computed against.
 * Reads UPDATE ("0001"), SEQUENCE (the config sequence the update brings the ledger to) and
 * ENVELOPE (the update with its collected signatures, configUpdateEnvelope()).
 *
 * The ledger's config sequence tells where it stands: >= SEQUENCE, the update is on the ledger
 * (another member's Job may have submitted it: done); SEQUENCE - 1, it is the next one (submit);
 * lower, an earlier update is still pending (wait). A member that loses a race to submit gets the
 * orderer's refusal, finds the update on the ledger when it looks again, and is done.
 */
export function submitUpdateScript(): string {
  return [
    ...prelude,
    'sequence_now() { jq -r ".data.data[0].payload.data.config.sequence // \\"0\\"" "$WORK_DIR/config.json"; }',
    'submitted=false',
    'while :; do',
    '  if fetch_config; then',
    '    now=$(sequence_now)',
    '    if [ "$now" -ge "$SEQUENCE" ]; then',
    '      echo "update $UPDATE of channel $CHANNEL is on the ledger (config sequence $now, the update brings it to $SEQUENCE)"',
    '      exit 0',
    '    elif [ "$submitted" = true ]; then',
    '      echo "update $UPDATE of channel $CHANNEL was accepted; waiting for the ledger to reach config sequence $SEQUENCE (now $now)"',
    '    elif [ "$now" -eq $((SEQUENCE - 1)) ]; then',
    '      echo "submitting update $UPDATE of channel $CHANNEL to $ORDERER_ADDRESS (ledger config sequence $now)"',
    '      if peer channel update -f "$ENVELOPE" -c "$CHANNEL" -o "$ORDERER_ADDRESS" --tls --cafile "$ORDERER_TLS_CA" >"$WORK_DIR/update.log" 2>&1; then',
    '        submitted=true',
    '        continue',
    '      fi',
    '      if fetch_config && [ "$(sequence_now)" -ge "$SEQUENCE" ]; then',
    '        echo "update $UPDATE of channel $CHANNEL was submitted by another member meanwhile"',
    '        exit 0',
    '      fi',
    '      echo "the ordering service refused update $UPDATE of channel $CHANNEL:" >&2',
    '      grep -v "^\\s*$" "$WORK_DIR/update.log" | tail -n 3 >&2',
    '      exit 1',
    '    else',
    '      echo "waiting: update $UPDATE of channel $CHANNEL applies to config sequence $((SEQUENCE - 1)) but the ledger is at $now (an earlier update is not on the ledger yet)"',
    '    fi',
    '  else',
    '    echo "waiting: cannot read the config of channel $CHANNEL from $ORDERER_ADDRESS: $(fetch_error)"',
    '  fi',
    '  if past_deadline; then',
    '    echo "gave up after ${DEADLINE_SECONDS}s: update $UPDATE of channel $CHANNEL is not on the ledger; delete this Job to try again" >&2',
    '    exit 1',
    '  fi',
    '  sleep "$POLL_SECONDS"',
    'done',
  ].join('\n');
}

/**
 * Joins a peer to a channel from its genesis block (GENESIS_BLOCK), once the ledger config
 * contains the peer's org (CORE_PEER_LOCALMSPID): a peer of an org whose addition is not on the
 * ledger yet would be refused every block and give up. Until then the orderer refuses the org's
 * admin the config itself, or the config lacks the org: both are waited out, and so is a peer
 * that does not answer yet. A peer that answers and refuses fails the Job at once.
 */
export function joinPeerWhenMemberScript(): string {
  return [
    'if peer channel getinfo -c "$CHANNEL" >/dev/null 2>&1; then',
    '  echo "$CORE_PEER_ADDRESS already joined channel $CHANNEL"',
    '  exit 0',
    'fi',
    ...prelude,
    'is_member() {',
    '  jq -e --arg msp "$CORE_PEER_LOCALMSPID" ".data.data[0].payload.data.config.channel_group.groups.Application.groups | has(\\$msp)" "$WORK_DIR/config.json" >/dev/null',
    '}',
    'while :; do',
    '  if fetch_config; then',
    '    if is_member; then break; fi',
    '    echo "waiting: the ledger config of channel $CHANNEL does not contain $CORE_PEER_LOCALMSPID yet (the update adding it is not on the ledger)"',
    '  else',
    '    echo "waiting: cannot read the config of channel $CHANNEL from $ORDERER_ADDRESS (refused until $CORE_PEER_LOCALMSPID is a member): $(fetch_error)"',
    '  fi',
    '  if past_deadline; then',
    '    echo "gave up after ${DEADLINE_SECONDS}s: the ledger config of channel $CHANNEL does not contain $CORE_PEER_LOCALMSPID; delete this Job to try again" >&2',
    '    exit 1',
    '  fi',
    '  sleep "$POLL_SECONDS"',
    'done',
    // The peer itself may not answer yet (a first rollout, a restart): wait for it the same way.
    'while :; do',
    '  if peer channel join -b "$GENESIS_BLOCK" >"$WORK_DIR/join.log" 2>&1; then',
    '    cat "$WORK_DIR/join.log"',
    '    echo "$CORE_PEER_ADDRESS joined channel $CHANNEL"',
    '    exit 0',
    '  fi',
    '  if peer channel getinfo -c "$CHANNEL" >/dev/null 2>&1; then',
    '    echo "$CORE_PEER_ADDRESS already joined channel $CHANNEL (an earlier attempt)"',
    '    exit 0',
    '  fi',
    // Only a peer that answered can have refused; one the CLI could not reach (even if it answers
    // a moment later) is waited for.
    '  if ! grep -qE "failed to create new connection|context deadline exceeded|connection refused|code = Unavailable" "$WORK_DIR/join.log"; then',
    '    echo "$CORE_PEER_ADDRESS refused to join channel $CHANNEL:" >&2',
    '    grep -v "^\\s*$" "$WORK_DIR/join.log" | tail -n 3 >&2',
    '    exit 1',
    '  fi',
    '  echo "waiting: the peer $CORE_PEER_ADDRESS does not answer yet: $(grep -v "^\\s*$" "$WORK_DIR/join.log" | tail -n 1)"',
    '  if past_deadline; then',
    '    echo "gave up after ${DEADLINE_SECONDS}s: the peer $CORE_PEER_ADDRESS never answered; delete this Job to try again" >&2',
    '    exit 1',
    '  fi',
    '  sleep "$POLL_SECONDS"',
    'done',
  ].join('\n');
}

/**
 * Joins an orderer to a channel from its genesis block (GENESIS_BLOCK) through the channel
 * participation API (osnadmin) at OSN_ADMIN_ADDRESS, once that admin endpoint answers: a Job that
 * starts before its orderer is up (a first rollout, a restart) waits, one log line per attempt,
 * instead of spending a back-off limit and staying failed. Done when the orderer already serves the
 * channel (a re-run, or a restart after the join). Reads OSN_TLS_CA, ADMIN_TLS_CERT, ADMIN_TLS_KEY.
 */
export function joinOrdererScript(): string {
  return [
    'deadline=$(( $(date +%s) + DEADLINE_SECONDS ))',
    'osn() { osnadmin channel "$@" --channelID "$CHANNEL" -o "$OSN_ADMIN_ADDRESS" --ca-file "$OSN_TLS_CA" --client-cert "$ADMIN_TLS_CERT" --client-key "$ADMIN_TLS_KEY"; }',
    'while :; do',
    '  if osn list >"$WORK_DIR/list.log" 2>&1; then',
    '    if grep -q "Status: 200" "$WORK_DIR/list.log"; then',
    '      echo "the orderer at $OSN_ADMIN_ADDRESS already serves channel $CHANNEL"',
    '      exit 0',
    '    fi',
    '    echo "joining the orderer at $OSN_ADMIN_ADDRESS to channel $CHANNEL from its genesis block"',
    '    osn join --config-block "$GENESIS_BLOCK" >"$WORK_DIR/join.log" 2>&1 || true',
    '    cat "$WORK_DIR/join.log"',
    '    if grep -q "Status: 201" "$WORK_DIR/join.log"; then exit 0; fi',
    // A join that raced another (the Job's earlier pod) leaves the channel served: the next pass says so.
    '    if ! osn list 2>/dev/null | grep -q "Status: 200"; then',
    '      echo "the orderer at $OSN_ADMIN_ADDRESS refused to join channel $CHANNEL (see above)" >&2',
    '      exit 1',
    '    fi',
    '    continue',
    '  fi',
    '  echo "waiting: the orderer admin endpoint $OSN_ADMIN_ADDRESS does not answer yet: $(grep -v "^\\s*$" "$WORK_DIR/list.log" | tail -n 1)"',
    '  if [ "$(date +%s)" -ge "$deadline" ]; then',
    '    echo "gave up after ${DEADLINE_SECONDS}s: the orderer at $OSN_ADMIN_ADDRESS never answered; delete this Job to try again" >&2',
    '    exit 1',
    '  fi',
    '  sleep "$POLL_SECONDS"',
    'done',
  ].join('\n');
}
