package classify

import (
	"math"
	"sort"
	"unicode"
)

// Index finds the documents nearest a text with the features the
// classifier learns from (character 1- and 2-grams, TF-IDF with smooth
// idf, unit length) and cosine similarity. The knowledge base searches its
// articles with it and the reply check compares a reply with its demand.
// It is built in memory from a few thousand documents at most and is
// read-only once built, so it is safe for concurrent use.
type Index struct {
	n    int
	df   map[uint64]int
	docs []map[uint64]float64 // unit-length TF-IDF vectors
}

// NewIndex indexes docs; a result's Doc is the position in docs.
func NewIndex(docs []string) *Index {
	ix := &Index{n: len(docs), df: map[uint64]int{}}
	for _, d := range docs {
		seen := map[uint64]bool{}
		grams(d, func(k uint64) {
			if !seen[k] {
				seen[k] = true
				ix.df[k]++
			}
		})
	}
	ix.docs = make([]map[uint64]float64, len(docs))
	for i, d := range docs {
		ix.docs[i] = ix.vector(d)
	}
	return ix
}

func (ix *Index) idf(k uint64) float64 {
	return math.Log(float64(1+ix.n)/float64(1+ix.df[k])) + 1
}

// vector is text's unit-length TF-IDF vector under the index's document
// frequencies (grams the index never saw weigh as the rarest).
func (ix *Index) vector(text string) map[uint64]float64 {
	v := map[uint64]float64{}
	grams(text, func(k uint64) { v[k]++ })
	var norm float64
	for k, tf := range v {
		w := tf * ix.idf(k)
		v[k] = w
		norm += w * w
	}
	if norm > 0 {
		norm = math.Sqrt(norm)
		for k := range v {
			v[k] /= norm
		}
	}
	return v
}

// Hit is a document and its cosine similarity (0…1) to the query.
type Hit struct {
	Doc   int
	Score float64
}

// Search returns the documents whose similarity to text is at least min,
// best first, at most limit (ties by position).
func (ix *Index) Search(text string, min float64, limit int) []Hit {
	q := ix.vector(text)
	var hits []Hit
	for i, d := range ix.docs {
		if s := cosine(q, d); s >= min && s > 0 {
			hits = append(hits, Hit{Doc: i, Score: s})
		}
	}
	sort.SliceStable(hits, func(a, b int) bool { return hits[a].Score > hits[b].Score })
	if len(hits) > limit {
		hits = hits[:limit]
	}
	return hits
}

// Similarity is the cosine similarity of two texts' vectors under the
// index's document frequencies.
func (ix *Index) Similarity(a, b string) float64 {
	return cosine(ix.vector(a), ix.vector(b))
}

func cosine(a, b map[uint64]float64) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	var s float64
	for k, w := range a {
		s += w * b[k]
	}
	return s
}

// Pair is the cosine similarity of documents i and j of the index.
func (ix *Index) Pair(i, j int) float64 { return cosine(ix.docs[i], ix.docs[j]) }

// KeyWords names a group of the index's documents by the character
// bigrams of most summed weight in them (letters and digits only), at
// most n, heaviest first.
func (ix *Index) KeyWords(docs []int, n int) []string {
	sum := map[uint64]float64{}
	for _, d := range docs {
		for k, w := range ix.docs[d] {
			if k&(1<<63) == 0 {
				continue
			}
			a, b := rune(k>>21&0x1fffff), rune(k&0x1fffff)
			if !isWordRune(a) || !isWordRune(b) {
				continue
			}
			sum[k] += w
		}
	}
	keys := make([]uint64, 0, len(sum))
	for k := range sum {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if sum[keys[i]] != sum[keys[j]] {
			return sum[keys[i]] > sum[keys[j]]
		}
		return keys[i] < keys[j]
	})
	var out []string
	for _, k := range keys {
		if len(out) >= n {
			break
		}
		out = append(out, string([]rune{rune(k >> 21 & 0x1fffff), rune(k & 0x1fffff)}))
	}
	return out
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
