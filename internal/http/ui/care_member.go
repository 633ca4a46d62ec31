package ui

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"civicgrid/internal/care"
	"civicgrid/internal/category"
	"civicgrid/internal/errs"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/order"
)

// careMemberForm is the visit form as typed, with its error.
type careMemberForm struct {
	Findings, Category, Description, Key string
	FileOrder                            bool
	Error, EndError                      string
}

type careVisitView struct {
	care.Visit
	At string
}

type careMemberData struct {
	Member     careMemberView
	Keeper     bool
	Visits     []careVisitView
	Categories []categoryGroup
	Form       careMemberForm
	Recorded   string // the order number filed with the last visit, or "1"
}

func (u *UI) careMemberPage(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.errorPage(w, r, p, http.StatusNotFound, "error.notfound")
		return
	}
	u.renderCareMember(w, r, p, http.StatusOK, id, careMemberForm{})
}

func newVisitKey() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return "care-" + hex.EncodeToString(b)
}

func (u *UI) renderCareMember(w http.ResponseWriter, r *http.Request, p *httpx.Principal, status int, id int64, f careMemberForm) {
	if !care.MayOpenPages(p.User.Role) {
		u.errorPage(w, r, p, http.StatusForbidden, "error.forbidden")
		return
	}
	ctx := r.Context()
	a := careActorOf(r, p)
	m, err := u.o.Care.Member(ctx, a, id)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	pg := u.newPage(w, r, p, "care.member.title")
	g, err := u.o.Care.Group(ctx, m.GroupCode)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	d := careMemberData{Keeper: care.MayKeep(p.User.Role), Form: f, Recorded: r.URL.Query().Get("recorded"),
		Member: u.careMemberViewOf(m, map[string]string{g.Code: g.Name(string(pg.Lang))}, map[string]string{m.GridCode: u.regionName(ctx, m.GridCode)})}
	if d.Form.Key == "" {
		d.Form.Key = newVisitKey()
	}
	vs, err := u.o.Care.Visits(ctx, a, id)
	if err != nil {
		u.fail(w, r, p, err)
		return
	}
	for _, v := range vs {
		d.Visits = append(d.Visits, careVisitView{Visit: v, At: v.VisitedAt.In(shanghaiLocation()).Format("2006-01-02 15:04")})
	}
	if d.Keeper {
		cats, err := category.List(ctx, u.o.DB, false)
		if err != nil {
			u.fail(w, r, p, err)
			return
		}
		d.Categories = categoryGroups(cats, pg.Lang, f.Category, pg.T("gw.category.other"))
	}
	pg.D = d
	u.render(w, r, status, "care_member", pg)
}

// careVisit records a visit from the phone form (multipart, with an
// optional photo and the phone's position) and, when ticked, files an
// order from it in the same step.
func (u *UI) careVisit(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		u.errorPage(w, r, p, http.StatusNotFound, "error.notfound")
		return
	}
	lang := langOf(w, r)
	if err := r.ParseMultipartForm(8 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			u.renderCareMember(w, r, p, http.StatusRequestEntityTooLarge, id, careMemberForm{Error: lang.T("gw.err.toolarge")})
			return
		}
		u.fail(w, r, p, err)
		return
	}
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	f := careMemberForm{Findings: r.FormValue("findings"), FileOrder: r.FormValue("file_order") == "1",
		Category: r.FormValue("category"), Description: r.FormValue("description"), Key: r.FormValue("idempotency_key")}
	in := care.VisitInput{MemberID: id, Findings: f.Findings}
	if lat, err := strconv.ParseFloat(strings.TrimSpace(r.FormValue("lat")), 64); err == nil {
		in.Lat = lat
	}
	if lng, err := strconv.ParseFloat(strings.TrimSpace(r.FormValue("lng")), 64); err == nil {
		in.Lng = lng
	}
	if r.MultipartForm != nil {
		if fhs := r.MultipartForm.File["photo"]; len(fhs) > 0 && fhs[0].Size > 0 {
			file, err := fhs[0].Open()
			if err != nil {
				u.fail(w, r, p, err)
				return
			}
			in.Photo, err = io.ReadAll(io.LimitReader(file, 8<<20+1))
			file.Close()
			if err != nil {
				u.fail(w, r, p, err)
				return
			}
		}
	}
	if f.FileOrder {
		in.Order = &care.VisitOrder{Category: f.Category, Description: f.Description, Key: f.Key}
	}
	v, err := u.o.Care.RecordVisit(r.Context(), careActorOf(r, p), in)
	var verr *order.ValidationError
	switch {
	case err == nil:
	case errs.KindOf(err) == errs.Forbidden || errors.Is(err, care.ErrNotFound):
		u.fail(w, r, p, err)
		return
	case errors.As(err, &verr):
		f.Error = fieldError(lang, "gw.err.", verr.Field, verr.Msg)
		u.renderCareMember(w, r, p, http.StatusBadRequest, id, f)
		return
	case errs.KindOf(err) == errs.Invalid || errs.KindOf(err) == errs.Conflict:
		f.Error = lang.T("care.err.visit")
		u.renderCareMember(w, r, p, http.StatusBadRequest, id, f)
		return
	default:
		u.fail(w, r, p, err)
		return
	}
	done := "1"
	if v.OrderNumber != "" {
		done = v.OrderNumber
	}
	http.Redirect(w, r, "/care/members/"+strconv.FormatInt(id, 10)+"?recorded="+done, http.StatusSeeOther)
}
