package address

import (
	"container/heap"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Index is the in-memory address search: an inverted index from character
// bigrams of the words and from the numbers to addresses, then a full
// score (score.go) of the best few hundred candidates. Safe for
// concurrent use; writers replace or remove one address at a time.
type Index struct {
	mu   sync.RWMutex
	docs []doc
	byID map[int64]int32
	post map[string][]int32
	live int

	scratch sync.Pool // *[]float32 of len(docs) or more
}

type doc struct {
	id        int64
	text      string // the full standard form, as shown
	grid      string
	community string
	level     string
	parsed    Parsed
	dead      bool
}

// Entry is what the index needs of one address.
type Entry struct {
	ID            int64
	Text          string
	GridCode      string
	CommunityCode string
	Level         string
}

// Match is one search answer. Score is 0…1; Good says it matches well
// enough to file an order on (every typed number found, the words mostly).
type Match struct {
	Entry
	Score float64
	Good  bool
}

// candidates is how many addresses the inverted index hands to the full
// score; enough for typos that lose most bigrams of a short road name.
const candidates = 256

// NewIndex makes an empty index.
func NewIndex() *Index {
	return &Index{byID: map[int64]int32{}, post: map[string][]int32{}}
}

// Len is the number of live addresses.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.live
}

// Put adds an address or replaces the one with its id.
func (ix *Index) Put(e Entry) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.removeLocked(e.ID)
	d := doc{id: e.ID, text: e.Text, grid: e.GridCode, community: e.CommunityCode, level: e.Level, parsed: Parse(e.Text)}
	n := int32(len(ix.docs))
	ix.docs = append(ix.docs, d)
	ix.byID[e.ID] = n
	ix.live++
	for _, k := range keys(d.parsed) {
		ix.post[k] = append(ix.post[k], n)
	}
}

// Remove drops an address (retired); unknown ids are ignored.
func (ix *Index) Remove(id int64) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.removeLocked(id)
}

// removeLocked marks the doc dead; its postings stay and are skipped, so a
// rebuild now and then (at start) keeps the lists short.
func (ix *Index) removeLocked(id int64) {
	if n, ok := ix.byID[id]; ok {
		ix.docs[n].dead = true
		ix.docs[n].parsed = Parsed{}
		delete(ix.byID, id)
		ix.live--
	}
}

// keys are the postings an address or query is filed under: bigrams of
// its words (the word itself when one character) and "#n" per number.
func keys(p Parsed) []string {
	rs := []rune(p.Text)
	seen := map[string]bool{}
	var out []string
	add := func(k string) {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	if len(rs) == 1 {
		add(string(rs))
	}
	for i := 0; i+1 < len(rs); i++ {
		add(string(rs[i : i+2]))
	}
	for _, n := range p.Nums {
		add("#" + n.Value)
	}
	return out
}

// Search returns up to limit addresses best first whose grid code starts
// with prefix ("" for all).
func (ix *Index) Search(query, prefix string, limit int) []Match {
	q := Parse(query)
	ks := keys(q)
	if len(ks) == 0 || limit <= 0 {
		return nil
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	n := len(ix.docs)
	sp, _ := ix.scratch.Get().(*[]float32)
	if sp == nil || len(*sp) < n {
		s := make([]float32, n+n/4+16)
		sp = &s
	}
	scores := *sp
	// Candidates come from the keys that narrow: a key on more than a
	// tenth of the addresses (区, a unit number) adds little and costs most
	// of the time; the full score still weighs every key. When every key is
	// that common, the two rarest are used.
	posts := make([][]int32, 0, len(ks))
	for _, k := range ks {
		if p := ix.post[k]; len(p) > 0 {
			posts = append(posts, p)
		}
	}
	slices.SortFunc(posts, func(a, b []int32) int { return len(a) - len(b) })
	common := max(n/10, 1000)
	use := 0
	for use < len(posts) && len(posts[use]) <= common {
		use++
	}
	use = max(use, min(2, len(posts)))
	var touched []int32
	for _, post := range posts[:use] {
		// Rare keys (a road's bigram, a room number) weigh more than "小区".
		w := float32(math.Log(1 + float64(n)/float64(len(post))))
		for _, d := range post {
			if scores[d] == 0 {
				touched = append(touched, d)
			}
			scores[d] += w
		}
	}
	h := &candHeap{}
	for _, d := range touched {
		s := scores[d]
		scores[d] = 0
		doc := &ix.docs[d]
		if doc.dead || !strings.HasPrefix(doc.grid, prefix) {
			continue
		}
		if h.Len() < candidates {
			heap.Push(h, cand{d, s})
		} else if s > (*h)[0].s {
			(*h)[0] = cand{d, s}
			heap.Fix(h, 0)
		}
	}
	ix.scratch.Put(sp)
	qr := []rune(q.Text)
	out := make([]Match, 0, h.Len())
	for _, c := range *h {
		d := &ix.docs[c.d]
		s, good := score(q, qr, d.parsed)
		out = append(out, Match{Entry: Entry{ID: d.id, Text: d.text, GridCode: d.grid, CommunityCode: d.community, Level: d.level}, Score: s, Good: good})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].ID < out[j].ID
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

type cand struct {
	d int32
	s float32
}

// candHeap is a min-heap on the index score: the root is the weakest kept.
type candHeap []cand

func (h candHeap) Len() int           { return len(h) }
func (h candHeap) Less(i, j int) bool { return h[i].s < h[j].s }
func (h candHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *candHeap) Push(x any)        { *h = append(*h, x.(cand)) }
func (h *candHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
