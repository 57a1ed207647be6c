// `consortium org secrets ID [--key-dir DIR] [--kubeconfig FILE --context NAME]`
//
// What the member provides to its cluster, from the key directory `org init` wrote: the CA and TLS
// CA signing pairs (each key checked against the certificate the repository commits), the CA's
// TLS listener pair (issued here by the TLS CA), the registrar and CouchDB credentials (generated
// once and kept in the key directory, so every run gives the same), and the enrollment Job's
// ServiceAccount, Role, RoleBinding and empty Secrets (render/member-provided.ts). Printed as
// manifests, or applied with a kube client: created when absent, replaced only when they differ.
import { createPrivateKey, createPublicKey, randomBytes, X509Certificate } from 'node:crypto';
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createFilesystemReader } from '../adapters/filesystem.ts';
import type { KubeClient, KubeObject, ResourceType } from '../adapters/kube.ts';
import { FindingsError, UsageError } from '../errors.ts';
import { loadRepository } from '../model/load-repository.ts';
import { caResourceName } from '../model/resource-names.ts';
import type { Organization } from '../model/types.ts';
import { issueTlsCertificate } from '../pki/issue-tls-certificate.ts';
import { checkKeyDirectory } from '../authoring/key-directory.ts';
import {
  caListenerHosts,
  providedObjects,
  type ProvidedMaterial,
  type ProvidedObject,
} from '../render/member-provided.ts';
import { requireConsortiumRepository } from './require-repository.ts';

/** Generated credentials, kept beside the keys (mode 0600). */
export const CREDENTIALS_FILE = 'cluster-credentials.json';
/** The CA listener pair is reissued when it has less than this left. */
export const LISTENER_RENEW_DAYS = 30;
const LISTENER_VALIDITY_DAYS = 365;

export interface OrgSecretsOptions {
  readonly repo: string;
  readonly org: string;
  /** Parent of the org's key directory (`org init --key-dir`). */
  readonly keysRoot: string;
  readonly now: Date;
}

export interface OrgSecretsPlan {
  readonly org: string;
  readonly namespace: string;
  /** The kubeconfig context named after the org's cluster (org.yaml cluster.name). */
  readonly context: string;
  readonly keyDir: string;
  readonly objects: readonly ProvidedObject[];
  /** The credentials file, when this run created or extended it. */
  readonly wroteCredentials?: string;
}

interface Credentials {
  registrar?: { username: string; password: string };
  couchdb?: Record<string, { username: string; password: string }>;
}

export async function prepareOrgSecrets(options: OrgSecretsOptions): Promise<OrgSecretsPlan> {
  await requireConsortiumRepository(options.repo);
  const { model } = await loadRepository(createFilesystemReader(options.repo));
  const org = model.orgs.find((o) => o.id === options.org);
  if (org === undefined)
    throw new UsageError(
      `no member organization "${options.org}" in ${options.repo} (orgs/<id>/org.yaml); members: ${model.orgs.map((o) => o.id).join(', ') || '(none)'}`,
    );
  const text = (path: string): string => {
    const found = model.files.find((f) => f.path === path)?.text;
    if (found === undefined) throw new FindingsError(`${path}: missing or unreadable; run consortium validate`);
    return found;
  };
  const keyDir = join(await checkKeyDirectory({ keyDir: options.keysRoot, repoDir: options.repo }), org.id);
  if ((await stat(keyDir).catch(() => undefined))?.isDirectory() !== true)
    throw new UsageError(
      `no key directory ${keyDir}: pass --key-dir DIR, the directory \`consortium org init ${org.id}\` wrote the keys to`,
    );
  const ca = {
    certificate: text(org.msp.caCert),
    key: await readMatchingKey(keyDir, 'ca-key.pem', org.msp.caCert, text(org.msp.caCert)),
  };
  const tlsCa = {
    certificate: text(org.msp.tlsCaCert),
    key: await readMatchingKey(keyDir, 'tlsca-key.pem', org.msp.tlsCaCert, text(org.msp.tlsCaCert)),
  };
  const { credentials, wrote } = await loadCredentials(keyDir, org);
  const listener = await issueTlsCertificate({
    issuer: tlsCa,
    host: caResourceName(org),
    alternativeNames: caListenerHosts(org, caResourceName(org)).slice(1),
    organization: org.displayName,
    validity: { days: LISTENER_VALIDITY_DAYS },
    now: options.now,
  });
  const consenterTls: Record<string, { certificate: string; key: string }> = {};
  for (const orderer of org.orderers) {
    if (orderer.tlsCert === undefined) continue;
    const file = consenterKeyFile(orderer.name);
    if ((await stat(join(keyDir, file)).catch(() => undefined)) === undefined) continue;
    const certificate = text(orderer.tlsCert);
    consenterTls[orderer.name] = {
      certificate,
      key: await readMatchingKey(keyDir, file, orderer.tlsCert, certificate),
    };
  }
  const material: ProvidedMaterial = {
    ca,
    tlsCa,
    caListener: listener,
    registrar: credentials.registrar!,
    couchdb: credentials.couchdb ?? {},
    consenterTls,
  };
  return {
    org: org.id,
    namespace: org.cluster.namespace,
    context: org.cluster.name,
    keyDir,
    objects: providedObjects(org, material),
    ...(wrote ? { wroteCredentials: join(keyDir, CREDENTIALS_FILE) } : {}),
  };
}

/**
 * Where a consenter's TLS key may be kept, beside the CA keys: the key of the certificate the
 * repository commits as the orderer's tlsCert (the pair every channel pins). Optional: a member
 * whose enrollment Job issued that pair keeps it in the cluster only.
 */
