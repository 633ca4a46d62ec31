package category_test

import (
	"testing"

	"civicgrid/internal/category"
)

// seedLeaves is the built-in catalogue with Leaf computed as a read from
// the store would.
func seedLeaves() []category.Category {
	cats := category.SeedCatalogue()
	parents := map[string]bool{}
	for _, c := range cats {
		parents[c.ParentCode] = true
	}
	for i := range cats {
		cats[i].Leaf = !parents[cats[i].Code]
	}
	return cats
}

func codes(s []category.Suggestion) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = x.Category.Code
	}
	return out
}

// TestSuggestFromResidentsWords: what residents type picks the category a
// dispatcher would, first.
func TestSuggestFromResidentsWords(t *testing.T) {
	cats := seedLeaves()
	for _, tc := range []struct{ text, first string }{
		{"路灯不亮", "streetlight.out"},
		{"小区门口的路灯不亮了好几天", "streetlight.out"},
		{"楼上噪音", "noise.disturb"},
		{"楼上每天半夜噪音很大", "noise.disturb"},
		{"工地夜间施工噪音", "construction.noise"},
		{"下水道堵了", "sewer.blocked"},
		{"厨房地漏堵了一直返水", "sewer.blocked"},
		{"楼道里堆满了杂物", "corridor.clutter"},
		{"闻到煤气味，可能漏气", "gas.leak"},
		{"暖气不热，室内才15度", "heating.cold"},
		{"井盖没了很危险", "manhole.cover"},
		{"Streetlight out on my road", "streetlight.out"},
		{"ＳＴＲＥＥＴＬＩＧＨＴ　ＯＵＴ", "streetlight.out"},
	} {
		got := category.Suggest(cats, tc.text, 5)
		if len(got) == 0 || got[0].Category.Code != tc.first {
			t.Errorf("Suggest(%q) = %v, want %s first", tc.text, codes(got), tc.first)
		}
		for i := 1; i < len(got); i++ {
			if got[i].Score > got[i-1].Score {
				t.Errorf("Suggest(%q) is not ranked: %v", tc.text, got)
			}
		}
		for _, s := range got {
			if !s.Category.Leaf {
				t.Errorf("Suggest(%q) offers the class %s", tc.text, s.Category.Code)
			}
		}
	}
}

func TestSuggestLimitsAndNothing(t *testing.T) {
	cats := seedLeaves()
	if got := category.Suggest(cats, "今天天气不错", 5); got != nil {
		t.Fatalf("unrelated text suggests %v", codes(got))
	}
	if got := category.Suggest(cats, "   ", 5); got != nil {
		t.Fatalf("blank text suggests %v", codes(got))
	}
	if got := category.Suggest(cats, "楼上噪音", 0); got != nil {
		t.Fatalf("limit 0 suggests %v", codes(got))
	}
	// 燃气 is a keyword of both gas categories; the limit keeps the best.
	if got := category.Suggest(cats, "燃气漏气有气味，停气了", 1); len(got) != 1 || got[0].Category.Code != "gas.leak" {
		t.Fatalf("limit 1: %v", codes(got))
	}
	// An inactive category is never suggested.
	for i := range cats {
		if cats[i].Code == "streetlight.out" {
			cats[i].Active = false
		}
	}
	for _, s := range category.Suggest(cats, "路灯不亮", 5) {
		if s.Category.Code == "streetlight.out" {
			t.Fatal("an inactive category was suggested")
		}
	}
}
