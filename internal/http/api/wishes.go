package api

import (
	"io"
	"net/http"
	"strconv"
	"time"

	"civicgrid/internal/http/httpx"
	"civicgrid/internal/wish"
	"civicgrid/internal/zone"
)

func (a *API) registerWishes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/wishes", httpx.RequireUser(a.listWishes))
	mux.HandleFunc("POST /api/v1/wishes", httpx.RequireUser(a.postWish))
	mux.HandleFunc("GET /api/v1/wishes/{id}", httpx.RequireUser(a.getWish))
	mux.HandleFunc("POST /api/v1/wishes/{id}/approve", httpx.RequireUser(a.reviewWish(true)))
	mux.HandleFunc("POST /api/v1/wishes/{id}/reject", httpx.RequireUser(a.reviewWish(false)))
	mux.HandleFunc("POST /api/v1/wishes/{id}/claim", httpx.RequireUser(a.claimWishAsStaff))
	mux.HandleFunc("POST /api/v1/wishes/{id}/fulfil", httpx.RequireUser(a.fulfilWish))
	mux.HandleFunc("POST /api/v1/wishes/{id}/reveal", httpx.RequireUser(a.revealWish))
	// The wall: no account, no personal data; posting and claiming are
	// throttled like anonymous orders.
	mux.HandleFunc("GET /api/v1/public/wishes", a.wishWall)
	mux.HandleFunc("POST /api/v1/public/wishes", a.postWishAsResident)
	mux.HandleFunc("GET /api/v1/public/wishes/{id}", a.publicWish)
	mux.HandleFunc("POST /api/v1/public/wishes/{id}/claim", a.claimWishAsResident)
	mux.HandleFunc("GET /api/v1/public/wishes/{id}/photo", a.wishPhoto)
}

func wishActor(r *http.Request, p *httpx.Principal) wish.Actor {
	return wish.Actor{User: p.User, Scope: p.Scope, IP: httpx.ClientIP(r)}
}

type wishJSON struct {
	ID             int64      `json:"id"`
	CommunityCode  string     `json:"community_code"`
	CommunityName  string     `json:"community_name"`
	GridCode       string     `json:"grid_code,omitempty"`
	Title          string     `json:"title"`
	Story          string     `json:"story,omitempty"`
	Beneficiary    string     `json:"beneficiary,omitempty"`
	Status         string     `json:"status"`
	PostedBy       string     `json:"posted_by,omitempty"`
	WisherName     string     `json:"wisher_name,omitempty"`
	WisherPhone    string     `json:"wisher_phone,omitempty"`
	ReviewNote     string     `json:"review_note,omitempty"`
	ClaimantKind   string     `json:"claimant_kind,omitempty"`
	ClaimantUnit   string     `json:"claimant_unit,omitempty"`
	ClaimantName   string     `json:"claimant_name,omitempty"`
	ClaimantPhone  string     `json:"claimant_phone,omitempty"`
	ClaimantMember int64      `json:"claimant_member_id,omitempty"`
	FulfilNote     string     `json:"fulfil_note,omitempty"`
	Photo          string     `json:"photo,omitempty"`
	CreatedAt      time.Time  `json:"created_at"`
	ClaimedAt      *time.Time `json:"claimed_at,omitempty"`
	FulfilledAt    *time.Time `json:"fulfilled_at,omitempty"`
	Version        int        `json:"version,omitempty"`
	Masked         *bool      `json:"masked,omitempty"`
	Actions        []string   `json:"actions,omitempty"`
}

func photoURL(id int64, has bool) string {
	if !has {
		return ""
	}
	return "/api/v1/public/wishes/" + strconv.FormatInt(id, 10) + "/photo"
}

func toPublicWishJSON(p wish.Public) wishJSON {
	return wishJSON{ID: p.ID, CommunityCode: p.CommunityCode, CommunityName: p.CommunityName, Title: p.Title, Story: p.Story,
		Beneficiary: p.Beneficiary, Status: p.Status, ClaimantKind: p.ClaimantKind, ClaimantUnit: p.ClaimantUnit, FulfilNote: p.FulfilNote,
		Photo: photoURL(p.ID, p.HasPhoto), CreatedAt: p.CreatedAt.In(zone.Shanghai()), ClaimedAt: timeOrNil(p.ClaimedAt), FulfilledAt: timeOrNil(p.FulfilledAt)}
}

