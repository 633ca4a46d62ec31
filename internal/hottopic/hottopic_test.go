package hottopic_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/hottopic"
	"civicgrid/internal/order"
)

var now = time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)

func mk(n int, community, text string, ago time.Duration, status order.Status) order.Order {
	return order.Order{Number: fmt.Sprintf("N%03d", n), CommunityCode: community, Description: text, ReceivedAt: now.Add(-ago), Status: status}
}

// Calls about one compound's heating across two communities make one
// topic named by its words, rising; calls about one road's lights make
// another; scattered calls make none; old, cancelled and merged orders do
// not count.
func TestFindGroupsByTextPlaceAndTime(t *testing.T) {
	day := 24 * time.Hour
	orders := []order.Order{
		mk(1, "c1", "幸福小区暖气不热，家里只有十五度", 12*day, order.StatusProcessing),
		mk(2, "c1", "幸福小区暖气不热，老人孩子都冻病了", 2*day, order.StatusProcessing),
		mk(3, "c2", "幸福小区3号楼暖气不热，屋里太冷", 1*day, order.StatusNew),
		mk(4, "c1", "幸福小区暖气一直不热，什么时候能修好", 3*time.Hour, order.StatusNew),
		mk(5, "c3", "胜利路路灯不亮，晚上很黑", 5*day, order.StatusResolved),
		mk(6, "c3", "胜利路的路灯坏了好几盏不亮", 4*day, order.StatusClosed),
		mk(7, "c3", "胜利路路灯晚上不亮有安全隐患", 3*day, order.StatusProcessing),
		mk(8, "c4", "楼上装修噪音太大", 2*day, order.StatusNew),
		mk(9, "c5", "请问低保怎么申请", 1*day, order.StatusClosed),
		mk(10, "c1", "幸福小区暖气不热", 20*day, order.StatusClosed),   // before the window
		mk(11, "c1", "幸福小区暖气不热", 1*day, order.StatusCancelled), // cancelled
		mk(12, "c6", "楼道里堆满杂物", 1*day, order.StatusMerged),     // merged
		mk(13, "c4", "小区门口垃圾桶满了没人清理", 1*day, order.StatusNew),  // alone
	}
	got := hottopic.Find(orders, now, hottopic.Options{})
	if len(got) != 2 {
		t.Fatalf("topics %+v", got)
	}
	heat, lights := got[0], got[1]
	t.Logf("named %v and %v", heat.Words, lights.Words)
	if heat.Count != 4 || !slices.Equal(heat.Numbers, []string{"N004", "N003", "N002", "N001"}) {
		t.Fatalf("heating topic %+v", heat)
	}
	if !slices.Equal(heat.Communities, []string{"c1", "c2"}) || heat.Recent != 3 || heat.Earlier != 1 || !heat.Rising() {
		t.Fatalf("heating places and trend %+v", heat)
	}
	if !heat.First.Equal(now.Add(-12*day)) || !heat.Last.Equal(now.Add(-3*time.Hour)) {
		t.Fatalf("heating span %v – %v", heat.First, heat.Last)
	}
	if w := strings.Join(heat.Words, ""); !strings.Contains(w, "暖气") && !strings.Contains(w, "不热") {
		t.Fatalf("heating named %v", heat.Words)
	}
	if w := strings.Join(lights.Words, " "); lights.Count != 3 || !strings.Contains(w, "胜利路") {
		t.Fatalf("lights topic %+v", lights)
	}
	if hottopic.Find(orders, now, hottopic.Options{MinOrders: 5}) != nil {
		t.Fatal("a topic of fewer than MinOrders")
	}
}
