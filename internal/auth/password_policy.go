package auth

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"civicgrid/internal/auth/commonpw"
)

// Why a password is refused: ValidationError.Reason, for pages that say it
// in their own words.
const (
	PasswordTooShort    = "too_short"
	PasswordTooLong     = "too_long"
	PasswordCommon      = "common"
	PasswordHasUsername = "has_username"
	PasswordRepeated    = "repeated"
)

// ValidatePassword applies the password policy (docs/security.md,
// "Passwords") to pw for the account username: at least MinPasswordLen
// characters; not one character repeated; not the username nor containing
// it; and neither it nor its core (without the digits and symbols people
// add at either end, as in "Dragon2024!") on the list of the most common
// breached passwords. Length alone lets "1234567890" and "password12"
// through, which are among the first guesses of every attacker. The error
// matches ErrInvalid and ErrWeakPassword, says why in English and Chinese,
// and carries the Reason.
func ValidatePassword(pw, username string) error {
	weak := func(reason, en, zh string, args ...any) error {
		return &ValidationError{Field: "password", Reason: reason, weak: true, Message: fmt.Sprintf(en+" — "+zh, args...)}
	}
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinPasswordLen:
		return weak(PasswordTooShort, "must be at least %d characters (got %d)", "密码至少 %d 个字符（现为 %d 个）",
			MinPasswordLen, n, MinPasswordLen, n)
	case len(pw) > MaxPasswordLen:
		return weak(PasswordTooLong, "must be at most %d bytes", "密码不能超过 %d 字节", MaxPasswordLen, MaxPasswordLen)
	case oneCharacter(pw):
		return weak(PasswordRepeated, "must not be one character repeated", "密码不能由同一个字符重复组成")
	}
	if name := normalizeUsername(username); name != "" && strings.Contains(strings.ToLower(pw), name) {
		return weak(PasswordHasUsername, "must not be or contain the username", "密码不能是用户名，也不能包含用户名")
	}
	if commonpw.Contains(pw) || commonpw.Contains(core(pw)) {
		return weak(PasswordCommon, "is one of the most common passwords found in breaches; choose another",
			"该密码属于泄露数据中最常见的密码，请换一个")
	}
	return nil
}

// oneCharacter reports whether s is a single character repeated.
func oneCharacter(s string) bool {
	first, _ := utf8.DecodeRuneInString(s)
	return strings.Trim(s, string(first)) == ""
}

// core is s without the digits, spaces and symbols at its ends, when some
// letters remain: "Dragon2024!" → "Dragon", "!!qwerty123" → "qwerty".
func core(s string) string {
	c := strings.TrimFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	if utf8.RuneCountInString(c) < 4 {
		return "" // "abc123456" stays itself: "abc" alone says little
	}
	return c
}
