package ui

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"civicgrid/internal/errs"
	"civicgrid/internal/http/httpx"
	"civicgrid/internal/party"
	"civicgrid/internal/wish"
)

// partyForms maps each form of the 党建 page to the section it returns to.
var partyForms = map[string]string{
	"org": "party-orgs", "member": "party-members", "report": "party-members", "reveal": "party-members", "task": "party-tasks",
	"claim": "party-tasks", "done": "party-tasks", "wish": "party-wishes", "pair": "party-pairs", "visit": "party-pairs",
	"unit": "party-cadres", "cadre": "party-cadres", "duty": "party-cadres", "service": "party-cadres",
	"reception": "party-receptions", "matter": "party-receptions", "file": "party-receptions",
}

// partyPost handles the page's forms; a refusal shows the page again with
// the domain's message in the page's language, nothing changed.
func (u *UI) partyPost(w http.ResponseWriter, r *http.Request, p *httpx.Principal) {
	ctx := r.Context()
	a := partyActorOf(r, p)
	svc := u.o.Life.Party
	form := r.PathValue("form")
	if _, ok := partyForms[form]; !ok {
		u.notFound(w, r)
		return
	}
	v := func(field string) string { return strings.TrimSpace(r.PostFormValue(field)) }
	id := func(field string) int64 {
		n, _ := strconv.ParseInt(v(field), 10, 64)
		return n
	}
	minutes := func(field string) int {
		h, err := strconv.ParseFloat(v(field), 64)
		if err != nil {
			return 0
		}
		return int(h*60 + 0.5)
	}
	when := func(field string) time.Time {
		t, _ := time.ParseInLocation("2006-01-02T15:04", v(field), shanghaiLocation())
		return t
	}
	var err error
	var revealed *party.Member
	switch form {
	case "org":
		_, err = svc.AddOrg(ctx, a, party.OrgInput{CommunityCode: v("community_code"), Kind: v("kind"), ParentID: id("parent_id"),
			GridCode: v("grid_code"), Name: v("name"), Secretary: v("secretary")})
	case "member":
		in := party.MemberInput{Kind: v("kind"), CommunityCode: v("community_code"), Name: v("name"), Phone: v("phone"),
			IDNumber: v("id_number"), JoinedOn: v("joined_on")}
		if in.Kind == party.MemberWorking {
			in.UnitID = id("unit_id")
		} else {
			in.OrgID = id("org_id")
		}
		_, err = svc.AddMember(ctx, a, in)
	case "report":
		_, err = svc.RecordReport(ctx, a, id("member_id"), v("community_code"))
	case "reveal":
		var m party.Member
		if m, err = svc.RevealMember(ctx, a, id("member_id"), v("purpose")); err == nil {
			u.renderParty(w, r, p, http.StatusOK, "", "", "", &m)
			return
		}
	case "task":
		_, err = svc.AddTask(ctx, a, party.TaskInput{CommunityCode: v("community_code"), Title: v("title"), Detail: v("detail"),
			StartsAt: when("starts_at"), EndsAt: when("ends_at"), Minutes: minutes("hours"), Capacity: int(id("capacity"))})
	case "claim":
		_, err = svc.ClaimTask(ctx, a, id("task_id"), id("member_id"))
	case "done":
		_, err = svc.CompleteTask(ctx, a, id("task_id"), id("member_id"), 0, v("note"))
	case "wish":
		wa := wish.Actor{User: a.User, Scope: a.Scope, IP: a.IP}
		_, err = u.o.Life.Wishes.Claim(ctx, wa, id("wish_id"), wish.ClaimInput{Kind: wish.ClaimantMember, MemberID: id("member_id")})
	case "pair":
		_, err = svc.PairMember(ctx, a, id("member_id"), id("household_id"))
	case "visit":
		_, err = svc.LogVisit(ctx, a, id("pair_id"), party.VisitInput{Note: v("note")})
	case "unit":
		_, err = svc.AddUnit(ctx, a, party.UnitInput{Name: v("name"), Kind: v("kind"), PairedCode: v("paired_code")})
	case "cadre":
		_, err = svc.AssignCadre(ctx, a, party.CadreInput{MemberID: id("member_id"), CommunityCode: v("community_code"), Post: v("post"),
			StartsOn: v("starts_on"), EndsOn: v("ends_on")})
	case "duty":
		_, err = svc.AddDuty(ctx, a, id("cadre_id"), party.Duty{Day: v("day"), Slot: v("slot"), Place: v("place")})
	case "service":
		_, err = svc.RecordService(ctx, a, id("cadre_id"), party.ServiceInput{Minutes: minutes("hours"), Summary: v("summary")})
	case "reception":
		_, err = svc.ScheduleReception(ctx, a, party.ReceptionInput{CommunityCode: v("community_code"), StartsAt: when("starts_at"),
			Place: v("place"), Deputies: v("deputies")})
	case "matter":
		_, err = svc.RecordMatter(ctx, a, id("reception_id"), party.MatterInput{Name: v("name"), Phone: v("phone"), Matter: v("matter")})
	case "file":
		_, err = svc.FileMatter(ctx, a, id("matter_id"), v("category"), "")
	}
	if err != nil {
		switch errs.KindOf(err) {
		case errs.Invalid, errs.Conflict, errs.NotFound, errs.Forbidden:
			u.renderParty(w, r, p, statusOfKind(err), form, lifeMessage(err, langOf(w, r)), "", revealed)
		default:
			u.fail(w, r, p, err)
		}
		return
	}
	http.Redirect(w, r, "/party?done="+form+"#"+partyForms[form], http.StatusSeeOther)
}
