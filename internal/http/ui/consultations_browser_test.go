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
			codes, err := consultation.IssueCodes(ctx, tx, ed, consultation.Delivery{}, c.ID, nil, 0, at)
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
	if !b.keepShots {
		// What the capture waited for, without the capture.
		b.waitVisible(sel)
		b.n++
		return
	}
	png, err := chromedp.Run(b.ctx, chromedp.Screenshot(sel, chromedp.NodeVisible))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	b.n++
	if err := os.WriteFile(filepath.Join(b.shots, fmt.Sprintf("%02d-%s.png", b.n, name)), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// TestBrowserConsultationDesk: staff open a 改不改 consultation, print the
// owners' codes and record a paper ballot with its photo; a second new
// ballot for the house is refused on the page; an owner votes on a phone
// with a code; the close publishes the result. Screenshots consult-*.png.
func TestBrowserConsultationDesk(t *testing.T) {
	exe, shots := browserSetup(t)
	db := demoSQLite(t)
	e := newEnv(t, db, nil)
	w := seedProjectWorld(t, db, e.dataDir)
	ctx := context.Background()
	c, err := consultation.Create(ctx, db, grid.CommandLine("210504"), consultation.Input{ProjectID: w.project, EstateID: w.estate,
		Stage: "whether", Title: "民建小区改造意愿征询", Question: "是否同意纳入2022年老旧小区改造？", Rule: consultation.RuleConsent}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	photo := filepath.Join(t.TempDir(), "sheet.jpg")
	if err := os.WriteFile(photo, sitePhoto(t), 0o644); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, exe, e.srv.URL, shots)
	b.viewport(phoneW, phoneH)
	signInAs(t, b, "admin", e.creds["admin"])
	if status := b.open("/consultations"); status != 200 {
		t.Fatalf("/consultations answered %d", status)
	}
	if got := b.text(fmt.Sprintf(`#consult-table tr[data-consultation="%d"]`, c.ID)); !strings.Contains(got, "民建小区") || !strings.Contains(got, "未开始") {
		t.Fatalf("list row %q", got)
	}
	// Starting a 怎么改 with one plan is refused on the page; with two it
	// opens the new draft's desk.
	b.do("open the form", chromedp.Click(chromedp.CSS("#consult-new summary")))
	b.do("stage how", chromedp.SetValue(chromedp.CSS(`#consult-new select[name=stage]`), "how"))
	b.do("rule", chromedp.SetValue(chromedp.CSS(`#consult-new select[name=rule]`), "civil278_ordinary"))
	b.typeInto(`#consult-new input[name=title]`, "道路改造方案征询")
	b.do("one plan", chromedp.SendKeys(chromedp.CSS(`#consult-new textarea[name=options]`), "方案一：台阶改缓坡"))
	if st := b.submit("#consult-create"); st != 400 || !strings.Contains(b.text("#consult-alert"), "至少两个方案") {
		t.Fatalf("one plan: %d", st)
	}
	b.typeInto(`#consult-new textarea[name=options]`, "方案一：台阶改缓坡\n方案二：加装扶手")
	if st := b.submit("#consult-create"); st != 200 || !strings.HasPrefix(b.location(), "/consultations/") || !strings.Contains(b.text("#consult-title"), "道路改造方案征询") {
		t.Fatalf("create from the form: %d at %s", st, b.location())
	}
	desk := fmt.Sprintf("/consultations/%d", c.ID)
	b.open(desk)
	b.submit("#consult-open")
	if got := b.text("#consult-done"); !strings.Contains(got, "已更新") {
		t.Fatalf("after opening: %q", got)
	}
	b.submit("#consult-codes")
	// The owner votes for a house other than the one the desk form has
	// selected for the paper ballot, so the two votes are two houses.
	deskHouse := b.value("#desk-house")
	code := b.text(fmt.Sprintf(`#consult-codelist tbody tr:not([data-house="%s"]) code`, deskHouse))
	if len(code) != 10 {
		t.Fatalf("code %q", code)
	}
	record := func() int64 {
		b.do("choose yes", chromedp.Click(chromedp.CSS(`#desk input[name=choice][value=yes]`)))
		b.do("attach the sheet", chromedp.SetUploadFiles(chromedp.CSS(`#desk input[name=photo]`), []string{photo}))
		return b.submit("#desk-save")
	}
	if st := record(); st != 200 || !strings.Contains(b.text("#consult-done"), "已保存") {
		t.Fatalf("paper ballot: %d", st)
	}
	if st := record(); st != 400 || !strings.Contains(b.text("#consult-alert"), "已投票") {
		t.Fatalf("second new ballot for the same house: %d", st)
	}
	noSidewaysScroll(t, b, "consultation desk")
	b.screenshot("consult-desk")

	vote := fmt.Sprintf("/public/consultations/%d/vote", c.ID)
	b.open(vote)
	b.typeInto("#vote-code", "WRONG12345")
	b.do("choose no", chromedp.Click(chromedp.CSS(`input[name=choice][value=no]`)))
	if st := b.submit("#vote-button"); st != 400 || !strings.Contains(b.text("#vote-alert"), "验证码错误") {
		t.Fatalf("a wrong code: %d", st)
	}
	b.typeInto("#vote-code", strings.ToLower(code))
	b.screenshot("consult-vote")
	if st := b.submit("#vote-button"); st != 200 || !strings.Contains(b.text("#vote-done"), "已记录") {
		t.Fatalf("owner's vote: %d", st)
	}
	noSidewaysScroll(t, b, "owners' vote")

	b.open(desk)
	if got := b.text("#consult-title + p"); !strings.Contains(got, "已表决 2 /") {
		t.Fatalf("desk after two votes: %q", got)
	}
	b.submit("#consult-close")
	if got := b.text(`article[data-stage=whether] .consult-figures tr[data-row=participating] td:last-child`); got != "2" {
		t.Fatalf("participating owners %q", got)
	}
	b.checkConsole("consultation desk", "status of 400")
}
