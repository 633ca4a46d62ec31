package address

import (
	"fmt"
	"testing"
)

func benchTexts(n int) []string {
	roads := []string{"胜利路", "解放街", "人民大街", "建设巷", "和平东路", "中华西路"}
	out := make([]string, 0, n)
	for i := 0; len(out) < n; i++ {
		out = append(out, fmt.Sprintf("明山区北地街道%s%d号阳光小区%d栋%d单元%d%02d室", roads[i%len(roads)], 1+i/7%120, 1+i/11%20, 1+i%4, 1+i/3%18, 1+i%4))
	}
	return out
}

func BenchmarkIndexPut(b *testing.B) {
	texts := benchTexts(50000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix := NewIndex()
		for j, t := range texts {
			ix.Put(Entry{ID: int64(j + 1), Text: t, GridCode: "210504002001001"})
		}
	}
}

func BenchmarkIndexSearch(b *testing.B) {
	ix := NewIndex()
	for j, t := range benchTexts(500000) {
		ix.Put(Entry{ID: int64(j + 1), Text: t, GridCode: "210504002001001"})
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix.Search("胜利路十二号3栋2-502", "", 10)
	}
}
