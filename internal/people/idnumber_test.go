package people

import (
	"errors"
	"strings"
	"testing"
	"time"
)

var testNow = time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)

// valid builds an 18-digit number with the right check character.
func valid(first17 string) string { return first17 + string(CheckChar(first17)) }

func TestResidentID(t *testing.T) {
	// The standard's own example (GB 11643-1999 annex): 11010519491231002X.
	d, err := ParseDocument("id", "11010519491231002x", testNow)
	if err != nil || d.Number != "11010519491231002X" || d.Sex != "F" || d.Birth.Format("2006-01-02") != "1949-12-31" {
		t.Fatalf("standard example: %+v %v", d, err)
	}
	n := valid("21050419800101123")
	if d, err := ParseDocument("居民身份证", " "+n[:6]+" "+n[6:]+" ", testNow); err != nil || d.Number != n || d.Sex != "M" {
		t.Fatalf("spaced %q: %+v %v", n, d, err)
	}
	// Full-width digits from an IME.
	fw := strings.Map(func(r rune) rune { return r + 0xFEE0 }, n)
	if d, err := ParseDocument("", fw, testNow); err != nil || d.Number != n {
		t.Fatalf("full width: %+v %v", d, err)
	}
	// A 15-digit first-generation number is upgraded.
	d, err = ParseDocument("id", "210504800101123", testNow)
	if err != nil || !d.Upgraded || d.Number != valid("21050419800101123") || d.Birth.Year() != 1980 {
		t.Fatalf("15 digits: %+v %v", d, err)
	}
	wrong := n[:17] + string("0123456789X"[(strings.IndexByte("0123456789X", n[17])+1)%11])
	for _, bad := range []struct{ in, want string }{
		{wrong, "校验位"},
		{valid("99050419800101123"), "地区码"},
		{valid("21050419800231123"), "出生日期"},
		{valid("21050420300101123"), "出生日期"},
		{valid("21050418800101123"), "出生日期"},
		{"2105041980010112", "18位"},
		{"21050419800101123Y", "末位"},
		{"", "请填写"},
	} {
		_, err := ParseDocument("id", bad.in, testNow)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != "id_number" || !strings.Contains(fe.Msg, bad.want) || !errors.Is(err, ErrInvalid) {
			t.Errorf("%q: %v, want a field error with %q", bad.in, err, bad.want)
		}
	}
}

func TestOtherDocuments(t *testing.T) {
	for _, ok := range []struct{ typ, in string }{
		{"passport", "E12345678"}, {"护照", "g1234567 8"}, {"passport", "X9876543"},
		{"hkmo", "H12345678"}, {"hkmo", "M1234567801"},
		{"tw", "12345678"}, {"台湾居民来往大陆通行证", "1234567890B"},
		{"fpr", "USA110012345678"}, {"fpr", valid("93184019900101011")},
	} {
		if _, err := ParseDocument(ok.typ, ok.in, testNow); err != nil {
			t.Errorf("%s %q: %v", ok.typ, ok.in, err)
		}
	}
	for _, bad := range []struct{ typ, in string }{
		{"passport", "ABCDEFG"}, {"passport", "E1"}, {"hkmo", "A12345678"}, {"hkmo", "H1234567"},
		{"tw", "1234567"}, {"fpr", "US110012345678"}, {"fpr", "931110840199001011"}, {"驾驶证", "123456"},
	} {
		if _, err := ParseDocument(bad.typ, bad.in, testNow); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s %q accepted: %v", bad.typ, bad.in, err)
		}
	}
}

func TestMasks(t *testing.T) {
	if got := MaskDocument("210504198001011234"); got != "2105**********1234" {
		t.Errorf("mask %q", got)
	}
	if got := MaskDocument("H12345678"); got != "H1*****78" {
		t.Errorf("mask %q", got)
	}
}

func FuzzParseDocument(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "210504800101123", "H12345678", "USA110012345678", "１２３", "", "99999999999999999X"} {
		f.Add("id", s)
		f.Add("fpr", s)
	}
	f.Fuzz(func(t *testing.T, typ, in string) {
		d, err := ParseDocument(typ, in, testNow)
		if err != nil {
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("%q: error %v is not a field error", in, err)
			}
			return
		}
		// What parses is normalised: parsing it again gives itself.
		again, err := ParseDocument(d.Type, d.Number, testNow)
		if err != nil || again.Number != d.Number || again.Sex != d.Sex || !again.Birth.Equal(d.Birth) {
			t.Fatalf("%q → %+v does not parse back: %+v %v", in, d, again, err)
		}
		if d.Type == DocResidentID && (len(d.Number) != 18 || CheckChar(d.Number[:17]) != d.Number[17]) {
			t.Fatalf("%q → %q", in, d.Number)
		}
	})
}
