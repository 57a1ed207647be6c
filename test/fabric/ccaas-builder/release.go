package main

import (
	"os"
	"path/filepath"
)

// release lays the build output out where the peer looks for it: the chaincode server's
// connection.json under chaincode/server (the peer dials it instead of running anything), and the
// package's META-INF/statedb under statedb (the peer reads the release directory as the package's
// META-INF, so the CouchDB indexes of the world state, statedb/couchdb/indexes, and of private
// data collections, statedb/couchdb/collections/<name>/indexes, are created on each channel the
// chaincode is defined on).
// Fabric: ccaas_builder/cmd/release/main.go
func release(buildDir, releaseDir string) error {
	if err := copyFile(filepath.Join(buildDir, "connection.json"),
		filepath.Join(releaseDir, "chaincode", "server", "connection.json")); err != nil {
		return err
	}
	statedb := filepath.Join(buildDir, "META-INF", "statedb")
	if info, err := os.Stat(statedb); err == nil && info.IsDir() {
		return copyTree(statedb, filepath.Join(releaseDir, "statedb"))
	} else if err != nil && !os.IsNotExist(err) {
		return err
	}
	return nil
}
