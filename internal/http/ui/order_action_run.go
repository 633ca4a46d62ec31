package ui

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"civicgrid/internal/category"
	"civicgrid/internal/order"
)

// actionInput is a posted action form, read.
type actionInput struct {
	Version int
	Values  url.Values
	Photos  []order.Photo
	u       *UI
	r       *http.Request
}

func (in actionInput) get(name string) string { return strings.TrimSpace(in.Values.Get(name)) }

// actionFieldError is a form value the page could not even read (a
// number that is not one); Key is its message.
type actionFieldError struct{ Field, Key string }

func (e *actionFieldError) Error() string { return "ui: form field " + e.Field + ": " + e.Key }

func parseVersion(s string) (int, error) {
	v, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || v < 1 {
		// A form without the version it was drawn from cannot be checked
		// against the order: treat it as stale.
		return 0, order.ErrStaleVersion
	}
	return v, nil
}

// target reads the dispatch target: the department select and the
// co-handler boxes belong to the department level only.
func (in actionInput) target() order.Target {
	t := order.Target{Level: in.get("level")}
	if t.Level == category.LevelDepartment {
		t.Code = in.get("code")
		for _, c := range in.Values["co"] {
			if c = strings.TrimSpace(c); c != "" {
				t.CoHandlers = append(t.CoHandlers, c)
			}
		}
	}
	return t
}

type actionRun func(in actionInput, a order.Actor, number string) error

// orderRuns maps the path's action to the engine call, translating the
// form's fields; the engine checks role, scope, state and version.
var orderRuns = map[string]actionRun{
	"accept": func(in actionInput, a order.Actor, n string) error {
		return done(in.u.o.Orders.Accept(in.r.Context(), a, n, in.Version, in.get("note")))
	},
	"dispatch": func(in actionInput, a order.Actor, n string) error {
		return done(in.u.o.Orders.Dispatch(in.r.Context(), a, n, in.Version, in.target(), in.get("note")))
	},
	"redispatch": func(in actionInput, a order.Actor, n string) error {
		return done(in.u.o.Orders.Redispatch(in.r.Context(), a, n, in.Version, in.target(), in.get("reason")))
	},
	"sign": func(in actionInput, a order.Actor, n string) error {
		return done(in.u.o.Orders.Sign(in.r.Context(), a, n, in.Version))
	},
	"reply": func(in actionInput, a order.Actor, n string) error {
		return done(in.u.o.Orders.Reply(in.r.Context(), a, n, in.Version, in.get("note")))
	},
	"return": func(in actionInput, a order.Actor, n string) error {
		return done(in.u.o.Orders.Return(in.r.Context(), a, n, in.Version, in.get("reason")))
	},
	"escalate": func(in actionInput, a order.Actor, n string) error {
		return done(in.u.o.Orders.Escalate(in.r.Context(), a, n, in.Version, in.get("reason")))
	},
	"resolve": func(in actionInput, a order.Actor, n string) error {
		return done(in.u.o.Orders.Resolve(in.r.Context(), a, n, in.Version, in.get("note"), in.Photos))
	},
	"callback": func(in actionInput, a order.Actor, n string) error {
		return done(in.u.o.Orders.RecordCallback(in.r.Context(), a, n, in.Version, order.CallbackOutcome(in.get("rating")), in.get("note")))
	},
	"reopen": func(in actionInput, a order.Actor, n string) error {
		return done(in.u.o.Orders.Reopen(in.r.Context(), a, n, in.Version, in.get("reason")))
	},
	"cancel": func(in actionInput, a order.Actor, n string) error {
		return done(in.u.o.Orders.Cancel(in.r.Context(), a, n, in.Version, in.get("reason")))
	},
	"return_upstream": func(in actionInput, a order.Actor, n string) error {
		return done(in.u.o.Orders.ReturnUpstream(in.r.Context(), a, n, in.Version, in.get("reason")))
	},
	"answer": func(in actionInput, a order.Actor, n string) error {
		answer := in.get("note")
		if answer == "" {
			answer = in.get("answer")
		}
		return done(in.u.o.Orders.Answer(in.r.Context(), a, n, in.Version, answer))
	},
	"co_sign": func(in actionInput, a order.Actor, n string) error {
		return done(in.u.o.Orders.CoSign(in.r.Context(), a, n, in.Version))
	},
	"co_reply": func(in actionInput, a order.Actor, n string) error {
		return done(in.u.o.Orders.CoReply(in.r.Context(), a, n, in.Version, in.get("note")))
	},
	"summon":    runSummon,
	"report_in": runReportIn,
	"extension_request": func(in actionInput, a order.Actor, n string) error {
		days, err := strconv.Atoi(in.get("working_days"))
		if err != nil {
			return &actionFieldError{Field: "working_days", Key: "order.field.working_days"}
		}
		return done(in.u.o.Orders.RequestExtension(in.r.Context(), a, n, in.Version, days, in.get("reason")))
	},
	"extension_approve": func(in actionInput, a order.Actor, n string) error {
		return done(in.u.o.Orders.ApproveExtension(in.r.Context(), a, n, in.Version, in.get("note")))
	},
	"extension_reject": func(in actionInput, a order.Actor, n string) error {
		return done(in.u.o.Orders.RejectExtension(in.r.Context(), a, n, in.Version, in.get("reason")))
	},
	"suspension_request": func(in actionInput, a order.Actor, n string) error {
		return done(in.u.o.Orders.RequestSuspension(in.r.Context(), a, n, in.Version, in.get("reason")))
	},
	"suspension_approve": func(in actionInput, a order.Actor, n string) error {
		return done(in.u.o.Orders.ApproveSuspension(in.r.Context(), a, n, in.Version, in.get("note")))
	},
	"suspension_reject": func(in actionInput, a order.Actor, n string) error {
		return done(in.u.o.Orders.RejectSuspension(in.r.Context(), a, n, in.Version, in.get("reason")))
	},
	"resume": func(in actionInput, a order.Actor, n string) error {
		return done(in.u.o.Orders.Resume(in.r.Context(), a, n, in.Version, in.get("note")))
	},
	"merge": runMerge,
}

