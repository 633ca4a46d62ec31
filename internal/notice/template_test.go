package notice

import (
	"errors"
	"strings"
	"testing"
)

func TestTemplatesChecked(t *testing.T) {
	good := DefaultTemplates("【明山区12345】")
	if err := good.Check(); err != nil {
		t.Fatalf("the shipped templates: %v", err)
	}
	if good.Sign != "明山区12345" {
		t.Errorf("sign %q, want the brackets trimmed", good.Sign)
	}
	vars := map[string]string{VarNumber: "202611230001", VarMatter: "噪声扰民", VarLink: "https://12345.example.cn/track?number=202611230001"}
	text := good.Text(EventAccepted, vars)
	if !strings.HasPrefix(text, "【明山区12345】您反映的噪声扰民已受理，工单号202611230001") || strings.Contains(text, "${") {
		t.Errorf("rendered %q", text)
	}
	code := good.Text(EventConsultationCode, map[string]string{VarEstate: "民建小区", VarStage: "改不改", VarCode: "ABCDEFGH23",
		VarClose: "4月15日10:00", VarLink: "https://12345.example.cn/public/consultations/7/vote"})
	if code != "【明山区12345】民建小区改造征询（改不改）：您家的投票验证码ABCDEFGH23，仅本户使用一次，请于4月15日10:00前在https://12345.example.cn/public/consultations/7/vote投票。回T退订" {
		t.Errorf("code message %q", code)
	}
	optional := DefaultTemplates("明山区12345")
	delete(optional.Events, EventConsultationCode)
	if err := optional.Check(); err != nil || optional.Has(EventConsultationCode) {
		t.Errorf("templates without the optional code message: %v", err)
	}
	acc := good.Events[EventAccepted]
	if p := acc.params(vars); len(p) != 3 || p[0] != "噪声扰民" || p[1] != "202611230001" {
		t.Errorf("ordered params %q, want matter, number, link", p)
	}
	if n := acc.named(vars); len(n) != 3 || n[VarLink] != vars[VarLink] {
		t.Errorf("named params %v", n)
	}

	bad := func(name string, mutate func(*Templates), want string) {
		t.Helper()
		ts := DefaultTemplates("明山区12345")
		mutate(&ts)
		err := ts.Check()
		if !errors.Is(err, ErrTemplate) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want ErrTemplate saying %q", name, err, want)
		}
	}
	bad("missing number", func(ts *Templates) {
		ts.Events[EventResolved] = Template{Text: "您的诉求已办结，请在${link}评价"}
	}, "resolved: missing variable ${number}")
	bad("missing link", func(ts *Templates) { ts.Events[EventAccepted] = Template{Text: "工单${number}已受理"} },
		"accepted: missing variable ${link}")
	bad("unknown variable", func(ts *Templates) {
		ts.Events[EventReplied] = Template{Text: "工单${number}答复：${reply} ${link}"}
	}, "unknown variable ${reply}")
	bad("unclosed", func(ts *Templates) { ts.Events[EventReplied] = Template{Text: "工单${number} ${link"} }, "unclosed")
	bad("no template", func(ts *Templates) { delete(ts.Events, EventReplied) }, "replied: no template")
	bad("unknown event", func(ts *Templates) { ts.Events["closed"] = Template{Text: "${number}${link}"} }, `unknown event "closed"`)
	bad("code without its close", func(ts *Templates) {
		ts.Events[EventConsultationCode] = Template{Text: "${estate}征询（${stage}）验证码${code}，投票：${link}"}
	}, "consultation_code: missing variable ${close}")
	bad("code naming an order variable", func(ts *Templates) {
		ts.Events[EventConsultationCode] = Template{Text: "${estate}${stage}${code}${close}${link}${number}"}
	}, "consultation_code: unknown variable ${number}")
	bad("order naming the code", func(ts *Templates) {
		ts.Events[EventAccepted] = Template{Text: "工单${number}已受理${link}，验证码${code}"}
	}, "accepted: unknown variable ${code}")
	bad("sign too short", func(ts *Templates) { ts.Sign = "区" }, "sign")
	bad("too long", func(ts *Templates) {
		ts.Events[EventReplied] = Template{Text: "${number}${link}" + strings.Repeat("长", 200)}
	}, "longer than")
}
