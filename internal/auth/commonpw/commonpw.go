// Package commonpw knows the passwords attackers try first: the 49,233
// most common passwords of public breach corpora, as ranked by the zxcvbn
// project (see README.md beside this file for the source and licence).
package commonpw

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"strings"
	"sync"
)

//go:embed passwords.txt.gz
var compressed []byte

// list is read on first use: about 4 MB in memory, never needed by a node
// that nobody sets a password on.
var list = sync.OnceValue(func() map[string]struct{} {
	zr, err := gzip.NewReader(bytes.NewReader(compressed))
	if err != nil {
		panic("commonpw: embedded list: " + err.Error()) // part of the binary: a build mistake
	}
	set := make(map[string]struct{}, 50_000)
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		if w := sc.Text(); w != "" {
			set[w] = struct{}{}
		}
	}
	if err := sc.Err(); err != nil {
		panic("commonpw: embedded list: " + err.Error())
	}
	return set
})

// Len is how many passwords the list holds.
func Len() int { return len(list()) }

// Contains reports whether pw, ignoring letter case, is on the list.
func Contains(pw string) bool {
	_, ok := list()[strings.ToLower(pw)]
	return ok
}
