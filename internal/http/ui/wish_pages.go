package ui

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"civicgrid/internal/errs"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/wish"
)

// registerWishes adds the 微心愿 pages: the public wall /public/wishes (on a
// phone: the wishes of a community, claim one, post one) and the staff
// page /wishes (review, record fulfilment with a photo, post for an elder).
func (u *UI) registerWishes(mux *http.ServeMux) {
	if u.o.Life == nil || u.o.Life.Wishes == nil {
		return
	}
	mux.HandleFunc("GET /public/wishes", u.wishWall)
	mux.HandleFunc("POST /public/wishes", u.wishPostPublic)
	mux.HandleFunc("POST /public/wishes/{id}/claim", u.wishClaimPublic)
	mux.HandleFunc("GET /public/wishes/{id}/photo", u.wishPhoto)
	mux.HandleFunc("GET /wishes", u.signedIn(u.wishStaff))
	mux.HandleFunc("POST /wishes", u.signedIn(u.wishPostStaff))
	mux.HandleFunc("POST /wishes/{id}/{step}", u.signedIn(u.wishStep))
}

func wishLabel(ls []wish.Label, code string, lang Lang) string {
	for _, l := range ls {
		if l.Code == code {
			if lang == LangZH {
				return l.Zh
			}
			return l.En
		}
	}
	return code
}

type wishCard struct {
	wish.Wish
	StatusLabel, ClaimantLabel, Posted, Fulfilled string
	Actions                                       map[string]bool
}

func (u *UI) wishCard(w wish.Wish, lang Lang, actions []string) wishCard {
	c := wishCard{Wish: w, StatusLabel: wishLabel(wish.StatusNames, w.Status, lang), ClaimantLabel: wishLabel(wish.ClaimantKinds, w.ClaimantKind, lang),
		Posted: w.CreatedAt.In(shanghaiLocation()).Format("2006-01-02"), Actions: map[string]bool{}}
	if !w.FulfilledAt.IsZero() {
		c.Fulfilled = w.FulfilledAt.In(shanghaiLocation()).Format("2006-01-02")
	}
	for _, a := range actions {
		c.Actions[a] = true
	}
	return c
}

type wishWallData struct {
	Community   string
	Communities []medOption
	Status      string
	Cards       []wishCard
	Counts      map[string]int
	Kinds       []medOption
	Form        map[string]string
	Error, Done string
	ErrorFor    int64 // the wish a refused claim was for
}

func (u *UI) wishWall(w http.ResponseWriter, r *http.Request) {
	u.renderWishWall(w, r, http.StatusOK, "", 0, nil)
}

func (u *UI) renderWishWall(w http.ResponseWriter, r *http.Request, status int, errMsg string, errFor int64, form map[string]string) {
	ctx := r.Context()
	p := httpx.PrincipalFrom(ctx)
	pg := u.newPage(w, r, p, "wish.wall.title")
	q := r.URL.Query()
	d := wishWallData{Community: q.Get("community"), Status: q.Get("status"), Counts: map[string]int{}, Error: errMsg, ErrorFor: errFor, Form: form}
	if d.Form == nil {
		d.Form = map[string]string{}
	}
	if done := q.Get("done"); strings.HasPrefix(done, "wish.done.") {
		d.Done = pg.T(done)
	}
	if area, ok := u.area.get(ctx, u.o.DB); ok {
		var err error
		if d.Communities, err = u.communitiesIn(ctx, area.Code); err != nil {
			u.fail(w, r, p, err)
			return
		}
	}
	all, err := u.o.Life.Wishes.Wall(ctx, d.Community, "", 200, 0)
	if errs.KindOf(err) == errs.Invalid {
		u.notFound(w, r)
		return
	}
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	for _, x := range all {
		d.Counts[x.Status]++
		if d.Status != "" && x.Status != d.Status {
			continue
		}
		ww := wish.Wish{ID: x.ID, CommunityCode: x.CommunityCode, CommunityName: x.CommunityName, Title: x.Title, Story: x.Story,
			Beneficiary: x.Beneficiary, Status: x.Status, ClaimantKind: x.ClaimantKind, ClaimantUnit: x.ClaimantUnit, FulfilNote: x.FulfilNote,
			HasPhoto: x.HasPhoto, CreatedAt: x.CreatedAt, FulfilledAt: x.FulfilledAt}
		d.Cards = append(d.Cards, u.wishCard(ww, pg.Lang, wish.Actions(wish.Resident(""), ww)))
	}
	for _, k := range wish.ClaimantKinds {
		d.Kinds = append(d.Kinds, medOption{k.Code, wishLabel(wish.ClaimantKinds, k.Code, pg.Lang)})
	}
	pg.D = d
	u.render(w, r, status, "wishes_wall", pg)
}

