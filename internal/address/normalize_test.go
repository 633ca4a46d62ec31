package address

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	cases := map[string]string{
		"胜利路十二号３－５０２":       "胜利路12号3-502",
		"胜利路 12 号 3 单元 502": "胜利路12号3单元502",
		"二〇三室":              "203室",
		"一百零五号":             "105号",
		"二十号":               "20号",
		"三#楼":               "3号楼",
		"ａ座":                "A座",
		"胜利路（东段）":           "胜利路东段",
	}
	for in, want := range cases {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParse(t *testing.T) {
	cases := []struct {
		in   string
		text string
		nums []Num
	}{
		{"胜利路12号3单元502", "胜利路", []Num{{"12", numDoor}, {"3", numUnit}, {"502", numAny}}},
		{"胜利路十二号3-502", "胜利路", []Num{{"12", numDoor}, {"3", numAny}, {"502", numAny}}},
		{"辽宁省本溪市明山区胜利路12号3号楼", "明山区胜利路", []Num{{"12", numDoor}, {"3", numBuild}}},
		{"新市街5号", "新市街", []Num{{"5", numDoor}}},
		{"胜利路12号5层502室", "胜利路", []Num{{"12", numDoor}, {"502", numRoom}}},
		{"胜利路012号", "胜利路", []Num{{"12", numDoor}}},
	}
	for _, c := range cases {
		got := Parse(c.in)
		if got.Text != c.text || !reflect.DeepEqual(got.Nums, c.nums) {
			t.Errorf("Parse(%q) = %q %v, want %q %v", c.in, got.Text, got.Nums, c.text, c.nums)
		}
	}
}

// FuzzParse: any input folds to valid UTF-8 without spaces, parsing never
// panics, folding is idempotent and numbers are plain digits.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"胜利路12号3单元502", "胜利路十二号3-502", "１２号", "一百零五", "十", "零〇", "3#楼", "辽宁省本溪市", "市", "-", "", "\xff", "九千九百九十九万"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		folded := Fold(s)
		if !utf8.ValidString(folded) || strings.ContainsAny(folded, " \t\n") {
			t.Fatalf("Fold(%q) = %q", s, folded)
		}
		if again := Fold(folded); again != folded {
			t.Fatalf("Fold not idempotent: %q → %q → %q", s, folded, again)
		}
		p := Parse(s)
		for _, n := range p.Nums {
			if n.Value == "" || strings.Trim(n.Value, "0123456789") != "" {
				t.Fatalf("Parse(%q) number %q", s, n.Value)
			}
		}
		if strings.ContainsAny(p.Text, "0123456789-") {
			t.Fatalf("Parse(%q) words %q keep digits", s, p.Text)
		}
	})
}

// FuzzParseArea: an area either parses to dm² that print and parse back
// to the same, or is refused; never a panic or a negative area.
func FuzzParseArea(f *testing.F) {
	for _, s := range []string{"89.5", "89.50", "0.01", "１２０.５", "76.25m²", "100平方米", "1.234", "-3", ".5", "9999999.99", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		dm2, err := ParseArea(s)
		if err != nil {
			return
		}
		if dm2 < 0 {
			t.Fatalf("ParseArea(%q) = %d", s, dm2)
		}
		if again, err := ParseArea(FormatArea(dm2)); err != nil || again != dm2 {
			t.Fatalf("ParseArea(%q) = %d, but %q parses to %d, %v", s, dm2, FormatArea(dm2), again, err)
		}
	})
}
