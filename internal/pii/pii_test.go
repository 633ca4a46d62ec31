package pii_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"civicgrid/internal/pii"
)

func rawKey(b byte) []byte { return bytes.Repeat([]byte{b}, pii.KeySize) }

func mustKeyring(t *testing.T, keys ...[]byte) *pii.Keyring {
	t.Helper()
	kr, err := pii.NewKeyring(keys...)
	if err != nil {
		t.Fatal(err)
	}
	return kr
}

func TestSealOpenRoundTrip(t *testing.T) {
	kr := mustKeyring(t, rawKey(1))
	for _, plain := range []string{"13812345678", "张三丰", "a", strings.Repeat("长", 1000)} {
		sealed, err := kr.Seal(plain)
		if err != nil {
			t.Fatal(err)
		}
		if len(plain) > 3 && strings.Contains(sealed, plain) {
			t.Fatalf("sealed form %q contains the plaintext", sealed)
		}
		if id, ok := pii.KeyIDOf(sealed); !ok || id != kr.CurrentKeyID() {
			t.Fatalf("KeyIDOf(%q) = %q, %v; want %q", sealed, id, ok, kr.CurrentKeyID())
		}
		got, err := kr.Open(sealed)
		if err != nil || got != plain {
			t.Fatalf("Open = %q, %v; want %q", got, err, plain)
		}
	}
	a, _ := kr.Seal("same")
	b, _ := kr.Seal("same")
	if a == b {
		t.Fatal("two seals of one value are equal: the nonce is not random")
	}
	if s, err := kr.Seal(""); s != "" || err != nil {
		t.Fatalf("Seal(\"\") = %q, %v", s, err)
	}
	if s, err := kr.Open(""); s != "" || err != nil {
		t.Fatalf("Open(\"\") = %q, %v", s, err)
	}
}

func TestOpenRefusesTamperedValues(t *testing.T) {
	kr := mustKeyring(t, rawKey(1))
	sealed, err := kr.Seal("13812345678")
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(sealed, ".")
	body, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		t.Fatal(err)
	}
	for i := range body {
		flipped := append([]byte(nil), body...)
		flipped[i] ^= 0x01
		bad := parts[0] + "." + parts[1] + "." + base64.RawURLEncoding.EncodeToString(flipped)
		if _, err := kr.Open(bad); !errors.Is(err, pii.ErrTampered) {
			t.Fatalf("byte %d flipped: Open err = %v, want ErrTampered", i, err)
		}
	}
	cases := map[string]error{
		"truncated":        pii.ErrTampered,
		"not base64":       pii.ErrTampered,
		"plaintext":        pii.ErrNotSealed,
		"wrong version":    pii.ErrNotSealed,
		"unknown key id":   pii.ErrUnknownKey,
		"header re-signed": pii.ErrNotSealed,
	}
	inputs := map[string]string{
		"truncated":        parts[0] + "." + parts[1] + "." + parts[2][:10],
		"not base64":       parts[0] + "." + parts[1] + ".!!!!",
		"plaintext":        "13812345678",
		"wrong version":    "v2." + parts[1] + "." + parts[2],
		"unknown key id":   parts[0] + ".deadbeef." + parts[2],
		"header re-signed": parts[0] + "." + parts[1] + "." + parts[2] + ".x",
	}
	for name, want := range cases {
		if got, err := kr.Open(inputs[name]); !errors.Is(err, want) || got != "" {
			t.Errorf("%s: Open = %q, %v; want error %v", name, got, err, want)
		}
	}
}

func TestWrongKeyRefused(t *testing.T) {
	a := mustKeyring(t, rawKey(1))
	b := mustKeyring(t, rawKey(2))
	sealed, _ := a.Seal("张三")
	if _, err := b.Open(sealed); !errors.Is(err, pii.ErrUnknownKey) {
		t.Fatalf("open with another keyring: %v, want ErrUnknownKey", err)
	}
	// Same key id but different key material (a forged id) still fails
	// authentication instead of returning garbage.
	parts := strings.Split(sealed, ".")
	forged := parts[0] + "." + b.CurrentKeyID() + "." + parts[2]
	if _, err := b.Open(forged); !errors.Is(err, pii.ErrTampered) {
		t.Fatalf("open under a forged key id: %v, want ErrTampered", err)
	}
}

func TestRotationOpensOldValues(t *testing.T) {
	old := mustKeyring(t, rawKey(1))
	sealedOld, _ := old.Seal("13900000000")
	rotated := mustKeyring(t, rawKey(2), rawKey(1))
	if rotated.CurrentKeyID() == old.CurrentKeyID() {
		t.Fatal("rotation kept the old current key")
	}
	if got, err := rotated.Open(sealedOld); err != nil || got != "13900000000" {
		t.Fatalf("rotated keyring opens old value: %q, %v", got, err)
	}
	sealedNew, _ := rotated.Seal("x")
	if id, _ := pii.KeyIDOf(sealedNew); id != rotated.CurrentKeyID() {
		t.Fatalf("new value sealed with %s, want current %s", id, rotated.CurrentKeyID())
	}
	if _, err := old.Open(sealedNew); !errors.Is(err, pii.ErrUnknownKey) {
		t.Fatalf("old keyring opened a value sealed with the new key: %v", err)
	}
	// The blind index of a row written before the rotation is still found.
	all := rotated.BlindAll("13900000000")
	if len(all) != 2 || all[0] != rotated.Blind("13900000000") || all[1] != old.Blind("13900000000") {
		t.Fatalf("BlindAll = %v", all)
	}
}

