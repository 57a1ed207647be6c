// A Fabric external builder for chaincode run as a service ("ccaas" packages): the peer runs
// bin/detect, bin/build and bin/release of a builder directory (core.yaml
// chaincode.externalBuilders). Fabric ships its own as a separate Go module the module proxy does
// not serve, so this one stands in for it: one binary, with detect, build and release as links to
// it, dispatching on the name it was started under.
//
// There is no bin/run: a ccaas package's release carries chaincode/server/connection.json, and the
// peer then dials the chaincode server instead of launching anything.
package main

import (
	"fmt"
	"os"
	"path/filepath"
)

const usage = `usage (as the peer runs it, through links named after the step):
  detect  CHAINCODE_SOURCE_DIR CHAINCODE_METADATA_DIR
  build   CHAINCODE_SOURCE_DIR CHAINCODE_METADATA_DIR BUILD_OUTPUT_DIR
  release BUILD_OUTPUT_DIR RELEASE_OUTPUT_DIR
or: ccaas-builder STEP ARGS...`

func main() {
	os.Exit(run(os.Args, os.Stderr))
}

// run returns the exit status; detect answers "not mine" with 1, any other failure is 1 too, and
// a wrong invocation is 2.
func run(args []string, stderr *os.File) int {
	step, rest := filepath.Base(args[0]), args[1:]
	if step != "detect" && step != "build" && step != "release" {
		if len(rest) == 0 {
			fmt.Fprintln(stderr, usage)
			return 2
		}
		step, rest = rest[0], rest[1:]
	}
	var err error
	switch {
	case step == "detect" && len(rest) == 2:
		var mine bool
		mine, err = detect(rest[1])
		if err == nil && !mine {
			return 1
		}
	case step == "build" && len(rest) == 3:
		err = build(rest[0], rest[2])
	case step == "release" && len(rest) == 2:
		err = release(rest[0], rest[1])
	default:
		fmt.Fprintf(stderr, "ccaas-builder: %s with %d arguments\n%s\n", step, len(rest), usage)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "ccaas-builder %s: %v\n", step, err)
		return 1
	}
	return 0
}
