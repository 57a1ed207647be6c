package main

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/hyperledger/fabric-chaincode-go/v2/shim"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

// Charter is the consortium's initial state on the channel, recorded by the chaincode's Init call
// (InitLedger, which the definition's `init:` names): which consortium runs the custody record,
// its members, and the transaction that established it. Fabric requires Init again for every new
// chaincode version whose definition says initRequired; each such call confirms the charter
// (Confirmations) and may update the members, but the establishing transaction stays.
type Charter struct {
	DocType       string   `json:"docType"`
	Consortium    string   `json:"consortium"`
	Members       []string `json:"members"`
	EstablishedBy string   `json:"establishedBy"`
	EstablishedAt string   `json:"establishedAt"`
	EstablishedTx string   `json:"establishedTx"`
	Confirmations int      `json:"confirmations"`
	ConfirmedTx   string   `json:"confirmedTx"`
}

const charterDocType = "charter"

// charterKey is a composite key: it starts with U+0000, which checkID refuses in shipment IDs, so
// no shipment can overwrite the charter.
func charterKey() (string, error) {
	return shim.CreateCompositeKey(charterDocType, []string{})
}

// InitLedger records the charter: consortium is its name, members the MSP IDs of its members (a
// JSON array). The submitter's organization must be one of them.
func (c *ProvenanceContract) InitLedger(ctx contractapi.TransactionContextInterface, consortium string, members []string) error {
	if err := checkID("consortium", consortium); err != nil {
		return err
	}
	if len(members) == 0 {
		return fmt.Errorf("members must list the MSP IDs of the consortium's members")
	}
	for _, member := range members {
		if err := checkID("member", member); err != nil {
			return err
		}
	}
	sorted := slices.Clone(members)
	slices.Sort(sorted)
	if len(slices.Compact(slices.Clone(sorted))) != len(sorted) {
		return fmt.Errorf("members lists an MSP ID twice: %v", members)
	}
	mspID, err := ctx.GetClientIdentity().GetMSPID()
	if err != nil {
		return fmt.Errorf("cannot read the submitter's MSP ID: %w", err)
	}
	if !slices.Contains(members, mspID) {
		return fmt.Errorf("the charter's members %v do not include the submitter's organization %s", members, mspID)
	}
	charter, err := c.readCharter(ctx)
	if err != nil {
		return err
	}
	txID := ctx.GetStub().GetTxID()
	if charter == nil {
		at, err := txTime(ctx)
		if err != nil {
			return err
		}
		charter = &Charter{DocType: charterDocType, Consortium: consortium, EstablishedBy: mspID, EstablishedAt: at, EstablishedTx: txID}
	} else if charter.Consortium != consortium {
		return fmt.Errorf("the charter belongs to consortium %q, not %q", charter.Consortium, consortium)
	}
	charter.Members = sorted
	charter.Confirmations++
	charter.ConfirmedTx = txID
	data, err := json.Marshal(charter)
	if err != nil {
		return err
	}
	key, err := charterKey()
	if err != nil {
		return err
	}
	return ctx.GetStub().PutState(key, data)
}

func (c *ProvenanceContract) readCharter(ctx contractapi.TransactionContextInterface) (*Charter, error) {
	key, err := charterKey()
	if err != nil {
		return nil, err
	}
	data, err := ctx.GetStub().GetState(key)
	if err != nil {
		return nil, fmt.Errorf("cannot read the charter: %w", err)
	}
	if data == nil {
		return nil, nil
	}
	var charter Charter
	if err := json.Unmarshal(data, &charter); err != nil {
		return nil, fmt.Errorf("the charter is not valid JSON: %w", err)
	}
	return &charter, nil
}

// ReadCharter returns the charter InitLedger recorded.
func (c *ProvenanceContract) ReadCharter(ctx contractapi.TransactionContextInterface) (*Charter, error) {
	charter, err := c.readCharter(ctx)
	if err != nil {
		return nil, err
	}
	if charter == nil {
		return nil, fmt.Errorf("no charter is recorded: the chaincode's Init (InitLedger) has not run on this channel")
	}
	return charter, nil
}
