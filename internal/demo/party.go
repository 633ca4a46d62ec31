package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/org"
	"civicgrid/internal/party"
	"civicgrid/internal/people"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
	"civicgrid/internal/zone"
)

// demoUnits are the district's units whose members report to communities
// (made up), each paired with a community in turn.
var demoUnits = []struct{ name, kind string }{
	{"明山区财政局", "organ"}, {"明山区住房和城乡建设局", "organ"}, {"明山区教育局", "organ"}, {"明山区卫生健康局", "organ"},
	{"明山区市场监督管理局", "organ"}, {"明山区人民医院", "institution"}, {"本溪市第十二中学", "institution"}, {"国网本溪供电公司明山分公司", "soe"},
	{"本溪燃气集团明山营业所", "soe"}, {"明山区城市管理综合行政执法局", "organ"},
}

// demoTasks are the service tasks communities publish: title, detail, hours.
var demoTasks = []struct {
	title, detail string
	hours         float64
}{
	{"楼道小广告清理", "清理各单元楼道墙面小广告，工具由社区提供。", 2},
	{"独居老人陪伴走访", "两人一组看望独居老人，了解生活需求并做好记录。", 2},
	{"周末环境卫生整治", "清理小区绿化带垃圾和卫生死角。", 3},
	{"防诈骗宣传进楼院", "在小区广场发放防诈骗宣传材料，讲解常见骗局。", 2},
	{"文明交通劝导", "早高峰在学校路口协助维持秩序。", 1.5},
	{"老年人智能手机教学", "在党群服务中心教老人使用健康码、视频通话。", 2},
}

type partyReport struct{ orgs, units, members, reports, tasks, claims, cadres, receptions, pairs int }

func (r partyReport) String() string {
	return fmt.Sprintf("%d organisations, %d units, %d members (%d reports), %d tasks (%d claims), %d cadres, %d reception days, %d pairs",
		r.orgs, r.units, r.members, r.reports, r.tasks, r.claims, r.cadres, r.receptions, r.pairs)
}

