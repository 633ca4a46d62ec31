package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

type orderReply struct {
	Number       string    `json:"number"`
	Status       string    `json:"status"`
	Level        string    `json:"level"`
	HandlerCode  string    `json:"handler_code"`
	Reworks      int       `json:"reworks"`
	Version      int       `json:"version"`
	ReceivedAt   time.Time `json:"received_at"`
	ReplyDueAt   time.Time `json:"reply_due_at"`
	ResolveDueAt time.Time `json:"resolve_due_at"`
	Reporter     struct {
		Name   string `json:"name"`
		Phone  string `json:"phone"`
		Hidden bool   `json:"hidden"`
	} `json:"reporter"`
}

func decodeOrder(t *testing.T, body []byte) orderReply {
	t.Helper()
	var o orderReply
	if err := json.Unmarshal(body, &o); err != nil {
		t.Fatalf("order reply: %v: %s", err, body)
	}
	return o
}

// post sends JSON with optional bearer user and extra headers.
func (e *env) post(t *testing.T, user, path, body string, header map[string]string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest("POST", e.srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[user])
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b
}

const residentReport = `{"channel":"web","category":"corridor.clutter","description":"三单元楼道里堆满了旧家具，消防通道都堵了",
	"lat":41.3005,"lng":123.8005,"reporter":{"name":"张三丰","phone":"13812345678"}}`

// act runs one lifecycle action and returns the order after it.
func (e *env) act(t *testing.T, user string, o orderReply, action, extra string) orderReply {
	t.Helper()
	body := `{"version":` + itoa(o.Version) + extra + `}`
	st, _, b := e.post(t, user, "/api/v1/orders/"+o.Number+"/"+action, body, nil)
	if st != http.StatusOK {
		t.Fatalf("%s by %s on %s (%s): %d %s", action, user, o.Number, o.Status, st, b)
	}
	return decodeOrder(t, b)
}

