package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"net/http"
	"sync"
	"time"
)

// cityOrder is what a staff member reads of an order from an answer.
type cityOrder struct {
	Number      string `json:"number"`
	Status      string `json:"status"`
	Level       string `json:"level"`
	HandlerCode string `json:"handler_code"`
	Returns     int    `json:"returns"`
	Version     int    `json:"version"`
}

// cityLadder moves filed orders through the ladder over the API: the
// operator accepts (the catalogue routes it to a grid, a street or a
// department, or leaves it with the centre), the dispatcher dispatches
// what the centre holds to a department, the handler signs, replies and
// resolves — one order in cityReturnEvery is returned first and
// dispatched again, one in cityExtendEvery gets an approved extension —
// and the dispatcher calls back. Every action it was told happened is
// kept, to compare with the timelines afterwards.
type cityLadder struct {
	c     *cityCluster
	staff *cityStaff
	lat   *cityLatencies
	think time.Duration // a person's pause between two steps
	// over closes when the day ends: desks finish the request in flight
	// (so that every action carried out is known) and take no more.
	over <-chan struct{}

	mu    sync.Mutex
	acked map[string]map[string]int // number → action → times acknowledged
	done  int                       // orders closed
}

const (
	cityReturnEvery = 10
	cityExtendEvery = 7
)

// cityStaffActions are the actions the ladder posts.
var cityStaffActions = []string{"accept", "dispatch", "sign", "reply", "return", "extension_request", "extension_approve",
	"resolve", "callback"}

// work runs one staff desk until the day is over: orders taken in turn,
// each to its end.
func (l *cityLadder) work(ctx context.Context, desk int, work <-chan filed) error {
	for {
		select {
		case <-l.over:
			return nil
		case f := <-work:
			if err := l.handle(ctx, desk, f.number); err != nil {
				if errors.Is(err, errDayOver) {
					return nil // the day ended mid-order
				}
				return err
			}
		}
	}
}

func (l *cityLadder) handle(ctx context.Context, desk int, number string) error {
	draw := fnv.New32a()
	draw.Write([]byte(number))
	h := draw.Sum32()
	o, err := l.act(ctx, desk, l.staff.operator, cityOrder{Number: number, Version: 1}, "accept", map[string]any{"note": "已受理，转相关单位办理"})
	if err != nil {
		return err
	}
	for step := 0; step < 12; step++ {
		switch o.Status {
		case "closed", "cancelled", "merged":
			l.mu.Lock()
			l.done++
			l.mu.Unlock()
			return nil
		case "pending", "new":
			dept := l.staff.depts[(int(h)+o.Returns)%len(l.staff.depts)]
			o, err = l.act(ctx, desk, l.staff.dispatcher, o, "dispatch", map[string]any{
				"target": map[string]any{"level": "department", "code": dept}, "note": "请按职责办理"})
		case "dispatched":
			tok := l.staff.handler(o.Level, o.HandlerCode)
			if tok == "" {
				return fmt.Errorf("order %s: nobody in the bench handles %s %s", number, o.Level, o.HandlerCode)
			}
			if o, err = l.act(ctx, desk, tok, o, "sign", nil); err != nil {
				return err
			}
			if o, err = l.act(ctx, desk, tok, o, "reply", map[string]any{"note": "已联系诉求人，正在安排人员现场核实"}); err != nil {
				return err
			}
			if h%cityReturnEvery == 0 && o.Returns == 0 {
				o, err = l.act(ctx, desk, tok, o, "return", map[string]any{"reason": "经现场核实不属于本单位职责范围，请重新派遣"})
			}
		case "processing":
			tok := l.staff.handler(o.Level, o.HandlerCode)
			if h%cityExtendEvery == 0 {
				if o, err = l.act(ctx, desk, tok, o, "extension_request", map[string]any{"working_days": 2,
					"reason": "需协调施工单位，申请延期两个工作日"}); err != nil {
					return err
				}
				if o, err = l.act(ctx, desk, l.staff.dispatcher, o, "extension_approve", map[string]any{"note": "同意延期"}); err != nil {
					return err
				}
			}
			o, err = l.act(ctx, desk, tok, o, "resolve", map[string]any{"note": "已安排人员到现场处理完毕，问题已解决，已向诉求人反馈处理结果"})
		case "resolved":
			o, err = l.act(ctx, desk, l.staff.dispatcher, o, "callback", map[string]any{"rating": "satisfied", "note": "回访居民，对处理结果满意"})
		default:
			return fmt.Errorf("order %s: the ladder does not expect status %q", number, o.Status)
		}
		if err != nil {
			return err
		}
	}
	return fmt.Errorf("order %s: still %s after 12 steps", number, o.Status)
}