func done(_ order.Order, err error) error { return err }

// runSummon blows the whistle: departments in "co", a note, and within
// hours to report in (empty: the policy's default).
func runSummon(in actionInput, a order.Actor, n string) error {
	s := order.SummonsInput{Note: in.get("note")}
	for _, c := range append(in.Values["co"], in.Values["departments"]...) {
		if c = strings.TrimSpace(c); c != "" {
			s.Departments = append(s.Departments, c)
		}
	}
	if w := in.get("within"); w != "" {
		hours, err := strconv.Atoi(w)
		if err != nil || hours < 1 {
			return &actionFieldError{Field: "within", Key: "order.field.within"}
		}
		s.ReportBy = in.u.now().Add(time.Duration(hours) * time.Hour)
	}
	_, _, err := in.u.o.Orders.Summon(in.r.Context(), a, n, in.Version, s)
	return err
}

// runReportIn is a summoned department's 报到 on a summons of this order.
func runReportIn(in actionInput, a order.Actor, n string) error {
	id, err := strconv.ParseInt(in.get("summons"), 10, 64)
	if err != nil {
		return &actionFieldError{Field: "summons", Key: "order.field.summons"}
	}
	ctx := in.r.Context()
	s, err := in.u.o.Orders.GetSummons(ctx, a, id)
	if err != nil || s.Number != n {
		return &actionFieldError{Field: "summons", Key: "order.field.summons"}
	}
	_, err = in.u.o.Orders.ReportIn(ctx, a, id, in.get("note"))
	return err
}

// runMerge joins this order (the duplicate) into the master named in the
// form, at the master's current version.
func runMerge(in actionInput, a order.Actor, n string) error {
	ctx := in.r.Context()
	master := in.get("master")
	if master == "" {
		return &actionFieldError{Field: "master", Key: "order.field.master"}
	}
	m, err := in.u.o.Orders.Get(ctx, a, master)
	if err != nil {
		return &actionFieldError{Field: "master", Key: "order.merge.unknown"}
	}
	return done(in.u.o.Orders.Merge(ctx, a, master, m.Version, n, in.Version, in.get("note")))
}
