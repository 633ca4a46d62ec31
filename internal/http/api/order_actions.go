package api

import (
	"context"
	"net/http"
	"strings"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/order"
)

// actionRequest is the body of every POST /api/v1/orders/{number}/{action}.
// Version is the version read (optimistic locking); the other fields are
// used by the actions that need them.
type actionRequest struct {
	Version     int    `json:"version"`
	WorkingDays int    `json:"working_days"`
	Note        string `json:"note"`
	Reason      string `json:"reason"`
	Answer      string `json:"answer"`
	Rating      string `json:"rating"`
	// Outcome of a callback when it gives no rating: no_answer (未接通) or
	// refused (拒访); a rating may be given here too.
	Outcome string `json:"outcome"`
	Target  *struct {
		Level      string   `json:"level"`
		Code       string   `json:"code"`
		CoHandlers []string `json:"co_handlers"`
	} `json:"target"`
}

type actionFunc func(ctx context.Context, s *order.Service, a order.Actor, number string, in actionRequest) (order.Order, error)

// evidence holds the photos of a multipart resolve; nil otherwise.
type evidenceKey struct{}

func target(in actionRequest) order.Target {
	if in.Target == nil {
		return order.Target{}
	}
	return order.Target{Level: in.Target.Level, Code: in.Target.Code, CoHandlers: in.Target.CoHandlers}
}

// orderActions maps the path's action name to the service call. Each
// checks role, scope, state and version on the server.
var orderActions = map[string]actionFunc{
	"accept": func(ctx context.Context, s *order.Service, a order.Actor, n string, in actionRequest) (order.Order, error) {
		return s.Accept(ctx, a, n, in.Version, in.Note)
	},
	"dispatch": func(ctx context.Context, s *order.Service, a order.Actor, n string, in actionRequest) (order.Order, error) {
		return s.Dispatch(ctx, a, n, in.Version, target(in), in.Note)
	},
	"redispatch": func(ctx context.Context, s *order.Service, a order.Actor, n string, in actionRequest) (order.Order, error) {
		return s.Redispatch(ctx, a, n, in.Version, target(in), in.Reason)
	},
	"sign": func(ctx context.Context, s *order.Service, a order.Actor, n string, in actionRequest) (order.Order, error) {
		return s.Sign(ctx, a, n, in.Version)
	},
	"reply": func(ctx context.Context, s *order.Service, a order.Actor, n string, in actionRequest) (order.Order, error) {
		return s.Reply(ctx, a, n, in.Version, in.Note)
	},
	"return": func(ctx context.Context, s *order.Service, a order.Actor, n string, in actionRequest) (order.Order, error) {
		return s.Return(ctx, a, n, in.Version, in.Reason)
	},
	"escalate": func(ctx context.Context, s *order.Service, a order.Actor, n string, in actionRequest) (order.Order, error) {
		return s.Escalate(ctx, a, n, in.Version, in.Reason)
	},
	"resolve": func(ctx context.Context, s *order.Service, a order.Actor, n string, in actionRequest) (order.Order, error) {
		photos, _ := ctx.Value(evidenceKey{}).([]order.Photo)
		return s.Resolve(ctx, a, n, in.Version, in.Note, photos)
	},
	"callback": func(ctx context.Context, s *order.Service, a order.Actor, n string, in actionRequest) (order.Order, error) {
		outcome := order.CallbackOutcome(in.Outcome)
		if outcome == "" {
			outcome = order.CallbackOutcome(in.Rating)
		}
		return s.RecordCallback(ctx, a, n, in.Version, outcome, in.Note)
	},
	"reopen": func(ctx context.Context, s *order.Service, a order.Actor, n string, in actionRequest) (order.Order, error) {
		return s.Reopen(ctx, a, n, in.Version, in.Reason)
	},
	"cancel": func(ctx context.Context, s *order.Service, a order.Actor, n string, in actionRequest) (order.Order, error) {
		return s.Cancel(ctx, a, n, in.Version, in.Reason)
	},
	"return_upstream": func(ctx context.Context, s *order.Service, a order.Actor, n string, in actionRequest) (order.Order, error) {
		return s.ReturnUpstream(ctx, a, n, in.Version, in.Reason)
	},
	"answer": func(ctx context.Context, s *order.Service, a order.Actor, n string, in actionRequest) (order.Order, error) {
		return s.Answer(ctx, a, n, in.Version, in.Answer)
	},
	"co_sign": func(ctx context.Context, s *order.Service, a order.Actor, n string, in actionRequest) (order.Order, error) {
		return s.CoSign(ctx, a, n, in.Version)
	},
	"co_reply": func(ctx context.Context, s *order.Service, a order.Actor, n string, in actionRequest) (order.Order, error) {
		return s.CoReply(ctx, a, n, in.Version, in.Note)
	},
	"extension_request": func(ctx context.Context, s *order.Service, a order.Actor, n string, in actionRequest) (order.Order, error) {
		return s.RequestExtension(ctx, a, n, in.Version, in.WorkingDays, in.Reason)
	},
	"extension_approve": func(ctx context.Context, s *order.Service, a order.Actor, n string, in actionRequest) (order.Order, error) {
		return s.ApproveExtension(ctx, a, n, in.Version, in.Note)
	},
	"extension_reject": func(ctx context.Context, s *order.Service, a order.Actor, n string, in actionRequest) (order.Order, error) {
		return s.RejectExtension(ctx, a, n, in.Version, in.Reason)
	},
	"suspension_request": func(ctx context.Context, s *order.Service, a order.Actor, n string, in actionRequest) (order.Order, error) {
		return s.RequestSuspension(ctx, a, n, in.Version, in.Reason)
	},
	"suspension_approve": func(ctx context.Context, s *order.Service, a order.Actor, n string, in actionRequest) (order.Order, error) {
		return s.ApproveSuspension(ctx, a, n, in.Version, in.Note)
	},
	"suspension_reject": func(ctx context.Context, s *order.Service, a order.Actor, n string, in actionRequest) (order.Order, error) {
		return s.RejectSuspension(ctx, a, n, in.Version, in.Reason)
	},
	"resume": func(ctx context.Context, s *order.Service, a order.Actor, n string, in actionRequest) (order.Order, error) {
		return s.Resume(ctx, a, n, in.Version, in.Note)
	},
}

// orderAction runs one lifecycle step.
func (a *API) orderAction(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	name := r.PathValue("action")
	fn, ok := orderActions[name]
	if !ok {
		httpx.WriteError(w, http.StatusNotFound, "not_found", "no such action: "+name)
		return
	}
	var in actionRequest
	ctx := r.Context()
	if name == "resolve" && strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		// Evidence photos: the JSON in the field "action", photos in "photo".
		photos, ok := readMultipart(w, r, "action", &in)
		if !ok {
			return
		}
		defer closePhotos(photos)
		defer r.MultipartForm.RemoveAll()
		ctx = context.WithValue(ctx, evidenceKey{}, photos)
	} else if err := httpx.DecodeJSON(r, &in); err != nil {
		httpx.WriteBodyError(w, err)
		return
	}
	if in.Version < 1 {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", "version is required: the version of the order you read")
		return
	}
	o, err := fn(ctx, a.Orders, actorFor(r), r.PathValue("number"), in)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, toOrderJSON(o))
}
