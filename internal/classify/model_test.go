package classify

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

func toyDocs() []Doc {
	var docs []Doc
	for _, s := range []string{"路灯不亮了", "小区路灯坏了", "路灯晚上不亮", "这条路的路灯一直不亮", "路灯闪烁"} {
		docs = append(docs, Doc{Text: s, Class: "light"})
	}
	for _, s := range []string{"下水道堵塞", "下水道堵了冒水", "楼下下水道不通", "下水管道堵塞返水", "污水井堵塞"} {
		docs = append(docs, Doc{Text: s, Class: "sewer"})
	}
	for _, s := range []string{"楼上噪音太大", "半夜装修噪音", "广场舞噪音扰民", "工地夜间施工噪音", "噪音影响休息"} {
		docs = append(docs, Doc{Text: s, Class: "noise"})
	}
	return docs
}

func TestModelLearnsSeparableToySet(t *testing.T) {
	m, err := Train(SliceSource(toyDocs()))
	if err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]string{"门口路灯不亮": "light", "厨房下水道堵了": "sewer", "晚上噪音很大": "noise"} {
		got := m.Predict(text)
		if len(got) != 3 || got[0].Class != want {
			t.Errorf("%s: got %+v, want %s first", text, got, want)
		}
		var sum float64
		for i, s := range got {
			sum += s.P
			if i > 0 && s.P > got[i-1].P {
				t.Errorf("%s: not best first: %+v", text, got)
			}
		}
		if math.Abs(sum-1) > 1e-9 {
			t.Errorf("%s: probabilities sum to %v", text, sum)
		}
	}
	if got := m.Predict("ＸＹＺ"); got != nil {
		t.Errorf("unknown characters: got %+v, want nil", got)
	}
}

func TestModelIsDeterministicAndRoundTrips(t *testing.T) {
	a, err := Train(SliceSource(toyDocs()))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Train(SliceSource(toyDocs()))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two trainings on the same data differ")
	}
	data, err := a.Encode()
	if err != nil {
		t.Fatal(err)
	}
	c, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a.Predict("路灯坏了"), c.Predict("路灯坏了")) {
		t.Fatal("decoded model predicts differently")
	}
	if _, err := Decode([]byte("junk")); err == nil {
		t.Fatal("junk decoded")
	}
}

func TestTooFewClasses(t *testing.T) {
	if _, err := Train(SliceSource([]Doc{{"路灯不亮", "light"}, {"路灯坏了", "light"}})); err != ErrTooFew {
		t.Fatalf("one class: got %v, want ErrTooFew", err)
	}
}

func TestFoldsStratifiedAndStable(t *testing.T) {
	docs := toyDocs()
	f := Folds(docs, 5)
	if !reflect.DeepEqual(f, Folds(docs, 5)) {
		t.Fatal("folds differ between calls")
	}
	per := map[string]map[int]int{}
	for i, d := range docs {
		if per[d.Class] == nil {
			per[d.Class] = map[int]int{}
		}
		per[d.Class][f[i]]++
	}
	for c, folds := range per {
		if len(folds) != 5 {
			t.Errorf("class %s in %d folds, want 5 (one each): %v", c, len(folds), folds)
		}
	}
}

func TestSuggestKind(t *testing.T) {
	for text, want := range map[string]string{
		"请问新农合异地报销怎么办理？":    KindConsult,
		"我要举报某工厂偷排污水":       KindReport,
		"投诉物业乱收费":           KindComplaint,
		"建议在路口增设红绿灯":        KindSuggest,
		"感谢社区网格员帮我们解决了停水问题": KindPraise,
		"老人被困电梯求助":          KindHelp,
		"路灯不亮":              KindOther,
	} {
		if got := SuggestKind(text); got != want {
			t.Errorf("%s: got %s, want %s", text, got, want)
		}
	}
	if _, err := CheckText("  "); err == nil {
		t.Error("empty text accepted")
	}
	if _, err := CheckText(strings.Repeat("字", MaxText+1)); err == nil {
		t.Error("huge text accepted")
	}
}
