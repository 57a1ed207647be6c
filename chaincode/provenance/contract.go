package main

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// ProvenanceContract records custody hand-overs of shipments and the private price terms agreed
// between the manufacturer and the retailer.
type ProvenanceContract struct {
	contractapi.Contract
}

// NewProvenanceContract is the contract with its name and version in the chaincode's metadata.
func NewProvenanceContract() *ProvenanceContract {
	contract := &ProvenanceContract{}
	contract.Name = "provenance"
	contract.Info.Title = "Shipment provenance"
	contract.Info.Version = "1.0.0"
	return contract
}

func checkID(what, value string) error {
	if strings.TrimSpace(value) == "" {
		return fmt.Errorf("%s must not be empty", what)
	}
	// Composite keys start with U+0000; a plain key may not, or it would collide with them.
	if strings.ContainsRune(value, 0) {
		return fmt.Errorf("%s must not contain U+0000", what)
	}
	return nil
}

// txTime is the transaction's timestamp: the same on every endorsing peer, unlike the clock.
func txTime(ctx contractapi.TransactionContextInterface) (string, error) {
	ts, err := ctx.GetStub().GetTxTimestamp()
	if err != nil {
		return "", fmt.Errorf("cannot read the transaction timestamp: %w", err)
	}
	return ts.AsTime().UTC().Format(time.RFC3339Nano), nil
}

func (c *ProvenanceContract) readShipment(ctx contractapi.TransactionContextInterface, id string) (*Shipment, error) {
	data, err := ctx.GetStub().GetState(id)
	if err != nil {
		return nil, fmt.Errorf("cannot read shipment %s: %w", id, err)
	}
	if data == nil {
		return nil, nil
	}
	var shipment Shipment
	if err := json.Unmarshal(data, &shipment); err != nil {
		return nil, fmt.Errorf("shipment %s is not valid JSON: %w", id, err)
	}
	return &shipment, nil
}

// RecordHandOver records that `from` handed shipment `shipmentID` over to `to` at `location`.
// The first hand-over creates the shipment; later ones must come from its current holder.
func (c *ProvenanceContract) RecordHandOver(ctx contractapi.TransactionContextInterface, shipmentID, from, to, location string) error {
	for _, field := range [][2]string{{"shipmentID", shipmentID}, {"from", from}, {"to", to}, {"location", location}} {
		if err := checkID(field[0], field[1]); err != nil {
			return err
		}
	}
	if from == to {
		return fmt.Errorf("a hand-over needs two parties: from and to are both %q", from)
	}
	shipment, err := c.readShipment(ctx, shipmentID)
	if err != nil {
		return err
	}
	if shipment == nil {
		shipment = &Shipment{DocType: shipmentDocType, ID: shipmentID}
	} else if shipment.Holder != from {
		return fmt.Errorf("shipment %s is held by %q, not %q", shipmentID, shipment.Holder, from)
	}
	mspID, err := ctx.GetClientIdentity().GetMSPID()
	if err != nil {
		return fmt.Errorf("cannot read the submitter's MSP ID: %w", err)
	}
	at, err := txTime(ctx)
	if err != nil {
		return err
	}
	shipment.From, shipment.Holder, shipment.Location = from, to, location
	shipment.HandOvers++
	shipment.RecordedBy, shipment.UpdatedAt = mspID, at
	data, err := json.Marshal(shipment)
	if err != nil {
		return err
	}
	return ctx.GetStub().PutState(shipmentID, data)
}

// ReadShipment returns the shipment's current state.
func (c *ProvenanceContract) ReadShipment(ctx contractapi.TransactionContextInterface, shipmentID string) (*Shipment, error) {
	shipment, err := c.readShipment(ctx, shipmentID)
	if err != nil {
		return nil, err
	}
	if shipment == nil {
		return nil, fmt.Errorf("shipment %s does not exist", shipmentID)
	}
	return shipment, nil
}

// ShipmentHistory returns every committed version of the shipment, oldest first.
func (c *ProvenanceContract) ShipmentHistory(ctx contractapi.TransactionContextInterface, shipmentID string) ([]*HistoryEntry, error) {
	if err := checkID("shipmentID", shipmentID); err != nil {
		return nil, err
	}
	iterator, err := ctx.GetStub().GetHistoryForKey(shipmentID)
	if err != nil {
		return nil, fmt.Errorf("cannot read the history of shipment %s: %w", shipmentID, err)
	}
	defer iterator.Close()
	entries := []*HistoryEntry{}
	for iterator.HasNext() {
		modification, err := iterator.Next()
		if err != nil {
			return nil, err
		}
		if modification.IsDelete {
			continue
		}
		var shipment Shipment
		if err := json.Unmarshal(modification.Value, &shipment); err != nil {
			return nil, fmt.Errorf("a version of shipment %s is not valid JSON: %w", shipmentID, err)
		}
		entries = append(entries, &HistoryEntry{
			TxID:      modification.TxId,
			Timestamp: modification.Timestamp.AsTime().UTC().Format(time.RFC3339Nano),
			Shipment:  &shipment,
		})
	}
	// The history database returns newest first.
	for i, j := 0, len(entries)-1; i < j; i, j = i+1, j-1 {
		entries[i], entries[j] = entries[j], entries[i]
	}
	return entries, nil
}

