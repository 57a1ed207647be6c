/**
 * Fabric's MSP `config.yaml` enabling NodeOUs: an identity's role (client, peer, admin, orderer)
 * comes from the OU of its certificate, issued by the org's CA. `caCertPath` is relative to the
 * MSP folder Fabric reads, where the rendered manifests mount the CA certificate as
 * `cacerts/ca.pem`.
 */
export function renderNodeOusConfig(options: { readonly caCertPath?: string } = {}): string {
  const certificate = options.caCertPath ?? 'cacerts/ca.pem';
  const identifier = (ou: string): string =>
    `    Certificate: ${certificate}\n    OrganizationalUnitIdentifier: ${ou}\n`;
  return (
    '# Fabric MSP configuration: roles come from the certificate OU (NodeOUs).\n' +
    '# The Certificate paths are relative to the MSP folder mounted into each node.\n' +
    'NodeOUs:\n' +
    '  Enable: true\n' +
    '  ClientOUIdentifier:\n' +
    identifier('client') +
    '  PeerOUIdentifier:\n' +
    identifier('peer') +
    '  AdminOUIdentifier:\n' +
    identifier('admin') +
    '  OrdererOUIdentifier:\n' +
    identifier('orderer')
  );
}
