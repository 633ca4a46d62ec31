package auth_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"civicgrid/internal/auth"
)

var phcPattern = regexp.MustCompile(`^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)

func TestHashAndVerify(t *testing.T) {
	h, err := auth.HashPassword(goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	if !phcPattern.MatchString(h) {
		t.Fatalf("hash %q is not an argon2id PHC string", h)
	}
	h2, err := auth.HashPassword(goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	if h == h2 {
		t.Fatal("two hashes of one password are equal: salt not random")
	}
	if ok, err := auth.VerifyPassword(h, goodPassword); !ok || err != nil {
		t.Fatalf("right password: %v, %v", ok, err)
	}
	if ok, err := auth.VerifyPassword(h, goodPassword+"!"); ok || err != nil {
		t.Fatalf("wrong password: %v, %v; want false, nil", ok, err)
	}
	if ok, err := auth.VerifyPassword(h, ""); ok || err != nil {
		t.Fatalf("empty password: %v, %v; want false, nil", ok, err)
	}

	// A well-formed hash whose digest, salt or cost was altered no longer
	// matches.
	i := strings.LastIndex(h, "$")
	flip := func(s string, at int) string {
		c := byte('A')
		if s[at] == 'A' {
			c = 'B'
		}
		return s[:at] + string(c) + s[at+1:]
	}
	tampered := map[string]string{
		"digest": flip(h, i+5),
		"salt":   flip(h, i-5),
		"cost":   strings.Replace(h, ",t=1,", ",t=2,", 1),
	}
	for what, bad := range tampered {
		if bad == h {
			t.Fatalf("tampering %s changed nothing", what)
		}
		if ok, err := auth.VerifyPassword(bad, goodPassword); ok || err != nil {
			t.Errorf("tampered %s: %v, %v; want false, nil", what, ok, err)
		}
	}

	malformed := []string{
		"",
		"plaintext",
		h[:i], // no digest
		strings.Replace(h, "argon2id", "argon2i", 1), // other algorithm
		strings.Replace(h, "v=19", "v=16", 1),
		strings.Replace(h, "m=1024", "m=99999999", 1), // absurd memory
		strings.Replace(h, ",p=1", ",p=0", 1),
		strings.Replace(h, ",t=1", ",t=1x", 1),
		h[:i+1] + "!!!notbase64",
	}
	for _, bad := range malformed {
		ok, err := auth.VerifyPassword(bad, goodPassword)
		if ok || !errors.Is(err, auth.ErrMalformedHash) {
			t.Errorf("VerifyPassword(%q) = %v, %v; want false, ErrMalformedHash", bad, ok, err)
		}
	}
}

func TestDefaultHashParameters(t *testing.T) {
	h, err := auth.HashWithDefaults(goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=1,p=2$") || !phcPattern.MatchString(h) {
		t.Fatalf("default hash %q: want m=65536,t=1,p=2", h)
	}
	// Verification reads the cost from the hash, whatever new hashes use.
	if ok, err := auth.VerifyPassword(h, goodPassword); !ok || err != nil {
		t.Fatalf("verify default-cost hash: %v, %v", ok, err)
	}
}

func TestValidatePassword(t *testing.T) {
	t.Parallel()
	cases := []struct {
		pw, reason string // reason "" means accepted
	}{
		{"", auth.PasswordTooShort},
		{"12345678x", auth.PasswordTooShort},                      // 9
		{"網格化治理平台真好", auth.PasswordTooShort},                      // 9 characters, 27 bytes
		{"网格化治理平台真好用", ""},                                        // 10 characters
		{"correct horse battery", ""},                             // a passphrase
		{"7Kq!vR2#mZ", ""},                                        // random
		{strings.Repeat("ab3", 341) + "x", ""},                    // 1024 bytes: the bound
		{strings.Repeat("ab3", 341) + "xy", auth.PasswordTooLong}, // 1025
		{"aaaaaaaaaa", auth.PasswordRepeated},                     // the examples …
		{"1234567890", auth.PasswordCommon},                       // …
		{"password12", auth.PasswordCommon},                       // …
		{"Password123", auth.PasswordCommon},                      // … letter case does not help
		{"QWERTYUIOP", auth.PasswordCommon},                       //
		{"Dragon2024!!", auth.PasswordCommon},                     // a common word dressed up
		{"!!superman1234", auth.PasswordCommon},                   //
		{"啊啊啊啊啊啊啊啊啊啊", auth.PasswordRepeated},                     // any script
		{"liming2025!", auth.PasswordHasUsername},                 // the username inside
		{"LIMING-password", auth.PasswordHasUsername},             // in any case
	}
	for _, c := range cases {
		err := auth.ValidatePassword(c.pw, "liming")
		var ve *auth.ValidationError
		switch {
		case c.reason == "" && err != nil:
			t.Errorf("ValidatePassword(%.14q…): %v, want ok", c.pw, err)
		case c.reason != "" && (!errors.As(err, &ve) || ve.Reason != c.reason || ve.Field != "password" ||
			!errors.Is(err, auth.ErrWeakPassword) || !errors.Is(err, auth.ErrInvalid)):
			t.Errorf("ValidatePassword(%.14q…) = %v, want a weak-password error for %s", c.pw, err, c.reason)
		}
	}
	if err := auth.ValidatePassword("liming", "liming"); err == nil {
		t.Error("the username as the password passed")
	}
	// Each refusal says why in English and Chinese.
	var ve *auth.ValidationError
	if err := auth.ValidatePassword("password12", "x.y"); !errors.As(err, &ve) ||
		!strings.Contains(ve.Message, "most common passwords") || !strings.Contains(ve.Message, "最常见的密码") {
		t.Errorf("common password error %v does not say why in both languages", err)
	}
	if err := auth.ValidatePassword("short", ""); !errors.As(err, &ve) || !strings.Contains(ve.Message, "at least 10") ||
		!strings.Contains(ve.Message, "至少 10 个字符") {
		t.Errorf("short password error %v does not say the rule", err)
	}
}

// BenchmarkHashPassword measures one hash at the production cost.
func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		if _, err := auth.HashWithDefaults(goodPassword); err != nil {
			b.Fatal(err)
		}
	}
}
