package main

// Shipment is the world-state record of a shipment: who holds it now and where it was handed over.
// docType lets CouchDB index shipments apart from other documents (META-INF/.../indexHolder.json).
type Shipment struct {
	DocType    string `json:"docType"`
	ID         string `json:"id"`
	Holder     string `json:"holder"`
	From       string `json:"from"`
	Location   string `json:"location"`
	HandOvers  int    `json:"handOvers"`
	RecordedBy string `json:"recordedBy"`
	UpdatedAt  string `json:"updatedAt"`
}

// HistoryEntry is one committed version of a shipment, as the peer's history database keeps it.
type HistoryEntry struct {
	TxID      string    `json:"txId"`
	Timestamp string    `json:"timestamp"`
	Shipment  *Shipment `json:"shipment"`
}

// PriceTerms is the negotiated price of a shipment, kept in the contract-pricing collection.
type PriceTerms struct {
	ShipmentID  string `json:"shipmentId"`
	AmountCents int64  `json:"amountCents"`
	Currency    string `json:"currency"`
	SetBy       string `json:"setBy"`
}

const shipmentDocType = "shipment"

// PricingCollection is the private data collection the channel's chaincode definition declares.
const PricingCollection = "contract-pricing"

// PriceTransientKey names the transient field that carries the price, so it never reaches the
// transaction's arguments (which every channel member can read).
const PriceTransientKey = "price"