// ShipmentsHeldBy lists the shipments a party holds now: a CouchDB rich query served by the
// indexHolder index the package ships (peers with LevelDB state refuse rich queries).
func (c *ProvenanceContract) ShipmentsHeldBy(ctx contractapi.TransactionContextInterface, holder string) ([]*Shipment, error) {
	if err := checkID("holder", holder); err != nil {
		return nil, err
	}
	query, err := json.Marshal(map[string]any{
		"selector":  map[string]string{"docType": shipmentDocType, "holder": holder},
		"use_index": []string{"_design/indexHolderDoc", "indexHolder"},
	})
	if err != nil {
		return nil, err
	}
	iterator, err := ctx.GetStub().GetQueryResult(string(query))
	if err != nil {
		return nil, fmt.Errorf("cannot query shipments held by %s (rich queries need CouchDB state): %w", holder, err)
	}
	defer iterator.Close()
	shipments := []*Shipment{}
	for iterator.HasNext() {
		result, err := iterator.Next()
		if err != nil {
			return nil, err
		}
		var shipment Shipment
		if err := json.Unmarshal(result.Value, &shipment); err != nil {
			return nil, fmt.Errorf("shipment %s is not valid JSON: %w", result.Key, err)
		}
		shipments = append(shipments, &shipment)
	}
	return shipments, nil
}

// SetPrice stores the price terms of a shipment in the contract-pricing collection. The terms
// come in the transient field "price" as {"amountCents": n, "currency": "EUR"}.
func (c *ProvenanceContract) SetPrice(ctx contractapi.TransactionContextInterface, shipmentID string) error {
	shipment, err := c.ReadShipment(ctx, shipmentID)
	if err != nil {
		return err
	}
	transient, err := ctx.GetStub().GetTransient()
	if err != nil {
		return fmt.Errorf("cannot read the transient data: %w", err)
	}
	raw, ok := transient[PriceTransientKey]
	if !ok {
		return fmt.Errorf("the price must come in the transient field %q, not in the arguments", PriceTransientKey)
	}
	var terms PriceTerms
	if err := json.Unmarshal(raw, &terms); err != nil {
		return fmt.Errorf("transient field %q is not valid JSON: %w", PriceTransientKey, err)
	}
	if terms.AmountCents <= 0 {
		return fmt.Errorf("amountCents must be a positive integer, got %d", terms.AmountCents)
	}
	if len(terms.Currency) != 3 || strings.ToUpper(terms.Currency) != terms.Currency {
		return fmt.Errorf("currency must be an ISO 4217 code such as EUR, got %q", terms.Currency)
	}
	mspID, err := ctx.GetClientIdentity().GetMSPID()
	if err != nil {
		return fmt.Errorf("cannot read the submitter's MSP ID: %w", err)
	}
	terms.ShipmentID, terms.SetBy = shipment.ID, mspID
	data, err := json.Marshal(terms)
	if err != nil {
		return err
	}
	return ctx.GetStub().PutPrivateData(PricingCollection, shipmentID, data)
}

// ReadPrice returns the price terms of a shipment; only members of the collection can read them.
func (c *ProvenanceContract) ReadPrice(ctx contractapi.TransactionContextInterface, shipmentID string) (*PriceTerms, error) {
	if err := checkID("shipmentID", shipmentID); err != nil {
		return nil, err
	}
	data, err := ctx.GetStub().GetPrivateData(PricingCollection, shipmentID)
	if err != nil {
		return nil, fmt.Errorf("cannot read the price of shipment %s: %w", shipmentID, err)
	}
	if data == nil {
		return nil, fmt.Errorf("shipment %s has no price in %s", shipmentID, PricingCollection)
	}
	var terms PriceTerms
	if err := json.Unmarshal(data, &terms); err != nil {
		return nil, fmt.Errorf("the price of shipment %s is not valid JSON: %w", shipmentID, err)
	}
	return &terms, nil
}

// PriceHash returns the SHA-256 of the stored price terms (hex): every channel member's peer
// holds it, so a member outside the collection can check terms shown to it off-chain.
func (c *ProvenanceContract) PriceHash(ctx contractapi.TransactionContextInterface, shipmentID string) (string, error) {
	if err := checkID("shipmentID", shipmentID); err != nil {
		return "", err
	}
	hash, err := ctx.GetStub().GetPrivateDataHash(PricingCollection, shipmentID)
	if err != nil {
		return "", fmt.Errorf("cannot read the price hash of shipment %s: %w", shipmentID, err)
	}
	if hash == nil {
		return "", fmt.Errorf("shipment %s has no price in %s", shipmentID, PricingCollection)
	}
	return hex.EncodeToString(hash), nil
}
