package hottopic

import (
	"slices"
	"testing"
)

func TestName(t *testing.T) {
	if got := name([]string{"气不", "不热", "幸福", "福小", "小区", "暖气"}, 3); !slices.Equal(got, []string{"暖气不热", "幸福小区"}) {
		t.Fatalf("name %v", got)
	}
	if got := name([]string{"不热", "暖气", "幸福", "气不"}, 3); !slices.Equal(got, []string{"暖气不热", "幸福"}) {
		t.Fatalf("name %v", got)
	}
	if got := name([]string{"胜利", "利路", "路灯", "不亮"}, 3); !slices.Equal(got, []string{"胜利路灯", "不亮"}) {
		t.Fatalf("name %v", got)
	}
}
