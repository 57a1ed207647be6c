// The provenance chaincode's transactions (chaincode/provenance) as typed calls through the Fabric
// Gateway. Submitting returns once the transaction is committed and valid on the Gateway peer,
// submitted again after a conflict that a fresh endorsement fixes (resubmit.ts).
import type { Contract, Gateway } from '@hyperledger/fabric-gateway';
import { submitResubmitting, type Resubmission } from './resubmit.ts';

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
  private readonly resubmit: { readonly onResubmit?: (r: Resubmission) => void };

  constructor(
    gateway: Gateway,
    options: {
      readonly channel: string;
      readonly chaincode?: string;
      /** Told each time a transaction is submitted again after a conflict (see resubmit.ts). */
      readonly onResubmit?: (r: Resubmission) => void;
    },
  ) {
    this.contract = gateway.getNetwork(options.channel).getContract(options.chaincode ?? 'provenance');
    this.resubmit = options.onResubmit === undefined ? {} : { onResubmit: options.onResubmit };
  }

  /**
   * Records a custody hand-over; resolves with the committed transaction's ID. The Gateway picks
   * endorsers that satisfy the chaincode's policy, unless `endorsingOrgs` names them (a member the
   * policy does not name endorses only when asked).
   */
  async recordHandOver(input: {
    readonly shipmentId: string;
    readonly from: string;
    readonly to: string;
    readonly location: string;
    readonly endorsingOrgs?: readonly string[];
  }): Promise<string> {
    return submitResubmitting(
      () =>
        this.contract.newProposal('RecordHandOver', {
          arguments: [input.shipmentId, input.from, input.to, input.location],
          ...(input.endorsingOrgs === undefined ? {} : { endorsingOrganizations: [...input.endorsingOrgs] }),
        }),
      { what: `hand-over of ${input.shipmentId}`, ...this.resubmit },
    );
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
    return submitResubmitting(
      () =>
        this.contract.newProposal('SetPrice', {
          arguments: [input.shipmentId],
          transientData: { price: JSON.stringify({ amountCents: input.amountCents, currency: input.currency }) },
          endorsingOrganizations: [...input.endorsingOrgs],
        }),
      { what: `price of ${input.shipmentId}`, ...this.resubmit },
    );
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
