package server_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

type deliberationTopicReply struct {
	Topic struct {
		ID          int64    `json:"id"`
		Status      string   `json:"status"`
		Source      string   `json:"source"`
		OrderNumber string   `json:"order_number"`
		Outcome     string   `json:"outcome"`
		Version     int      `json:"version"`
		Actions     []string `json:"actions"`
		Tasks       []struct {
			ID     int64  `json:"id"`
			Status string `json:"status"`
		} `json:"tasks"`
	} `json:"topic"`
}

type deliberationMeetingReply struct {
	Meeting struct {
		ID      int64    `json:"id"`
		Status  string   `json:"status"`
		Version int      `json:"version"`
		Actions []string `json:"actions"`
	} `json:"meeting"`
}

// TestDeliberationOverHTTP: an order becomes a topic in one step; a
// meeting is called, held with its participants and minutes, the topic
// decided, a task added and done, the meeting published; refusals say what
// to do and change nothing; the public reads the result without names.
func TestDeliberationOverHTTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		st, _, b := e.post(t, "operator", "/api/v1/orders", `{"channel":"hotline","category":"parking.shortage","description":"小区晚上车位不够，车停到消防通道上，希望社区组织大家商量个办法","lng":123.8006,"lat":41.3006}`, nil)
		wantStatus(t, st, 201, "order", b)
		number := decode[map[string]any](t, b)["number"].(string)

		st, b = e.do(t, "community", "POST", "/api/v1/deliberation/topics", `{"order_number":"`+number+`"}`)
		wantStatus(t, st, 201, "topic from order", b)
		tp := decode[deliberationTopicReply](t, b).Topic
		if tp.Source != "order" || tp.OrderNumber != number || tp.Status != "proposed" || strings.Join(tp.Actions, ",") != "schedule,decline" {
			t.Fatalf("topic %s", b)
		}
		st, b = e.do(t, "community", "POST", "/api/v1/deliberation/topics", `{"order_number":"`+number+`"}`)
		wantStatus(t, st, 409, "second topic from the order", b)

		community := decode[map[string]any](t, mustGet(t, e, "community", "/api/v1/deliberation/topics/"+fmt.Sprint(tp.ID)))["topic"].(map[string]any)["community_code"].(string)
		starts := time.Now().Add(-time.Hour).Format(time.RFC3339)
		st, b = e.do(t, "community", "POST", "/api/v1/deliberation/meetings", `{"community_code":"`+community+`","body":"council","title":"停车议事会","starts_at":"`+starts+`"}`)
		wantStatus(t, st, 201, "meeting", b)
		m := decode[deliberationMeetingReply](t, b).Meeting
		meeting := fmt.Sprintf("/api/v1/deliberation/meetings/%d", m.ID)
		topic := fmt.Sprintf("/api/v1/deliberation/topics/%d", tp.ID)

		st, b = e.do(t, "community", "POST", topic+"/schedule", fmt.Sprintf(`{"version":%d,"meeting_id":%d}`, tp.Version, m.ID))
		wantStatus(t, st, 200, "schedule", b)
		st, b = e.do(t, "community", "POST", meeting+"/hold", `{"minutes":"讨论错时停车方案"}`)
		wantStatus(t, st, 400, "held with nobody", b)
		if !strings.Contains(string(b), "参会人员") {
			t.Errorf("message %s", b)
		}
		st, b = e.do(t, "community", "POST", meeting+"/participants", `{"kind":"resident_rep","name":"赵德明"}`)
		wantStatus(t, st, 200, "participant", b)
		if strings.Contains(string(b), "赵德明") {
			t.Fatalf("participant in clear: %s", b)
		}
		st, b = e.do(t, "community", "POST", meeting+"/hold", `{"minutes":"讨论错时停车方案，物业同意开放地库"}`)
		wantStatus(t, st, 200, "hold", b)
		st, b = e.do(t, "community", "POST", topic+"/decide", `{"outcome":"adopted","decision":"夜间开放地下车库，按月收费","votes_for":1,"votes_against":3}`)
		wantStatus(t, st, 400, "adopted against the votes", b)
		st, b = e.do(t, "community", "POST", topic+"/decide", `{"outcome":"adopted","decision":"夜间开放地下车库，按月收费","votes_for":5}`)
		wantStatus(t, st, 200, "decide", b)
		st, b = e.do(t, "community", "POST", topic+"/tasks", `{"title":"开放地库","owner":"明山物业","due":"2099-01-31"}`)
		wantStatus(t, st, 200, "task", b)
		task := decode[deliberationTopicReply](t, b).Topic.Tasks[0].ID
		st, b = e.do(t, "community", "POST", fmt.Sprintf("/api/v1/deliberation/tasks/%d/complete", task), `{"result":"地库已于夜间开放"}`)
		wantStatus(t, st, 200, "task done", b)
		st, b = e.do(t, "otherstreet", "GET", topic, "")
		wantStatus(t, st, 404, "other street", b)
		st, b = e.do(t, "grid", "GET", "/api/v1/deliberation/topics", "")
		wantStatus(t, st, 403, "grid worker's list", b)
		st, b = e.do(t, "leader", "POST", meeting+"/publish", `{}`)
		wantStatus(t, st, 403, "leader publishes", b)
		st, b = e.do(t, "community", "POST", meeting+"/publish", `{}`)
		wantStatus(t, st, 200, "publish", b)

		st, b = e.do(t, "", "GET", "/api/v1/public/deliberation", "")
		wantStatus(t, st, 200, "public", b)
		for _, want := range []string{"夜间开放地下车库", `"resident_rep":1`, "地库已于夜间开放"} {
			if !strings.Contains(string(b), want) {
				t.Errorf("public lacks %s: %s", want, b)
			}
		}
		for _, secret := range []string{"赵", "物业同意开放地库", number} {
			if strings.Contains(string(b), secret) {
				t.Errorf("public shows %q", secret)
			}
		}
		st, b = e.do(t, "leader", "GET", "/api/v1/deliberation/measures", "")
		wantStatus(t, st, 200, "measures", b)
		if !strings.Contains(string(b), `"tasks_done":1`) || !strings.Contains(string(b), `"meetings":1`) {
			t.Errorf("measures %s", b)
		}
	})
}

func mustGet(t *testing.T, e *env, user, path string) []byte {
	t.Helper()
	st, b := e.do(t, user, "GET", path, "")
	wantStatus(t, st, 200, path, b)
	return b
}
