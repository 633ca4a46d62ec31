package address

import (
	"fmt"
	"testing"
)

func sampleIndex() *Index {
	ix := NewIndex()
	id := int64(0)
	put := func(text, grid string, level string) {
		id++
		ix.Put(Entry{ID: id, Text: text, GridCode: grid, CommunityCode: grid[:12], Level: level})
	}
	put("明山区东兴街道胜利路12号", "210504002001001", LevelDoor)
	put("明山区东兴街道胜利路14号", "210504002001002", LevelDoor)
	put("明山区东兴街道解放路12号", "210504002002001", LevelDoor)
	for u := 1; u <= 3; u++ {
		for _, r := range []string{"501", "502", "601"} {
			put(fmt.Sprintf("明山区东兴街道胜利路12号%d单元%s室", u, r), "210504002001001", LevelRoom)
			put(fmt.Sprintf("明山区东兴街道胜利路14号%d单元%s室", u, r), "210504002001002", LevelRoom)
			put(fmt.Sprintf("明山区东兴街道解放路12号%d单元%s室", u, r), "210504002002001", LevelRoom)
		}
	}
	return ix
}

func TestSearchFindsTypedVariants(t *testing.T) {
	ix := sampleIndex()
	want := "明山区东兴街道胜利路12号3单元502室"
	for _, q := range []string{
		"胜利路12号3单元502",
		"胜利路十二号3-502",
		"胜利路１２号３单元５０２室",
		"辽宁省本溪市明山区东兴街道胜利路12号3单元502",
		"胜力路12号3单元502", // typo
		"胜利路12号三单元五零二",
		"东兴街道 胜利路 12号 3-502",
	} {
		got := ix.Search(q, "", 3)
		if len(got) == 0 || got[0].Text != want || !got[0].Good {
			t.Errorf("Search(%q) = %+v, want %s first and good", q, got, want)
		}
	}
	if got := ix.Search("胜利路12号", "", 1); len(got) != 1 || got[0].Text != "明山区东兴街道胜利路12号" {
		t.Errorf("door plate: %+v", got)
	}
}

func TestSearchRefusesWhatDoesNotMatch(t *testing.T) {
	ix := sampleIndex()
	for _, q := range []string{"胜利路99号", "人民路12号3单元502", "12号", "胜利路12号9单元502"} {
		got := ix.Search(q, "", 3)
		if len(got) > 0 && got[0].Good {
			t.Errorf("Search(%q) good match %+v", q, got[0])
		}
	}
}

func TestSearchScopeAndRemove(t *testing.T) {
	ix := sampleIndex()
	for _, m := range ix.Search("解放路12号", "210504002001", 10) {
		if m.GridCode[:12] != "210504002001" {
			t.Fatalf("out of prefix: %+v", m)
		}
	}
	first := ix.Search("胜利路14号", "", 1)[0]
	ix.Remove(first.ID)
	if got := ix.Search("胜利路14号", "", 1); len(got) == 1 && got[0].ID == first.ID {
		t.Fatalf("removed address still found")
	}
	ix.Put(first.Entry)
	if got := ix.Search("胜利路14号", "", 1); got[0].ID != first.ID {
		t.Fatalf("re-added address not found: %+v", got)
	}
}
