package ui_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"civicgrid/internal/consultation"
	"civicgrid/internal/grid"
	"civicgrid/internal/project"
	"civicgrid/internal/store"
)

// seedConsultations runs 民建小区's 改不改 (household consent) and 改什么
// (民法典 第278条, ordinary matters) on the project of projectWorld, most
// owners voting by code and one at the desk, and closes both.
func seedConsultations(t *testing.T, db *store.DB, dataDir string, w projectWorld) (houses int) {
	t.Helper()
	ctx := context.Background()
	ed := grid.CommandLine("210504")
	at := time.Date(2022, 3, 1, 2, 0, 0, 0, time.UTC)
	err := db.InTx(ctx, func(tx *store.Tx) error {
		whether, err := consultation.Create(ctx, tx, ed, consultation.Input{ProjectID: w.project, EstateID: w.estate, Stage: "whether",
			Title: "民建小区改造意愿征询", Rule: consultation.RuleConsent}, at)
		if err != nil {
			return err
		}
		houses = whether.Houses
		what, err := consultation.Create(ctx, tx, ed, consultation.Input{ProjectID: w.project, EstateID: w.estate, Stage: "what",
			Title: "民建小区改造内容征询", Rule: consultation.RuleOrdinary, BudgetFen: 300_0000_00,
			Options: []consultation.OptionInput{{Name: "小区道路翻新", CostFen: 200_0000_00}, {Name: "健身器材", CostFen: 30_0000_00}, {Name: "新增停车位", CostFen: 150_0000_00}}}, at)
		if err != nil {
			return err
		}
		for _, c := range []consultation.Consultation{whether, what} {
			if err := consultation.Open(ctx, tx, ed, c.ID, at); err != nil {
				return err
			}
			codes, err := consultation.IssueCodes(ctx, tx, ed, c.ID, nil, 0, at)
			if err != nil {
				return err
			}
			for i, code := range codes {
				in := consultation.BallotInput{Choice: "yes"}
				if i%5 == 4 {
					in.Choice = "no"
				}
				if i == 1 {
					in.Suggestion = "台阶和道路坡度"
				}
				if c.Stage == "what" {
					in = consultation.BallotInput{Options: []int64{c.Options[0].ID}}
					if i%3 == 0 {
						in.Options = append(in.Options, c.Options[1].ID)
					}
				}
				if i == 0 {
					in.HouseID, in.Photo = code.HouseID, sitePhoto(t)
					if _, err := consultation.CastAtDesk(ctx, tx, ed, project.Uploads(filepath.Join(dataDir, "uploads")), c.ID, in, at); err != nil {
						return err
					}
					continue
				}
				if _, err := consultation.CastByCode(ctx, tx, c.ID, code.Code, in, at); err != nil {
					return err
				}
			}
			if err := consultation.Close(ctx, tx, ed, c.ID, at.Add(14*24*time.Hour)); err != nil {
				return err
			}
		}
		ss, err := consultation.Suggestions(ctx, tx, ed, whether.ID)
		if err != nil || len(ss) != 1 {
			return fmt.Errorf("suggestions %v %v", ss, err)
		}
		items, _ := project.WorkItems(ctx, tx)
		for _, it := range items {
			if it.Name == "无障碍" {
				return consultation.AdoptAsWorkItem(ctx, tx, ed, whether.ID, ss[0].BallotID, it.ID, at)
			}
		}
		return fmt.Errorf("no 无障碍 in the catalogue")
	})
	if err != nil {
		t.Fatal(err)
	}
	return houses
}

// TestBrowserConsultationResults: on a phone, a resident reads on the 小区's
// page what the owners decided — the figures behind each decision, the
// rule, each option's share and the suggestion taken up. Screenshot
// consult-results.png.
func TestBrowserConsultationResults(t *testing.T) {
	exe, shots := browserSetup(t)
	fmt.Fprintf(os.Stderr, "consultation browser screenshots: %s\n", shots)
	db := demoSQLite(t)
	e := newEnv(t, db, nil)
	w := seedProjectWorld(t, db, e.dataDir)
	houses := seedConsultations(t, db, e.dataDir, w)
	b := newBrowser(t, exe, e.srv.URL, shots)
	b.viewport(phoneW, phoneH)
	if status := b.open(fmt.Sprintf("/public/projects/estates/%d", w.estate)); status != 200 {
		t.Fatalf("estate page answered %d", status)
	}
	b.waitVisible("#consultations")
	if n := evalIn[int](b, `document.querySelectorAll('#consultations article.consultation').length`); n != 2 {
		t.Fatalf("%d consultations shown, want 2", n)
	}
	whether := `#consultations article[data-stage=whether]`
	// Every house took part; 4 in 5 agreed (i%5 == 4 said no).
	yes := 0
	for i := 0; i < houses; i++ {
		if i%5 != 4 {
			yes++
		}
	}
	if got := b.text(whether + ` tr[data-row=eligible] td:last-child`); got != fmt.Sprint(houses) {
		t.Errorf("eligible owners %q, want %d", got, houses)
	}
	if got := b.text(whether + ` tr[data-row=yes] td:last-child`); got != fmt.Sprint(yes) {
		t.Errorf("yes owners %q, want %d", got, yes)
	}
	if got := b.text(whether + ` tr[data-row=eligible] td:nth-child(2)`); got != fmt.Sprintf("%d.00", houses*75) {
		t.Errorf("eligible area %q, want %d.00 m²", got, houses*75)
	}
	if got := b.text(whether + ` .verdict`); !strings.Contains(got, "通过") {
		t.Errorf("verdict %q", got)
	}
	if got := b.text(whether + ` .adopted`); !strings.Contains(got, "台阶和道路坡度") || !strings.Contains(got, "无障碍") {
		t.Errorf("adopted suggestion %q", got)
	}
	if got := b.text(`#consultations article[data-stage=what] .consult-options`); !strings.Contains(got, "小区道路翻新") || !strings.Contains(got, "未通过") {
		t.Errorf("options %q (健身器材, chosen by a third, does not pass)", got)
	}
	noSidewaysScroll(t, b, "consultations")
	elementShot(b, "#consultations", "consult-results")
}

// elementShot writes one element of the page to the screenshot folder.
func elementShot(b *browser, sel, name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.Screenshot(sel, chromedp.NodeVisible))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	b.n++
	if err := os.WriteFile(filepath.Join(b.shots, fmt.Sprintf("%02d-%s.png", b.n, name)), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}