func (u *UI) wishBack(w http.ResponseWriter, r *http.Request, path, done string) {
	q := url.Values{"done": {done}}
	if c := r.FormValue("back_community"); c != "" {
		q.Set("community", c)
	}
	http.Redirect(w, r, path+"?"+q.Encode(), http.StatusSeeOther)
}

// wishLimited answers a resident over the anonymous intake limit.
func (u *UI) wishLimited(w http.ResponseWriter, r *http.Request) bool {
	msg, limited := u.publicLimited(w, r, "wish.limited")
	if limited {
		u.renderWishWall(w, r, http.StatusTooManyRequests, msg, 0, nil)
	}
	return limited
}

func (u *UI) wishPostPublic(w http.ResponseWriter, r *http.Request) {
	if u.wishLimited(w, r) {
		return
	}
	f := formOf(r, "community_code", "title", "story", "beneficiary", "name", "phone")
	_, err := u.o.Life.Wishes.Post(r.Context(), wish.Resident(httpx.ClientIP(r)), wish.PostInput{CommunityCode: f["community_code"],
		Title: f["title"], Story: f["story"], Beneficiary: f["beneficiary"], Name: f["name"], Phone: f["phone"]})
	if err != nil {
		u.wishRefusedPublic(w, r, err, 0, f)
		return
	}
	u.wishBack(w, r, "/public/wishes", "wish.done.posted")
}

func (u *UI) wishRefusedPublic(w http.ResponseWriter, r *http.Request, err error, id int64, f map[string]string) {
	status := statusOfKind(err)
	if status == http.StatusInternalServerError || status == http.StatusForbidden {
		u.fail(w, r, httpx.PrincipalFrom(r.Context()), err)
		return
	}
	if status == http.StatusNotFound {
		u.notFound(w, r)
		return
	}
	u.renderWishWall(w, r, status, lifeMessage(err, langOf(w, r)), id, f)
}

func (u *UI) wishClaimPublic(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.notFound(w, r)
		return
	}
	if u.wishLimited(w, r) {
		return
	}
	f := formOf(r, "kind", "unit", "name", "phone")
	if _, err := u.o.Life.Wishes.Claim(r.Context(), wish.Resident(httpx.ClientIP(r)), id,
		wish.ClaimInput{Kind: f["kind"], Unit: f["unit"], Name: f["name"], Phone: f["phone"]}); err != nil {
		u.wishRefusedPublic(w, r, err, id, f)
		return
	}
	u.wishBack(w, r, "/public/wishes", "wish.done.claimed")
}

func (u *UI) wishPhoto(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.notFound(w, r)
		return
	}
	ct, data, err := u.o.Life.Wishes.Photo(r.Context(), id)
	if err != nil {
		u.notFound(w, r)
		return
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(data)
}

type wishStaffData struct {
	Status      string
	Cards       []wishCard
	MayPost     bool
	Communities []medOption
	Form        map[string]string
	Error, Done string
	ErrorFor    int64
}

func wishActorOf(r *http.Request, p *httpx.Principal) wish.Actor {
	return wish.Actor{User: p.User, Scope: p.Scope, IP: httpx.ClientIP(r)}
}

func (u *UI) wishStaff(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	u.renderWishStaff(w, r, p, http.StatusOK, "", 0, nil)
}

