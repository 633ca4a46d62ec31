package org

import "strings"

// Covers reports whether code lies in the subtree of scopeCode: NBS codes
// (and 15-digit grid codes, a community code plus 3 digits) extend their
// parent's code, so the subtree is a prefix test. A node covers itself.
// An empty scope covers nothing, so a missing scope never widens access.
func Covers(scopeCode, code string) bool {
	return scopeCode != "" && strings.HasPrefix(code, scopeCode)
}
