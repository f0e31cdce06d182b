// Command go-tlog checks Verity's checkpoints and proofs with Go's reference implementation of
// signed notes and transparency-log proofs (golang.org/x/mod/sumdb/note and .../tlog), which
// Verity does not share any code with. It reads a JSON request on stdin and prints "ok", or an
// error and exits 1.
package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type request struct {
	VerifierKey string `json:"verifierKey"`
	Checkpoint  string `json:"checkpoint"`
	Entries     []struct {
		Index int64    `json:"index"`
		Entry string   `json:"entry"`
		Proof []string `json:"proof"`
	} `json:"entries"`
	Consistency *struct {
		OldCheckpoint string   `json:"oldCheckpoint"`
		Proof         []string `json:"proof"`
	} `json:"consistency"`
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(1)
}

func hashes(list []string) []tlog.Hash {
	out := make([]tlog.Hash, len(list))
	for i, s := range list {
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil || len(b) != tlog.HashSize {
			fail("bad hash %q", s)
		}
		copy(out[i][:], b)
	}
	return out
}

// open verifies a checkpoint note with the key and returns its size and root.
func open(checkpoint string, verifiers note.Verifiers) (int64, tlog.Hash) {
	n, err := note.Open([]byte(checkpoint), verifiers)
	if err != nil {
		fail("note: %v", err)
	}
	lines := strings.Split(strings.TrimSuffix(n.Text, "\n"), "\n")
	if len(lines) < 3 {
		fail("checkpoint has %d lines", len(lines))
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		fail("size: %v", err)
	}
	root := hashes([]string{lines[2]})[0]
	return size, root
}

func main() {
	var req request
	if err := json.NewDecoder(os.Stdin).Decode(&req); err != nil {
		fail("request: %v", err)
	}
	verifier, err := note.NewVerifier(req.VerifierKey)
	if err != nil {
		fail("verifier key: %v", err)
	}
	verifiers := note.VerifierList(verifier)
	size, root := open(req.Checkpoint, verifiers)
	for _, e := range req.Entries {
		leaf := tlog.RecordHash([]byte(e.Entry))
		if err := tlog.CheckRecord(hashes(e.Proof), size, root, e.Index, leaf); err != nil {
			fail("entry %d: %v", e.Index, err)
		}
	}
	if c := req.Consistency; c != nil {
		oldSize, oldRoot := open(c.OldCheckpoint, verifiers)
		if err := tlog.CheckTree(hashes(c.Proof), size, root, oldSize, oldRoot); err != nil {
			fail("consistency %d -> %d: %v", oldSize, size, err)
		}
	}
	fmt.Println("ok")
}
