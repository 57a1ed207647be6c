// Command policydsl-conformance runs Hyperledger Fabric's own policy parser
// (common/policydsl.FromString) on expressions read from standard input, one
// JSON string per line, and prints one line per expression:
//
//	ok <hex of proto.Marshal(envelope)>
//	err <JSON string with the error text>
//
// The TypeScript conformance test (test/fabric/conformance.test.ts) compares
// these lines with what the toolkit's parser and encoder produce.
package main

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"

	"google.golang.org/protobuf/proto"
	"github.com/hyperledger/fabric/common/policydsl"
)

func evaluate(expr string) (line string) {
	defer func() {
		// A panic inside the expression library is Fabric rejecting the input
		// the hard way; report it as an error rather than aborting the batch.
		if r := recover(); r != nil {
			line = "err " + quote(fmt.Sprintf("panic: %v", r))
		}
	}()
	env, err := policydsl.FromString(expr)
	if err != nil {
		return "err " + quote(err.Error())
	}
	bytes, err := proto.Marshal(env)
	if err != nil {
		return "err " + quote("marshal: "+err.Error())
	}
	return "ok " + hex.EncodeToString(bytes)
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 0, 1<<20), 64<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		var expr string
		if err := json.Unmarshal(in.Bytes(), &expr); err != nil {
			fmt.Fprintf(out, "bad-input %s\n", quote(err.Error()))
			continue
		}
		fmt.Fprintln(out, evaluate(expr))
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "reading input:", err)
		os.Exit(2)
	}
}