// act posts one action with the version read and returns the order as
// changed. When an attempt went unanswered (its node was killed) and the
// retry is refused as stale, the first attempt may have been carried
// out: the order's timeline says, and if its latest person's step is
// this one, the action counts as done once.
func (l *cityLadder) act(ctx context.Context, desk int, token string, o cityOrder, action string, body map[string]any) (cityOrder, error) {
	if body == nil {
		body = map[string]any{}
	}
	body["version"] = o.Version
	payload, err := json.Marshal(body)
	if err != nil {
		return o, err
	}
	select {
	case <-l.over:
		return o, errDayOver
	case <-time.After(l.think):
	}
	began := time.Now()
	a, err := l.c.do(ctx, desk, func(base string) (*http.Request, error) {
		req, err := http.NewRequest(http.MethodPost, base+"/api/v1/orders/"+o.Number+"/"+action, bytes.NewReader(payload))
		if err == nil {
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+token)
		}
		return req, err
	})
	if err != nil {
		return o, fmt.Errorf("%s %s: %w", action, o.Number, err)
	}
	var out cityOrder
	switch {
	case a.status == http.StatusOK:
		if err := json.Unmarshal(a.body, &out); err != nil {
			return o, fmt.Errorf("%s %s: %w", action, o.Number, err)
		}
	case a.status == http.StatusConflict && a.retried:
		if out, err = l.tookEffect(ctx, desk, token, o.Number, action); err != nil {
			return o, err
		}
	default:
		return o, fmt.Errorf("%s %s (version %d): %d %.300s", action, o.Number, o.Version, a.status, a.body)
	}
	l.lat.add(classStaff, time.Since(began))
	l.mu.Lock()
	if l.acked == nil {
		l.acked = map[string]map[string]int{}
	}
	if l.acked[o.Number] == nil {
		l.acked[o.Number] = map[string]int{}
	}
	l.acked[o.Number][action]++
	l.mu.Unlock()
	return out, nil
}

// errDayOver ends a desk's order when the day is over.
var errDayOver = errors.New("the day is over")

// errNotTaken is a retried action that the order's timeline shows was
// never carried out, yet the order changed under it.
var errNotTaken = errors.New("the action was refused as stale, and the timeline does not show it")

// tookEffect reads the order's timeline and the order after an
// unanswered attempt whose retry was refused.
func (l *cityLadder) tookEffect(ctx context.Context, desk int, token, number, action string) (cityOrder, error) {
	var tl struct {
		Events []struct {
			Action    string `json:"action"`
			ActorRole string `json:"actor_role"`
		} `json:"events"`
	}
	if err := l.get(ctx, desk, token, "/api/v1/orders/"+number+"/timeline", &tl); err != nil {
		return cityOrder{}, err
	}
	for i := len(tl.Events) - 1; i >= 0; i-- {
		e := tl.Events[i]
		if e.ActorRole == "system" || e.ActorRole == "" {
			continue
		}
		if e.Action != action {
			break
		}
		var o cityOrder
		err := l.get(ctx, desk, token, "/api/v1/orders/"+number, &o)
		return o, err
	}
	return cityOrder{}, fmt.Errorf("%s %s: %w", action, number, errNotTaken)
}

func (l *cityLadder) get(ctx context.Context, desk int, token, path string, into any) error {
	a, err := l.c.do(ctx, desk, func(base string) (*http.Request, error) {
		req, err := http.NewRequest(http.MethodGet, base+path, nil)
		if err == nil {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		return req, err
	})
	if err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	if a.status != http.StatusOK {
		return fmt.Errorf("GET %s: %d %.300s", path, a.status, a.body)
	}
	return json.Unmarshal(a.body, into)
}

// total is how many actions were acknowledged and orders closed.
func (l *cityLadder) total() (actions, closed int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, by := range l.acked {
		for _, n := range by {
			actions += n
		}
	}
	return actions, l.done
}
