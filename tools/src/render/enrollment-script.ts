// The enrollment Job's shell script (POSIX sh with fabric-ca-client, curl, jq and openssl, as in
// the Fabric tools image). It registers and enrolls every identity of IDENTITIES with the org's
// own Fabric CA and stores each pair in its Secret through the Kubernetes API, as the Job's
// ServiceAccount (whose Role names exactly those Secrets, which `consortium org secrets` creates
// empty: Kubernetes RBAC cannot restrict `create` to names, so the Job never creates).
//
// Idempotent: a Secret whose certificate is valid beyond RENEW_BEFORE_SECONDS and whose
// enrollment annotation equals the identity's line is left alone, so a rerun changes nothing; a
// pair near expiry, or enrolled for other names, is replaced. A consenter's TLS pair pinned by the
// channel configuration is only checked, never replaced (a new certificate needs a channel update).
// Every path and address comes from the environment, so the same script runs in the cluster and
// natively in the tests:
//   IDENTITIES              lines of enrollment.ts identityLine(); MSP_ID the certificates' O=
//   CA_HOST, CA_PORT        the CA server; CA_TLS_ROOT its TLS trust root (the org's TLS CA)
//   REGISTRAR_USER, REGISTRAR_PASSWORD   the CA's bootstrap registrar (from ca-<org>-bootstrap)
//   TLS_CA_CERT             the org's TLS CA certificate, stored as ca.crt beside TLS pairs
//   KUBE_API, KUBE_CA_FILE, KUBE_TOKEN_FILE, NAMESPACE   the API server and the Job's token
//   RENEW_BEFORE_SECONDS, DEADLINE_SECONDS, POLL_SECONDS, WORK_DIR
export function enrollmentScript(): string {
  return [
    'deadline=$(( $(date +%s) + DEADLINE_SECONDS ))',
    'client_home="$WORK_DIR/fabric-ca-client"',
    'mkdir -p "$client_home"',
    'ca() { fabric-ca-client "$@" --home "$client_home" --tls.certfiles "$CA_TLS_ROOT" >"$WORK_DIR/ca.log" 2>&1; }',
    'ca_error() { grep -v "^\\s*$" "$WORK_DIR/ca.log" | tail -n 1; }',
    // One Secret through the API: METHOD NAME [BODY_FILE]; the HTTP status is printed, the body
    // lands in $WORK_DIR/secret.json.
    'secret_api() {',
    '  method=$1; name=$2; shift 2',
    '  if [ $# -ge 1 ]; then set -- --header "Content-Type: application/json" --data-binary "@$1"; fi',
    '  auth="Authorization: Bearer $(cat "$KUBE_TOKEN_FILE")"',
    '  url="$KUBE_API/api/v1/namespaces/$NAMESPACE/secrets/$name"',
    '  curl --silent --show-error --output "$WORK_DIR/secret.json" --write-out "%{http_code}" --cacert "$KUBE_CA_FILE" --header "$auth" --header "Accept: application/json" --request "$method" "$url" "$@" 2>"$WORK_DIR/curl.log" || true',
    '}',
    'fingerprint() { openssl x509 -noout -fingerprint -sha256 | sed "s/.*=//; s/://g" | tr "A-F" "a-f"; }',
    // The registrar of each CA (enrollment and TLS) once, waiting for the CA server to answer.
    'registrar() {',
    '  [ -f "$WORK_DIR/registrar-$1/signcerts/cert.pem" ] && return 0',
    '  until ca enroll -u "https://$REGISTRAR_USER:$REGISTRAR_PASSWORD@$CA_HOST:$CA_PORT" --caname "$1" --mspdir "$WORK_DIR/registrar-$1"; do',
    '    if [ "$(date +%s)" -ge "$deadline" ]; then',
    '      echo "gave up after ${DEADLINE_SECONDS}s: the CA $1 at $CA_HOST:$CA_PORT does not enroll its registrar: $(ca_error)" >&2',
    '      exit 1',
    '    fi',
    '    echo "waiting for the CA $1 at $CA_HOST:$CA_PORT: $(ca_error)"',
    '    sleep "$POLL_SECONDS"',
    '  done',
    '}',
    'failed=0',
    'printf "%s\\n" "$IDENTITIES" >"$WORK_DIR/identities"',
    'while read -r secret pair caname id type hosts pinned; do',
    '  [ -n "$secret" ] || continue',
    '  spec="$secret $pair $caname $id $type $hosts $pinned"',
    '  if [ "$pair" = tls ]; then certkey=tls.crt; profile=tls; else certkey=cert.pem; profile=; fi',
    '  status=$(secret_api GET "$secret")',
    '  if [ "$status" != 200 ]; then',
    '    echo "$secret: cannot read the Secret (HTTP ${status:-000}$(grep -v "^\\s*$" "$WORK_DIR/curl.log" | tail -n 1 | sed "s/^/, /")): it must exist and the ServiceAccount must be allowed to read it; run consortium org secrets with --kubeconfig, which creates both" >&2',
    '    failed=1; continue',
    '  fi',
    '  jq -r --arg k "$certkey" \'.data[$k] // "" | @base64d\' "$WORK_DIR/secret.json" >"$WORK_DIR/current.pem"',
    '  enrolled_for=$(jq -r --arg a "$ANNOTATION" \'.metadata.annotations[$a] // ""\' "$WORK_DIR/secret.json")',
    '  if [ "$pinned" != - ]; then',
    '    held=$(fingerprint <"$WORK_DIR/current.pem" 2>/dev/null || true)',
    '    if [ "$held" != "$pinned" ]; then',
    '      echo "$secret: holds ${held:-no certificate}, not the committed consenter TLS certificate (SHA-256 $pinned) the channels pin; put that certificate and its key in the Secret (the Job never replaces a pinned pair)" >&2',
    '      failed=1',
    '    elif ! openssl x509 -checkend "$RENEW_BEFORE_SECONDS" -noout <"$WORK_DIR/current.pem" >/dev/null; then',
    '      echo "$secret: the committed consenter TLS certificate expires $(openssl x509 -enddate -noout <"$WORK_DIR/current.pem" | sed "s/.*=//"); renew it through a channel update (docs/operations.md)" >&2',
    '    else',
    '      echo "$secret: the committed consenter TLS certificate, valid until $(openssl x509 -enddate -noout <"$WORK_DIR/current.pem" | sed "s/.*=//")"',
    '    fi',
    '    continue',
    '  fi',
    '  if [ "$enrolled_for" = "$spec" ] && openssl x509 -checkend "$RENEW_BEFORE_SECONDS" -noout <"$WORK_DIR/current.pem" >/dev/null 2>&1; then',
    '    echo "$secret: up to date, valid until $(openssl x509 -enddate -noout <"$WORK_DIR/current.pem" | sed "s/.*=//")"',
    '    continue',
    '  fi',
    '  registrar "$caname"',
    // A fresh one-time secret each time: nothing to store, and a leaked one is worthless once used.
    '  password=$(openssl rand -hex 24)',
    '  registrar_flags="-u https://$CA_HOST:$CA_PORT --caname $caname --mspdir $WORK_DIR/registrar-$caname"',
    '  if ! ca register $registrar_flags --id.name "$id" --id.secret "$password" --id.type "$type" --id.maxenrollments -1; then',
    '    if grep -q "already registered" "$WORK_DIR/ca.log"; then',
    '      ca identity modify "$id" $registrar_flags --secret "$password" || { echo "$secret: cannot reset the one-time secret of $id at $caname: $(ca_error)" >&2; failed=1; continue; }',
    '    else',
    '      echo "$secret: cannot register $id at $caname: $(ca_error)" >&2; failed=1; continue',
    '    fi',
    '  fi',
    '  rm -rf "$WORK_DIR/out"',
    '  if ! ca enroll -u "https://$id:$password@$CA_HOST:$CA_PORT" --caname "$caname" --mspdir "$WORK_DIR/out" --csr.hosts "$hosts" --csr.names "O=$MSP_ID" ${profile:+--enrollment.profile "$profile"}; then',
    '    echo "$secret: cannot enroll $id at $caname: $(ca_error)" >&2; failed=1; continue',
    '  fi',
    '  key=$(ls "$WORK_DIR/out/keystore/"*_sk | head -n 1)',
    '  if [ "$pair" = tls ]; then',
    '    filter=\'.metadata.annotations[$a] = $spec | .data = ((.data // {}) + {"tls.crt": ($crt | @base64), "tls.key": ($key | @base64), "ca.crt": ($ca | @base64)})\'',
    '    jq --arg a "$ANNOTATION" --arg spec "$spec" --rawfile crt "$WORK_DIR/out/signcerts/cert.pem" --rawfile key "$key" --rawfile ca "$TLS_CA_CERT" "$filter" "$WORK_DIR/secret.json" >"$WORK_DIR/body.json"',
    '  else',
    '    filter=\'.metadata.annotations[$a] = $spec | .data = ((.data // {}) + {"cert.pem": ($crt | @base64), "key.pem": ($key | @base64)})\'',
    '    jq --arg a "$ANNOTATION" --arg spec "$spec" --rawfile crt "$WORK_DIR/out/signcerts/cert.pem" --rawfile key "$key" "$filter" "$WORK_DIR/secret.json" >"$WORK_DIR/body.json"',
    '  fi',
    '  cp "$WORK_DIR/out/signcerts/cert.pem" "$WORK_DIR/new.pem"',
    '  rm -rf "$WORK_DIR/out"',
    // PUT with the resourceVersion just read: a concurrent writer makes this a 409, never a lost pair.
    '  status=$(secret_api PUT "$secret" "$WORK_DIR/body.json")',
    '  rm -f "$WORK_DIR/body.json"',
    '  if [ "$status" != 200 ]; then',
    '    echo "$secret: the API server refused the update (HTTP $status): $(jq -r ".message // empty" "$WORK_DIR/secret.json" 2>/dev/null)" >&2',
    '    failed=1; continue',
    '  fi',
    '  echo "$secret: enrolled $id ($type) at $caname for $hosts, valid until $(openssl x509 -enddate -noout -in "$WORK_DIR/new.pem" | sed "s/.*=//")"',
    'done <"$WORK_DIR/identities"',
    'rm -rf "$WORK_DIR"/registrar-*',
    'exit "$failed"',
  ].join('\n');
}
