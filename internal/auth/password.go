package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"runtime"
	"sync"

	"golang.org/x/crypto/argon2"
)

// Password policy.
const (
	MinPasswordLen = 10   // characters (runes), so 中文 passphrases count fairly
	MaxPasswordLen = 1024 // bytes; a bound on work per sign-in, not a policy
)

// argonParams are the argon2id cost parameters written into every hash.
type argonParams struct {
	memory  uint32 // KiB
	time    uint32
	threads uint8
}

// defaultParams suit a 2-core server: 64 MiB, one pass, two lanes took
// about 28 ms per hash on the 2-vCPU Xeon we measured
// (BenchmarkHashPassword). Memory is what makes argon2id costly to attack,
// and concurrent hashing is bounded (hashSlots), so peak use stays at
// slots × 64 MiB.
var defaultParams = argonParams{memory: 64 * 1024, time: 1, threads: 2}

// hashParams is what new hashes use; tests lower it to stay fast.
var hashParams = defaultParams

const (
	saltLen = 16
	keyLen  = 32
	// Bounds on parameters read back from a stored hash, so a corrupted
	// or tampered row cannot make one sign-in allocate gigabytes.
	maxMemoryKiB = 1 << 20 // 1 GiB
	maxTime      = 16
)

// hashSlots bounds how many hashes run at once: a burst of sign-ins
// queues instead of allocating 64 MiB per request.
var hashSlots = make(chan struct{}, max(runtime.NumCPU(), 1))

// HashPassword hashes pw with argon2id and a fresh random salt, in PHC
// string form: $argon2id$v=19$m=65536,t=1,p=2$<salt>$<hash>. It does not
// apply the policy; call ValidatePassword first.
func HashPassword(pw string) (string, error) {
	return hashWith(hashParams, pw)
}

func hashWith(p argonParams, pw string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: salt: %w", err)
	}
	key := derive(p, salt, pw, keyLen)
	return encodePHC(p, salt, key), nil
}

// VerifyPassword reports whether pw matches hash. A malformed hash is an
// error (and false); a wrong password is (false, nil). The comparison is
// constant-time.
func VerifyPassword(hash, pw string) (bool, error) {
	p, salt, want, err := decodePHC(hash)
	if err != nil {
		return false, err
	}
	got := derive(p, salt, pw, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

func derive(p argonParams, salt []byte, pw string, n uint32) []byte {
	hashSlots <- struct{}{}
	defer func() { <-hashSlots }()
	return argon2.IDKey([]byte(pw), salt, p.time, p.memory, p.threads, n)
}

// dummyHash is verified against when the user does not exist, so that an
// unknown username takes as long as a wrong password.
var dummyHash = sync.OnceValue(makeDummyHash)

func makeDummyHash() string {
	h, err := HashPassword("civicgrid-dummy-password")
	if err != nil {
		panic(err) // only if the system RNG fails
	}
	return h
}