func toWishJSON(act wish.Actor, w wish.Wish) wishJSON {
	out := toPublicWishJSON(w.Public())
	masked := !w.Revealed
	out.GridCode, out.PostedBy, out.WisherName, out.WisherPhone, out.ReviewNote = w.GridCode, w.PostedBy, w.WisherName, w.WisherPhone, w.ReviewNote
	out.ClaimantName, out.ClaimantPhone, out.Version, out.Masked, out.Actions = w.ClaimantName, w.ClaimantPhone, w.Version, &masked, wish.Actions(act, w)
	out.ClaimantMember = w.ClaimantMemberID
	return out
}

func (a *API) writeWish(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, x wish.Wish) {
	httpx.WriteJSON(w, status, map[string]any{"wish": toWishJSON(wishActor(r, p), x)})
}

// listWishes: GET /api/v1/wishes?under=&status=&limit=&offset=
func (a *API) listWishes(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	limit, offset, err := paging(r, 100, wish.MaxList)
	if err != nil {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", err.Error())
		return
	}
	act := wishActor(r, p)
	ws, err := a.Life.Wishes.List(r.Context(), act, r.URL.Query().Get("under"), r.URL.Query().Get("status"), limit, offset)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]wishJSON, 0, len(ws))
	for _, x := range ws {
		out = append(out, toWishJSON(act, x))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"wishes": out, "limit": limit, "offset": offset})
}

type wishPostRequest struct {
	CommunityCode string `json:"community_code"`
	GridCode      string `json:"grid_code"`
	Title         string `json:"title"`
	Story         string `json:"story"`
	Beneficiary   string `json:"beneficiary"`
	Name          string `json:"name"`
	Phone         string `json:"phone"`
}

func (req wishPostRequest) input() wish.PostInput {
	return wish.PostInput{CommunityCode: req.CommunityCode, GridCode: req.GridCode, Title: req.Title, Story: req.Story,
		Beneficiary: req.Beneficiary, Name: req.Name, Phone: req.Phone}
}

func (a *API) postWish(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	var req wishPostRequest
	if !decodeBody(w, r, &req) {
		return
	}
	x, err := a.Life.Wishes.Post(r.Context(), wishActor(r, p), req.input())
	if err != nil {
		fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/wishes/"+strconv.FormatInt(x.ID, 10))
	a.writeWish(w, r, p, http.StatusCreated, x)
}

// postWishAsResident: a resident posts a wish (name and phone required,
// sealed); it waits for the community's review before it is on the wall.
func (a *API) postWishAsResident(w http.ResponseWriter, r *http.Request) {
	if ok, wait := a.Throttle.Intake(r); !ok {
		httpx.WriteTooMany(w, wait, "wishes")
		return
	}
	var req wishPostRequest
	if !decodeBody(w, r, &req) {
		return
	}
	x, err := a.Life.Wishes.Post(r.Context(), wish.Resident(httpx.ClientIP(r)), req.input())
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"id": x.ID, "status": x.Status})
}

func (a *API) getWish(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	x, err := a.Life.Wishes.Get(r.Context(), wishActor(r, p), id)
	if err != nil {
		fail(w, r, err)
		return
	}
	a.writeWish(w, r, p, http.StatusOK, x)
}

func (a *API) reviewWish(approve bool) func(http.ResponseWriter, *http.Request, *httpx.Principal) {
	return func(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
		id, ok := pathID(w, r)
		if !ok {
			return
		}
		var req struct {
			Version int    `json:"version"`
			Note    string `json:"note"`
		}
		if !decodeBody(w, r, &req) {
			return
		}
		x, err := a.Life.Wishes.Review(r.Context(), wishActor(r, p), id, req.Version, approve, req.Note)
		if err != nil {
			fail(w, r, err)
			return
		}
		a.writeWish(w, r, p, http.StatusOK, x)
	}
}

