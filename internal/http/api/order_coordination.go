package api

import (
	"net/http"
	"strconv"
	"time"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/order"
)

type summonsJSON struct {
	ID           int64          `json:"id"`
	Number       string         `json:"number"`
	SummonerName string         `json:"summoner"`
	Note         string         `json:"note,omitempty"`
	ReportBy     *time.Time     `json:"report_by"`
	CreatedAt    *time.Time     `json:"created_at"`
	Departments  []summonedJSON `json:"departments"`
}

type summonedJSON struct {
	Department string     `json:"department"`
	ReportedAt *time.Time `json:"reported_at,omitempty"`
	Note       string     `json:"note,omitempty"`
	Late       bool       `json:"late"`
}

func toSummonsJSON(s order.Summons, now time.Time) summonsJSON {
	out := summonsJSON{ID: s.ID, Number: s.Number, SummonerName: s.SummonerName, Note: s.Note,
		ReportBy: cst(s.ReportBy), CreatedAt: cst(s.CreatedAt), Departments: []summonedJSON{}}
	for _, d := range s.Departments {
		out.Departments = append(out.Departments, summonedJSON{Department: d.Department, ReportedAt: cst(d.ReportedAt),
			Note: d.Note, Late: s.Late(d, now)})
	}
	return out
}

// summon blows the whistle (吹哨): {"version", "departments":[…], "report_by": RFC3339 (optional), "note"}.
func (a *API) summon(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Version     int       `json:"version"`
		Departments []string  `json:"departments"`
		ReportBy    time.Time `json:"report_by"`
		Note        string    `json:"note"`
	}
	if err := httpx.DecodeJSON(r, &in); err != nil {
		httpx.WriteBodyError(w, err)
		return
	}
	o, s, err := a.Orders.Summon(r.Context(), actorFor(r), r.PathValue("number"), in.Version,
		order.SummonsInput{Departments: in.Departments, ReportBy: in.ReportBy, Note: in.Note})
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"order": toOrderJSON(o), "summons": toSummonsJSON(s, a.now())})
}

// reportIn is a summoned department's 报到: {"note"}.
func (a *API) reportIn(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		notFound(w, "summons")
		return
	}
	var in struct {
		Note string `json:"note"`
	}
	if err := httpx.DecodeJSON(r, &in); err != nil {
		httpx.WriteBodyError(w, err)
		return
	}
	s, err := a.Orders.ReportIn(r.Context(), actorFor(r), id, in.Note)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, toSummonsJSON(s, a.now()))
}

func (a *API) orderSummons(w http.ResponseWriter, r *http.Request) {
	list, err := a.Orders.SummonsOf(r.Context(), actorFor(r), r.PathValue("number"))
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]summonsJSON, 0, len(list))
	for _, s := range list {
		out = append(out, toSummonsJSON(s, a.now()))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"summons": out})
}

func (a *API) overdueSummons(w http.ResponseWriter, r *http.Request) {
	list, err := a.Orders.OverdueSummons(r.Context(), actorFor(r))
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]summonsJSON, 0, len(list))
	for _, s := range list {
		out = append(out, toSummonsJSON(s, a.now()))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"summons": out})
}

// duplicates lists likely duplicates of an order, best first.
func (a *API) duplicates(w http.ResponseWriter, r *http.Request) {
	cands, err := a.Orders.Candidates(r.Context(), actorFor(r), r.PathValue("number"))
	if err != nil {
		fail(w, r, err)
		return
	}
	type candidateJSON struct {
		Order        orderJSON `json:"order"`
		Score        float64   `json:"score"`
		Similarity   float64   `json:"similarity"`
		DistanceM    float64   `json:"distance_m"`
		GapMinutes   int       `json:"gap_minutes"`
		SameCategory bool      `json:"same_category"`
	}
	out := make([]candidateJSON, 0, len(cands))
	for _, c := range cands {
		out = append(out, candidateJSON{toOrderJSON(c.Order), c.Score, c.Similarity, c.Distance, int(c.Gap.Minutes()), c.SameCategory})
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"candidates": out})
}

// merge joins a duplicate into the master (并单):
// {"master_version", "duplicate":"<number>", "duplicate_version", "note"}.
func (a *API) merge(w http.ResponseWriter, r *http.Request) {
	var in struct {
		MasterVersion    int    `json:"master_version"`
		Duplicate        string `json:"duplicate"`
		DuplicateVersion int    `json:"duplicate_version"`
		Note             string `json:"note"`
	}
	if err := httpx.DecodeJSON(r, &in); err != nil {
		httpx.WriteBodyError(w, err)
		return
	}
	o, err := a.Orders.Merge(r.Context(), actorFor(r), r.PathValue("number"), in.MasterVersion, in.Duplicate, in.DuplicateVersion, in.Note)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, toOrderJSON(o))
}

// awaiting lists orders whose extension or suspension request waits for
// the caller's decision.
func (a *API) awaiting(w http.ResponseWriter, r *http.Request) {
	limit, offset, err := paging(r, order.DefaultListLimit, order.MaxListLimit)
	if err != nil {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", err.Error())
		return
	}
	page, err := a.Orders.AwaitingDecision(r.Context(), actorFor(r), limit, offset)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]orderJSON, 0, len(page.Orders))
	for _, o := range page.Orders {
		out = append(out, toOrderJSON(o))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"orders": out, "total": page.Total})
}
