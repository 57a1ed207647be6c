// What a member applies once, with its own admin rights, beside the rendered set: the Secrets that
// hold what only it has (the CA signing pairs, the CA's TLS listener pair, the registrar and CouchDB
// credentials) and the enrollment Job's ServiceAccount, Role and RoleBinding with the empty
// Secrets the Job fills. `consortium org secrets` prints or applies these; render never emits
// them, so no private key or password is ever part of the rendered output, and the in-cluster
// reconciler needs no rights over Secrets or RBAC.
//
// Why the Secrets the Job fills are created here, empty: Kubernetes RBAC cannot restrict `create`
// to resource names (the name is not known when a create is authorized), so a Job allowed to
// create Secrets could create any. Created beforehand, the Job needs only get and update (a PUT),
// and those its Role restricts to exactly the Secrets of enrolledSecretNames().
import { couchdbResourceName } from '../model/resource-names.ts';
import type { Organization } from '../model/types.ts';
import { ENROLL_SERVICE_ACCOUNT, enrolledSecretNames } from './enrollment.ts';
import { MANAGED_BY, ORG_LABEL } from './labels.ts';
import {
  caBootstrapSecret,
  caSigningSecret,
  caTlsCaSigningSecret,
  caTlsSecret,
  couchdbSecret,
  ordererTlsSecret,
} from './secret-names.ts';
import type { KubeObject } from './types.ts';

/** Annotation on the empty Secrets: who fills them. */
export const FILLED_BY_ANNOTATION = 'fabric.consortium/filled-by';

export interface ProvidedMaterial {
  /** PEM certificate and PKCS#8 key of the org's enrollment CA (msp.caCert) and TLS CA (msp.tlsCaCert). */
  readonly ca: { readonly certificate: string; readonly key: string };
  readonly tlsCa: { readonly certificate: string; readonly key: string };
  /** The CA server's TLS listener pair, issued by the TLS CA for caListenerHosts(). */
  readonly caListener: { readonly certificate: string; readonly key: string };
  readonly registrar: { readonly username: string; readonly password: string };
  /** CouchDB admin credentials by peer name, for every peer with stateDb couchdb. */
  readonly couchdb: Readonly<Record<string, { readonly username: string; readonly password: string }>>;
  /**
   * A consenter's committed TLS certificate with its key, by orderer name, when the key directory
   * holds the key: the pair the channels pin, which the enrollment Job never issues.
   */
  readonly consenterTls?: Readonly<Record<string, { readonly certificate: string; readonly key: string }>>;
}

export type ProvidedRole = 'provided' | 'listener' | 'placeholder' | 'rbac';

export interface ProvidedObject {
  readonly object: KubeObject;
  /**
   * How `org secrets --kubeconfig` treats an existing one: `provided` is replaced when its data
   * differs from the key directory's; `listener` is replaced only when no longer fit (issuer,
   * names, expiry: a new pair each run would restart nothing but churn); `placeholder` is never
   * touched once it exists (the enrollment Job owns its data); `rbac` is replaced when it differs.
   */
  readonly role: ProvidedRole;
  /** For the listener: the certificate (PEM) that must have issued a live pair for it to be kept. */
  readonly issuer?: string;
}

/** Names the CA server's TLS listener must carry: every name the in-cluster clients dial. */
export function caListenerHosts(org: Organization, caService: string): string[] {
  const ns = org.cluster.namespace;
  return [caService, `${caService}.${ns}`, `${caService}.${ns}.svc`, `${caService}.${ns}.svc.cluster.local`];
}

function meta(org: Organization, name: string, annotations?: Record<string, string>) {
  return {
    name,
    namespace: org.cluster.namespace,
    labels: {
      'app.kubernetes.io/part-of': 'fabric-enroll',
      'app.kubernetes.io/managed-by': MANAGED_BY,
      [ORG_LABEL]: org.id,
    },
    ...(annotations === undefined ? {} : { annotations }),
  };
}

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

function secret(org: Organization, name: string, data: Record<string, string>, type = 'Opaque'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: meta(org, name),
    type,
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])),
  };
}

export function providedObjects(org: Organization, material: ProvidedMaterial): ProvidedObject[] {
  const provided: ProvidedObject[] = [
    {
      role: 'provided',
      object: secret(org, caSigningSecret(org), { 'ca.crt': material.ca.certificate, 'ca.key': material.ca.key }),
    },
    {
      role: 'provided',
      object: secret(org, caTlsCaSigningSecret(org), {
        'ca.crt': material.tlsCa.certificate,
        'ca.key': material.tlsCa.key,
      }),
    },
    {
      role: 'listener',
      issuer: material.tlsCa.certificate,
      object: secret(
        org,
        caTlsSecret(org),
        { 'tls.crt': material.caListener.certificate, 'tls.key': material.caListener.key },
        'kubernetes.io/tls',
      ),
    },
    { role: 'provided', object: secret(org, caBootstrapSecret(org), { ...material.registrar }) },
  ];
  for (const peer of org.peers) {
    if (peer.stateDb !== 'couchdb') continue;
    const credentials = material.couchdb[peer.name];
    if (credentials === undefined) throw new Error(`no CouchDB credentials for ${couchdbResourceName(org, peer)}`);
    provided.push({ role: 'provided', object: secret(org, couchdbSecret(org, peer), { ...credentials }) });
  }
  for (const orderer of org.orderers) {
    const pair = material.consenterTls?.[orderer.name];
    if (pair === undefined) continue;
    provided.push({
      role: 'provided',
      object: secret(org, ordererTlsSecret(org, orderer), {
        'tls.crt': pair.certificate,
        'tls.key': pair.key,
        'ca.crt': material.tlsCa.certificate,
      }),
    });
  }
  const filled = new Set(provided.map((p) => p.object.metadata.name));
  return [
    ...provided,
    ...enrollmentAccess(org).filter((p) => p.role !== 'placeholder' || !filled.has(p.object.metadata.name)),
  ];
}

/** The enrollment Job's identity and rights, and the empty Secrets it fills. */
export function enrollmentAccess(org: Organization): ProvidedObject[] {
  const names = enrolledSecretNames(org);
  const ns = org.cluster.namespace;
  return [
    {
      role: 'rbac',
      object: {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: meta(org, ENROLL_SERVICE_ACCOUNT),
        // The Job mounts a projected token itself; nothing else running as this account gets one.
        automountServiceAccountToken: false,
      },
    },
    {
      role: 'rbac',
      object: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: meta(org, ENROLL_SERVICE_ACCOUNT),
        rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: names, verbs: ['get', 'update'] }],
      },
    },
    {
      role: 'rbac',
      object: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: meta(org, ENROLL_SERVICE_ACCOUNT),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: ENROLL_SERVICE_ACCOUNT },
        subjects: [{ kind: 'ServiceAccount', name: ENROLL_SERVICE_ACCOUNT, namespace: ns }],
      },
    },
    ...names.map((name): ProvidedObject => ({
      role: 'placeholder',
      object: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: meta(org, name, { [FILLED_BY_ANNOTATION]: `the ${ENROLL_SERVICE_ACCOUNT} Job` }),
        type: 'Opaque',
      },
    })),
  ];
}
