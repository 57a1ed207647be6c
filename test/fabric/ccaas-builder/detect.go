package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// detect claims a package whose metadata.json names the type "ccaas" (compared without case, as
// Fabric's own builder does). A package of another type is not an error: the peer asks the next
// builder. A metadata.json that cannot be read or parsed is reported and not claimed.
// Fabric: ccaas_builder/cmd/detect/main.go
func detect(metadataDir string) (bool, error) {
	file := filepath.Join(metadataDir, "metadata.json")
	data, err := os.ReadFile(file)
	if err != nil {
		return false, err
	}
	var metadata struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(data, &metadata); err != nil {
		return false, fmt.Errorf("%s: %v", file, err)
	}
	return strings.EqualFold(metadata.Type, "ccaas"), nil
}
