package classify

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Folds assigns each document to one of k folds, stratified by class and
// deterministic: within a class, documents ordered by a hash of their text
// (then their position) are dealt round-robin, starting at a fold that
// depends on the class, so every fold gets its share of every class.
func Folds(docs []Doc, k int) []int { return FoldsSalted(docs, k, "") }

// FoldsSalted is Folds with the text hash salted: another salt, another
// (equally stratified) split, for repeated cross-validation.
func FoldsSalted(docs []Doc, k int, salt string) []int {
	byClass := map[string][]int{}
	for i, d := range docs {
		byClass[d.Class] = append(byClass[d.Class], i)
	}
	classes := make([]string, 0, len(byClass))
	for c := range byClass {
		classes = append(classes, c)
	}
	sort.Strings(classes)
	out := make([]int, len(docs))
	start := 0
	for _, c := range classes {
		ids := byClass[c]
		sort.SliceStable(ids, func(a, b int) bool {
			ha, hb := hashText(salt+docs[ids[a]].Text), hashText(salt+docs[ids[b]].Text)
			if ha != hb {
				return ha < hb
			}
			return ids[a] < ids[b]
		})
		for r, i := range ids {
			out[i] = (start + r) % k
		}
		start = (start + len(ids)) % k
	}
	return out
}

// ClassStats are one class's figures in an evaluation.
type ClassStats struct {
	Class                 string
	Support               int // documents of the class
	Predicted             int // documents predicted as the class
	Correct               int
	Precision, Recall, F1 float64
	TopConfusedWith       string
	TopConfusedCount      int
}

// Confusion is how often documents of True were predicted as Pred.
type Confusion struct {
	True, Pred string
	Count      int
}

// Evaluation is the result of a cross-validation.
type Evaluation struct {
	Folds     int
	Docs      int
	Accuracy  float64
	MacroF1   float64
	Classes   []ClassStats // by class name
	Confusion []Confusion  // off-diagonal pairs, most frequent first
}

// Compare compares gold and predicted labels (a prediction "" counts as
// wrong).
func Compare(gold, pred []string) Evaluation {
	stats := map[string]*ClassStats{}
	get := func(c string) *ClassStats {
		s, ok := stats[c]
		if !ok {
			s = &ClassStats{Class: c}
			stats[c] = s
		}
		return s
	}
	pairs := map[[2]string]int{}
	correct := 0
	for i, g := range gold {
		p := pred[i]
		get(g).Support++
		if p != "" {
			get(p).Predicted++
		}
		if p == g {
			correct++
			get(g).Correct++
		} else {
			pairs[[2]string{g, p}]++
		}
	}
	ev := Evaluation{Docs: len(gold)}
	if len(gold) > 0 {
		ev.Accuracy = float64(correct) / float64(len(gold))
	}
	var f1s float64
	n := 0
	for _, s := range stats {
		if s.Predicted > 0 {
			s.Precision = float64(s.Correct) / float64(s.Predicted)
		}
		if s.Support > 0 {
			s.Recall = float64(s.Correct) / float64(s.Support)
		}
		if s.Precision+s.Recall > 0 {
			s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
		}
		if s.Support > 0 { // macro over the gold classes, as scikit-learn's labels present
			f1s += s.F1
			n++
		}
		ev.Classes = append(ev.Classes, *s)
	}
	if n > 0 {
		ev.MacroF1 = f1s / float64(n)
	}
	slices.SortFunc(ev.Classes, func(a, b ClassStats) int { return strings.Compare(a.Class, b.Class) })
	for k, c := range pairs {
		ev.Confusion = append(ev.Confusion, Confusion{True: k[0], Pred: k[1], Count: c})
	}
	slices.SortFunc(ev.Confusion, func(a, b Confusion) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		if a.True != b.True {
			return strings.Compare(a.True, b.True)
		}
		return strings.Compare(a.Pred, b.Pred)
	})
	for i := range ev.Classes {
		for _, c := range ev.Confusion {
			if c.True == ev.Classes[i].Class {
				ev.Classes[i].TopConfusedWith, ev.Classes[i].TopConfusedCount = c.Pred, c.Count
				break
			}
		}
	}
	return ev
}

// CrossValidate trains k models, each without one fold, and scores the
// predictions of the held-out folds.
func CrossValidate(docs []Doc, k int) (Evaluation, error) {
	if k < 2 || k > 20 {
		return Evaluation{}, fmt.Errorf("classify: folds must be 2 to 20, got %d", k)
	}
	if len(docs) < k {
		return Evaluation{}, ErrTooFew
	}
	folds := Folds(docs, k)
	pred := make([]string, len(docs))
	gold := make([]string, len(docs))
	for f := 0; f < k; f++ {
		var train []Doc
		for i, d := range docs {
			if folds[i] != f {
				train = append(train, d)
			}
		}
		m, err := Train(SliceSource(train))
		if err != nil {
			return Evaluation{}, err
		}
		for i, d := range docs {
			if folds[i] != f {
				continue
			}
			gold[i] = d.Class
			if s := m.Predict(d.Text); len(s) > 0 {
				pred[i] = s[0].Class
			}
		}
	}
	ev := Compare(gold, pred)
	ev.Folds = k
	return ev, nil
}