// orderActions reads the actions GET /api/v1/orders/{number} offers.
func orderActions(t *testing.T, body []byte) []string {
	t.Helper()
	var o struct {
		Actions *[]string `json:"actions"`
	}
	if err := json.Unmarshal(body, &o); err != nil || o.Actions == nil {
		t.Fatalf("order without actions (%v): %s", err, body)
	}
	return *o.Actions
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestOrderLadderOverHTTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		key := map[string]string{"Idempotency-Key": "resident-form-0001"}
		st, _, b := e.post(t, "", "/api/v1/orders", residentReport, key)
		if st != http.StatusCreated {
			t.Fatalf("resident report: %d %s", st, b)
		}
		o := decodeOrder(t, b)
		if o.Status != "new" || len(o.Number) != 12 {
			t.Fatalf("new order: %+v", o)
		}
		if got := o.ReplyDueAt.Sub(o.ReceivedAt); got != 2*time.Hour {
			t.Fatalf("reply due %v after receipt, want 2h", got)
		}
		if o.ResolveDueAt.Before(o.ReceivedAt.Add(72 * time.Hour)) {
			t.Fatalf("resolve due %v is less than 3 days after receipt %v", o.ResolveDueAt, o.ReceivedAt)
		}
		// A retry with the same key answers the first order, once.
		st, h, b := e.post(t, "", "/api/v1/orders", residentReport, key)
		if st != http.StatusOK || h.Get("Idempotent-Replayed") != "true" || decodeOrder(t, b).Number != o.Number {
			t.Fatalf("retry: %d %v %s", st, h, b)
		}
		other := strings.Replace(residentReport, "旧家具", "旧冰箱", 1)
		if st, _, b = e.post(t, "", "/api/v1/orders", other, key); st != http.StatusConflict {
			t.Fatalf("same key, other body: %d %s, want 409", st, b)
		}
		if n := count(t, db, "orders"); n != 1 {
			t.Fatalf("%d orders after retries, want 1", n)
		}

		// Out of scope looks like nothing at all.
		if st, b := e.do(t, "otherstreet", "GET", "/api/v1/orders/"+o.Number, ""); st != http.StatusNotFound {
			t.Fatalf("other street reads the order: %d %s", st, b)
		}

		o = e.act(t, "operator", o, "accept", `,"note":"已受理"`)
		if o.Level != "grid" || o.HandlerCode != "210504002001001" || o.Status != "dispatched" {
			t.Fatalf("accepted order not at its grid: %+v", o)
		}
		stale := o
		o = e.act(t, "grid", o, "sign", "")
		// A stale version changes nothing.
		if st, _, b := e.post(t, "grid", "/api/v1/orders/"+o.Number+"/reply", `{"version":`+itoa(stale.Version)+`,"note":"x"}`, nil); st != http.StatusConflict {
			t.Fatalf("stale version: %d %s, want 409", st, b)
		}
		o = e.act(t, "grid", o, "reply", `,"note":"网格员已到现场查看"`)
		o = e.act(t, "grid", o, "escalate", `,"reason":"业主拒不清理，需街道协调"`)
		if o.Level != "street" {
			t.Fatalf("escalated from grid to %s, want street", o.Level)
		}
		o = e.act(t, "street", o, "sign", "")
		o = e.act(t, "street", o, "escalate", `,"reason":"涉及消防，需区指挥中心派单"`)
		if o.Level != "centre" || o.Status != "pending" {
			t.Fatalf("escalated from street: %+v, want pending at the centre", o)
		}
		o = e.act(t, "dispatcher", o, "dispatch", `,"target":{"level":"department","code":"chengguan"},"note":"请城管执法清理"`)
		if o.Level != "department" || o.HandlerCode != "chengguan" {
			t.Fatalf("dispatched to %s/%s", o.Level, o.HandlerCode)
		}
		// The handler sees the reporter masked.
		st, b = e.do(t, "department", "GET", "/api/v1/orders/"+o.Number, "")
		if seen := decodeOrder(t, b); st != 200 || seen.Reporter.Phone != "138****5678" || seen.Reporter.Name != "张**" {
			t.Fatalf("department sees reporter %+v (%d)", seen.Reporter, st)
		}
		// The order says what the caller may do to it now: the department
		// it was sent to signs; the dispatcher, no handler, may not.
		if got := orderActions(t, b); !slices.Contains(got, "sign") || slices.Contains(got, "callback") {
			t.Fatalf("department's actions %v, want sign and no callback", got)
		}
		if _, b := e.do(t, "dispatcher", "GET", "/api/v1/orders/"+o.Number, ""); slices.Contains(orderActions(t, b), "sign") {
			t.Fatalf("dispatcher's actions %v offer sign", orderActions(t, b))
		}
		o = e.act(t, "department", o, "sign", "")
		o = e.act(t, "department", o, "resolve", `,"note":"已清理楼道堆物"`)
		// Calling back is the centre's job: a grid worker gets 403.
		if st, _, b := e.post(t, "grid", "/api/v1/orders/"+o.Number+"/callback", `{"version":`+itoa(o.Version)+`,"rating":"satisfied"}`, nil); st != http.StatusForbidden {
			t.Fatalf("grid worker callback: %d %s, want 403", st, b)
		}
		o = e.act(t, "dispatcher", o, "callback", `,"rating":"unsatisfied","note":"居民反映仍有杂物"`)
		o = e.act(t, "dispatcher", o, "reopen", `,"reason":"回访不满意"`)
		if o.Reworks != 1 || o.HandlerCode != "chengguan" {
			t.Fatalf("reopened: %+v, want rework 1 with the same handler", o)
		}
		if o.Status == "dispatched" {
			o = e.act(t, "department", o, "sign", "")
		}
		o = e.act(t, "department", o, "resolve", `,"note":"杂物全部清运完毕"`)
		o = e.act(t, "dispatcher", o, "callback", `,"rating":"satisfied"`)
		if o.Status != "closed" {
			t.Fatalf("after a satisfied callback: %s, want closed", o.Status)
		}
		// A closed order cannot be resolved again: 409.
		if st, _, b := e.post(t, "department", "/api/v1/orders/"+o.Number+"/resolve", `{"version":`+itoa(o.Version)+`,"note":"x"}`, nil); st != http.StatusConflict && st != http.StatusForbidden {
			t.Fatalf("resolve a closed order: %d %s", st, b)
		}

		// The resident's view carries the reply and the results, never the
		// dispatcher's instruction, the callback record or the reopen reason.
		st, b = e.do(t, "", "GET", "/api/v1/track/"+o.Number+"?phone_last4=5678", "")
		for _, internal := range []string{"请城管执法清理", "居民反映仍有杂物", "回访不满意", "按派单目录", "routed by"} {
			if st != 200 || strings.Contains(string(b), internal) {
				t.Fatalf("track shows %q: %d %s", internal, st, b)
			}
		}
		if !strings.Contains(string(b), "网格员已到现场查看") || !strings.Contains(string(b), "杂物全部清运完毕") {
			t.Fatalf("track lacks the reply or the result: %s", b)
		}
		st, b = e.do(t, "dispatcher", "GET", "/api/v1/orders/"+o.Number+"/timeline", "")
		var tl struct {
			Events []struct{ Action string } `json:"events"`
		}
		if err := json.Unmarshal(b, &tl); err != nil || st != 200 {
			t.Fatalf("timeline: %d %s", st, b)
		}
		var actions []string
		for _, ev := range tl.Events {
			actions = append(actions, ev.Action)
		}
		// Accepting routes by the catalogue (corridor.clutter → the grid), so
		// a system dispatch follows the accept; a reopened order is signed again.
		want := "create accept dispatch sign reply escalate sign escalate dispatch sign resolve callback reopen sign resolve callback"
		if got := strings.Join(actions, " "); got != want {
			t.Fatalf("timeline\n got %q\nwant %q", got, want)
		}

		// The resident tracks by number and the phone's last 4 digits only.
		if st, b := e.do(t, "", "GET", "/api/v1/track/"+o.Number+"?phone_last4=5678", ""); st != 200 || strings.Contains(string(b), "张三丰") {
			t.Fatalf("track: %d %s", st, b)
		}
		if st, _ := e.do(t, "", "GET", "/api/v1/track/"+o.Number+"?phone_last4=0000", ""); st != http.StatusNotFound {
			t.Fatalf("track with the wrong digits: %d, want 404", st)
		}
	})
}

func TestOrderIntakeRefusesBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		for _, c := range []struct {
			name, body string
			want       int
		}{
			{"unknown category", strings.Replace(residentReport, "corridor.clutter", "no.such.thing", 1), 400},
			{"outside every grid", strings.Replace(residentReport, `"lat":41.3005,"lng":123.8005`, `"lat":41.9,"lng":123.1`, 1), 400},
			{"latitude out of range", strings.Replace(residentReport, `"lat":41.3005`, `"lat":141.3`, 1), 400},
			{"lat without lng", strings.Replace(residentReport, `,"lng":123.8005`, ``, 1), 400},
			{"no description", strings.Replace(residentReport, "三单元楼道里堆满了旧家具，消防通道都堵了", "", 1), 400},
			{"malformed JSON", `{"category":`, 400},
		} {
			st, _, b := e.post(t, "", "/api/v1/orders", c.body, nil)
			if st != c.want {
				t.Errorf("%s: %d %s, want %d", c.name, st, b, c.want)
			}
		}
		// A photo over 10 MiB: 413, and nothing stored.
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		_ = mw.WriteField("order", residentReport)
		fw, _ := mw.CreateFormFile("photo", "big.jpg")
		big := make([]byte, 11<<20)
		copy(big, []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0})
		fw.Write(big)
		mw.Close()
		req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/orders", &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("oversize photo: %d, want 413", resp.StatusCode)
		}
		if n := count(t, db, "orders"); n != 0 {
			t.Fatalf("refused input stored %d orders", n)
		}
	})
}

// TestPatrolFindHandledOverHTTP: a grid worker files a find it already
// dealt with in one call (handled_note); it is resolved and closed.
func TestPatrolFindHandledOverHTTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		body := `{"category":"corridor.clutter","description":"楼道堆放杂物，已当场劝离清走","lat":41.3005,"lng":123.8005,
			"handled_note":"已当场清理"}`
		st, _, b := e.post(t, "grid", "/api/v1/orders", body, nil)
		var got struct {
			Status  string `json:"status"`
			Handled *bool  `json:"handled"`
		}
		if err := json.Unmarshal(b, &got); err != nil || st != http.StatusCreated || got.Handled == nil || !*got.Handled || got.Status != "closed" {
			t.Fatalf("handled find: %d %s", st, b)
		}
	})
}
