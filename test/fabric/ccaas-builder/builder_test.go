package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t *testing.T, file, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, file string) string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestDetect(t *testing.T) {
	cases := []struct {
		metadata string
		mine     bool
		err      string
	}{
		{`{"type":"ccaas","label":"provenance_1.0.0"}`, true, ""},
		{`{"type":"CCaaS","label":"x"}`, true, ""},
		{`{"type":"golang","label":"x"}`, false, ""},
		{`{"label":"x"}`, false, ""},
		{`{"type":`, false, "metadata.json"},
	}
	for _, c := range cases {
		dir := t.TempDir()
		write(t, filepath.Join(dir, "metadata.json"), c.metadata)
		mine, err := detect(dir)
		if mine != c.mine || (err == nil) != (c.err == "") || (err != nil && !strings.Contains(err.Error(), c.err)) {
			t.Errorf("%s: got %v, %v", c.metadata, mine, err)
		}
	}
	if _, err := detect(t.TempDir()); err == nil {
		t.Error("no metadata.json: no error")
	}
}

func TestBuildAndRelease(t *testing.T) {
	src, bld, rel := t.TempDir(), t.TempDir(), t.TempDir()
	connection := `{"address":"provenance-1-0-0.manufacturer.svc:9999","dial_timeout":"10s","tls_required":false}`
	write(t, filepath.Join(src, "connection.json"), connection)
	index := `{"index":{"fields":["owner"]},"ddoc":"indexOwnerDoc","name":"indexOwner","type":"json"}`
	write(t, filepath.Join(src, "META-INF/statedb/couchdb/indexes/indexOwner.json"), index)
	write(t, filepath.Join(src, "META-INF/statedb/couchdb/collections/contract-pricing/indexes/indexPrice.json"), index)
	if err := build(src, bld); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(bld, "connection.json")); got != connection {
		t.Errorf("build connection.json = %q", got)
	}
	if err := release(bld, rel); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(rel, "chaincode/server/connection.json")); got != connection {
		t.Errorf("release connection.json = %q", got)
	}
	if got := read(t, filepath.Join(rel, "statedb/couchdb/indexes/indexOwner.json")); got != index {
		t.Errorf("release index = %q", got)
	}
	if got := read(t, filepath.Join(rel, "statedb/couchdb/collections/contract-pricing/indexes/indexPrice.json")); got != index {
		t.Errorf("release collection index = %q", got)
	}
}

func TestReleaseWithoutIndexes(t *testing.T) {
	src, bld, rel := t.TempDir(), t.TempDir(), t.TempDir()
	write(t, filepath.Join(src, "connection.json"), `{"address":"cc:9999"}`)
	if err := build(src, bld); err != nil {
		t.Fatal(err)
	}
	if err := release(bld, rel); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(rel, "statedb")); !os.IsNotExist(err) {
		t.Errorf("statedb released without indexes: %v", err)
	}
}

func TestBuildRefuses(t *testing.T) {
	cases := []struct {
		name  string
		setup func(src string)
		err   string
	}{
		{"no connection.json", func(string) {}, "must contain connection.json"},
		{"not JSON", func(src string) { write(t, filepath.Join(src, "connection.json"), "address: x") }, "connection.json"},
		{"no address", func(src string) { write(t, filepath.Join(src, "connection.json"), `{"dial_timeout":"10s"}`) }, `no "address"`},
		{"template", func(src string) {
			write(t, filepath.Join(src, "connection.json"), `{"address":"{{.peername}}-cc:9999"}`)
		}, "templates"},
		{"link in META-INF", func(src string) {
			write(t, filepath.Join(src, "connection.json"), `{"address":"cc:9999"}`)
			if err := os.MkdirAll(filepath.Join(src, "META-INF"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink("/etc/passwd", filepath.Join(src, "META-INF/passwd")); err != nil {
				t.Fatal(err)
			}
		}, "not a regular file"},
	}
	for _, c := range cases {
		src := t.TempDir()
		c.setup(src)
		err := build(src, t.TempDir())
		if err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("%s: got %v, want an error containing %q", c.name, err, c.err)
		}
	}
}

func TestRunDispatchesOnName(t *testing.T) {
	meta := t.TempDir()
	write(t, filepath.Join(meta, "metadata.json"), `{"type":"ccaas"}`)
	other := t.TempDir()
	write(t, filepath.Join(other, "metadata.json"), `{"type":"golang"}`)
	devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer devnull.Close()
	cases := []struct {
		args []string
		code int
	}{
		{[]string{"/opt/hyperledger/ccaas_builder/bin/detect", "src", meta}, 0},
		{[]string{"/opt/hyperledger/ccaas_builder/bin/detect", "src", other}, 1},
		{[]string{"ccaas-builder", "detect", "src", meta}, 0},
		{[]string{"ccaas-builder"}, 2},
		{[]string{"ccaas-builder", "launch", "a", "b"}, 2},
		{[]string{"bin/release", "only-one"}, 2},
	}
	for _, c := range cases {
		if code := run(c.args, devnull); code != c.code {
			t.Errorf("%v: exit %d, want %d", c.args, code, c.code)
		}
	}
}
