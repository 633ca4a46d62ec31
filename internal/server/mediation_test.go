package server_test

import (
	"fmt"
	"strings"
	"testing"

	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

type mediationReply struct {
	Case struct {
		ID          int64    `json:"id"`
		Level       string   `json:"level"`
		Status      string   `json:"status"`
		DisputeType string   `json:"dispute_type"`
		OrderNumber string   `json:"order_number"`
		Version     int      `json:"version"`
		Actions     []string `json:"actions"`
		Parties     []struct {
			Name   string `json:"name"`
			Masked bool   `json:"masked"`
		} `json:"parties"`
	} `json:"case"`
	OrderStep string `json:"order_step"`
}

// TestMediationOverHTTP: a dispute order opens a case in one step; a case
// closed without an outcome is refused with a message a person can act on
// and changes nothing; other streets see nothing; the leader reads the
// 调解成功率.
func TestMediationOverHTTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		st, _, b := e.post(t, "operator", "/api/v1/orders", `{"channel":"hotline","category":"neighbour.dispute","description":"楼上装修噪音扰民，多次沟通无果","lng":123.8006,"lat":41.3006}`, nil)
		wantStatus(t, st, 201, "dispute order", b)
		number := decode[map[string]any](t, b)["number"].(string)

		st, b = e.do(t, "community", "POST", "/api/v1/mediation/cases", `{"order_number":"`+number+`","mediator":"李桂兰","parties":[{"side":"applicant","name":"张三","phone":"13812345678"}]}`)
		wantStatus(t, st, 201, "case from order", b)
		c := decode[mediationReply](t, b).Case
		if c.OrderNumber != number || c.DisputeType != "neighbour" || c.Level != "community" || len(c.Parties) != 1 || !c.Parties[0].Masked || c.Parties[0].Name == "张三" {
			t.Fatalf("case %s", b)
		}
		if strings.Join(c.Actions, ",") != "party,session,escalate,close,reveal" {
			t.Errorf("actions %v", c.Actions)
		}
		st, b = e.do(t, "community", "POST", "/api/v1/mediation/cases", `{"order_number":"`+number+`"}`)
		wantStatus(t, st, 409, "second case for the order", b)

		path := fmt.Sprintf("/api/v1/mediation/cases/%d", c.ID)
		st, b = e.do(t, "community", "POST", path+"/close", fmt.Sprintf(`{"version":%d}`, c.Version))
		wantStatus(t, st, 400, "close without outcome", b)
		if !strings.Contains(string(b), "结案须选择调解结果") {
			t.Errorf("message %s", b)
		}
		st, b = e.do(t, "otherstreet", "GET", path, "")
		wantStatus(t, st, 404, "other street", b)
		st, b = e.do(t, "grid", "GET", "/api/v1/mediation/cases", "")
		wantStatus(t, st, 403, "grid worker's list", b)

		st, b = e.do(t, "community", "POST", path+"/sessions", `{"place":"社区调解室","note":"双方到场，约定施工时间"}`)
		wantStatus(t, st, 200, "session", b)
		st, b = e.do(t, "community", "POST", path+"/close", `{"outcome":"success","agreement":"装修限于工作日8:00至18:00，双方签字确认"}`)
		wantStatus(t, st, 200, "close", b)
		if r := decode[mediationReply](t, b); r.Case.Status != "closed" || r.OrderStep == "" {
			t.Fatalf("closed %s", b)
		}
		st, b = e.do(t, "leader", "GET", "/api/v1/mediation/measures", "")
		wantStatus(t, st, 200, "measures", b)
		if m := decode[map[string]any](t, b); m["concluded"] != 1.0 || m["success_rate"] != 1.0 {
			t.Fatalf("measures %s", b)
		}
	})
}