type wishClaimRequest struct {
	Kind  string `json:"kind"`
	Unit  string `json:"unit"`
	Name  string `json:"name"`
	Phone string `json:"phone"`
	// MemberID: a registered party member claiming as themselves (staff only).
	MemberID int64 `json:"member_id"`
}

func (req wishClaimRequest) input() wish.ClaimInput {
	return wish.ClaimInput{Kind: req.Kind, Unit: req.Unit, Name: req.Name, Phone: req.Phone, MemberID: req.MemberID}
}

func (a *API) claimWishAsStaff(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req wishClaimRequest
	if !decodeBody(w, r, &req) {
		return
	}
	x, err := a.Life.Wishes.Claim(r.Context(), wishActor(r, p), id, req.input())
	if err != nil {
		fail(w, r, err)
		return
	}
	a.writeWish(w, r, p, http.StatusOK, x)
}

// claimWishAsResident: a member, volunteer or unit claims a wish from the
// wall; a wish already claimed answers 409.
func (a *API) claimWishAsResident(w http.ResponseWriter, r *http.Request) {
	if ok, wait := a.Throttle.Intake(r); !ok {
		httpx.WriteTooMany(w, wait, "wishes")
		return
	}
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req wishClaimRequest
	if !decodeBody(w, r, &req) {
		return
	}
	x, err := a.Life.Wishes.Claim(r.Context(), wish.Resident(httpx.ClientIP(r)), id, req.input())
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"wish": toPublicWishJSON(x.Public())})
}

// fulfilWish: multipart form version, note and photo.
func (a *API) fulfilWish(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, wish.MaxPhoto+1<<20)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", "send multipart/form-data with note, version and photo — 请用表单提交说明和照片")
		return
	}
	defer r.MultipartForm.RemoveAll()
	var photo []byte
	if f, _, err := r.FormFile("photo"); err == nil {
		photo, err = io.ReadAll(io.LimitReader(f, wish.MaxPhoto+1))
		f.Close()
		if err != nil {
			httpx.WriteError(w, http.StatusBadRequest, "invalid", "could not read the photo — 照片读取失败")
			return
		}
	}
	version, _ := strconv.Atoi(r.FormValue("version"))
	x, err := a.Life.Wishes.Fulfil(r.Context(), wishActor(r, p), id, version, r.FormValue("note"), photo)
	if err != nil {
		fail(w, r, err)
		return
	}
	a.writeWish(w, r, p, http.StatusOK, x)
}

func (a *API) revealWish(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var req struct {
		Purpose string `json:"purpose"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	x, err := a.Life.Wishes.Reveal(r.Context(), wishActor(r, p), id, req.Purpose)
	if err != nil {
		fail(w, r, err)
		return
	}
	a.writeWish(w, r, p, http.StatusOK, x)
}

// wishWall: GET /api/v1/public/wishes?under=&status=&limit=&offset=
func (a *API) wishWall(w http.ResponseWriter, r *http.Request) {
	limit, offset, err := paging(r, 100, wish.MaxList)
	if err != nil {
		httpx.WriteError(w, http.StatusBadRequest, "invalid", err.Error())
		return
	}
	ps, err := a.Life.Wishes.Wall(r.Context(), r.URL.Query().Get("under"), r.URL.Query().Get("status"), limit, offset)
	if err != nil {
		fail(w, r, err)
		return
	}
	out := make([]wishJSON, 0, len(ps))
	for _, x := range ps {
		out = append(out, toPublicWishJSON(x))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"wishes": out, "limit": limit, "offset": offset})
}

func (a *API) publicWish(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	x, err := a.Life.Wishes.GetPublic(r.Context(), id)
	if err != nil {
		fail(w, r, err)
		return
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"wish": toPublicWishJSON(x)})
}

func (a *API) wishPhoto(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	ct, data, err := a.Life.Wishes.Photo(r.Context(), id)
	if err != nil {
		fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(data)
}
