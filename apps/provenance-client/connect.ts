// A Fabric Gateway connection from a connection profile's target and an MSP folder (signcerts/ and
// keystore/, as fabric-ca-client enroll or cryptogen write them). The private key stays in the
// member's own files; only the signature leaves the process.
import { createPrivateKey } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { connect, hash, signers, type Gateway } from '@hyperledger/fabric-gateway';
import type { GatewayTarget } from './profile.ts';

export interface ClientIdentity {
  readonly mspId: string;
  readonly certificate: Uint8Array;
  readonly privateKeyPem: string;
}

async function onlyFile(dir: string, what: string): Promise<string> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => !n.startsWith('.')).sort();
  } catch {
    throw new Error(`${dir}: cannot read the ${what} folder`);
  }
  const first = names[0];
  if (first === undefined) throw new Error(`${dir}: no ${what} file`);
  return join(dir, first);
}

/** The identity in an MSP folder: the first file of signcerts/ and of keystore/. */
export async function loadMspIdentity(mspDir: string, mspId: string): Promise<ClientIdentity> {
  const certificate = await readFile(await onlyFile(join(mspDir, 'signcerts'), 'signing certificate'));
  const privateKeyPem = await readFile(await onlyFile(join(mspDir, 'keystore'), 'private key'), 'utf8');
  return { mspId, certificate, privateKeyPem };
}

export interface GatewayConnection {
  readonly gateway: Gateway;
  close(): void;
}

export function connectGateway(target: GatewayTarget, identity: ClientIdentity): GatewayConnection {
  const client = new grpc.Client(target.endpoint, grpc.credentials.createSsl(Buffer.from(target.tlsRootCert)), {
    'grpc.ssl_target_name_override': target.hostOverride,
  });
  const gateway = connect({
    client,
    identity: { mspId: identity.mspId, credentials: identity.certificate },
    signer: signers.newPrivateKeySigner(createPrivateKey(identity.privateKeyPem)),
    hash: hash.sha256,
    // Deadlines so a peer that is down fails the call instead of hanging it.
    evaluateOptions: () => ({ deadline: Date.now() + 10_000 }),
    endorseOptions: () => ({ deadline: Date.now() + 30_000 }),
    submitOptions: () => ({ deadline: Date.now() + 10_000 }),
    commitStatusOptions: () => ({ deadline: Date.now() + 60_000 }),
  });
  return {
    gateway,
    close() {
      gateway.close();
      client.close();
    },
  };
}
