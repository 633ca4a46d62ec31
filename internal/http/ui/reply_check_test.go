package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"civicgrid/internal/store"
)

// The callback queue and the order page show each resolved order's reply
// and what the reply check found; a proposal link appears on an answered
// consultation not answered from the knowledge base.
func TestReplyCheckAtCallbackAndOnTheOrder(t *testing.T) {
	eachDemo(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		g, _ := consoleGrid(t, e)
		ctx := context.Background()
		// A resident's call about the grid worker's grid, signed for and
		// resolved with a thin reply.
		mine := gwMyGrid(t, e)
		gw := e.actor(t, "grid")
		o := fileOrder(t, e, mine.GridCode, "hotline", "litter.exposed", "绿化带里有暴露垃圾，好几天没人清理了")
		o, err := e.app.Orders.Sign(ctx, gw, o.Number, o.Version)
		if err != nil {
			t.Fatalf("sign (handler %s:%s): %v", o.Level, o.HandlerCode, err)
		}
		if o, err = e.app.Orders.Resolve(ctx, gw, o.Number, o.Version, "已处理", nil); err != nil {
			t.Fatal(err)
		}
		resolved := o.Number
		c := e.client(t)
		c.signIn("dispatcher", e.creds["dispatcher"])
		q := c.get("/dispatch/callbacks")
		wantStatus(t, q, http.StatusOK, "callbacks")
		wantContains(t, q, "reply check in the queue", `id="reply-check-`+resolved+`"`, "办结答复", `data-flag="short"`, `data-flag="no_time"`)
		page := c.get("/orders/" + resolved)
		wantContains(t, page, "reply check on the order", `id="order-reply-check"`, "办结答复检查")

		// An operator's hand-written answer to a consultation can be proposed.
		op := e.client(t)
		op.signIn("operator", e.creds["operator"])
		number := consoleNumber(t, op.post("/console", url.Values{"idempotency_key": {consoleOpen(t, op)},
			"reporter_name": {"李女士"}, "address": {"北地街道"}, "community_code": {g.CommunityCode},
			"description": {"请问社区老年食堂在哪里，怎么办理就餐卡"}, "category": {"consult.service"},
			"answer": {"社区老年食堂在社区服务中心一楼，持身份证到社区办理就餐卡，60岁以上可享受优惠。"}}))
		op2 := op.get("/orders/" + number)
		wantContains(t, op2, "propose link", `id="order-kb-propose"`)
		if !strings.Contains(op2.Body, "answer="+url.QueryEscape("社区老年食堂在社区服务中心一楼")[:20]) {
			t.Fatalf("the link does not carry the answer\n%s", excerpt(op2.Body))
		}
	})
}
