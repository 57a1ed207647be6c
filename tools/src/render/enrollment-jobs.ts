// Enrollment without hand work: a Job that registers and enrolls every identity the member's
// workloads mount (enrollment.ts) with the org's own Fabric CA and stores the pairs in the Secrets
// of the contract, and a CronJob that runs the same pod daily to renew pairs before they expire.
// The pod runs as the `fabric-enroll` ServiceAccount, whose Role (created with the empty Secrets by
// `consortium org secrets`, not by render: the reconciler holds no RBAC rights) allows get and
// update on exactly those Secrets. Its token is projected for this pod only.
import { caResourceName } from '../model/resource-names.ts';
import { hashedName } from './content-hash.ts';
import { metaFor, type MemberContext } from './context.ts';
import { ENROLL_SERVICE_ACCOUNT, ENROLLMENT_ANNOTATION, enrolledIdentities, identityLine } from './enrollment.ts';
import { enrollmentScript } from './enrollment-script.ts';
import { standardLabels } from './labels.ts';
import { MSP_TLSCA_FILE, mspConfigMapName } from './msp-config.ts';
import { PORTS } from './ports.ts';
import { containerSecurityContext, emptyDirVolume, FABRIC_UID, podDefaults, resources } from './pod-security.ts';
import { workloadSizes } from '../model/workload-sizes.ts';
import { caBootstrapSecret } from './secret-names.ts';
import { serviceHost } from './services.ts';
import type { JsonObject, KubeObject } from './types.ts';

export const ENROLL_APP = 'fabric-enroll';
const MSP_DIR = '/var/hyperledger/msp';
const KUBE_API_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
/** Renew a pair this long before it expires (Fabric CA issues for a year by default). */
export const RENEW_BEFORE_DAYS = 30;
/** Daily, at a minute no other schedule of ours uses. */
export const RENEW_SCHEDULE = '17 3 * * *';

function enrollmentPodSpec(ctx: MemberContext): JsonObject {
  const lines = enrolledIdentities(ctx.org, ctx.fileText).map(identityLine);
  const bootstrap = caBootstrapSecret(ctx.org);
  const secretEnv = (name: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: bootstrap, key } } });
  return {
    ...podDefaults(FABRIC_UID),
    serviceAccountName: ENROLL_SERVICE_ACCOUNT,
    restartPolicy: 'Never',
    containers: [
      {
        name: 'enroll',
        image: ctx.consortium.fabric.images.tools,
        command: ['/bin/sh', '-ec', enrollmentScript()],
        env: [
          { name: 'HOME', value: '/work' },
          { name: 'WORK_DIR', value: '/work' },
          { name: 'IDENTITIES', value: lines.join('\n') },
          { name: 'ANNOTATION', value: ENROLLMENT_ANNOTATION },
          { name: 'MSP_ID', value: ctx.org.mspId },
          { name: 'CA_HOST', value: serviceHost(ctx, caResourceName(ctx.org)) },
          { name: 'CA_PORT', value: String(PORTS.ca) },
          { name: 'CA_TLS_ROOT', value: `${MSP_DIR}/${MSP_TLSCA_FILE}` },
          { name: 'TLS_CA_CERT', value: `${MSP_DIR}/${MSP_TLSCA_FILE}` },
          secretEnv('REGISTRAR_USER', 'username'),
          secretEnv('REGISTRAR_PASSWORD', 'password'),
          { name: 'KUBE_API', value: 'https://kubernetes.default.svc' },
          { name: 'KUBE_CA_FILE', value: `${KUBE_API_DIR}/ca.crt` },
          { name: 'KUBE_TOKEN_FILE', value: `${KUBE_API_DIR}/token` },
          { name: 'NAMESPACE', value: ctx.namespace },
          { name: 'RENEW_BEFORE_SECONDS', value: String(RENEW_BEFORE_DAYS * 24 * 3600) },
          // The CA may still be starting (first reconcile): wait for it this long.
          { name: 'DEADLINE_SECONDS', value: '900' },
          { name: 'POLL_SECONDS', value: '5' },
        ],
        workingDir: '/work',
        resources: resources(workloadSizes(ctx.org, 'job')),
        securityContext: containerSecurityContext(),
        volumeMounts: [
          { name: 'msp', mountPath: MSP_DIR, readOnly: true },
          { name: 'kube-api', mountPath: KUBE_API_DIR, readOnly: true },
          { name: 'work', mountPath: '/work' },
          { name: 'tmp', mountPath: '/tmp' },
        ],
      },
    ],
    volumes: [
      { name: 'msp', configMap: { name: mspConfigMapName(ctx.org) } },
      // What automounting would give, but only to this pod: a short-lived token and the API
      // server's CA (the kube-root-ca.crt ConfigMap every namespace has).
      {
        name: 'kube-api',
        projected: {
          sources: [
            { serviceAccountToken: { path: 'token', expirationSeconds: 3600 } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          ],
        },
      },
      emptyDirVolume('work'),
      emptyDirVolume('tmp'),
    ],
  };
}

export function renderEnrollment(ctx: MemberContext): KubeObject[] {
  const podSpec = enrollmentPodSpec(ctx);
  const labels = standardLabels({
    consortium: ctx.consortium.name,
    org: ctx.org.id,
    name: ENROLL_APP,
    instance: ENROLL_APP,
    component: 'enrollment',
  });
  const backoffLimit = 3;
  // Named by content: a new peer, orderer or name to enroll is a new Job that runs at once.
  const jobName = hashedName(ENROLL_APP, { backoffLimit, podSpec });
  const template = { metadata: { labels }, spec: podSpec };
  return [
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: metaFor(ctx, { objectName: jobName, name: ENROLL_APP, instance: ENROLL_APP, component: 'enrollment' }),
      spec: { backoffLimit, template },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: metaFor(ctx, {
        objectName: `${ENROLL_APP}-renew`,
        name: ENROLL_APP,
        instance: ENROLL_APP,
        component: 'enrollment',
      }),
      spec: {
        schedule: RENEW_SCHEDULE,
        concurrencyPolicy: 'Forbid',
        successfulJobsHistoryLimit: 1,
        failedJobsHistoryLimit: 3,
        jobTemplate: { spec: { backoffLimit, template } },
      },
    },
  ];
}
