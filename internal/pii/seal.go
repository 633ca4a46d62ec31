package pii

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strings"
)

// Seal encrypts plaintext with the current key. The empty string seals to
// the empty string, so optional fields stay empty rather than hold an
// encrypted nothing.
func (kr *Keyring) Seal(plaintext string) (string, error) {
	if plaintext == "" {
		return "", nil
	}
	aead := kr.current.aead
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("pii: nonce: %w", err)
	}
	header := sealVersion + "." + kr.current.id
	sealed := aead.Seal(nonce, nonce, []byte(plaintext), []byte(header))
	return header + "." + base64.RawURLEncoding.EncodeToString(sealed), nil
}

// Open decrypts a value made by Seal with any key of the keyring. A damaged
// or foreign value is ErrTampered, one sealed by a key not held is
// ErrUnknownKey; "" opens to "".
func (kr *Keyring) Open(sealed string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	parts := strings.Split(sealed, ".")
	if len(parts) != 3 || parts[0] != sealVersion {
		return "", ErrNotSealed
	}
	k, ok := kr.byID[parts[1]]
	if !ok {
		return "", fmt.Errorf("%w (key id %s)", ErrUnknownKey, parts[1])
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return "", ErrTampered
	}
	aead := k.aead
	if len(raw) < aead.NonceSize()+aead.Overhead() {
		return "", ErrTampered
	}
	nonce, body := raw[:aead.NonceSize()], raw[aead.NonceSize():]
	plain, err := aead.Open(nil, nonce, body, []byte(parts[0]+"."+parts[1]))
	if err != nil {
		return "", ErrTampered
	}
	return string(plain), nil
}

// KeyIDOf returns the id of the key that sealed s, so a re-sealing job can
// find rows still under a retired key.
func KeyIDOf(sealed string) (string, bool) {
	parts := strings.Split(sealed, ".")
	if len(parts) != 3 || parts[0] != sealVersion {
		return "", false
	}
	return parts[1], true
}

func newAEAD(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("pii: %w", err)
	}
	return cipher.NewGCM(block)
}
