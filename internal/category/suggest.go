package category

import (
	"sort"
	"strings"
	"unicode"
)

// Suggestion is a leaf category that matches a resident's words, with how
// strongly (the summed length of the words that matched).
type Suggestion struct {
	Category Category
	Score    int
}

// residentWords are words residents use that say where a problem comes
// from rather than what it is, so no catalogue keyword carries them: "楼上
// 噪音" is a neighbour's noise, not a building site's, though both
// categories list 噪音. Each word adds its length to the categories named;
// a code missing from the catalogue (an edited one) is simply not found.
var residentWords = map[string][]string{
	"楼上":  {"noise.disturb", "neighbour.dispute"},
	"楼下":  {"noise.disturb", "neighbour.dispute"},
	"隔壁":  {"noise.disturb", "neighbour.dispute"},
	"邻居":  {"noise.disturb"},
	"半夜":  {"noise.disturb"},
	"堵了":  {"sewer.blocked"},
	"不通":  {"sewer.blocked"},
	"马桶":  {"sewer.blocked"},
	"地漏":  {"sewer.blocked"},
	"不亮":  {"streetlight.out"},
	"路灯":  {"streetlight.out"},
	"没人管": {"other.request"},
}

// Suggest ranks the active leaves of cats by the keywords and names found
// in text, best first, at most limit. Longer matches weigh more: "下水道堵塞"
// says more than "水". Nothing matching gives nil, and the caller shows the
// whole catalogue instead. Full-width letters and digits (typed with a
// Chinese input method) count as their ASCII forms, and case is ignored.
func Suggest(cats []Category, text string, limit int) []Suggestion {
	text = normalise(text)
	if text == "" || limit <= 0 {
		return nil
	}
	hinted := map[string]int{}
	for w, codes := range residentWords {
		if strings.Contains(text, w) {
			for _, c := range codes {
				hinted[c] += len([]rune(w))
			}
		}
	}
	var out []Suggestion
	for _, c := range cats {
		if !c.Leaf || !c.Active {
			continue
		}
		score := 0
		seen := map[string]bool{}
		for _, w := range append([]string{c.NameZh, c.NameEn}, c.Keywords...) {
			w = normalise(w)
			// A word listed twice (a keyword equal to the name) counts once.
			if w != "" && !seen[w] && strings.Contains(text, w) {
				score += len([]rune(w))
			}
			seen[w] = true
		}
		score += hinted[c.Code]
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

// normalise folds full-width ASCII forms to half-width, lower-cases and
// trims, so "ＬＥＤ路灯" and "led路灯" match alike.
func normalise(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if r >= '！' && r <= '～' {
			r -= '！' - '!'
		}
		if r == '\u3000' {
			return ' '
		}
		return unicode.ToLower(r)
	}, s))
}
