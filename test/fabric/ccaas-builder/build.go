package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// build copies what the release needs out of the package's code.tar.gz (unpacked by the peer into
// the source directory): connection.json, checked now so a broken package fails at install rather
// than when the peer first dials, and META-INF (CouchDB indexes) when the package has it.
// Fabric: ccaas_builder/cmd/build/main.go
func build(sourceDir, outputDir string) error {
	connection := filepath.Join(sourceDir, "connection.json")
	if err := checkConnectionJSON(connection); err != nil {
		return err
	}
	if err := copyFile(connection, filepath.Join(outputDir, "connection.json")); err != nil {
		return err
	}
	metaInf := filepath.Join(sourceDir, "META-INF")
	info, err := os.Lstat(metaInf)
	switch {
	case os.IsNotExist(err):
		return nil
	case err != nil:
		return err
	case !info.IsDir():
		return fmt.Errorf("%s is not a directory", metaInf)
	}
	return copyTree(metaInf, filepath.Join(outputDir, "META-INF"))
}

// checkConnectionJSON requires a JSON object with a non-empty "address", the one field the peer
// cannot do without (core/container/externalbuilder/instance.go ChaincodeServerInfo). Fabric's
// builder can fill Go templates in it from CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG; this one does
// not (the packages render builds name their address literally), so a template is refused here
// rather than dialled as a host name.
func checkConnectionJSON(file string) error {
	data, err := os.ReadFile(file)
	if os.IsNotExist(err) {
		return fmt.Errorf("%s not found: a ccaas package's code.tar.gz must contain connection.json", file)
	}
	if err != nil {
		return err
	}
	var connection struct {
		Address string `json:"address"`
	}
	if err := json.Unmarshal(data, &connection); err != nil {
		return fmt.Errorf("%s: %v", file, err)
	}
	if strings.Contains(string(data), "{{") {
		return fmt.Errorf("%s: Go templates (CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG) are not supported by this builder; write the values literally", file)
	}
	if connection.Address == "" {
		return fmt.Errorf("%s: no \"address\" (host:port of the chaincode server)", file)
	}
	return nil
}
