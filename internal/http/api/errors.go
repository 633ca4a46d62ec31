package api

import (
	"errors"
	"net/http"
	"time"

	"civicgrid/internal/address"
	"civicgrid/internal/auth"
	"civicgrid/internal/errs"
	"civicgrid/internal/geo"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/order"
	"civicgrid/internal/supervision"
)

// statusOf is the one place the API turns a kind of failure into a status.
func statusOf(k errs.Kind) int {
	switch k {
	case errs.Invalid:
		return http.StatusBadRequest
	case errs.NotFound:
		return http.StatusNotFound
	case errs.Conflict, errs.Stale:
		return http.StatusConflict
	case errs.Forbidden:
		return http.StatusForbidden
	case errs.TooMany:
		return http.StatusTooManyRequests
	case errs.Unauthenticated:
		return http.StatusUnauthorized
	case errs.TooLarge:
		return http.StatusRequestEntityTooLarge
	case errs.Unsupported:
		return http.StatusUnsupportedMediaType
	}
	return http.StatusInternalServerError
}

// finerCodes keep the error codes docs/api.md promises where they say more
// than the kind.
var finerCodes = []struct {
	err  error
	code string
}{
	{order.ErrIllegalTransition, "illegal_transition"},
	{supervision.ErrIllegalState, "illegal_transition"},
	{order.ErrIdempotencyConflict, "idempotency_conflict"},
	{auth.ErrLockedOut, "locked_out"},
	{auth.ErrBadCredentials, "bad_credentials"},
}

func codeOf(err error, k errs.Kind) string {
	for _, c := range finerCodes {
		if errors.Is(err, c.err) {
			return c.code
		}
	}
	return k.String()
}

// fail answers a domain error with its kind's status. Unknown errors are
// 500 and logged; their text is not shown to the client, nor is what a
// not-found lookup was after (scope never leaks existence).
func fail(w http.ResponseWriter, r *http.Request, err error) {
	var noMatch *address.NoMatchError
	if errors.As(err, &noMatch) {
		// The closest standard addresses, so the caller can pick one.
		httpx.WriteJSON(w, http.StatusBadRequest, map[string]any{
			"error":      httpx.ErrorDetail{Code: "no_address_match", Message: noMatch.Error()},
			"candidates": toMatchesJSON(noMatch.Candidates)})
		return
	}
	k := errs.KindOf(err)
	msg := err.Error()
	var problems []string
	var geoVal *geo.ValidationError
	if until, ok := errs.RetryAt(err); ok {
		httpx.SetRetryAfter(w, time.Until(until))
	}
	switch {
	case k == errs.Internal:
		httpx.Log(r).Error("api", "method", r.Method, "path", r.URL.Path, "err", err)
		httpx.WriteError(w, http.StatusInternalServerError, "internal", "internal error")
		return
	case k == errs.NotFound:
		msg = "record not found"
	case k == errs.Stale:
		msg = "someone changed this record since you read it; reload and try again — 记录已被他人更新，请刷新后重试"
	case errors.Is(err, auth.ErrBadCredentials):
		msg = "wrong username or password — 用户名或密码错误"
	case errors.Is(err, auth.ErrLockedOut):
		until, _ := errs.RetryAt(err)
		msg = "too many failed sign-ins from your address; try again after " +
			until.In(shanghai).Format("2006-01-02 15:04:05") + " (Asia/Shanghai) — 登录失败次数过多，请稍后再试"
	case errors.Is(err, order.ErrTrackLocked):
		until, _ := errs.RetryAt(err)
		msg = "too many wrong answers for this order; its lookup is locked until " +
			until.In(shanghai).Format("2006-01-02 15:04") + " (Asia/Shanghai) — 该工单查询错误次数过多，已暂时锁定，请稍后再试"
	case errors.As(err, &geoVal):
		msg = geoVal.Error()
		for _, p := range geoVal.Problems {
			problems = append(problems, p.String())
		}
	}
	httpx.WriteError(w, statusOf(k), codeOf(err, k), msg, problems...)
}
