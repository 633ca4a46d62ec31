package notice

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"civicgrid/internal/errs"
)

// Event is a step of an order a resident hears about.
type Event string

const (
	// EventAccepted: the order was accepted (受理), with its number and
	// the tracking link.
	EventAccepted Event = "accepted"
	// EventReplied: the handler gave the first answer (暂时性答复).
	EventReplied Event = "replied"
	// EventResolved: the order was resolved (办结), with the link to rate
	// it; the centre's callback (回访) follows.
	EventResolved Event = "resolved"
	// EventCallback: the centre's callback (回访) did not reach the
	// resident the first time; it says the centre will call again, so
	// the next call is picked up. Optional: without its template it is
	// not sent.
	EventCallback Event = "callback"
)

// EventConsultationCode: an owner's one-time code for a 征询 ballot
// (internal/consultation), naming the 小区, the stage, the code, its
// last day and the voting page. Its template is optional: without one
// the codes are printed.
const EventConsultationCode Event = "consultation_code"

// Events are the events every configuration gives a template, in the
// order a resident meets them.
var Events = []Event{EventAccepted, EventReplied, EventResolved}

// OptionalEvents may go without a template (configurations written before
// they existed stay valid): without one they are not sent. One given is
// checked like the rest.
var OptionalEvents = []Event{EventCallback, EventConsultationCode}

// The variables a template may use. matter names the matter (the
// category), except on a 保密 order, where it is the neutral 诉求.
// A consultation code's template uses estate (the 小区), stage (改不改,
// 改什么 or 怎么改), code, close (its last day) and link (the voting page).
const (
	VarNumber = "number"
	VarMatter = "matter"
	VarLink   = "link"
	VarEstate = "estate"
	VarStage  = "stage"
	VarCode   = "code"
	VarClose  = "close"
)

// knownVars are the variables each event's template may use.
var knownVars = map[Event][]string{
	EventAccepted:         {VarNumber, VarMatter, VarLink},
	EventReplied:          {VarNumber, VarMatter, VarLink},
	EventResolved:         {VarNumber, VarMatter, VarLink},
	EventCallback:         {VarNumber, VarMatter, VarLink},
	EventConsultationCode: {VarEstate, VarStage, VarCode, VarClose, VarLink},
}

// required are the variables each event's template must carry: a
// notice without the number or the link it exists for is no notice, a
// code message without any of its five is no use to the owner.
var required = map[Event][]string{
	EventAccepted:         {VarNumber, VarLink},
	EventReplied:          {VarNumber, VarLink},
	EventResolved:         {VarNumber, VarLink},
	EventCallback:         {VarNumber},
	EventConsultationCode: {VarEstate, VarStage, VarCode, VarClose, VarLink},
}

// ErrTemplate: a template is missing, names an unknown variable, lacks one
// its event needs, or the sign is malformed. Configuration refuses it.
var ErrTemplate = errs.New(errs.Invalid, "notice: bad template")

// Template is one event's message as registered with the SMS provider.
type Template struct {
	// Code is the provider's template id (Alibaba Cloud SMS_123456789,
	// Tencent Cloud 1234567); the generic adapter passes it on.
	Code string `json:"code"`
	// Text is the body as registered, variables as ${name}: the sign is
	// not part of it (providers add it).
	Text string `json:"text"`

	vars []string // in order of first appearance
}

var varPattern = regexp.MustCompile(`\$\{([^}]*)\}`)

// maxSMSRunes bounds one message: providers split longer ones and charge
// per part; a notice never needs more than three parts (3 × 67).
const maxSMSRunes = 201

// check parses t's variables and refuses a template that lacks one its
// event requires or names one unknown.
func (t *Template) check(ev Event) error {
	if strings.TrimSpace(t.Text) == "" {
		return fmt.Errorf("%w: %s: no text", ErrTemplate, ev)
	}
	if utf8.RuneCountInString(t.Text) > maxSMSRunes {
		return fmt.Errorf("%w: %s: text longer than %d characters", ErrTemplate, ev, maxSMSRunes)
	}
	t.vars = nil
	for _, m := range varPattern.FindAllStringSubmatch(t.Text, -1) {
		name := m[1]
		if !slices.Contains(knownVars[ev], name) {
			return fmt.Errorf("%w: %s: unknown variable ${%s} (known: %s)", ErrTemplate, ev, name, strings.Join(knownVars[ev], ", "))
		}
		if !slices.Contains(t.vars, name) {
			t.vars = append(t.vars, name)
		}
	}
	if strings.Contains(varPattern.ReplaceAllString(t.Text, ""), "${") {
		return fmt.Errorf("%w: %s: unclosed ${", ErrTemplate, ev)
	}
	for _, need := range required[ev] {
		if !slices.Contains(t.vars, need) {
			return fmt.Errorf("%w: %s: missing variable ${%s}", ErrTemplate, ev, need)
		}
	}
	return nil
}

