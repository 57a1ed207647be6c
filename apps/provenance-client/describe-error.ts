import { GatewayError } from '@hyperledger/fabric-gateway';

/** A Gateway error with what each peer said (the chaincode's own message is in the details). */
export function describeError(error: unknown): string {
  if (error instanceof GatewayError) {
    const details = error.details.map((d) => `${d.address} (${d.mspId}): ${d.message}`);
    return [error.message, ...details].join('\n  ');
  }
  return error instanceof Error ? error.message : String(error);
}
