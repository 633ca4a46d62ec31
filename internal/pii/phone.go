package pii

// ValidPhone reports whether a normalized phone number (NormalizePhone)
// can be a phone number at all: digits only, an optional leading +, 5 to
// 15 of them (service numbers such as 95598 up to international E.164).
// It does not say the number exists.
func ValidPhone(normalized string) bool {
	s := normalized
	if len(s) > 0 && s[0] == '+' {
		s = s[1:]
	}
	if len(s) < 5 || len(s) > 15 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
