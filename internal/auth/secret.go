package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
)

// newSecret returns 32 random bytes in URL-safe base64 (43 characters):
// the form of session cookies, CSRF tokens and API token bodies.
func newSecret() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("auth: random: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// digest is what the database keeps instead of a bearer secret: a stolen
// table then grants nothing. SHA-256 suffices because the secrets are
// 256 random bits, not guessable passwords.
func digest(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
