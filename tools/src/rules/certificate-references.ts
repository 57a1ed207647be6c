// The certificate files each org references in org.yaml (msp.caCert, msp.tlsCaCert,
// msp.adminCerts, orderers[].tlsCert), shared by the certificate rules.
import type { Organization } from '../model/types.ts';

export interface CertificateReference {
  readonly org: Organization;
  /** Repository-relative path of the PEM file. */
  readonly file: string;
  /** Position path of the reference inside org.yaml. */
  readonly path: string;
  readonly role: 'ca' | 'tlsCa' | 'admin' | 'ordererTls';
  readonly label: string;
}

export function listCertificateReferences(org: Organization): CertificateReference[] {
  const refs: CertificateReference[] = [
    { org, file: org.msp.caCert, path: 'msp.caCert', role: 'ca', label: 'CA certificate' },
    { org, file: org.msp.tlsCaCert, path: 'msp.tlsCaCert', role: 'tlsCa', label: 'TLS CA certificate' },
  ];
  org.msp.adminCerts.forEach((file, i) => {
    refs.push({ org, file, path: `msp.adminCerts.${i}`, role: 'admin', label: 'admin certificate' });
  });
  org.orderers.forEach((orderer, i) => {
    if (orderer.tlsCert === undefined) return;
    const label = `TLS certificate of orderer "${orderer.name}"`;
    refs.push({ org, file: orderer.tlsCert, path: `orderers.${i}.tlsCert`, role: 'ordererTls', label });
  });
  return refs;
}

/** 1-based line of the first certificate block of a PEM text, 1 when there is none. */
export function lineOfCertificate(text: string | undefined): number {
  if (text === undefined) return 1;
  const at = text.indexOf('-----BEGIN CERTIFICATE-----');
  if (at <= 0) return 1;
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