export const consenterKeyFile = (orderer: string): string => `${orderer}-tls-key.pem`;

/** The key file, refused unless it is the private key of the committed certificate. */
async function readMatchingKey(keyDir: string, file: string, certPath: string, certificate: string): Promise<string> {
  const path = join(keyDir, file);
  const pem = await readFile(path, 'utf8').catch(() => undefined);
  if (pem === undefined)
    throw new UsageError(
      `${path}: not found; pass --key-dir DIR, the directory \`consortium org init\` wrote the keys to`,
    );
  let publicDer: Buffer;
  try {
    publicDer = createPublicKey(createPrivateKey(pem)).export({ type: 'spki', format: 'der' });
  } catch (error) {
    throw new FindingsError(`${path}: not a private key (${(error as Error).message}); restore it from your backup`);
  }
  const committed = new X509Certificate(certificate).publicKey.export({ type: 'spki', format: 'der' });
  if (!publicDer.equals(committed))
    throw new FindingsError(
      `${path} is not the key of ${certPath}: the repository commits another certificate (reissued with \`org reissue --ca\`?); ` +
        'pass the --key-dir that holds the current keys',
    );
  return pem;
}

async function loadCredentials(
  keyDir: string,
  org: Organization,
): Promise<{ credentials: Credentials; wrote: boolean }> {
  const path = join(keyDir, CREDENTIALS_FILE);
  const existing = await readFile(path, 'utf8').catch(() => undefined);
  let credentials: Credentials = {};
  if (existing !== undefined) {
    try {
      credentials = JSON.parse(existing) as Credentials;
    } catch (error) {
      throw new FindingsError(
        `${path}: not JSON (${(error as Error).message}); fix it or move it away to generate new credentials`,
      );
    }
  }
  let wrote = false;
  const generate = (username: string) => ({ username, password: randomBytes(24).toString('hex') });
  if (credentials.registrar === undefined) {
    // Hex only: the enrollment Job puts the password in the CA's URL, where it needs no escaping.
    credentials.registrar = generate(`${org.id}-registrar`);
    wrote = true;
  }
  for (const peer of org.peers) {
    if (peer.stateDb !== 'couchdb' || credentials.couchdb?.[peer.name] !== undefined) continue;
    credentials.couchdb = { ...credentials.couchdb, [peer.name]: generate('admin') };
    wrote = true;
  }
  if (wrote) {
    await writeFile(path, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
    await chmod(path, 0o600);
  }
  return { credentials, wrote };
}

export type ApplyAction = 'created' | 'replaced' | 'unchanged' | 'kept';

export interface AppliedObject {
  readonly kind: string;
  readonly name: string;
  readonly action: ApplyAction;
}

const TYPES: Record<string, ResourceType> = {
  Secret: { apiVersion: 'v1', kind: 'Secret', resource: 'secrets', namespaced: true },
  ServiceAccount: { apiVersion: 'v1', kind: 'ServiceAccount', resource: 'serviceaccounts', namespaced: true },
  Role: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', resource: 'roles', namespaced: true },
  RoleBinding: {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    resource: 'rolebindings',
    namespaced: true,
  },
};

/** Creates what is absent; replaces what differs as each object's role says (member-provided.ts). */
export async function applyOrgSecrets(plan: OrgSecretsPlan, kube: KubeClient, now: Date): Promise<AppliedObject[]> {
  const results: AppliedObject[] = [];
  for (const { object, role, issuer } of plan.objects) {
    const type = TYPES[object.kind];
    if (type === undefined) throw new Error(`no resource type for ${object.kind}`);
    const live = await kube.get({ type, namespace: plan.namespace, name: object.metadata.name });
    let action: ApplyAction;
    if (live === undefined) {
      await kube.create(object, { type });
      action = 'created';
    } else if (role === 'placeholder') action = 'kept';
    else if (role === 'listener' ? listenerFit(live, object, issuer ?? '', now) : sameContent(live, object))
      action = 'unchanged';
    else {
      await kube.replace(
        { ...object, metadata: { ...object.metadata, resourceVersion: live.metadata.resourceVersion ?? '' } },
        { type },
      );
      action = 'replaced';
    }
    results.push({ kind: object.kind, name: object.metadata.name, action });
  }
  return results;
}

const CONTENT_FIELDS = ['data', 'type', 'rules', 'roleRef', 'subjects', 'automountServiceAccountToken'];

function sameContent(live: KubeObject, desired: KubeObject): boolean {
  return CONTENT_FIELDS.every((field) => canonical(live[field]) === canonical(desired[field]));
}

/** JSON with object keys sorted: the API server returns fields in its own order. */
function canonical(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/** The live listener pair still serves: signed by the current TLS CA, the same names, not near expiry. */
function listenerFit(live: KubeObject, desired: KubeObject, issuer: string, now: Date): boolean {
  const pem = (object: KubeObject) =>
    Buffer.from((object['data'] as Record<string, string> | undefined)?.['tls.crt'] ?? '', 'base64').toString('utf8');
  try {
    const have = new X509Certificate(pem(live));
    const want = new X509Certificate(pem(desired));
    return (
      have.verify(new X509Certificate(issuer).publicKey) &&
      have.subjectAltName === want.subjectAltName &&
      new Date(have.validTo).getTime() - now.getTime() > LISTENER_RENEW_DAYS * 24 * 3600 * 1000
    );
  } catch {
    return false;
  }
}
