package pii

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// Blind returns a keyed HMAC-SHA-256 of value (hex), for equality search
// on a sealed column without decrypting every row: store Blind(phone) next
// to Seal(phone) and look up by Blind of the query. Without the key the
// index cannot be brute-forced the way a plain hash of an 11-digit phone
// number could. Leading and trailing space is ignored; normalise further
// (NormalizePhone) before calling. "" blinds to "".
func (kr *Keyring) Blind(value string) string {
	return blindWith(kr.current, value)
}

// BlindAll returns the blind index of value under every key held, current
// first: during a key rotation rows indexed under an older key still match
// a search of the form "blind IN (…)".
func (kr *Keyring) BlindAll(value string) []string {
	if strings.TrimSpace(value) == "" {
		return nil
	}
	out := make([]string, len(kr.all))
	for i, k := range kr.all {
		out[i] = blindWith(k, value)
	}
	return out
}

func blindWith(k *key, value string) string {
	value = strings.TrimSpace(value)
	if value == "" {
		return ""
	}
	m := hmac.New(sha256.New, k.blind)
	m.Write([]byte(value))
	return hex.EncodeToString(m.Sum(nil))
}
