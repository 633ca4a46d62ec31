package notify

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"civicgrid/internal/order"
	"civicgrid/internal/sweep"
)

// topicLabels name the topics people get mail about.
var topicLabels = map[string]string{
	"order." + string(sweep.ActionReplyWarning):    "暂时性答复即将到期 reply due soon",
	"order." + string(sweep.ActionReplyOverdue):    "暂时性答复已超期 reply overdue",
	"order." + string(sweep.ActionResolveWarning):  "办理即将到期 resolution due soon",
	"order." + string(sweep.ActionResolveOverdue):  "办理已超期 resolution overdue",
	"order." + string(sweep.ActionSupervisionFlag): "超期转督办 flagged for supervision",
	"order." + string(order.ActionEscalate):        "工单上报 escalated",
	"order." + string(order.ActionCreate):          "新工单 new order",
	"order." + string(order.ActionDispatch):        "派遣 dispatched",
	"order." + string(order.ActionReturn):          "退单 returned",
	"order." + string(order.ActionResolve):         "办结 resolved",
	"order." + string(order.ActionReopen):          "重办 reopened",
}

// Message is an event as text for people.
type Message struct {
	Subject string
	Body    string
}

// payload reads an outbox payload; sweeper payloads add the deadline.
func payload(e order.OutboxEvent) (sweep.Payload, error) {
	var p sweep.Payload
	if err := json.Unmarshal(e.Payload, &p); err != nil {
		return p, fmt.Errorf("notify: outbox event %d: payload: %w", e.ID, err)
	}
	return p, nil
}

// Describe renders e for people, times in zone.
func Describe(e order.OutboxEvent, zone *time.Location) (Message, error) {
	p, err := payload(e)
	if err != nil {
		return Message{}, err
	}
	label := topicLabels[e.Topic]
	if label == "" {
		label = e.Topic
	}
	stamp := func(t time.Time) string { return t.In(zone).Format("2006-01-02 15:04 (UTC-07:00)") }
	var b strings.Builder
	fmt.Fprintf(&b, "工单 Order: %s\n", p.Number)
	fmt.Fprintf(&b, "事件 Event: %s (%s)\n", label, e.Topic)
	fmt.Fprintf(&b, "时间 At: %s\n", stamp(e.At))
	if p.From != "" && p.From != p.To {
		fmt.Fprintf(&b, "状态 Status: %s → %s\n", p.From.Label(), p.To.Label())
	} else {
		fmt.Fprintf(&b, "状态 Status: %s\n", p.To.Label())
	}
	handler := p.Level
	if p.Handler != "" {
		handler += " " + p.Handler
	}
	fmt.Fprintf(&b, "承办 Handler: %s\n", handler)
	if !p.DueAt.IsZero() {
		fmt.Fprintf(&b, "期限 Due: %s\n", stamp(p.DueAt))
	}
	fmt.Fprintf(&b, "编号 Reference: outbox %d, timeline #%d\n", e.ID, p.Seq)
	return Message{Subject: fmt.Sprintf("[civicgrid] 工单 %s %s", p.Number, label), Body: b.String()}, nil
}
