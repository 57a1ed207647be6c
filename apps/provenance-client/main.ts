// The provenance client application: records custody hand-overs, reads a shipment and its history,
// writes and reads the private price, through the Fabric Gateway of the member's own peer.
//   npm run -s client -- --profile connection-profile-external.yaml --msp DIR [--peer HOST]
//                        [--resolve HOST=ADDRESS[:PORT]] [--channel traceability] COMMAND ARGS...
// Commands: record SHIPMENT FROM TO LOCATION [--endorsing MSP,...] | shipment SHIPMENT | history SHIPMENT |
//           set-price SHIPMENT AMOUNT_CENTS CURRENCY --endorsing MSP[,MSP] | price SHIPMENT | price-hash SHIPMENT |
//           charter
// --profile is the member's rendered connection profile (ConfigMap fabric-connection-profile);
// --msp an MSP folder of one of the member's client identities. Prints JSON; exits 1 on failure.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { connectGateway, loadMspIdentity } from './connect.ts';
import { describeError } from './describe-error.ts';
import { parseConnectionProfile, resolveEndpoint } from './profile.ts';
import { ProvenanceClient } from './provenance.ts';

const USAGE =
  'usage: main.ts --profile FILE --msp DIR [--peer HOST] [--resolve HOST=ADDRESS[:PORT]] [--channel NAME] ' +
  'record SHIPMENT FROM TO LOCATION [--endorsing MSP,...] | shipment SHIPMENT | history SHIPMENT | ' +
  'set-price SHIPMENT AMOUNT_CENTS CURRENCY --endorsing MSP[,MSP] | price SHIPMENT | price-hash SHIPMENT | charter';

class UsageError extends Error {}

async function run(argv: readonly string[]): Promise<unknown> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      profile: { type: 'string' },
      msp: { type: 'string' },
      peer: { type: 'string' },
      resolve: { type: 'string' },
      channel: { type: 'string', default: 'traceability' },
      chaincode: { type: 'string', default: 'provenance' },
      endorsing: { type: 'string' },
    },
  });
  const [command, ...args] = positionals;
  if (values.profile === undefined || values.msp === undefined || command === undefined) throw new UsageError(USAGE);
  const profiled = parseConnectionProfile(
    await readFile(values.profile, 'utf8'),
    values.profile,
    values.peer === undefined ? {} : { peer: values.peer },
  );
  const target = values.resolve === undefined ? profiled : resolveEndpoint(profiled, values.resolve);
  if (target.channels.length > 0 && !target.channels.includes(values.channel))
    throw new UsageError(`${values.profile} lists channels ${target.channels.join(', ')}, not ${values.channel}`);
  const want = (n: number) => {
    if (args.length !== n) throw new UsageError(`${command} takes ${n} argument(s); ${USAGE}`);
    return args;
  };
  const connection = connectGateway(target, await loadMspIdentity(values.msp, target.mspId));
  try {
    const client = new ProvenanceClient(connection.gateway, { channel: values.channel, chaincode: values.chaincode });
    switch (command) {
      case 'record': {
        const [shipmentId = '', from = '', to = '', location = ''] = want(4);
        const endorsing =
          values.endorsing === undefined ? {} : { endorsingOrgs: values.endorsing.split(',').filter(Boolean) };
        return { transactionId: await client.recordHandOver({ shipmentId, from, to, location, ...endorsing }) };
      }
      case 'shipment':
        return await client.readShipment(want(1)[0] ?? '');
      case 'history':
        return await client.shipmentHistory(want(1)[0] ?? '');
      case 'set-price': {
        const [shipmentId = '', amount = '', currency = ''] = want(3);
        const amountCents = Number(amount);
        if (!Number.isSafeInteger(amountCents)) throw new UsageError(`AMOUNT_CENTS must be an integer, got ${amount}`);
        if (values.endorsing === undefined)
          throw new UsageError('set-price needs --endorsing with the MSP IDs of the contract-pricing collection');
        const endorsingOrgs = values.endorsing.split(',').filter(Boolean);
        return { transactionId: await client.setPrice({ shipmentId, amountCents, currency, endorsingOrgs }) };
      }
      case 'price':
        return await client.readPrice(want(1)[0] ?? '');
      case 'price-hash':
        return { sha256: await client.priceHash(want(1)[0] ?? '') };
      case 'charter':
        want(0);
        return await client.readCharter();
      default:
        throw new UsageError(`unknown command ${command}; ${USAGE}`);
    }
  } finally {
    connection.close();
  }
}

try {
  console.log(JSON.stringify(await run(process.argv.slice(2)), null, 2));
} catch (error) {
  console.error(`provenance client: ${describeError(error)}`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