// addParty builds 党建 for every community: a 党委 or 党总支 with two
// 党支部 and a 网格党小组 per grid (two at most); community members; the
// units' 在职党员 living there, most of whom have reported at both ends;
// two tasks (one done last month, one next week), a cadre per community of
// the first street, a reception day with matters raised, and members
// paired with households of the demo community.
func addParty(ctx context.Context, db *store.DB, keys *pii.Keyring, end time.Time, peopleCommunity string) (partyReport, error) {
	var rep partyReport
	if end.IsZero() {
		end = time.Now()
	}
	rng := rand.New(rand.NewPCG(37, 2026))
	clock := end.AddDate(0, -2, 0)
	svc, err := party.New(party.Config{DB: db, Keys: keys, Now: func() time.Time { return clock }})
	if err != nil {
		return rep, err
	}
	u := auth.User{Username: "demo", DisplayName: "演示数据", Role: auth.RoleAdmin, NodeCode: DistrictCode}
	a := party.Actor{User: u, Scope: auth.ScopeOf(u, "")}
	var comms []org.Region
	streets, err := org.Children(ctx, db, DistrictCode)
	if err != nil {
		return rep, err
	}
	firstStreet := map[string]bool{}
	for si, st := range streets {
		cs, err := org.Children(ctx, db, st.Code)
		if err != nil {
			return rep, err
		}
		for _, c := range cs {
			if c.Level == org.LevelCommunity || c.Level == org.LevelVillage {
				comms = append(comms, c)
				firstStreet[c.Code] = si == 0
			}
		}
	}
	if len(comms) == 0 {
		return rep, nil
	}
	var units []party.Unit
	for i, du := range demoUnits {
		x, err := svc.AddUnit(ctx, a, party.UnitInput{Name: du.name, Kind: du.kind, PairedCode: comms[(i*7)%len(comms)].Code})
		if err != nil {
			return rep, err
		}
		units = append(units, x)
	}
	rep.units = len(units)
	seq := 0
	idno := func(birthYear int) string {
		seq++
		p := fmt.Sprintf("210504%04d%02d%02d%03d", birthYear, 1+seq%12, 1+seq%28, seq%1000)
		return p + string(people.CheckChar(p))
	}
	phone := func() string {
		return mobilePrefixes[rng.IntN(len(mobilePrefixes))] + fmt.Sprintf("%08d", rng.IntN(100_000_000))
	}
	for ci, c := range comms {
		kind, title := party.OrgGeneral, "党总支"
		if ci%3 == 0 {
			kind, title = party.OrgCommittee, "党委"
		}
		top, err := svc.AddOrg(ctx, a, party.OrgInput{CommunityCode: c.Code, Kind: kind, Name: c.Name + title, Secretary: fullName(rng)})
		if err != nil {
			return rep, err
		}
		rep.orgs++
		var branches []party.Org
		for _, bn := range []string{"第一党支部", "第二党支部"} {
			b, err := svc.AddOrg(ctx, a, party.OrgInput{CommunityCode: c.Code, Kind: party.OrgBranch, ParentID: top.ID, Name: bn, Secretary: fullName(rng)})
			if err != nil {
				return rep, err
			}
			branches = append(branches, b)
			rep.orgs++
		}
		grids, err := gridsOf(ctx, db, c.Code, 2)
		if err != nil {
			return rep, err
		}
		for gi, g := range grids {
			if _, err := svc.AddOrg(ctx, a, party.OrgInput{CommunityCode: c.Code, Kind: party.OrgGroup, ParentID: branches[gi%2].ID, GridCode: g,
				Name: fmt.Sprintf("第%d网格党小组", gi+1)}); err != nil {
				return rep, err
			}
			rep.orgs++
		}
		var local []party.Member
		for k := range 5 {
			m, err := svc.AddMember(ctx, a, party.MemberInput{Kind: party.MemberCommunity, CommunityCode: c.Code, OrgID: branches[k%2].ID,
				Name: fullName(rng), Phone: phone(), IDNumber: idno(1940 + rng.IntN(50)), JoinedOn: fmt.Sprintf("%d-07-01", 1965+rng.IntN(50))})
			if err != nil {
				return rep, err
			}
			local = append(local, m)
			rep.members++
		}
		// 在职党员 who live here, of units paired elsewhere (mostly).
		for k := range 3 {
			un := units[(ci*3+k)%len(units)]
			m, err := svc.AddMember(ctx, a, party.MemberInput{Kind: party.MemberWorking, CommunityCode: c.Code, UnitID: un.ID,
				Name: fullName(rng), Phone: phone(), IDNumber: idno(1970 + rng.IntN(30))})
			if err != nil {
				return rep, err
			}
			rep.members++
			clock = end.AddDate(0, -2, rng.IntN(20))
			for _, due := range m.DueCommunities() {
				if rng.IntN(10) < 8 {
					if _, err := svc.RecordReport(ctx, a, m.ID, due.Code); err != nil {
						return rep, err
					}
					rep.reports++
				}
			}
		}
		// Two tasks: one last month (claimed and done), one next week.
		for ti, when := range []time.Time{end.AddDate(0, 0, -25+ci%7), end.AddDate(0, 0, 5+ci%4)} {
			dt := demoTasks[(ci*2+ti)%len(demoTasks)]
			day := when.In(zone.Shanghai())
			start := time.Date(day.Year(), day.Month(), day.Day(), 9, 0, 0, 0, zone.Shanghai())
			clock = start.AddDate(0, 0, -7)
			t, err := svc.AddTask(ctx, a, party.TaskInput{CommunityCode: c.Code, Title: dt.title, Detail: dt.detail, StartsAt: start,
				EndsAt: start.Add(time.Duration(dt.hours*60) * time.Minute), Minutes: int(dt.hours * 60), Capacity: 4})
			if err != nil {
				return rep, err
			}
			rep.tasks++
			for k := range 2 + rng.IntN(2) {
				clock = start.AddDate(0, 0, -6+k)
				if _, err := svc.ClaimTask(ctx, a, t.ID, local[(k+ti)%len(local)].ID); err != nil {
					return rep, err
				}
				rep.claims++
				if ti == 0 {
					clock = t.EndsAt.Add(time.Hour)
					if _, err := svc.CompleteTask(ctx, a, t.ID, local[(k+ti)%len(local)].ID, 0, ""); err != nil {
						return rep, err
					}
				}
			}
		}
		// A reception day last month with what residents raised.
		day := end.AddDate(0, 0, -20+ci%10).In(zone.Shanghai())
		clock = time.Date(day.Year(), day.Month(), day.Day(), 9, 0, 0, 0, zone.Shanghai())
		x, err := svc.ScheduleReception(ctx, a, party.ReceptionInput{CommunityCode: c.Code, StartsAt: clock, Place: c.Name + "党群服务中心",
			Deputies: "区党代表 " + fullName(rng) + "、" + fullName(rng)})
		if err != nil {
			return rep, err
		}
		rep.receptions++
		clock = clock.Add(time.Hour)
		for k := range 1 + rng.IntN(2) {
			if _, err := svc.RecordMatter(ctx, a, x.ID, party.MatterInput{Name: fullName(rng), Phone: phone(),
				Matter: demoMatters[(ci+k)%len(demoMatters)]}); err != nil {
				return rep, err
			}
		}
	}
	// Cadres: one per community of the first street, from the unit paired
	// with it or the first unit, with a weekly duty and a service.
	for ci, c := range comms {
		if !firstStreet[c.Code] {
			continue
		}
		clock = end.AddDate(0, -1, 0)
		un := units[ci%len(units)]
		m, err := svc.AddMember(ctx, a, party.MemberInput{Kind: party.MemberWorking, CommunityCode: comms[(ci+1)%len(comms)].Code, UnitID: un.ID,
			Name: fullName(rng), Phone: phone(), IDNumber: idno(1975 + rng.IntN(15))})
		if err != nil {
			return rep, err
		}
		rep.members++
		from := end.AddDate(0, -1, 0).In(zone.Shanghai())
		cad, err := svc.AssignCadre(ctx, a, party.CadreInput{MemberID: m.ID, CommunityCode: c.Code, Post: []string{"第一书记", "挂职副书记", "党建指导员"}[ci%3],
			StartsOn: from.Format(time.DateOnly), EndsOn: from.AddDate(1, 0, -1).Format(time.DateOnly)})
		if err != nil {
			return rep, err
		}
		rep.cadres++
		for w := range 3 {
			if _, err := svc.AddDuty(ctx, a, cad.ID, party.Duty{Day: from.AddDate(0, 0, 2+7*w).Format(time.DateOnly), Slot: "am", Place: "党群服务中心"}); err != nil {
				return rep, err
			}
		}
		clock = end.Add(-48 * time.Hour)
		if _, err := svc.RecordService(ctx, a, cad.ID, party.ServiceInput{ServedAt: clock.Add(-2 * time.Hour), Minutes: 180,
			Summary: "参加社区议事协商会，协调解决小区停车难问题"}); err != nil {
			return rep, err
		}
	}
	// Pairs with households of the community whose people are registered.
	if peopleCommunity != "" {
		rows, err := db.QueryContext(ctx, `SELECT id FROM households WHERE community_code = ? ORDER BY id LIMIT 6`, peopleCommunity)
		if err != nil {
			return rep, err
		}
		var hs []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return rep, err
			}
			hs = append(hs, id)
		}
		rows.Close()
		ms, err := svc.Members(ctx, a, party.MemberFilter{Under: peopleCommunity, Kind: party.MemberCommunity}, 3, 0)
		if err != nil {
			return rep, err
		}
		for i, h := range hs {
			if len(ms) == 0 {
				break
			}
			clock = end.AddDate(0, -1, 0)
			p, err := svc.PairMember(ctx, a, ms[i%len(ms)].ID, h)
			if err != nil {
				return rep, err
			}
			rep.pairs++
			clock = end.AddDate(0, 0, -3-i)
			if _, err := svc.LogVisit(ctx, a, p.ID, party.VisitInput{Note: "上门了解生活情况，老人身体尚好，提醒冬季用气安全。"}); err != nil {
				return rep, err
			}
		}
	}
	return rep, nil
}

// demoMatters are what residents raise on a reception day.
var demoMatters = []string{
	"小区东门路灯坏了一个多月，晚上出行不安全，希望尽快维修。",
	"老旧小区加装电梯的政策怎么申请，希望社区组织居民协商。",
	"楼下烧烤店油烟扰民，夏天窗户都不敢开。",
	"希望在小区增设老年人休息座椅和健身器材。",
	"冬季供暖温度偏低，室温不到18度。",
}

// gridsOf lists up to n grid codes of a community.
func gridsOf(ctx context.Context, db *store.DB, community string, n int) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT code FROM grids WHERE community_code = ? ORDER BY code LIMIT ?`, community, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
