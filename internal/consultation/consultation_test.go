package consultation_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/audit"
	"civicgrid/internal/auth"
	"civicgrid/internal/consultation"
	"civicgrid/internal/errs"
	"civicgrid/internal/project"
	"civicgrid/internal/store"
	"civicgrid/internal/store/storetest"
)

var t0 = time.Date(2022, 4, 1, 2, 0, 0, 0, time.UTC)

func TestWhetherBallotsRulesAndRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := seed(t, db)
		up := project.Uploads(t.TempDir())
		c, err := consultation.Create(ctx, db, w.community, consultation.Input{ProjectID: w.projectID, EstateID: w.estate, Stage: consultation.StageWhether,
			Title: "民建小区改不改", Rule: consultation.RuleMajor}, t0)
		if err != nil {
			t.Fatal(err)
		}
		if c.Houses != 6 || c.Year != 2022 || c.Status != consultation.StatusDraft {
			t.Fatalf("created %+v", c)
		}
		// Who may run it, and where.
		if _, err := consultation.Create(ctx, db, w.grid, consultation.Input{ProjectID: w.projectID, EstateID: w.estate, Stage: "whether", Title: "x", Rule: consultation.RuleMajor}, t0); !errors.Is(err, consultation.ErrForbidden) {
			t.Fatalf("grid worker creates: %v", err)
		}
		if _, err := consultation.Get(ctx, db, w.streetB.Scope, c.ID); !errors.Is(err, consultation.ErrNotFound) {
			t.Fatalf("another street reads: %v", err)
		}
		if _, err := consultation.Get(ctx, db, auth.Scope{}, c.ID); !errors.Is(err, consultation.ErrNotFound) {
			t.Fatalf("the public reads an unfinished consultation: %v", err)
		}
		desk := func(house int64, choice, suggestion string) (consultation.Ballot, error) {
			return consultation.CastAtDesk(ctx, db, w.community, up, c.ID, consultation.BallotInput{HouseID: house, Choice: choice, Suggestion: suggestion, Photo: sheet(t)}, t0)
		}
		if _, err := desk(w.houses[0], "yes", ""); !errs.Is(err, errs.Conflict) || !strings.Contains(err.Error(), "尚未开始") {
			t.Fatalf("ballot before opening: %v", err)
		}
		if err := consultation.Open(ctx, db, w.community, c.ID, t0); err != nil {
			t.Fatal(err)
		}
		// Refusals.
		if _, err := consultation.CastAtDesk(ctx, db, w.community, up, c.ID, consultation.BallotInput{HouseID: w.houses[0], Choice: "yes"}, t0); !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), "签字表决票照片") {
			t.Fatalf("desk ballot without the sheet: %v", err)
		}
		if _, err := desk(w.outside, "yes", ""); !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), "不在本次征询范围") {
			t.Fatalf("house outside: %v", err)
		}
		if _, err := desk(w.houses[0], "maybe", ""); !errs.Is(err, errs.Invalid) {
			t.Fatalf("choice maybe: %v", err)
		}
		b, err := desk(w.houses[0], "yes", "台阶和道路坡度")
		if err != nil {
			t.Fatal(err)
		}
		stored, err := os.ReadFile(filepath.Join(string(up), b.PhotoSHA256[:2], b.PhotoSHA256[2:4], b.PhotoSHA256))
		if err != nil || bytes.Contains(stored, []byte("Exif")) {
			t.Fatalf("stored sheet: %v, still has EXIF: %v", err, bytes.Contains(stored, []byte("Exif")))
		}
		if _, err := desk(w.houses[0], "no", ""); !errs.Is(err, errs.Conflict) || !strings.Contains(err.Error(), "已投票") {
			t.Fatalf("second new ballot: %v", err)
		}
		// Changing is allowed until the close, and audited.
		for _, ch := range []string{"no", "yes"} {
			if _, err := consultation.ChangeAtDesk(ctx, db, w.community, up, c.ID, consultation.BallotInput{HouseID: w.houses[0], Choice: ch, Suggestion: "台阶和道路坡度", Photo: sheet(t)}, t0); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := consultation.ChangeAtDesk(ctx, db, w.community, up, c.ID, consultation.BallotInput{HouseID: w.houses[1], Choice: "yes", Photo: sheet(t)}, t0); !errors.Is(err, consultation.ErrNotFound) {
			t.Fatalf("change of a ballot never cast: %v", err)
		}
		log, err := audit.List(ctx, db, audit.Filter{Target: "consultation:" + itoa(c.ID)})
		if err != nil {
			t.Fatal(err)
		}
		var changes int
		for _, e := range log {
			if e.Action == "consultation.ballot.change" {
				changes++
				if !strings.Contains(e.Detail, "→") {
					t.Errorf("change without before and after: %q", e.Detail)
				}
			}
		}
		if changes != 2 {
			t.Fatalf("%d audited changes, want 2: %+v", changes, log)
		}
		// Owner codes: single use, hashed, expiring.
		codes, err := consultation.IssueCodes(ctx, db, w.community, consultation.Delivery{}, c.ID, []int64{w.houses[2], w.houses[3]}, time.Hour, t0)
		if err != nil || len(codes) != 2 {
			t.Fatalf("codes %v %v", codes, err)
		}
		var hashes int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM consultation_codes WHERE code_sha256 = ?`, codes[0].Code).Scan(&hashes); err != nil || hashes != 0 {
			t.Fatalf("a code is stored in clear: %d %v", hashes, err)
		}
		if _, err := consultation.IssueCodes(ctx, db, w.community, consultation.Delivery{}, c.ID, []int64{w.outside}, 0, t0); !errs.Is(err, errs.Invalid) {
			t.Fatalf("code for a house outside: %v", err)
		}
		if _, err := consultation.CastByCode(ctx, db, c.ID, strings.ToLower(codes[0].Code), consultation.BallotInput{Choice: "yes"}, t0.Add(time.Minute)); err != nil {
			t.Fatalf("owner votes: %v", err)
		}
		if _, err := consultation.CastByCode(ctx, db, c.ID, codes[0].Code, consultation.BallotInput{Choice: "no"}, t0.Add(2*time.Minute)); !errors.Is(err, consultation.ErrBadCode) {
			t.Fatalf("code used twice: %v", err)
		}
		if _, err := consultation.CastByCode(ctx, db, c.ID, codes[1].Code, consultation.BallotInput{Choice: "yes"}, t0.Add(2*time.Hour)); !errors.Is(err, consultation.ErrBadCode) {
			t.Fatalf("expired code: %v", err)
		}
		if _, err := desk(w.houses[3], "yes", ""); err != nil {
			t.Fatal(err)
		}
		if _, err := desk(w.houses[1], "yes", "健身器材"); err != nil {
			t.Fatal(err)
		}
		// Houses 1–4 took part: 320 of 400 m² but 3 of 5 owners (1 and 2
		// share theirs) — under 2/3 of the owners.
		r, err := consultation.ResultOf(ctx, db, w.community.Scope, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := consultation.Figures{EligibleArea: 40000, EligibleOwners: 5, EligibleHouses: 6, ParticipatingArea: 32000, ParticipatingOwners: 3,
			YesArea: 32000, YesOwners: 3, YesHouses: 4}
		if r.Figures != want || r.Quorum || r.Passed || !strings.Contains(r.Reason, "人数未达三分之二") {
			t.Fatalf("result %+v %+v", r.Figures, r.Decision)
		}
		// House 5 votes no: 4 of 5 owners take part, 3 of them agree —
		// exactly 3/4 of owners; area 320 of 380 m² ≥ 3/4.
		if _, err := desk(w.houses[4], "no", ""); err != nil {
			t.Fatal(err)
		}
		if err := consultation.Close(ctx, db, w.community, c.ID, t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if _, err := desk(w.houses[5], "yes", ""); !errs.Is(err, errs.Conflict) || !strings.Contains(err.Error(), "已结束") {
			t.Fatalf("ballot after close: %v", err)
		}
		if _, err := consultation.ChangeAtDesk(ctx, db, w.community, up, c.ID, consultation.BallotInput{HouseID: w.houses[4], Choice: "yes", Photo: sheet(t)}, t0); !errs.Is(err, errs.Conflict) {
			t.Fatalf("change after close: %v", err)
		}
		r, err = consultation.ResultOf(ctx, db, auth.Scope{}, c.ID)
		if err != nil {
			t.Fatalf("the public reads the closed result: %v", err)
		}
		if r.ParticipatingOwners != 4 || r.YesOwners != 3 || r.ParticipatingArea != 38000 || r.YesArea != 32000 || !r.Passed || r.Counts["no"] != 1 {
			t.Fatalf("closed result %+v %+v %v", r.Figures, r.Decision, r.Counts)
		}
		// Suggestions: both kept; adopting one shows it with the result.
		ss, err := consultation.Suggestions(ctx, db, w.community, c.ID)
		if err != nil || len(ss) != 2 || ss[0].Text != "台阶和道路坡度" {
			t.Fatalf("suggestions %+v %v", ss, err)
		}
		items, _ := project.WorkItems(ctx, db)
		var fitness int64
		for _, it := range items {
			if it.Name == "健身器材" {
				fitness = it.ID
			}
		}
		if err := consultation.AdoptAsWorkItem(ctx, db, w.community, c.ID, ss[1].BallotID, fitness, t0); err != nil {
			t.Fatal(err)
		}
		r, _ = consultation.ResultOf(ctx, db, auth.Scope{}, c.ID)
		if len(r.Adopted) != 1 || r.Adopted[0].WorkItemName != "健身器材" {
			t.Fatalf("adopted %+v", r.Adopted)
		}
		p, _ := project.Get(ctx, db, w.admin.Scope, w.projectID)
		if len(p.WorkItems) != 1 || p.WorkItems[0].Name != "健身器材" {
			t.Fatalf("project work items %+v", p.WorkItems)
		}
		if cs, err := consultation.List(ctx, db, auth.Scope{}, 2022, 0); err != nil || len(cs) != 1 {
			t.Fatalf("public list %d %v", len(cs), err)
		}
		if cs, _ := consultation.List(ctx, db, auth.Scope{}, 2023, 0); len(cs) != 0 {
			t.Fatal("2023 lists a 2022 consultation")
		}
	})
}

func TestWhatAndHowStages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := seed(t, db)
		up := project.Uploads(t.TempDir())
		// Bad input.
		for _, in := range []consultation.Input{
			{Stage: "what", Title: "改什么", Rule: consultation.RuleOrdinary, Options: []consultation.OptionInput{{Name: "道路", CostFen: 1}}},                 // no budget
			{Stage: "how", Title: "怎么改", Rule: consultation.RuleOrdinary, Options: []consultation.OptionInput{{Name: "方案一"}}},                             // one plan
			{Stage: "what", Title: "改什么", Rule: consultation.RuleConsent, BudgetFen: 10, Options: []consultation.OptionInput{{Name: "道路", CostFen: 1}}},   // consent
			{Stage: "what", Title: "改什么", Rule: consultation.RuleOrdinary, BudgetFen: 10, Options: []consultation.OptionInput{{Name: "道路", CostFen: 11}}}, // over budget
			{Stage: "whether", Title: "改不改", Rule: consultation.RuleConsent, ConsentNum: 4, ConsentDen: 3},                                                // share > 1
			{Stage: "whether", Title: "改不改", Rule: consultation.RuleMajor, Buildings: []string{"999"}},                                                    // building
		} {
			in.ProjectID, in.EstateID = w.projectID, w.estate
			if _, err := consultation.Create(ctx, db, w.admin, in, t0); !errs.Is(err, errs.Invalid) {
				t.Errorf("%+v: %v", in, err)
			}
		}
		what, err := consultation.Create(ctx, db, w.admin, consultation.Input{ProjectID: w.projectID, EstateID: w.estate, Stage: "what", Title: "民建小区改什么",
			Rule: consultation.RuleOrdinary, BudgetFen: 100_00, Options: []consultation.OptionInput{{Name: "道路", CostFen: 60_00}, {Name: "健身器材", CostFen: 30_00}, {Name: "停车位", CostFen: 50_00}}}, t0)
		if err != nil {
			t.Fatal(err)
		}
		if err := consultation.Open(ctx, db, w.admin, what.ID, t0); err != nil {
			t.Fatal(err)
		}
		if err := consultation.Open(ctx, db, w.admin, what.ID, t0); !errs.Is(err, errs.Conflict) {
			t.Fatalf("opened twice: %v", err)
		}
		road, fit, park := what.Options[0].ID, what.Options[1].ID, what.Options[2].ID
		cast := func(house int64, opts ...int64) error {
			_, err := consultation.CastAtDesk(ctx, db, w.admin, up, what.ID, consultation.BallotInput{HouseID: house, Options: opts, Photo: sheet(t)}, t0)
			return err
		}
		if err := cast(w.houses[0], road, park); !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), "超出预算") {
			t.Fatalf("110 元 of items on a 100 元 budget: %v", err)
		}
		for i, opts := range [][]int64{{road, fit}, {road}, {road, fit}, {fit}, {park}, {road}} {
			if err := cast(w.houses[i], opts...); err != nil {
				t.Fatal(err)
			}
		}
		r, err := consultation.ResultOf(ctx, db, w.admin.Scope, what.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Everyone took part (400 m², 5 owners). 道路: flats 1, 2, 3 and 6 —
		// 280 m² and 3 owners (flats 1 and 2 share theirs): more than half.
		if r.Leading == nil || r.Leading.Name != "道路" || r.YesArea != 28000 || r.YesOwners != 3 || r.ParticipatingOwners != 5 || !r.Passed {
			t.Fatalf("leading %+v figures %+v %+v", r.Leading, r.Figures, r.Decision)
		}
		if r.Options[2].Passed || r.Options[2].YesArea != 6000 {
			t.Fatalf("停车位 %+v", r.Options[2])
		}
		how, err := consultation.Create(ctx, db, w.admin, consultation.Input{ProjectID: w.projectID, EstateID: w.estate, Stage: "how", Title: "民建小区怎么改",
			Rule: consultation.RuleOrdinary, Options: []consultation.OptionInput{{Name: "方案一：坡道"}, {Name: "方案二：台阶加扶手"}}}, t0)
		if err != nil {
			t.Fatal(err)
		}
		if err := consultation.Open(ctx, db, w.admin, how.ID, t0); err != nil {
			t.Fatal(err)
		}
		if _, err := consultation.CastAtDesk(ctx, db, w.admin, up, how.ID, consultation.BallotInput{HouseID: w.houses[0], Options: []int64{how.Options[0].ID, how.Options[1].ID}, Photo: sheet(t)}, t0); !errs.Is(err, errs.Invalid) {
			t.Fatalf("two plans on one ballot: %v", err)
		}
		if _, err := consultation.CastAtDesk(ctx, db, w.admin, up, how.ID, consultation.BallotInput{HouseID: w.houses[0], Options: []int64{road}, Photo: sheet(t)}, t0); !errs.Is(err, errs.Invalid) {
			t.Fatalf("an option of another consultation: %v", err)
		}
		cs, err := consultation.List(ctx, db, w.admin.Scope, 2022, w.estate)
		if err != nil || len(cs) != 2 || cs[0].Stage != "what" || cs[1].Stage != "how" {
			t.Fatalf("list %+v %v", cs, err)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
