package people

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Document types (证件类型).
const (
	DocResidentID = "id"       // 居民身份证 (GB 11643)
	DocPassport   = "passport" // 护照
	DocHKMacao    = "hkmo"     // 港澳居民来往内地通行证
	DocTaiwan     = "tw"       // 台湾居民来往大陆通行证
	DocForeignPR  = "fpr"      // 外国人永久居留身份证
)

// DocLabels are the Chinese names of the document types, in order.
var DocLabels = []struct{ Code, Label string }{
	{DocResidentID, "居民身份证"}, {DocPassport, "护照"}, {DocHKMacao, "港澳居民来往内地通行证"},
	{DocTaiwan, "台湾居民来往大陆通行证"}, {DocForeignPR, "外国人永久居留身份证"},
}

// ParseDocType takes a document type code or its Chinese name; "" is a
// resident ID card.
func ParseDocType(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return DocResidentID, nil
	}
	for _, d := range DocLabels {
		if s == d.Code || s == d.Label {
			return d.Code, nil
		}
	}
	return "", fieldErr("doc_type", "证件类型 %q 无效，应为 id/居民身份证、passport/护照、hkmo/港澳居民来往内地通行证、tw/台湾居民来往大陆通行证、fpr/外国人永久居留身份证 (unknown document type)", s)
}

// DocLabel is the Chinese name of a document type.
func DocLabel(code string) string {
	for _, d := range DocLabels {
		if d.Code == code {
			return d.Label
		}
	}
	return code
}

// Document is a checked document number. Sex ("M"/"F") and Birth come from
// a resident ID number (and a new-style permanent residence card); they are
// "" and zero for other documents.
type Document struct {
	Type   string
	Number string // normalised: upper case, half-width, no spaces
	Sex    string
	Birth  time.Time
	// Upgraded is set when a 15-digit first-generation number was turned
	// into its 18-digit form.
	Upgraded bool
}

// provinces are the first two digits of GB/T 2260 province-level codes
// (81/82/83 are those of 港澳台 residents' residence permits).
var provinces = map[string]bool{
	"11": true, "12": true, "13": true, "14": true, "15": true,
	"21": true, "22": true, "23": true,
	"31": true, "32": true, "33": true, "34": true, "35": true, "36": true, "37": true,
	"41": true, "42": true, "43": true, "44": true, "45": true, "46": true,
	"50": true, "51": true, "52": true, "53": true, "54": true,
	"61": true, "62": true, "63": true, "64": true, "65": true,
	"71": true, "81": true, "82": true, "83": true,
}

// weights of ISO 7064 MOD 11-2 over 17 digits, and the check characters.
var (
	mod112Weights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	mod112Check   = "10X98765432"
)

// CheckChar is the ISO 7064 MOD 11-2 check character of 17 digits.
func CheckChar(first17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(first17[i]-'0') * mod112Weights[i]
	}
	return mod112Check[sum%11]
}

