// Package hottopic finds hot topics (热点问题): groups of recent orders
// across the district about the same thing — the same compound, road or
// policy — by their words (the classifier's character n-gram TF-IDF),
// their place and their time, each named by its key words, with its count,
// places, time span and trend (docs/design.md §15). Orders come from the
// caller's scope, so a street sees the topics of its own orders.
package hottopic

import (
	"slices"
	"sort"
	"strings"
	"time"

	"civicgrid/internal/classify"
	"civicgrid/internal/order"
)

// Options tune the grouping; zero values take the defaults.
type Options struct {
	Window    time.Duration // how far back orders count (14 days)
	MinOrders int           // the fewest orders of a topic (3)
	// Two orders are about the same thing when their texts are at least
	// Similar alike, or at least Nearby alike and in one community.
	// (Paraphrases of one matter score 0.27–0.5, unrelated calls under
	// 0.1, in the package's test.)
	Similar, Nearby float64 // 0.25, 0.15
	MaxOrders       int     // the most recent orders grouped (1,000)
}

func (o Options) withDefaults() Options {
	if o.Window <= 0 {
		o.Window = 14 * 24 * time.Hour
	}
	if o.MinOrders <= 0 {
		o.MinOrders = 3
	}
	if o.Similar <= 0 {
		o.Similar = 0.25
	}
	if o.Nearby <= 0 {
		o.Nearby = 0.15
	}
	if o.MaxOrders <= 0 {
		o.MaxOrders = 1000
	}
	return o
}

// Topic is one hot topic.
type Topic struct {
	Words       []string  // key words naming it
	Count       int       // orders
	Communities []string  // community codes, most orders first
	First, Last time.Time // received
	// Recent and Earlier are the orders of the later and the earlier half
	// of the window: the trend.
	Recent, Earlier int
	Numbers         []string // newest first
}

// Rising reports whether more orders came in the later half.
func (t Topic) Rising() bool { return t.Recent > t.Earlier }

// Find groups orders received in the window before now (cancelled and
// merged ones left out) into topics of at least MinOrders, the largest
// first.
func Find(orders []order.Order, now time.Time, opt Options) []Topic {
	opt = opt.withDefaults()
	since := now.Add(-opt.Window)
	var recent []order.Order
	for _, o := range orders {
		if o.ReceivedAt.Before(since) || o.ReceivedAt.After(now) || o.Status == order.StatusCancelled || o.Status == order.StatusMerged {
			continue
		}
		recent = append(recent, o)
	}
	sort.SliceStable(recent, func(i, j int) bool { return recent[i].ReceivedAt.After(recent[j].ReceivedAt) })
	if len(recent) > opt.MaxOrders {
		recent = recent[:opt.MaxOrders]
	}
	texts := make([]string, len(recent))
	for i, o := range recent {
		texts[i] = o.Description
	}
	ix := classify.NewIndex(texts)
	parent := make([]int, len(recent))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for i := range recent {
		for j := i + 1; j < len(recent); j++ {
			s := ix.Pair(i, j)
			if s >= opt.Similar || (s >= opt.Nearby && recent[i].CommunityCode != "" && recent[i].CommunityCode == recent[j].CommunityCode) {
				parent[find(i)] = find(j)
			}
		}
	}
	groups := map[int][]int{}
	for i := range recent {
		r := find(i)
		groups[r] = append(groups[r], i)
	}
	half := now.Add(-opt.Window / 2)
	var out []Topic
	for _, g := range groups {
		if len(g) < opt.MinOrders {
			continue
		}
		sort.Ints(g) // newest first, as recent is
		t := Topic{Words: name(ix.KeyWords(g, 6), 3), Count: len(g), Last: recent[g[0]].ReceivedAt, First: recent[g[len(g)-1]].ReceivedAt}
		perCommunity := map[string]int{}
		for _, i := range g {
			o := recent[i]
			t.Numbers = append(t.Numbers, o.Number)
			if o.CommunityCode != "" {
				perCommunity[o.CommunityCode]++
			}
			if o.ReceivedAt.Before(half) {
				t.Earlier++
			} else {
				t.Recent++
			}
		}
		for c := range perCommunity {
			t.Communities = append(t.Communities, c)
		}
		sort.Slice(t.Communities, func(i, j int) bool {
			a, b := t.Communities[i], t.Communities[j]
			if perCommunity[a] != perCommunity[b] {
				return perCommunity[a] > perCommunity[b]
			}
			return a < b
		})
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Last.After(out[j].Last)
	})
	return out
}

// name joins the heaviest bigrams that overlap into words (胜利 + 利路 →
// 胜利路) and keeps the first n words not inside another.
func name(grams []string, n int) []string {
	var words [][]rune
	for _, g := range grams {
		r := []rune(g)
		joined := false
		for i, w := range words {
			if w[len(w)-1] == r[0] {
				words[i], joined = append(w, r[1]), true
			} else if r[1] == w[0] {
				words[i], joined = append([]rune{r[0]}, w...), true
			}
			if joined {
				break
			}
		}
		if !joined {
			words = append(words, r)
		}
	}
	// Words built apart may overlap too (不热 then 暖气 then 气不).
	for merged := true; merged; {
		merged = false
		for i := 0; i < len(words) && !merged; i++ {
			for j := 0; j < len(words) && !merged; j++ {
				if i != j && words[i][len(words[i])-1] == words[j][0] {
					words[i] = append(slices.Clone(words[i]), words[j][1:]...)
					words = slices.Delete(words, j, j+1)
					merged = true
				}
			}
		}
	}
	var out []string
	for _, w := range words {
		s := string(w)
		inside := false
		for _, o := range out {
			if strings.Contains(o, s) {
				inside = true
			}
		}
		if !inside && len(out) < n {
			out = append(out, s)
		}
	}
	return out
}
