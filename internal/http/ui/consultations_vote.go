package ui

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"civicgrid/internal/consultation"
	"civicgrid/internal/errs"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/project"
	"civicgrid/internal/store"
)

type consultVoteData struct {
	C          consultation.Consultation
	Code       string
	Choice     string
	Options    map[int64]bool
	Suggestion string
	Alert      string
	Done       bool
}

// Wan writes fen as 万元.
func (consultVoteData) Wan(fen int64) string { return project.Wan(fen) }

// consultationVote: the owner's page — the question, the choices and the
// code from the notice. No account; a wrong code counts against the
// caller's address like a failed tracking lookup.
func (u *UI) consultationVote(w http.ResponseWriter, r *http.Request) {
	p := httpx.PrincipalFrom(r.Context())
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		u.notFound(w, r)
		return
	}
	c, err := consultation.ForOwners(r.Context(), u.o.DB, id)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	d := &consultVoteData{C: c, Options: map[int64]bool{}}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		d.Code, d.Choice, d.Suggestion = strings.TrimSpace(r.FormValue("code")), r.FormValue("choice"), r.FormValue("suggestion")
		in := consultation.BallotInput{Choice: d.Choice, Suggestion: d.Suggestion}
		for _, s := range r.Form["option"] {
			if n, err := strconv.ParseInt(s, 10, 64); err == nil {
				in.Options = append(in.Options, n)
				d.Options[n] = true
			}
		}
		if wait := u.o.Throttle.TrackWait(r); wait > 0 {
			err = errs.New(errs.TooMany, "too many wrong codes; try again later — 验证码错误次数过多，请稍后再试")
		} else {
			err = u.o.DB.InTx(r.Context(), func(tx *store.Tx) error {
				_, err := consultation.CastByCode(r.Context(), tx, id, d.Code, in, u.now())
				return err
			})
			if errors.Is(err, consultation.ErrBadCode) {
				u.o.Throttle.TrackMissed(r)
			}
		}
		switch {
		case err == nil:
			d.Done, d.Code = true, ""
		case errs.KindOf(err) == errs.Invalid || errs.KindOf(err) == errs.Conflict || errs.KindOf(err) == errs.TooMany:
			d.Alert, status = consultAlert(w, r, err), http.StatusBadRequest
		default:
			u.fail(w, r, p, err)
			return
		}
	}
	pg := u.newPage(w, r, p, "consult.vote.title")
	pg.D = d
	u.render(w, r, status, "consultations_vote", pg)
}
