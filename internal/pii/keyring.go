package pii

import (
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// KeySize is the length of an AES-256 key in bytes.
const KeySize = 32

// EnvKey names the environment variable that, when set, supplies the keys
// and wins over the key file. The command line reads it (internal/cli) and
// passes its value to Load; this package reads no environment.
const EnvKey = "CIVICGRID_PII_KEY"

// Errors, for errors.Is.
var (
	ErrBadKey     = errors.New("pii: bad key")                                      // malformed key material
	ErrUnknownKey = errors.New("pii: sealed with a key this keyring does not hold") // rotate the old key back in
	ErrTampered   = errors.New("pii: sealed value is damaged or was not sealed with this key")
	ErrNotSealed  = errors.New("pii: not a sealed value")
)

// Labels separate the uses of one key (key id, blind index sub-key).
var (
	keyIDLabel    = []byte("civicgrid pii key id v1\x00")
	blindKeyLabel = []byte("civicgrid pii blind index v1\x00")
)

const (
	sealVersion    = "v1"
	keyDirName     = "keys"
	keyFileName    = "pii.key"
	keyIDHexDigits = 8
)

// key is one AES-256 key with its id and the HMAC key derived from it.
type key struct {
	id    string
	aes   []byte
	blind []byte
	// aead is made once: building it (AES key schedule, GCM tables) cost
	// more than opening a value with it, and a search opens three values
	// per person found. A GCM AEAD never changes after it is made.
	aead cipher.AEAD
}

// Keyring seals with its current key and opens with any key it holds. It is
// safe for concurrent use: it never changes after it is made.
type Keyring struct {
	current *key
	byID    map[string]*key
	all     []*key // current first
}

// NewKeyring makes a keyring from raw 32-byte keys, the current key first.
func NewKeyring(keys ...[]byte) (*Keyring, error) {
	if len(keys) == 0 {
		return nil, fmt.Errorf("%w: no keys given", ErrBadKey)
	}
	kr := &Keyring{byID: map[string]*key{}}
	for i, raw := range keys {
		if len(raw) != KeySize {
			return nil, fmt.Errorf("%w: key %d is %d bytes, want %d", ErrBadKey, i+1, len(raw), KeySize)
		}
		k := &key{id: keyID(raw), aes: append([]byte(nil), raw...), blind: derive(raw, blindKeyLabel)}
		var err error
		if k.aead, err = newAEAD(k.aes); err != nil {
			return nil, err
		}
		if _, dup := kr.byID[k.id]; dup {
			continue
		}
		kr.byID[k.id] = k
		kr.all = append(kr.all, k)
	}
	kr.current = kr.all[0]
	return kr, nil
}

// ParseKeys reads keys written as base64 (standard or URL alphabet, padded
// or not), separated by commas, spaces or new lines, current first.
func ParseKeys(text string) (*Keyring, error) {
	fields := strings.FieldsFunc(text, func(r rune) bool {
		return r == ',' || r == '\n' || r == '\r' || r == ' ' || r == '\t'
	})
	var keys [][]byte
	for i, f := range fields {
		raw, err := decodeBase64(f)
		if err != nil {
			return nil, fmt.Errorf("%w: key %d is not base64", ErrBadKey, i+1)
		}
		keys = append(keys, raw)
	}
	return NewKeyring(keys...)
}

// Load returns the keyring from keys — the value of CIVICGRID_PII_KEY as
// the command line read it — when it is not blank, or else from
// dataDir/keys/pii.key, creating that file with a random key (mode 0600)
// when it does not exist. See the package comment.
func Load(dataDir, keys string) (*Keyring, error) {
	if v := strings.TrimSpace(keys); v != "" {
		kr, err := ParseKeys(v)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", EnvKey, err)
		}
		return kr, nil
	}
	if dataDir == "" {
		return nil, fmt.Errorf("pii: no data directory and %s unset", EnvKey)
	}
	return loadFile(filepath.Join(dataDir, keyDirName, keyFileName))
}

func loadFile(path string) (*Keyring, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		if err := createKeyFile(path); err != nil {
			return nil, err
		}
		b, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, fmt.Errorf("pii: read key file: %w", err)
	}
	kr, err := ParseKeys(string(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return kr, nil
}

// createKeyFile writes a fresh random key. O_EXCL makes two processes
// starting at once agree on one key: the loser finds the winner's file.
func createKeyFile(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("pii: create key directory: %w", err)
	}
	raw := make([]byte, KeySize)
	if _, err := rand.Read(raw); err != nil {
		return fmt.Errorf("pii: random key: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".pii-key-*")
	if err != nil {
		return fmt.Errorf("pii: create key file: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("pii: create key file: %w", err)
	}
	_, err = tmp.WriteString(base64.StdEncoding.EncodeToString(raw) + "\n")
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("pii: write key file: %w", err)
	}
	// A hard link fails if path exists, unlike rename: the first writer wins
	// and its complete file is what everyone reads.
	if err := os.Link(tmp.Name(), path); err != nil && !errors.Is(err, os.ErrExist) {
		return fmt.Errorf("pii: install key file: %w", err)
	}
	return nil
}

// GenerateKey returns a random key in the base64 form CIVICGRID_PII_KEY
// takes, for operators setting up several nodes.
func GenerateKey() (string, error) {
	raw := make([]byte, KeySize)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(raw), nil
}

// CurrentKeyID names the key that seals, e.g. for a status page.
func (kr *Keyring) CurrentKeyID() string { return kr.current.id }

// KeyIDs lists the ids of every key held, current first.
func (kr *Keyring) KeyIDs() []string {
	out := make([]string, len(kr.all))
	for i, k := range kr.all {
		out[i] = k.id
	}
	return out
}

func keyID(raw []byte) string {
	h := sha256.New()
	h.Write(keyIDLabel)
	h.Write(raw)
	return hex.EncodeToString(h.Sum(nil))[:keyIDHexDigits]
}

// derive makes a sub-key for another purpose, so the AES key is never
// used as an HMAC key too.
func derive(raw, label []byte) []byte {
	m := hmac.New(sha256.New, raw)
	m.Write(label)
	return m.Sum(nil)
}

func decodeBase64(s string) ([]byte, error) {
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return b, nil
		}
	}
	return nil, ErrBadKey
}
