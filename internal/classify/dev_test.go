package classify

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"
)

// devDocs reads the shared 问政 development set (title + detail, first-level
// label), or skips when this checkout has no shared data.
func devDocs(t testing.TB) []Doc {
	f, err := os.Open("../../../shared/data/wenzheng-dev.jsonl")
	if err != nil {
		t.Skipf("no development set: %v", err)
	}
	defer f.Close()
	var docs []Doc
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var r struct{ Title, Detail, Label string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		docs = append(docs, Doc{Text: r.Title + " " + r.Detail, Class: r.Label})
	}
	return docs
}

func TestDevSetCrossValidation(t *testing.T) {
	docs := devDocs(t)
	ev, err := CrossValidate(docs, 5)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("5-fold: accuracy %.3f, macro F1 %.3f", ev.Accuracy, ev.MacroF1)
	for _, c := range ev.Classes {
		t.Logf("%s P %.2f R %.2f F1 %.2f (%d)", c.Class, c.Precision, c.Recall, c.F1, c.Support)
	}
}
