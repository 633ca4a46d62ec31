package orgunit_test

import (
	"errors"
	"strings"
	"testing"

	"civicgrid/internal/errs"
	"civicgrid/internal/orgunit"
)

// The example of GB 32100-2015 and codes made with CreditCheckChar.
func TestParseCreditCode(t *testing.T) {
	good := map[string]string{
		"91350100M000100Y43":   "91350100M000100Y43",
		" 91350100m000100y43 ": "91350100M000100Y43",
		"９１３５０１００Ｍ０００１００Ｙ４３":    "91350100M000100Y43",
		"9135 0100 M000 100Y43": "91350100M000100Y43",
	}
	for in, want := range good {
		got, err := orgunit.ParseCreditCode(in)
		if err != nil || got != want {
			t.Errorf("ParseCreditCode(%q) = %q, %v", in, got, err)
		}
	}
	bad := []struct{ code, says string }{
		{"91350100M000100Y44", "第 18 位: 校验码应为 3"},
		{"91350100M000100Y4", "应为 18 位"},
		{"91350100M0001O0Y43", "第 14 位"}, // letter O
		{"9135010OM000100Y43", "第 8 位"},
		{"B1350100M000100Y43", "登记管理部门码"},
		{"95350100M000100Y43", "机构类别码"},
		{"91050100M000100Y43", "行政区划码"},
		{"", "应为 18 位"},
	}
	for _, b := range bad {
		_, err := orgunit.ParseCreditCode(b.code)
		var ce *orgunit.CreditCodeError
		if !errors.As(err, &ce) || errs.KindOf(err) != errs.Invalid || !strings.Contains(err.Error(), b.says) {
			t.Errorf("ParseCreditCode(%q) = %v, want an Invalid error saying %q", b.code, err, b.says)
		}
	}
	if c, ok := orgunit.CreditCheckChar("91350100M000100Y4"); !ok || c != '3' {
		t.Errorf("CreditCheckChar = %c, %v", c, ok)
	}
}

// FuzzParseCreditCode: whatever is typed, a code accepted is 18 characters
// of the set with the right check character, and parsing it again gives it
// back; a code with its check character changed is refused.
func FuzzParseCreditCode(f *testing.F) {
	for _, s := range []string{"91350100M000100Y43", "91350100M000100Y44", "", "ＩＯＺ", "12210504MB1234567X", "9\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, err := orgunit.ParseCreditCode(s)
		if err != nil {
			if errs.KindOf(err) != errs.Invalid {
				t.Fatalf("error of kind %v: %v", errs.KindOf(err), err)
			}
			return
		}
		if len(code) != 18 {
			t.Fatalf("accepted %q of length %d", code, len(code))
		}
		if again, err := orgunit.ParseCreditCode(code); err != nil || again != code {
			t.Fatalf("reparse %q = %q, %v", code, again, err)
		}
		c, _ := orgunit.CreditCheckChar(code[:17])
		if c != code[17] {
			t.Fatalf("accepted %q with check %c, want %c", code, code[17], c)
		}
		other := "0"
		if code[17] == '0' {
			other = "1"
		}
		if _, err := orgunit.ParseCreditCode(code[:17] + other); err == nil {
			t.Fatalf("accepted a wrong check character on %q", code)
		}
	})
}

// Code makes a valid code from a 17-character body (for other tests).
func code(body string) string {
	c, ok := orgunit.CreditCheckChar(body)
	if !ok {
		panic(body)
	}
	return body + string(c)
}
