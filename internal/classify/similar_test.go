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

// BenchmarkIndexSearch: one search over 2,000 articles (a large city's
// knowledge base), as the console asks while the operator types.
func BenchmarkIndexSearch(b *testing.B) {
	words := []string{"燃气", "停水", "路灯", "低保", "电梯", "补贴", "垃圾", "噪音", "供暖", "物业", "维修", "申请", "材料", "缴费", "办理"}
	docs := make([]string, 2000)
	for i := range docs {
		docs[i] = words[i%15] + words[(i/15)%15] + words[(i/225)%15] + "怎么办理？需要带什么材料，到哪里申请"
	}
	ix := NewIndex(docs)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix.Search("请问燃气费在哪里交，需要什么材料", 0.12, 3)
	}
}
