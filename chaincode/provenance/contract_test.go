package main

import (
	"strings"
	"testing"
	"time"

	"github.com/hyperledger/fabric-chaincode-go/v2/pkg/cid"
	"github.com/hyperledger/fabric-chaincode-go/v2/shim"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
	"github.com/hyperledger/fabric-protos-go-apiv2/ledger/queryresult"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// fakeLedger keeps what a peer would: world state, every committed version of each key (the
// history database), and private data with its hash. Each tx() is one committed transaction.
type fakeLedger struct {
	state   map[string][]byte
	history map[string][]*queryresult.KeyModification
	private map[string][]byte
	hashes  map[string][]byte
	txCount int
}

func newLedger() *fakeLedger {
	return &fakeLedger{
		state:   map[string][]byte{},
		history: map[string][]*queryresult.KeyModification{},
		private: map[string][]byte{},
		hashes:  map[string][]byte{},
	}
}

// fakeStub implements the stub calls the contract makes; any other call panics (nil interface).
type fakeStub struct {
	shim.ChaincodeStubInterface
	ledger    *fakeLedger
	txID      string
	at        time.Time
	transient map[string][]byte
	writes    map[string][]byte
}

func (s *fakeStub) GetState(key string) ([]byte, error) { return s.ledger.state[key], nil }
func (s *fakeStub) PutState(key string, value []byte) error {
	s.writes[key] = value
	return nil
}
func (s *fakeStub) GetTxTimestamp() (*timestamppb.Timestamp, error) {
	return timestamppb.New(s.at), nil
}
func (s *fakeStub) GetTransient() (map[string][]byte, error) { return s.transient, nil }
func (s *fakeStub) PutPrivateData(collection, key string, value []byte) error {
	s.writes[collection+"/"+key] = value
	return nil
}
func (s *fakeStub) GetPrivateData(collection, key string) ([]byte, error) {
	return s.ledger.private[collection+"/"+key], nil
}
func (s *fakeStub) GetPrivateDataHash(collection, key string) ([]byte, error) {
	return s.ledger.hashes[collection+"/"+key], nil
}
func (s *fakeStub) GetHistoryForKey(key string) (shim.HistoryQueryIteratorInterface, error) {
	// Newest first, as the peer's history database answers.
	versions := s.ledger.history[key]
	reversed := make([]*queryresult.KeyModification, len(versions))
	for i, v := range versions {
		reversed[len(versions)-1-i] = v
	}
	return &historyIterator{items: reversed}, nil
}

type historyIterator struct {
	items []*queryresult.KeyModification
}

func (it *historyIterator) HasNext() bool { return len(it.items) > 0 }
func (it *historyIterator) Close() error  { return nil }
func (it *historyIterator) Next() (*queryresult.KeyModification, error) {
	next := it.items[0]
	it.items = it.items[1:]
	return next, nil
}

type fakeIdentity struct {
	cid.ClientIdentity
	mspID string
}

func (f fakeIdentity) GetMSPID() (string, error) { return f.mspID, nil }

// tx runs fn as one transaction submitted by mspID; its writes commit only when fn succeeds.
func (l *fakeLedger) tx(t *testing.T, mspID string, transient map[string][]byte, fn func(ctx *contractapi.TransactionContext) error) error {
	t.Helper()
	l.txCount++
	stub := &fakeStub{
		ledger:    l,
		txID:      "tx" + string(rune('a'+l.txCount)),
		at:        time.Date(2026, 3, 1, 8, l.txCount, 0, 0, time.UTC),
		transient: transient,
		writes:    map[string][]byte{},
	}
	ctx := &contractapi.TransactionContext{}
	ctx.SetStub(stub)
	ctx.SetClientIdentity(fakeIdentity{mspID: mspID})
	if err := fn(ctx); err != nil {
		return err
	}
	for key, value := range stub.writes {
		if collection, privateKey, ok := strings.Cut(key, "/"); ok && collection == PricingCollection {
			l.private[key] = value
			l.hashes[key] = []byte(privateKey + "-hash")
			continue
		}
		l.state[key] = value
		l.history[key] = append(l.history[key], &queryresult.KeyModification{
			TxId: stub.txID, Value: value, Timestamp: timestamppb.New(stub.at),
		})
	}
	return nil
}

func TestRecordHandOverCreatesThenMovesCustody(t *testing.T) {
	ledger, c := newLedger(), NewProvenanceContract()
	must(t, ledger.tx(t, "AcmeManufacturingMSP", nil, func(ctx *contractapi.TransactionContext) error {
		return c.RecordHandOver(ctx, "SHP-1", "acme-plant-7", "straits-freight", "Rotterdam")
	}))
	must(t, ledger.tx(t, "StraitsFreightMSP", nil, func(ctx *contractapi.TransactionContext) error {
		return c.RecordHandOver(ctx, "SHP-1", "straits-freight", "harborview-dc-2", "Singapore")
	}))
	var shipment *Shipment
	must(t, ledger.tx(t, "HarborviewRetailMSP", nil, func(ctx *contractapi.TransactionContext) (err error) {
		shipment, err = c.ReadShipment(ctx, "SHP-1")
		return err
	}))
	if shipment.Holder != "harborview-dc-2" || shipment.From != "straits-freight" || shipment.Location != "Singapore" ||
		shipment.HandOvers != 2 || shipment.RecordedBy != "StraitsFreightMSP" || shipment.DocType != "shipment" {
		t.Fatalf("unexpected shipment %+v", shipment)
	}
	if shipment.UpdatedAt != "2026-03-01T08:02:00Z" {
		t.Fatalf("updatedAt should be the transaction's timestamp, got %s", shipment.UpdatedAt)
	}
}

func TestRecordHandOverRefusesAPartyThatDoesNotHoldTheShipment(t *testing.T) {
	ledger, c := newLedger(), NewProvenanceContract()
	must(t, ledger.tx(t, "AcmeManufacturingMSP", nil, func(ctx *contractapi.TransactionContext) error {
		return c.RecordHandOver(ctx, "SHP-2", "acme-plant-7", "straits-freight", "Rotterdam")
	}))
	err := ledger.tx(t, "HarborviewRetailMSP", nil, func(ctx *contractapi.TransactionContext) error {
		return c.RecordHandOver(ctx, "SHP-2", "acme-plant-7", "harborview-dc-2", "Singapore")
	})
	expectError(t, err, `shipment SHP-2 is held by "straits-freight", not "acme-plant-7"`)
	for _, bad := range [][4]string{
		{"", "a", "b", "x"}, {"SHP-3", "a", "a", "x"}, {"SHP-3", "a", " ", "x"}, {"SHP-\x003", "a", "b", "x"},
	} {
		err := ledger.tx(t, "AcmeManufacturingMSP", nil, func(ctx *contractapi.TransactionContext) error {
			return c.RecordHandOver(ctx, bad[0], bad[1], bad[2], bad[3])
		})
		if err == nil {
			t.Fatalf("hand-over %q was accepted", bad)
		}
	}
}

func TestShipmentHistoryListsEveryHandOverOldestFirst(t *testing.T) {
	ledger, c := newLedger(), NewProvenanceContract()
	parties := []string{"acme-plant-7", "straits-freight", "harborview-dc-2", "harborview-store-9"}
	for i := 0; i+1 < len(parties); i++ {
		must(t, ledger.tx(t, "AcmeManufacturingMSP", nil, func(ctx *contractapi.TransactionContext) error {
			return c.RecordHandOver(ctx, "SHP-4", parties[i], parties[i+1], "hub")
		}))
	}
	var history []*HistoryEntry
	must(t, ledger.tx(t, "StraitsFreightMSP", nil, func(ctx *contractapi.TransactionContext) (err error) {
		history, err = c.ShipmentHistory(ctx, "SHP-4")
		return err
	}))
	if len(history) != 3 {
		t.Fatalf("want 3 versions, got %d", len(history))
	}
	for i, entry := range history {
		if entry.Shipment.Holder != parties[i+1] || entry.Shipment.HandOvers != i+1 || entry.TxID == "" {
			t.Fatalf("version %d: %+v", i, entry.Shipment)
		}
	}
}

func TestPriceTravelsInTransientDataAndStaysPrivate(t *testing.T) {
	ledger, c := newLedger(), NewProvenanceContract()
	must(t, ledger.tx(t, "AcmeManufacturingMSP", nil, func(ctx *contractapi.TransactionContext) error {
		return c.RecordHandOver(ctx, "SHP-5", "acme-plant-7", "straits-freight", "Rotterdam")
	}))
	price := map[string][]byte{PriceTransientKey: []byte(`{"amountCents":1250000,"currency":"EUR"}`)}
	must(t, ledger.tx(t, "AcmeManufacturingMSP", price, func(ctx *contractapi.TransactionContext) error {
		return c.SetPrice(ctx, "SHP-5")
	}))
	if _, public := ledger.state["SHP-5"]; !public {
		t.Fatal("the shipment should be in the world state")
	}
	for key, value := range ledger.state {
		if strings.Contains(string(value), "1250000") {
			t.Fatalf("the price leaked into the world state under %s", key)
		}
	}
	var terms *PriceTerms
	must(t, ledger.tx(t, "HarborviewRetailMSP", nil, func(ctx *contractapi.TransactionContext) (err error) {
		terms, err = c.ReadPrice(ctx, "SHP-5")
		return err
	}))
	if terms.AmountCents != 1250000 || terms.Currency != "EUR" || terms.SetBy != "AcmeManufacturingMSP" || terms.ShipmentID != "SHP-5" {
		t.Fatalf("unexpected terms %+v", terms)
	}
	var hash string
	must(t, ledger.tx(t, "StraitsFreightMSP", nil, func(ctx *contractapi.TransactionContext) (err error) {
		hash, err = c.PriceHash(ctx, "SHP-5")
		return err
	}))
	if hash == "" {
		t.Fatal("no price hash")
	}
}

func TestSetPriceRefusesBadTerms(t *testing.T) {
	ledger, c := newLedger(), NewProvenanceContract()
	must(t, ledger.tx(t, "AcmeManufacturingMSP", nil, func(ctx *contractapi.TransactionContext) error {
		return c.RecordHandOver(ctx, "SHP-6", "acme-plant-7", "straits-freight", "Rotterdam")
	}))
	cases := map[string]string{
		"":                                    `transient field "price"`,
		`{"amountCents":0,"currency":"EUR"}`:  "amountCents must be a positive integer",
		`{"amountCents":5,"currency":"euro"}`: "currency must be an ISO 4217 code",
		`not json`:                            "is not valid JSON",
	}
	for body, want := range cases {
		transient := map[string][]byte{}
		if body != "" {
			transient[PriceTransientKey] = []byte(body)
		}
		err := ledger.tx(t, "AcmeManufacturingMSP", transient, func(ctx *contractapi.TransactionContext) error {
			return c.SetPrice(ctx, "SHP-6")
		})
		expectError(t, err, want)
	}
	err := ledger.tx(t, "AcmeManufacturingMSP", map[string][]byte{PriceTransientKey: []byte(`{"amountCents":5,"currency":"EUR"}`)},
		func(ctx *contractapi.TransactionContext) error { return c.SetPrice(ctx, "SHP-none") })
	expectError(t, err, "shipment SHP-none does not exist")
	if len(ledger.private) != 0 {
		t.Fatalf("refused prices were stored: %v", ledger.private)
	}
}

// The contract API builds its metadata by reflection: a type it cannot serialise fails here, not on a peer.
func TestChaincodeBuildsWithProvenanceAsTheDefaultContract(t *testing.T) {
	chaincode, err := contractapi.NewChaincode(NewProvenanceContract())
	must(t, err)
	// Clients call RecordHandOver, not provenance:RecordHandOver.
	if chaincode.DefaultContract != "provenance" {
		t.Fatalf("default contract is %q", chaincode.DefaultContract)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func expectError(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("want an error containing %q, got %v", want, err)
	}
}

func (s *fakeStub) GetTxID() string { return s.txID }

func TestInitLedgerRecordsTheCharterOnceAndLaterInitsConfirmIt(t *testing.T) {
	ledger, c := newLedger(), NewProvenanceContract()
	members := []string{"StraitsFreightMSP", "AcmeManufacturingMSP", "HarborviewRetailMSP"}
	err := ledger.tx(t, "AcmeManufacturingMSP", nil, func(ctx *contractapi.TransactionContext) error {
		_, err := c.ReadCharter(ctx)
		return err
	})
	expectError(t, err, "has not run on this channel")
	must(t, ledger.tx(t, "StraitsFreightMSP", nil, func(ctx *contractapi.TransactionContext) error {
		return c.InitLedger(ctx, "supply-chain-traceability", members)
	}))
	established := "tx" + string(rune('a'+ledger.txCount))
	// A later version's Init (Fabric asks for one per version that requires it) confirms the charter.
	must(t, ledger.tx(t, "HarborviewRetailMSP", nil, func(ctx *contractapi.TransactionContext) error {
		return c.InitLedger(ctx, "supply-chain-traceability", members)
	}))
	var charter *Charter
	must(t, ledger.tx(t, "HarborviewRetailMSP", nil, func(ctx *contractapi.TransactionContext) (err error) {
		charter, err = c.ReadCharter(ctx)
		return err
	}))
	if charter.Consortium != "supply-chain-traceability" || charter.EstablishedBy != "StraitsFreightMSP" ||
		charter.EstablishedTx != established || charter.Confirmations != 2 || charter.ConfirmedTx == established ||
		strings.Join(charter.Members, ",") != "AcmeManufacturingMSP,HarborviewRetailMSP,StraitsFreightMSP" {
		t.Fatalf("unexpected charter %+v", charter)
	}
	if !strings.HasPrefix(charter.EstablishedAt, "2026-03-01T08:") {
		t.Fatalf("establishedAt should be the transaction's timestamp, got %s", charter.EstablishedAt)
	}
	// The charter's key cannot be reached as a shipment: shipment IDs may not contain U+0000.
	for key := range ledger.state {
		if !strings.HasPrefix(key, "\x00charter") {
			t.Fatalf("the charter is stored under %q", key)
		}
	}
}

func TestInitLedgerRefusesABadCharter(t *testing.T) {
	ledger, c := newLedger(), NewProvenanceContract()
	cases := []struct {
		consortium string
		members    []string
		want       string
	}{
		{"", []string{"AcmeManufacturingMSP"}, "consortium must not be empty"},
		{"supply-chain-traceability", nil, "members must list"},
		{"supply-chain-traceability", []string{"AcmeManufacturingMSP", "AcmeManufacturingMSP"}, "lists an MSP ID twice"},
		{"supply-chain-traceability", []string{"StraitsFreightMSP"}, "do not include the submitter's organization AcmeManufacturingMSP"},
	}
	for _, tc := range cases {
		err := ledger.tx(t, "AcmeManufacturingMSP", nil, func(ctx *contractapi.TransactionContext) error {
			return c.InitLedger(ctx, tc.consortium, tc.members)
		})
		expectError(t, err, tc.want)
	}
	must(t, ledger.tx(t, "AcmeManufacturingMSP", nil, func(ctx *contractapi.TransactionContext) error {
		return c.InitLedger(ctx, "supply-chain-traceability", []string{"AcmeManufacturingMSP"})
	}))
	err := ledger.tx(t, "AcmeManufacturingMSP", nil, func(ctx *contractapi.TransactionContext) error {
		return c.InitLedger(ctx, "another-consortium", []string{"AcmeManufacturingMSP"})
	})
	expectError(t, err, `belongs to consortium "supply-chain-traceability"`)
}
