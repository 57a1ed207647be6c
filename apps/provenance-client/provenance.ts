// The provenance chaincode's transactions (chaincode/provenance) as typed calls through the Fabric
// Gateway. Submitting returns once the transaction is committed and valid on the Gateway peer;
// Fabric's CommitError says why one was not.
import type { Contract, Gateway } from '@hyperledger/fabric-gateway';

export interface Shipment {
  readonly docType: string;
  readonly id: string;
  readonly holder: string;
  readonly from: string;
  readonly location: string;
  readonly handOvers: number;
  readonly recordedBy: string;
  readonly updatedAt: string;
}

export interface HistoryEntry {
  readonly txId: string;
  readonly timestamp: string;
  readonly shipment: Shipment;
}

export interface PriceTerms {
  readonly shipmentId: string;
  readonly amountCents: number;
  readonly currency: string;
  readonly setBy: string;
}

/** The consortium's initial state, recorded by the chaincode's Init call (InitLedger). */
export interface Charter {
  readonly consortium: string;
  readonly members: readonly string[];
  readonly establishedBy: string;
  readonly establishedAt: string;
  readonly establishedTx: string;
  readonly confirmations: number;
  readonly confirmedTx: string;
}

const decoder = new TextDecoder();
const parse = <T>(bytes: Uint8Array): T => JSON.parse(decoder.decode(bytes)) as T;

export class ProvenanceClient {
  readonly contract: Contract;

  constructor(gateway: Gateway, options: { readonly channel: string; readonly chaincode?: string }) {
    this.contract = gateway.getNetwork(options.channel).getContract(options.chaincode ?? 'provenance');
  }

  /** Records a custody hand-over; resolves with the committed transaction's ID. */
  async recordHandOver(input: {
    readonly shipmentId: string;
    readonly from: string;
    readonly to: string;
    readonly location: string;
  }): Promise<string> {
    const proposal = this.contract.newProposal('RecordHandOver', {
      arguments: [input.shipmentId, input.from, input.to, input.location],
    });
    const transaction = await proposal.endorse();
    const commit = await transaction.submit();
    const status = await commit.getStatus();
    if (!status.successful)
      throw new Error(
        `hand-over of ${input.shipmentId} was not committed: transaction ${status.transactionId} is ${String(status.code)}`,
      );
    return status.transactionId;
  }

  async readShipment(shipmentId: string): Promise<Shipment> {
    return parse<Shipment>(await this.contract.evaluateTransaction('ReadShipment', shipmentId));
  }

  async shipmentHistory(shipmentId: string): Promise<HistoryEntry[]> {
    return parse<HistoryEntry[]>(await this.contract.evaluateTransaction('ShipmentHistory', shipmentId));
  }

  /**
   * Writes the private price. The terms travel as transient data, endorsed only by the members of
   * the contract-pricing collection (`endorsingOrgs`), so no other member's peer ever sees them.
   */
  async setPrice(input: {
    readonly shipmentId: string;
    readonly amountCents: number;
    readonly currency: string;
    readonly endorsingOrgs: readonly string[];
  }): Promise<string> {
    const proposal = this.contract.newProposal('SetPrice', {
      arguments: [input.shipmentId],
      transientData: { price: JSON.stringify({ amountCents: input.amountCents, currency: input.currency }) },
      endorsingOrganizations: [...input.endorsingOrgs],
    });
    const transaction = await proposal.endorse();
    const commit = await transaction.submit();
    const status = await commit.getStatus();
    if (!status.successful)
      throw new Error(
        `price of ${input.shipmentId} was not committed: transaction ${status.transactionId} is ${String(status.code)}`,
      );
    return status.transactionId;
  }

  async readCharter(): Promise<Charter> {
    return parse<Charter>(await this.contract.evaluateTransaction('ReadCharter'));
  }

  async readPrice(shipmentId: string): Promise<PriceTerms> {
    return parse<PriceTerms>(await this.contract.evaluateTransaction('ReadPrice', shipmentId));
  }

  async priceHash(shipmentId: string): Promise<string> {
    return decoder.decode(await this.contract.evaluateTransaction('PriceHash', shipmentId));
  }
}
