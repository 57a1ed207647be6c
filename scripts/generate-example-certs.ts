// Regenerates the example consortium's public certificates and, to match them, its channels'
// block 0: for every orgs/<id>/org.yaml, a CA, a TLS CA and an admin certificate (10 years) plus
// the NodeOUs msp/config.yaml, for each of its orderers a TLS certificate issued by that TLS CA
// for every name a client dials (the external host and the in-cluster Service names), and then
// channels/<ch>/genesis.block built from the repository (scripts/example-pki.ts).
//
//   node --import tsx scripts/generate-example-certs.ts [--key-dir DIR] [--tls-only] [--repo DIR]
//
// --tls-only regenerates only the TLS CA and the orderer TLS certificates (the TLS CA's key is
// discarded, so they are made together) and keeps the CA, admin and config.yaml files.
// Private keys are discarded unless --key-dir names a directory outside the repository (orderer
// TLS keys always are: members enroll their own in-cluster); the example consortium only needs
// certificates to validate and render. Only for a consortium that has not run anywhere: a channel
// with config updates is refused.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { reissueExamplePki } from './example-pki.ts';

const { values } = parseArgs({
  options: { 'key-dir': { type: 'string' }, repo: { type: 'string' }, 'tls-only': { type: 'boolean' } },
  strict: true,
});
const repoRoot = resolve(values.repo ?? join(import.meta.dirname, '..'));
const result = await reissueExamplePki({
  repoRoot,
  keyDir: values['key-dir'] === undefined ? undefined : resolve(values['key-dir']),
  tlsOnly: values['tls-only'] === true,
  validityDays: 3650,
  now: new Date(),
});
for (const path of result.written) process.stdout.write(`wrote ${path}\n`);
process.stdout.write(
  values['key-dir'] === undefined ? 'private keys discarded\n' : `private keys in ${resolve(values['key-dir'])}\n`,
);
