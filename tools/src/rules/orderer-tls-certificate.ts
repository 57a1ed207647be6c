import type { Diagnostic } from '../model/diagnostic.ts';
import { ordererHost, ordererTlsHosts } from '../model/endpoints.ts';
import type { RuleContext } from './context.ts';
import { reportAt } from './report.ts';

/**
 * An orderer's committed TLS certificate is what identifies it as an etcdraft consenter in every
 * channel's configuration (ClientTLSCert/ServerTLSCert). It must be issued by its org's TLS CA
 * (other orderers check the chain on every Raft connection) and name every host a client dials
 * (ordererTlsHosts): the external host the other consenters and members use, and the in-cluster
 * Service names the org's own Jobs use for osnadmin (7053) and ORDERER_ADDRESS (7050). The
 * listener presents this very certificate to all of them, because the channel config pins it, so a
 * name missing from it fails that client's TLS handshake. A consenter without one is a warning: the repository is
 * valid between the two pull requests of the enrolment flow, but no genesis block can be made yet.
 */
export function checkOrdererTlsCertificate(ctx: RuleContext): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const org of ctx.model.orgs) {
    const tlsCa = ctx.certificates.lookup(org.msp.tlsCaCert);
    org.orderers.forEach((orderer, i) => {
      if (orderer.tlsCert === undefined) return;
      // Missing or unparsable files are reported by missing-file and certificate-parse.
      const cert = ctx.certificates.lookup(orderer.tlsCert);
      if (cert.kind !== 'ok') return;
      const at = { rule: 'orderer-tls-certificate', severity: 'error', source: org.source } as const;
      const path = `orderers.${i}.tlsCert`;
      if (tlsCa.kind === 'ok' && !ctx.certificates.isIssuedBy(cert.parsed, tlsCa.parsed)) {
        found.push(
          reportAt({
            ...at,
            path,
            message: `TLS certificate ${orderer.tlsCert} of orderer "${orderer.name}" (subject ${cert.parsed.subject}) is not signed by the TLS CA of org "${org.id}" (${org.msp.tlsCaCert})`,
            hint: `Enroll the orderer's TLS identity from the TLS CA in ${org.msp.tlsCaCert} and commit that certificate, or reference the right TLS CA.`,
          }),
        );
      }
      const hosts = ordererTlsHosts(org, orderer);
      const missing = hosts.filter(
        (host) => cert.parsed.certificate.checkHost(host, { subject: 'never' }) === undefined,
      );
      if (missing.length > 0) {
        found.push(
          reportAt({
            ...at,
            path,
            message: `TLS certificate ${orderer.tlsCert} of orderer "${orderer.name}" does not name ${missing.length === 1 ? 'its host' : 'its hosts'} ${missing.join(', ')} among its subject alternative names: every name a client dials must be in the certificate the channel pins`,
            hint: `Enroll the orderer's TLS certificate with --csr.hosts ${hosts.join(',')}: the other consenters reach it at ${hosts[0] ?? ''}, the org's own Jobs at its Service names.`,
          }),
        );
      }
    });
  }
  const consortium = ctx.model.consortium;
  if (consortium === undefined) return found;
  const warned = new Set<string>();
  for (const consenter of consortium.ordering.consenters) {
    const org = ctx.orgsById.get(consenter.org);
    const index = org?.orderers.findIndex((o) => o.name === consenter.orderer) ?? -1;
    const orderer = org?.orderers[index];
    // An unknown org or orderer is consenter-exists' finding.
    if (org === undefined || orderer === undefined || orderer.tlsCert !== undefined) continue;
    const key = `${org.id}/${orderer.name}`;
    if (warned.has(key)) continue;
    warned.add(key);
    found.push(
      reportAt({
        rule: 'orderer-tls-certificate',
        severity: 'warning',
        source: org.source,
        path: `orderers.${index}.name`,
        message: `orderer "${orderer.name}" of org "${org.id}" is an etcdraft consenter without a tlsCert: the channel genesis block cannot be generated until its TLS certificate is committed`,
        hint: `Once the orderer's CA runs, enroll its TLS identity (host ${ordererHost(org, orderer)}) from the TLS CA and add "tlsCert: msp/${orderer.name}-tls.pem" (the public certificate only) to this orderer.`,
      }),
    );
  }
  return found;
}
