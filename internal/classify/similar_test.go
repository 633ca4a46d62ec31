package classify

import "testing"

func TestIndexFindsTheParaphrase(t *testing.T) {
	ix := NewIndex([]string{"燃气费怎么缴纳", "燃气表坏了找谁修", "停水了怎么办"})
	hits := ix.Search("请问燃气费在哪里交", 0.1, 3)
	if len(hits) == 0 || hits[0].Doc != 0 {
		t.Fatalf("hits %+v", hits)
	}
	if hits := ix.Search("小区路灯不亮", 0.1, 3); len(hits) != 0 {
		t.Fatalf("unrelated text found %+v", hits)
	}
	if s := ix.Similarity("燃气费怎么缴纳", "燃气费怎么缴纳"); s < 0.999 {
		t.Fatalf("self-similarity %v", s)
	}
}

// A reply about the demand's category ranks it first; one about another
// category ranks it lower.
func TestRankScore(t *testing.T) {
	m, err := Train(SliceSource(toyDocs()))
	if err != nil {
		t.Fatal(err)
	}
	if s := m.rankScore("路灯不亮了", "已更换路灯灯泡，恢复照明"); s != 1 {
		t.Fatalf("relevant reply scored %v", s)
	}
	if s := m.rankScore("路灯不亮了", "已疏通下水道，污水井不再堵塞"); s >= 1 {
		t.Fatalf("irrelevant reply scored %v", s)
	}
}
