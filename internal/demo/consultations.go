package demo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"path/filepath"
	"time"

	"civicgrid/internal/consultation"
	"civicgrid/internal/grid"
	"civicgrid/internal/project"
	"civicgrid/internal/store"
)

// addConsultations runs 民建小区's three-stage consultation on the 配套基础
// 设施 project in early 2022, closed before the works began: 改不改 by
// household consent (2/3), 改什么 and 怎么改 under 民法典 第278条. Most
// owners vote with their one-time code, the rest at the community desk
// from a signed paper ballot (its photo stored under DATA/uploads). The
// suggestions on the ballots include the seed's 台阶和道路坡度 and 健身器材,
// both taken up as work items. Every figure a page shows is counted from
// these ballots. Without a data directory (tests) every owner votes by
// code, since a desk ballot's photo needs somewhere to be kept.
func addConsultations(ctx context.Context, db *store.DB, dataDir string) (string, error) {
	ed := grid.CommandLine(DistrictCode)
	up := project.Uploads(filepath.Join(dataDir, "uploads"))
	var summary string
	err := db.InTx(ctx, func(tx *store.Tx) error {
		var estate, projectID int64
		if err := tx.QueryRowContext(ctx, `SELECT id FROM estates WHERE name = '民建小区' AND retired_at IS NULL`).Scan(&estate); err != nil {
			return fmt.Errorf("demo: 民建小区: %w", err)
		}
		if err := tx.QueryRowContext(ctx, `SELECT p.id FROM projects p JOIN project_estates pe ON pe.project_id = p.id
			WHERE pe.estate_id = ? AND p.scope = '配套基础设施'`, estate).Scan(&projectID); err != nil {
			return fmt.Errorf("demo: 民建小区's project: %w", err)
		}
		items, err := project.WorkItems(ctx, tx)
		if err != nil {
			return err
		}
		item := map[string]int64{}
		for _, w := range items {
			item[w.Name] = w.ID
		}
		sheet, err := ballotSheet()
		if err != nil {
			return err
		}
		day := func(m time.Month, d int) time.Time { return time.Date(2022, m, d, 1, 30, 0, 0, time.UTC) }
		stages := []struct {
			in             consultation.Input
			open, close    time.Time
			vote           func(i int) consultation.BallotInput // nil: the house does not vote
			adopt          map[string]string                    // suggestion → work item
			participateOf6 int                                  // houses out of every 6 that vote
		}{
			{in: consultation.Input{Stage: consultation.StageWhether, Title: "民建小区老旧小区改造意愿征询（改不改）",
				Question: "是否同意将民建小区纳入2022年老旧小区改造计划？", Rule: consultation.RuleConsent, ConsentNum: 2, ConsentDen: 3},
				open: day(1, 10), close: day(1, 24), participateOf6: 6,
				vote: func(i int) consultation.BallotInput {
					in := consultation.BallotInput{Choice: "yes"}
					switch {
					case i%13 == 5:
						in.Choice = "no"
					case i%17 == 3:
						in.Choice = "abstain"
					}
					switch i % 9 {
					case 1:
						in.Suggestion = "台阶和道路坡度"
					case 4:
						in.Suggestion = "健身器材"
					case 7:
						in.Suggestion = "楼道照明"
					}
					return in
				},
				adopt: map[string]string{"台阶和道路坡度": "无障碍", "健身器材": "健身器材"}},
			{in: consultation.Input{Stage: consultation.StageWhat, Title: "民建小区改造内容征询（改什么）",
				Question: "在 620 万元预算内，您希望改造哪些内容？（可多选，合计不超过预算）", Rule: consultation.RuleOrdinary, BudgetFen: wan("620"),
				Options: []consultation.OptionInput{
					{Name: "小区道路翻新", CostFen: wan("210"), WorkItemID: item["道路"]},
					{Name: "台阶改坡道、降低道路坡度", CostFen: wan("65"), WorkItemID: item["无障碍"]},
					{Name: "雨污管网", CostFen: wan("180"), WorkItemID: item["雨污管网"]},
					{Name: "健身器材", CostFen: wan("28"), WorkItemID: item["健身器材"]},
					{Name: "新增停车位", CostFen: wan("160"), WorkItemID: item["停车位"]},
					{Name: "视频监控", CostFen: wan("45"), WorkItemID: item["视频监控"]},
				}},
				open: day(2, 7), close: day(2, 21), participateOf6: 5},
			{in: consultation.Input{Stage: consultation.StageHow, Title: "民建小区道路改造方案征询（怎么改）",
				Question: "道路与台阶改造，您选择哪个方案？", Rule: consultation.RuleOrdinary,
				Options: []consultation.OptionInput{
					{Name: "方案一：道路整体翻新，单元口台阶改为缓坡并加扶手"},
					{Name: "方案二：道路局部修补，保留台阶并加装扶手"},
				}},
				open: day(3, 1), close: day(3, 15), participateOf6: 5},
		}
		var lines []string
		for k, s := range stages {
			s.in.ProjectID, s.in.EstateID = projectID, estate
			c, err := consultation.Create(ctx, tx, ed, s.in, s.open.Add(-72*time.Hour))
			if err != nil {
				return fmt.Errorf("demo: consultation %s: %w", s.in.Title, err)
			}
			if err := consultation.Open(ctx, tx, ed, c.ID, s.open); err != nil {
				return err
			}
			codes, err := consultation.IssueCodes(ctx, tx, ed, consultation.Delivery{}, c.ID, nil, 14*24*time.Hour, s.open)
			if err != nil {
				return err
			}
			for i, code := range codes {
				if i%6 >= s.participateOf6 {
					continue
				}
				var in consultation.BallotInput
				switch k {
				case 0:
					in = s.vote(i)
				case 1:
					// Roads, the ramps and the pipes for most; fitness
					// equipment often; parking for a third.
					opts := []int64{c.Options[0].ID, c.Options[1].ID}
					if i%5 != 2 {
						opts = append(opts, c.Options[2].ID)
					}
					if i%2 == 0 {
						opts = append(opts, c.Options[3].ID)
					}
					if i%3 == 0 && i%5 == 2 {
						opts = append(opts, c.Options[4].ID)
					}
					if i%7 == 1 {
						opts = append(opts, c.Options[5].ID)
					}
					in.Options = opts
				case 2:
					plan := c.Options[0].ID
					if i%4 == 3 {
						plan = c.Options[1].ID
					}
					in.Options = []int64{plan}
				}
				at := s.open.Add(time.Duration(i%13) * 24 * time.Hour)
				if i%10 == 0 && dataDir != "" {
					// Elderly owners sign a paper ballot at the community desk.
					in.HouseID, in.Photo = code.HouseID, sheet
					if _, err := consultation.CastAtDesk(ctx, tx, ed, up, c.ID, in, at); err != nil {
						return err
					}
					continue
				}
				if _, err := consultation.CastByCode(ctx, tx, c.ID, code.Code, in, at); err != nil {
					return err
				}
			}
			if err := consultation.Close(ctx, tx, ed, c.ID, s.close); err != nil {
				return err
			}
			if len(s.adopt) > 0 {
				ss, err := consultation.Suggestions(ctx, tx, ed, c.ID)
				if err != nil {
					return err
				}
				done := map[string]bool{}
				for _, sg := range ss {
					if w, ok := s.adopt[sg.Text]; ok && !done[sg.Text] {
						if err := consultation.AdoptAsWorkItem(ctx, tx, ed, c.ID, sg.BallotID, item[w], s.close); err != nil {
							return err
						}
						done[sg.Text] = true
					}
				}
			}
			r, err := consultation.ResultOf(ctx, tx, ed.Scope, c.ID)
			if err != nil {
				return err
			}
			lines = append(lines, fmt.Sprintf("%s %d/%d ballots, passed %v", c.StageName(), r.Ballots, c.Houses, r.Passed))
		}
		summary = fmt.Sprint(lines)
		return nil
	})
	return summary, err
}

// ballotSheet is a small grey JPEG standing for the photo of a signed
// paper ballot.
func ballotSheet() ([]byte, error) {
	img := image.NewGray(image.Rect(0, 0, 32, 44))
	for y := 0; y < 44; y++ {
		for x := 0; x < 32; x++ {
			img.SetGray(x, y, color.Gray{Y: 235})
		}
	}
	for y := 6; y < 40; y += 4 {
		for x := 4; x < 28; x++ {
			img.SetGray(x, y, color.Gray{Y: 60})
		}
	}
	var b bytes.Buffer
	err := jpeg.Encode(&b, img, nil)
	return b.Bytes(), err
}
