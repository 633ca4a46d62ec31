package api

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"civicgrid/internal/consultation"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/store"
)

// Ballots, owners' codes and suggestions of a consultation.

type ballotJSON struct {
	ID         int64   `json:"id"`
	House      int64   `json:"house"`
	Choice     string  `json:"choice"`
	Options    []int64 `json:"options,omitempty"`
	Suggestion string  `json:"suggestion,omitempty"`
	Channel    string  `json:"channel"`
	Photo      string  `json:"photo,omitempty"`
	Version    int     `json:"version"`
}

func toBallotJSON(b consultation.Ballot) ballotJSON {
	return ballotJSON{ID: b.ID, House: b.HouseID, Choice: b.Choice, Options: b.Options, Suggestion: b.Suggestion, Channel: b.Channel,
		Photo: b.PhotoSHA256, Version: b.Version}
}

func parseOptions(s string) ([]int64, error) {
	var out []int64
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

// deskBallot records (POST) or changes (PUT …/ballots/{house}) a paper
// ballot: multipart/form-data with house, choice or options, suggestion
// and photo (the signed sheet).
func (a *API) deskBallot(change bool) func(http.ResponseWriter, *http.Request, *httpx.Principal) {
	return func(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
		id, ok := pathID(w, r)
		if !ok {
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, consultation.MaxPhotoBytes+1<<20)
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			httpx.WriteError(w, http.StatusBadRequest, "invalid", "send multipart/form-data with house, choice or options, suggestion and photo — 请用表单提交")
			return
		}
		houseText := r.FormValue("house")
		if change {
			houseText = r.PathValue("house")
		}
		house, err := strconv.ParseInt(houseText, 10, 64)
		if err != nil {
			httpx.WriteError(w, http.StatusBadRequest, "invalid", "house must be a house id — 房屋编号不对")
			return
		}
		opts, err := parseOptions(r.FormValue("options"))
		if err != nil {
			httpx.WriteError(w, http.StatusBadRequest, "invalid", "options are option ids separated by commas — 选项编号不对")
			return
		}
		in := consultation.BallotInput{HouseID: house, Choice: r.FormValue("choice"), Options: opts, Suggestion: r.FormValue("suggestion")}
		if f, _, err := r.FormFile("photo"); err == nil {
			in.Photo, err = io.ReadAll(io.LimitReader(f, consultation.MaxPhotoBytes+1))
			f.Close()
			if err != nil {
				httpx.WriteError(w, http.StatusBadRequest, "invalid", "could not read the photo")
				return
			}
		}
		cast := consultation.CastAtDesk
		status := http.StatusCreated
		if change {
			cast, status = consultation.ChangeAtDesk, http.StatusOK
		}
		var b consultation.Ballot
		err = a.DB.InTx(r.Context(), func(tx *store.Tx) error {
			var err error
			b, err = cast(r.Context(), tx, a.editorOf(r, p), a.Uploads, id, in, a.now())
			return err
		})
		if err != nil {
			fail(w, r, err)
			return
		}
		httpx.WriteJSON(w, status, map[string]any{"ballot": toBallotJSON(b)})
	}
}

// ballotPaper: an open consultation's question and options, for the
// owners who vote with a code (no figures, no houses).
func (a *API) ballotPaper(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	c, err := consultation.ForOwners(r.Context(), a.DB, id)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, toConsultationJSON(c))
}

// voteByCode: the owner's own vote with the one-time code (JSON: code,
// choice or options, suggestion). A wrong code counts against the
// caller's address like a failed tracking lookup.
func (a *API) voteByCode(w http.ResponseWriter, r *http.Request) {
	if wait := a.Throttle.TrackWait(r); wait > 0 {
		httpx.WriteTooMany(w, wait, "failed lookups")
		return
	}
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req struct {
		Code       string  `json:"code"`
		Choice     string  `json:"choice"`
		Options    []int64 `json:"options"`
		Suggestion string  `json:"suggestion"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	var b consultation.Ballot
	err := a.DB.InTx(r.Context(), func(tx *store.Tx) error {
		var err error
		b, err = consultation.CastByCode(r.Context(), tx, id, req.Code, consultation.BallotInput{Choice: req.Choice, Options: req.Options, Suggestion: req.Suggestion}, a.now())
		return err
	})
	if err != nil {
		if errors.Is(err, consultation.ErrBadCode) {
			a.Throttle.TrackMissed(r)
		}
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"ballot": map[string]any{"choice": b.Choice, "options": b.Options, "version": b.Version}})
}

func (a *API) listSuggestions(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	ss, err := consultation.Suggestions(r.Context(), a.DB, a.editorOf(r, p), id)
	if err != nil {
		fail(w, r, err)
		return
	}
	type suggestionJSON struct {
		Ballot   int64  `json:"ballot"`
		Text     string `json:"text"`
		WorkItem string `json:"work_item,omitempty"`
		OrderID  int64  `json:"order_id,omitempty"`
	}
	out := make([]suggestionJSON, 0, len(ss))
	for _, s := range ss {
		out = append(out, suggestionJSON{Ballot: s.BallotID, Text: s.Text, WorkItem: s.WorkItemName, OrderID: s.OrderID})
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"suggestions": out})
}

// adoptSuggestion: {"work_item": id} adds a catalogue work item to the
// project for the suggestion; {"order_id": id} links an order filed for it.
func (a *API) adoptSuggestion(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	ballot, err := strconv.ParseInt(r.PathValue("ballot"), 10, 64)
	if err != nil {
		notFound(w, "ballot")
		return
	}
	var req struct {
		WorkItem int64 `json:"work_item"`
		OrderID  int64 `json:"order_id"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	if (req.WorkItem == 0) == (req.OrderID == 0) {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", "give work_item or order_id — 请指定改造内容或工单")
		return
	}
	err = a.DB.InTx(r.Context(), func(tx *store.Tx) error {
		if req.WorkItem != 0 {
			return consultation.AdoptAsWorkItem(r.Context(), tx, a.editorOf(r, p), id, ballot, req.WorkItem, a.now())
		}
		return consultation.AdoptAsOrder(r.Context(), tx, a.editorOf(r, p), id, ballot, req.OrderID, a.now())
	})
	if err != nil {
		fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
