package category

import (
	"sort"
	"strings"
)

// Suggestion is a leaf category that matches a resident's words, with how
// strongly (the summed length of the words that matched).
type Suggestion struct {
	Category Category
	Score    int
}

// Suggest ranks the active leaves of cats by the keywords and names found
// in text, best first, at most limit. Longer matches weigh more: "下水道堵塞"
// says more than "水". Nothing matching gives nil, and the caller shows the
// whole catalogue instead.
func Suggest(cats []Category, text string, limit int) []Suggestion {
	text = strings.ToLower(strings.TrimSpace(text))
	if text == "" || limit <= 0 {
		return nil
	}
	var out []Suggestion
	for _, c := range cats {
		if !c.Leaf || !c.Active {
			continue
		}
		score := 0
		for _, w := range append([]string{c.NameZh, strings.ToLower(c.NameEn)}, c.Keywords...) {
			if w = strings.ToLower(strings.TrimSpace(w)); w != "" && strings.Contains(text, w) {
				score += len([]rune(w))
			}
		}
		if score > 0 {
			out = append(out, Suggestion{Category: c, Score: score})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Category.SortOrder < out[j].Category.SortOrder
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}
