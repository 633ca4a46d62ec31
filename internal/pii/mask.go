package pii

import (
	"strings"
	"unicode"
)

// NormalizePhone strips what people type around a phone number (spaces,
// dashes, dots, brackets) and a +86 / 0086 country prefix, so that the
// same number always seals and blinds the same way. It does not validate.
func NormalizePhone(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= '０' && r <= '９': // full-width digits from Chinese IMEs
			b.WriteRune('0' + (r - '０'))
		case r == '+' && b.Len() == 0:
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')' || r == '（' || r == '）':
		default:
			b.WriteRune(r)
		}
	}
	out := b.String()
	for _, prefix := range []string{"+86", "0086"} {
		if rest, ok := strings.CutPrefix(out, prefix); ok && len(rest) >= 7 {
			return rest
		}
	}
	return out
}

// MaskPhone shows the first 3 and last 4 digits of a phone number:
// 13812345678 → 138****5678, 02412345678 → 024****5678. Shorter numbers
// keep 2 and 3, or fewer (see Mask).
func MaskPhone(phone string) string {
	phone = NormalizePhone(phone)
	n := len([]rune(phone))
	switch {
	case n == 0:
		return ""
	case n >= 11:
		return Mask(phone, 3, 4)
	default:
		return Mask(phone, 2, 3)
	}
}

// MaskName keeps the first character of a name and stars the rest, one star
// per character: 张三丰 → 张**, 张三 → 张*. A one-character name becomes *.
// Spaces in Latin names are kept so that the shape stays readable.
func MaskName(name string) string {
	rs := []rune(strings.TrimSpace(name))
	if len(rs) == 0 {
		return ""
	}
	if len(rs) == 1 {
		return "*"
	}
	var b strings.Builder
	b.WriteRune(rs[0])
	for _, r := range rs[1:] {
		if unicode.IsSpace(r) {
			b.WriteRune(r)
		} else {
			b.WriteRune('*')
		}
	}
	return b.String()
}

// MaskIDNumber shows the first 6 (the issuing region) and last 4 characters
// of a resident ID number: 110101199003071234 → 110101********1234.
func MaskIDNumber(id string) string {
	id = strings.TrimSpace(id)
	if len([]rune(id)) >= 15 {
		return Mask(id, 6, 4)
	}
	return Mask(id, 1, 1)
}

// Mask keeps head characters at the start and tail at the end and replaces
// every character between with *. When head+tail would leave less than a
// third of the characters hidden, it keeps fewer, so short values never
// show through.
func Mask(s string, head, tail int) string {
	rs := []rune(s)
	n := len(rs)
	if n == 0 {
		return ""
	}
	head, tail = max(head, 0), max(tail, 0)
	for head+tail > n-(n+2)/3 {
		if tail >= head {
			tail--
		} else {
			head--
		}
	}
	return string(rs[:head]) + strings.Repeat("*", n-head-tail) + string(rs[n-tail:])
}

// MaskEmail keeps the first character of the local part and the domain:
// zhang.san@example.com → z********@example.com.
func MaskEmail(email string) string {
	local, domain, ok := strings.Cut(email, "@")
	if !ok {
		return Mask(email, 1, 0)
	}
	return Mask(local, 1, 0) + "@" + domain
}
