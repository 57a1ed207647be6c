// The provenance chaincode runs as a service (chaincode-as-a-service): the peer dials this server
// at the address its install package names. It registers under the package ID the peer installed,
// which the rendered Deployment passes as CHAINCODE_ID, and listens on CHAINCODE_SERVER_ADDRESS.
package main

import (
	"fmt"
	"os"

	"github.com/hyperledger/fabric-chaincode-go/v2/shim"
	"github.com/hyperledger/fabric-contract-api-go/v2/contractapi"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "provenance: %v\n", err)
		os.Exit(1)
	}
}

func run() error {
	ccid, address := os.Getenv("CHAINCODE_ID"), os.Getenv("CHAINCODE_SERVER_ADDRESS")
	if ccid == "" || address == "" {
		return fmt.Errorf("CHAINCODE_ID (the installed package ID, <label>:<sha256>) and CHAINCODE_SERVER_ADDRESS (host:port to listen on) must be set")
	}
	chaincode, err := contractapi.NewChaincode(NewProvenanceContract())
	if err != nil {
		return fmt.Errorf("cannot build the contract: %w", err)
	}
	server := &shim.ChaincodeServer{
		CCID:    ccid,
		Address: address,
		CC:      chaincode,
		// The peer dials this server inside the member's own cluster; the NetworkPolicy admits
		// only its peers, and the install package says tls_required: false.
		TLSProps: shim.TLSProperties{Disabled: true},
	}
	fmt.Printf("provenance: serving %s on %s\n", ccid, address)
	return server.Start()
}