// render fills the variables.
func (t Template) render(vars map[string]string) string {
	return varPattern.ReplaceAllStringFunc(t.Text, func(m string) string { return vars[m[2:len(m)-1]] })
}

// params are the values in order of first appearance (Tencent Cloud's
// TemplateParamSet fills {1}, {2} … in that order).
func (t Template) params(vars map[string]string) []string {
	out := make([]string, len(t.vars))
	for i, name := range t.vars {
		out[i] = vars[name]
	}
	return out
}

// named are the values by name (Alibaba Cloud's TemplateParam).
func (t Template) named(vars map[string]string) map[string]string {
	out := make(map[string]string, len(t.vars))
	for _, name := range t.vars {
		out[name] = vars[name]
	}
	return out
}

// Templates are the messages of every event, with the sign.
type Templates struct {
	// Sign is the SMS signature (签名) registered with the provider,
	// without brackets: 明山区12345 is shown as 【明山区12345】.
	Sign   string             `json:"sign"`
	Events map[Event]Template `json:"templates"`
}

// Check refuses a sign or a set of templates the providers would refuse
// or that could not say what its event needs.
func (ts *Templates) Check() error {
	sign := strings.Trim(strings.TrimSpace(ts.Sign), "【】")
	if n := utf8.RuneCountInString(sign); n < 2 || n > 12 || strings.ContainsAny(sign, "【】[]\n") {
		return fmt.Errorf("%w: sign %q: want 2 to 12 characters, e.g. 明山区12345", ErrTemplate, ts.Sign)
	}
	ts.Sign = sign
	var problems []error
	for _, ev := range Events {
		t, ok := ts.Events[ev]
		if !ok {
			problems = append(problems, fmt.Errorf("%w: %s: no template", ErrTemplate, ev))
			continue
		}
		if err := t.check(ev); err != nil {
			problems = append(problems, err)
			continue
		}
		ts.Events[ev] = t
	}
	for _, ev := range OptionalEvents {
		if t, ok := ts.Events[ev]; ok {
			if err := t.check(ev); err != nil {
				problems = append(problems, err)
				continue
			}
			ts.Events[ev] = t
		}
	}
	for ev := range ts.Events {
		if !slices.Contains(Events, ev) && !slices.Contains(OptionalEvents, ev) {
			problems = append(problems, fmt.Errorf("%w: unknown event %q", ErrTemplate, ev))
		}
	}
	return errors.Join(problems...)
}

// Text is what the resident reads: the sign in 【】 and the body.
func (ts Templates) Text(ev Event, vars map[string]string) string {
	return "【" + ts.Sign + "】" + ts.Events[ev].render(vars)
}

// DefaultTemplates are the bodies civicgrid ships (codes empty: the
// generic adapter and e-mail need none; a provider needs its own codes).
func DefaultTemplates(sign string) Templates {
	return Templates{Sign: sign, Events: map[Event]Template{
		EventAccepted:         {Text: "您反映的${matter}已受理，工单号${number}，可在${link}查询办理进度。回T退订"},
		EventReplied:          {Text: "您的工单${number}已有办理单位答复，详情见${link}。回T退订"},
		EventResolved:         {Text: "您的工单${number}已办结，请在${link}评价办理结果，工作人员也将电话回访。回T退订"},
		EventCallback:         {Text: "您的工单${number}已办结，12345回访电话未能接通，我们将再次来电，请留意接听。回T退订"},
		EventConsultationCode: {Text: "${estate}改造征询（${stage}）：您家的投票验证码${code}，仅本户使用一次，请于${close}前在${link}投票。回T退订"},
	}}
}

// Has says whether an event has a template.
func (ts Templates) Has(ev Event) bool {
	_, ok := ts.Events[ev]
	return ok
}