func TestBlind(t *testing.T) {
	a := mustKeyring(t, rawKey(1))
	b := mustKeyring(t, rawKey(2))
	if a.Blind("13812345678") != a.Blind(" 13812345678 ") {
		t.Fatal("blind index depends on surrounding space")
	}
	if a.Blind("13812345678") == a.Blind("13812345679") {
		t.Fatal("two numbers share a blind index")
	}
	if a.Blind("13812345678") == b.Blind("13812345678") {
		t.Fatal("blind index does not depend on the key")
	}
	if len(a.Blind("x")) != 64 || a.Blind("") != "" || a.BlindAll(" ") != nil {
		t.Fatalf("blind forms: %q %q %v", a.Blind("x"), a.Blind(""), a.BlindAll(" "))
	}
}

func TestNewKeyringRejectsBadKeys(t *testing.T) {
	if _, err := pii.NewKeyring(); !errors.Is(err, pii.ErrBadKey) {
		t.Fatalf("no keys: %v", err)
	}
	if _, err := pii.NewKeyring(make([]byte, 16)); !errors.Is(err, pii.ErrBadKey) {
		t.Fatalf("16-byte key: %v", err)
	}
	if _, err := pii.ParseKeys("not-base64!"); !errors.Is(err, pii.ErrBadKey) {
		t.Fatalf("junk: %v", err)
	}
}

func TestLoadCreatesKeyFileOnce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var wg sync.WaitGroup
	ids := make([]string, 8)
	errs := make([]error, 8)
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			kr, err := pii.Load(dir, "")
			errs[i] = err
			if err == nil {
				ids[i] = kr.CurrentKeyID()
			}
		}()
	}
	wg.Wait()
	for i := range ids {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if ids[i] != ids[0] {
			t.Fatalf("concurrent first loads made different keys: %v", ids)
		}
	}
	path := filepath.Join(dir, "keys", "pii.key")
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v, want 0600", st.Mode().Perm())
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Fatalf("key directory holds %d entries, want only pii.key", len(entries))
	}
	again, err := pii.Load(dir, "")
	if err != nil || again.CurrentKeyID() != ids[0] {
		t.Fatalf("reload: %v, id %s want %s", err, again.CurrentKeyID(), ids[0])
	}
}

func TestGivenKeysWinOverFile(t *testing.T) {
	t.Setenv(pii.EnvKey, "") // Load reads no environment: a value set here must change nothing
	dir := t.TempDir()
	fromFile, err := pii.Load(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	k, err := pii.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(pii.EnvKey, "short")
	if again, err := pii.Load(dir, ""); err != nil || again.CurrentKeyID() != fromFile.CurrentKeyID() {
		t.Fatalf("with %s set and no keys given: %v, want the file's key", pii.EnvKey, err)
	}
	fromEnv, err := pii.Load(dir, k)
	if err != nil {
		t.Fatal(err)
	}
	if fromEnv.CurrentKeyID() == fromFile.CurrentKeyID() {
		t.Fatal("the given key did not win over the key file")
	}
	// Two nodes given the same variable read each other's data.
	other, _ := pii.Load(t.TempDir(), " "+k+"\n")
	sealed, _ := fromEnv.Seal("李四")
	if got, err := other.Open(sealed); err != nil || got != "李四" {
		t.Fatalf("second node: %q, %v", got, err)
	}
	if _, err := pii.Load(dir, "short"); !errors.Is(err, pii.ErrBadKey) {
		t.Fatalf("bad env key: %v", err)
	}
}

func TestMasks(t *testing.T) {
	cases := []struct{ got, want string }{
		{pii.MaskPhone("13812345678"), "138****5678"},
		{pii.MaskPhone("+86 138-1234-5678"), "138****5678"},
		{pii.MaskPhone("024-12345678"), "024****5678"},
		{pii.MaskPhone("12345678"), "12***678"},
		{pii.MaskPhone(""), ""},
		{pii.MaskName("张三丰"), "张**"},
		{pii.MaskName("张三"), "张*"},
		{pii.MaskName("欧阳娜娜"), "欧***"},
		{pii.MaskName("王"), "*"},
		{pii.MaskName("John Smith"), "J*** *****"},
		{pii.MaskIDNumber("110101199003071234"), "110101********1234"},
		{pii.Mask("abcdef", 3, 3), "ab**ef"},
		{pii.Mask("ab", 5, 5), "a*"},
		{pii.Mask("", 1, 1), ""},
		{pii.NormalizePhone("（024）1234-5678"), "02412345678"},
		{pii.NormalizePhone("００８６１３８１２３４５６７８"), "13812345678"},
	}
	for i, c := range cases {
		if c.got != c.want {
			t.Errorf("case %d: got %q, want %q", i, c.got, c.want)
		}
	}
}
