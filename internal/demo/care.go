package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/care"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
	"civicgrid/internal/zone"
)

type careReport struct{ members, visits, overdue int }

func (r careReport) String() string {
	return fmt.Sprintf("members %d, visits %d, overdue now %d", r.members, r.visits, r.overdue)
}

// careFindings are what a grid worker writes after a visit.
var careFindings = []string{
	"老人身体状况良好，生活能自理，叮嘱按时服药。",
	"家中整洁，燃气、电器使用安全，已提醒冬季防煤气中毒。",
	"反映腿脚不便，已联系社区志愿者每周帮忙买菜。",
	"子女本月回来过一次，老人情绪稳定。",
	"低保金按时到账，询问了医保报销流程，已当场解答。",
	"孩子在校表现正常，监护人（祖母）身体尚可。",
	"家中暖气不热，已记录并协调物业查看。",
	"近期血压偏高，已联系家庭医生上门随访。",
	"本人在家，状态平稳，按时报到，无异常。",
	"精神状态稳定，家属监护到位，已核对服药情况。",
	"住房漏雨，已登记并上报维修。",
	"情况无变化，宣传了防诈骗知识。",
}

// addCare puts people of the demo community in care groups — elders
// living alone or with no one nearby, children left behind, 低保 and
// 特困 households, disabled people, a few entitled veterans and a handful
// in the special populations — and gives them a visit history by their
// group's plan ending at end: most visits on time, some late, a few
// members overdue now (so the sweep has grid tasks to raise). Each visit
// is by a grid worker of the member's grid.
func addCare(ctx context.Context, db *store.DB, keys *pii.Keyring, community string, end time.Time) (careReport, error) {
	var rep careReport
	rng := rand.New(rand.NewPCG(11, 2026))
	workers := map[string]auth.User{}
	rows, err := db.QueryContext(ctx, `SELECT m.grid_code, m.user_id FROM grid_members m JOIN users u ON u.id = m.user_id
		WHERE m.grid_code LIKE ? AND u.role = ? ORDER BY m.grid_code, m.user_id`, community+"%", auth.RoleGrid)
	if err != nil {
		return rep, err
	}
	type post struct {
		grid string
		user int64
	}
	var posts []post
	for rows.Next() {
		var p post
		if err := rows.Scan(&p.grid, &p.user); err != nil {
			rows.Close()
			return rep, err
		}
		posts = append(posts, p)
	}
	if err := rows.Close(); err != nil {
		return rep, err
	}
	for _, p := range posts {
		if _, ok := workers[p.grid]; ok {
			continue
		}
		u, err := auth.GetUser(ctx, db, p.user)
		if err != nil {
			return rep, err
		}
		workers[p.grid] = u
	}
	type person struct {
		id    int64
		grid  string
		age   int
		local bool
	}
	var ps []person
	prow, err := db.QueryContext(ctx, `SELECT id, grid_code, birth_year, hukou FROM people WHERE community_code = ? ORDER BY id`, community)
	if err != nil {
		return rep, err
	}
	for prow.Next() {
		var p person
		var born int
		var hukou string
		if err := prow.Scan(&p.id, &p.grid, &born, &hukou); err != nil {
			prow.Close()
			return rep, err
		}
		if _, ok := workers[p.grid]; !ok || born == 0 {
			continue
		}
		p.age, p.local = end.Year()-born, hukou == "local"
		ps = append(ps, p)
	}
	if err := prow.Close(); err != nil {
		return rep, err
	}
	// The shares a community keeps on its visit register: some of its
	// elders alone or empty-nest, about one percent on 低保, fewer 特困,
	// disabled and others.
	pick := func(p person) string {
		r := rng.IntN(2500) // the shares below per 2500: a register a community keeps up with
		switch {
		case p.age >= 70 && r < 90:
			return "elder_alone"
		case p.age >= 65 && r < 160:
			return "elder_empty"
		case p.age >= 75 && r < 190:
			return "elder_disabled"
		case p.age < 16 && r < 40:
			return "child_left"
		case p.age < 16 && r < 50:
			return "child_plight"
		case r < 25:
			return "dibao"
		case r < 32:
			return "disabled"
		case r < 36:
			return "tekun"
		case p.age >= 55 && r < 42:
			return "youfu"
		case p.age >= 18 && p.age < 60 && r < 45:
			return []string{"correction", "released", "drug", "mental"}[rng.IntN(4)]
		}
		return ""
	}
	clock := end
	svc := &care.Service{DB: db, Keys: keys, Now: func() time.Time { return clock }}
	groups, err := svc.Groups(ctx)
	if err != nil {
		return rep, err
	}
	freq := map[string]int{}
	for _, g := range groups {
		freq[g.Code] = g.FrequencyDays
	}
	for _, p := range ps {
		group := pick(p)
		if group == "" {
			continue
		}
		worker := workers[p.grid]
		scope, err := auth.ScopeForUser(ctx, db, worker)
		if err != nil {
			return rep, err
		}
		a := care.Actor{User: worker, Scope: scope, IP: "127.0.0.1"}
		// Enrolled three to eighteen months ago; the history shows the
		// last 60 days (enough for every plan to have come round).
		enrolled := end.AddDate(0, -3-rng.IntN(16), -rng.IntN(28))
		clock = enrolled
		m, err := svc.Enroll(ctx, a, group, p.id, "")
		if err != nil {
			return rep, fmt.Errorf("enrol person %d in %s: %w", p.id, group, err)
		}
		rep.members++
		every := time.Duration(freq[group]) * 24 * time.Hour
		at := end.Add(-60 * 24 * time.Hour)
		if at.Before(enrolled) {
			at = enrolled
		}
		late := rng.IntN(10) == 0 // one in ten lets the visits slip
		for {
			step := every - time.Duration(rng.IntN(48))*time.Hour
			if late || rng.IntN(12) == 0 {
				step += time.Duration(2+rng.IntN(5)) * 24 * time.Hour
			}
			at = at.Add(step)
			if at.After(end.Add(-time.Hour)) {
				break
			}
			visit := time.Date(at.Year(), at.Month(), at.Day(), 9+rng.IntN(8), rng.IntN(60), 0, 0, zone.Shanghai())
			if visit.After(end) {
				break
			}
			clock = visit.Add(10 * time.Minute)
			if _, err := svc.RecordVisit(ctx, a, care.VisitInput{MemberID: m.ID, VisitedAt: visit,
				Findings: careFindings[rng.IntN(len(careFindings))]}); err != nil {
				return rep, fmt.Errorf("visit member %d: %w", m.ID, err)
			}
			rep.visits++
		}
	}
	clock = end
	over, err := svc.Members(ctx, care.Actor{User: auth.User{Role: auth.RoleCommunity, NodeCode: community}, Scope: auth.ScopeOf(auth.User{NodeCode: community}, "")},
		care.Filter{OverdueOnly: true})
	if err != nil {
		return rep, err
	}
	rep.overdue = len(over)
	return rep, nil
}
