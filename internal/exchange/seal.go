package exchange

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
)

// Reporter is the reporter block of an order, sealed in transit.
type Reporter struct {
	Name  string `json:"name,omitempty"`
	Phone string `json:"phone,omitempty"`
	Email string `json:"email,omitempty"`
}

const sealPrefix = "v1:"

// sealAAD binds a sealed block to its link and upstream order, so a block
// cannot be moved to another order.
func sealAAD(link, ref string) []byte {
	return []byte("civicgrid-exchange reporter\n" + link + "\n" + ref)
}

// SealReporter encrypts r to the link's 32-byte key with AES-256-GCM:
// "v1:" + base64url(nonce ‖ ciphertext).
func SealReporter(key []byte, link, ref string, r Reporter) (string, error) {
	aead, err := gcm(key)
	if err != nil {
		return "", err
	}
	plain, err := json.Marshal(r)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	out := aead.Seal(nonce, nonce, plain, sealAAD(link, ref))
	return sealPrefix + base64.RawURLEncoding.EncodeToString(out), nil
}

// OpenReporter decrypts a block sealed by SealReporter; "" is no reporter.
func OpenReporter(key []byte, link, ref, sealed string) (Reporter, error) {
	if sealed == "" {
		return Reporter{}, nil
	}
	if !strings.HasPrefix(sealed, sealPrefix) {
		return Reporter{}, invalid("reporter_sealed: want %q and base64url", sealPrefix)
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(sealed, sealPrefix))
	if err != nil {
		return Reporter{}, invalid("reporter_sealed: not base64url")
	}
	aead, err := gcm(key)
	if err != nil {
		return Reporter{}, err
	}
	if len(raw) < aead.NonceSize()+aead.Overhead() {
		return Reporter{}, invalid("reporter_sealed: too short")
	}
	plain, err := aead.Open(nil, raw[:aead.NonceSize()], raw[aead.NonceSize():], sealAAD(link, ref))
	if err != nil {
		return Reporter{}, invalid("reporter_sealed: does not open under link %q's key for order %q", link, ref)
	}
	var r Reporter
	if err := json.Unmarshal(plain, &r); err != nil {
		return Reporter{}, invalid("reporter_sealed: not a reporter block")
	}
	return r, nil
}

func gcm(key []byte) (cipher.AEAD, error) {
	if len(key) != 32 {
		return nil, fmt.Errorf("exchange: reporter key must be 32 bytes, got %d", len(key))
	}
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}