// normalizeDoc folds full-width characters, drops spaces and dashes inside
// and upper-cases.
func normalizeDoc(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		if r >= 0xFF01 && r <= 0xFF5E {
			r -= 0xFEE0
		}
		switch {
		case r == ' ' || r == '-' || r == '\u3000' || r == '\t':
		case r >= 'a' && r <= 'z':
			b.WriteRune(r - 'a' + 'A')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

var (
	passportRe = regexp.MustCompile(`^[A-Z0-9]{5,17}$`)
	hkmoRe     = regexp.MustCompile(`^[HM][0-9]{8}([0-9]{2})?$`)
	twRe       = regexp.MustCompile(`^[0-9]{8}([0-9]{2}[A-Z]?)?$`)
	fprOldRe   = regexp.MustCompile(`^[A-Z]{3}[0-9]{12}$`)
)

// ParseDocument checks a document number of the given type (a code from
// DocLabels) as of now, and returns it normalised. A resident ID number
// must have 18 characters with a valid region prefix, birth date and ISO
// 7064 MOD 11-2 check character; a 15-digit first-generation number is
// upgraded to 18 digits (born 19xx, check character computed). Errors are
// *FieldError on "id_number".
func ParseDocument(docType, number string, now time.Time) (Document, error) {
	const field = "id_number"
	t, err := ParseDocType(docType)
	if err != nil {
		return Document{}, err
	}
	n := normalizeDoc(number)
	if n == "" {
		return Document{}, fieldErr(field, "请填写证件号码 (the document number is required)")
	}
	if utf8.RuneCountInString(n) > 32 {
		return Document{}, fieldErr(field, "证件号码过长 (too long)")
	}
	d := Document{Type: t, Number: n}
	switch t {
	case DocResidentID:
		return parseResidentID(n, now)
	case DocPassport:
		if !passportRe.MatchString(n) || !strings.ContainsAny(n, "0123456789") {
			return Document{}, fieldErr(field, "护照号码应为5至17位字母或数字 (a passport number is 5 to 17 letters or digits)")
		}
	case DocHKMacao:
		if !hkmoRe.MatchString(n) {
			return Document{}, fieldErr(field, "港澳居民来往内地通行证号码应为H或M加8位（或10位）数字，如H12345678 (H or M and 8 or 10 digits)")
		}
	case DocTaiwan:
		if !twRe.MatchString(n) {
			return Document{}, fieldErr(field, "台湾居民来往大陆通行证号码应为8位数字（旧证10位） (8 digits, or 10 on old permits)")
		}
	case DocForeignPR:
		switch {
		case fprOldRe.MatchString(n):
		case len(n) == 18 && n[0] == '9' && digits(n[:17]):
			birth, ok := birthDate(n[6:14], now)
			if !ok {
				return Document{}, fieldErr(field, "外国人永久居留身份证号码中的出生日期 %s 无效 (invalid birth date)", n[6:14])
			}
			if CheckChar(n[:17]) != n[17] {
				return Document{}, fieldErr(field, "外国人永久居留身份证号码校验位错误 (wrong check character)")
			}
			d.Birth = birth
			d.Sex = sexOf(n[16])
		default:
			return Document{}, fieldErr(field, "外国人永久居留身份证号码应为3位字母加12位数字（2017版）或以9开头的18位（2023版） (3 letters and 12 digits, or 18 characters starting with 9)")
		}
	}
	return d, nil
}

func parseResidentID(n string, now time.Time) (Document, error) {
	const field = "id_number"
	upgraded := false
	if len(n) == 15 && digits(n) {
		// First-generation cards: YYMMDD of a 19xx birth and no check
		// character. GB 11643-1999 gives the 18-digit form.
		n = n[:6] + "19" + n[6:]
		n += string(CheckChar(n))
		upgraded = true
	}
	if len(n) != 18 {
		return Document{}, fieldErr(field, "身份证号码应为18位（旧15位号码会自动升级），现为%d位 (an ID number has 18 characters)", utf8.RuneCountInString(n))
	}
	if !digits(n[:17]) || !(digits(n[17:]) || n[17] == 'X') {
		return Document{}, fieldErr(field, "身份证号码前17位应为数字，末位为数字或X (17 digits and a digit or X)")
	}
	if !provinces[n[:2]] {
		return Document{}, fieldErr(field, "身份证号码的地区码 %s 无效 (no such region code)", n[:6])
	}
	birth, ok := birthDate(n[6:14], now)
	if !ok {
		return Document{}, fieldErr(field, "身份证号码中的出生日期 %s 无效 (invalid birth date)", n[6:14])
	}
	if c := CheckChar(n[:17]); c != n[17] {
		return Document{}, fieldErr(field, "身份证号码校验位错误，请核对号码 (wrong check character: the number has a typo)")
	}
	return Document{Type: DocResidentID, Number: n, Sex: sexOf(n[16]), Birth: birth, Upgraded: upgraded}, nil
}

// sexOf reads the sequence digit: odd is male.
func sexOf(c byte) string {
	if (c-'0')%2 == 1 {
		return "M"
	}
	return "F"
}

// birthDate reads YYYYMMDD, a real calendar day from 1900 to now.
func birthDate(s string, now time.Time) (time.Time, bool) {
	t, err := time.Parse("20060102", s)
	if err != nil || t.Year() < 1900 || t.After(now) {
		return time.Time{}, false
	}
	return t, true
}

// MaskDocument shows a document number for the screen: the first 4 and
// last 4 characters of a resident ID number (2105**********1234), fewer of
// shorter ones.
func MaskDocument(n string) string {
	r := []rune(n)
	switch {
	case len(r) == 0:
		return ""
	case len(r) >= 15:
		return string(r[:4]) + strings.Repeat("*", len(r)-8) + string(r[len(r)-4:])
	case len(r) >= 8:
		return string(r[:2]) + strings.Repeat("*", len(r)-4) + string(r[len(r)-2:])
	default:
		return string(r[:1]) + strings.Repeat("*", len(r)-1)
	}
}

// timeFar is a "now" far enough ahead for reading numbers already stored.
var timeFar = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