func (u *UI) renderWishStaff(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, errMsg string, errFor int64, form map[string]string) {
	ctx := r.Context()
	if !wish.MayRead(p.User.Role) || p.Scope.IsZero() {
		u.errorPage(w, r, p, http.StatusForbidden, "error.forbidden")
		return
	}
	pg := u.newPage(w, r, p, "wish.staff.title")
	act := wishActorOf(r, p)
	d := wishStaffData{Status: r.URL.Query().Get("status"), MayPost: wish.MayPost(p.User.Role), Error: errMsg, ErrorFor: errFor, Form: form}
	if d.Form == nil {
		d.Form = map[string]string{}
	}
	if done := r.URL.Query().Get("done"); strings.HasPrefix(done, "wish.done.") {
		d.Done = pg.T(done)
	}
	if wishLabel(wish.StatusNames, d.Status, LangZH) == d.Status {
		d.Status = ""
	}
	ws, err := u.o.Life.Wishes.List(ctx, act, "", d.Status, 200, 0)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	for _, x := range ws {
		d.Cards = append(d.Cards, u.wishCard(x, pg.Lang, wish.Actions(act, x)))
	}
	if d.MayPost {
		code := p.Scope.RegionPrefix()
		if len(code) > 12 {
			code = code[:12]
		}
		if d.Communities, err = u.communitiesIn(ctx, code); err != nil {
			u.fail(w, r, p, err)
			return
		}
	}
	pg.D = d
	u.render(w, r, status, "wishes_staff", pg)
}

func (u *UI) wishPostStaff(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	f := formOf(r, "community_code", "title", "story", "beneficiary", "name", "phone")
	in := wish.PostInput{CommunityCode: f["community_code"], Title: f["title"], Story: f["story"], Beneficiary: f["beneficiary"], Name: f["name"], Phone: f["phone"]}
	if prefix := p.Scope.RegionPrefix(); len(prefix) > 12 { // a grid worker posts in their grid
		in.GridCode = prefix
	}
	if _, err := u.o.Life.Wishes.Post(r.Context(), wishActorOf(r, p), in); err != nil {
		u.wishRefusedStaff(w, r, p, err, 0, f)
		return
	}
	http.Redirect(w, r, "/wishes?done=wish.done.posted", http.StatusSeeOther)
}

func (u *UI) wishRefusedStaff(w http.ResponseWriter, r *http.Request, p *httpx.Principal, err error, id int64, f map[string]string) {
	switch status := statusOfKind(err); status {
	case http.StatusInternalServerError:
		u.fail(w, r, p, err)
	case http.StatusNotFound:
		u.notFound(w, r)
	default:
		u.renderWishStaff(w, r, p, status, lifeMessage(err, langOf(w, r)), id, f)
	}
}

// wishStep runs approve, reject, fulfil (multipart, with the photo) or
// reveal from the staff page.
func (u *UI) wishStep(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.notFound(w, r)
		return
	}
	ctx, act := r.Context(), wishActorOf(r, p)
	version, _ := strconv.Atoi(r.FormValue("version"))
	step := r.PathValue("step")
	switch step {
	case wish.ActionApprove, wish.ActionReject:
		_, err = u.o.Life.Wishes.Review(ctx, act, id, version, step == wish.ActionApprove, r.FormValue("note"))
	case wish.ActionFulfil:
		var photo []byte
		if f, _, ferr := r.FormFile("photo"); ferr == nil {
			photo, err = io.ReadAll(io.LimitReader(f, wish.MaxPhoto+1))
			f.Close()
		}
		if err == nil {
			_, err = u.o.Life.Wishes.Fulfil(ctx, act, id, version, r.FormValue("note"), photo)
		}
	case wish.ActionReveal:
		var x wish.Wish
		if x, err = u.o.Life.Wishes.Reveal(ctx, act, id, r.FormValue("purpose")); err == nil {
			pg := u.newPage(w, r, p, "wish.staff.title")
			pg.D = wishStaffData{Cards: []wishCard{u.wishCard(x, pg.Lang, nil)}, Done: pg.T("wish.done.reveal"), Form: map[string]string{}}
			u.render(w, r, http.StatusOK, "wishes_staff", pg)
			return
		}
	default:
		u.notFound(w, r)
		return
	}
	if err != nil {
		u.wishRefusedStaff(w, r, p, err, id, formOf(r, "note", "purpose"))
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/wishes?done=wish.done.%s#wish-%d", step, id), http.StatusSeeOther)
}
