package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"civicgrid/internal/address"
	"civicgrid/internal/grid"
	"civicgrid/internal/project"
	"civicgrid/internal/store"
)

// The 2022 明山区 renovation programme as the district published it: 13
// 小区 in 明山、北地、高峪 streets, 85 buildings, 5,113 households; 楼本体
// in two projects (1,946.13万元), 配套基础设施 (3,003.84万元) and the third
// batch of gas pipes (2,925万元), 7,874.97万元 in all; 166 video points
// and 334 门禁. Only the money and the indicator ledgers are typed here, as
// records; buildings and households are the demo's own, and every total a
// page or the API shows is computed from them.
const (
	DemoProjectYear       = 2022
	DemoProjectHouseholds = 5113
	DemoProjectBuildings  = 85
)

// demoEstates are the 13 小区 by street (the first street code's 小区
// first); the first has 7 buildings in the programme, the others 6 or 7
// so that they add up to 85.
var demoEstates = []struct {
	street string
	names  []string
}{
	{"210504005", []string{"民建小区", "明东小区", "西胜小区", "胜建小区", "福民小区"}}, // 明山街道
	{"210504002", []string{"永光小区", "永联小区", "永胜小区", "永平小区"}},         // 北地街道
	{"210504004", []string{"高峪小区", "德峪小区", "锦峪小区", "明峪小区"}},         // 高峪街道
}

type demoEstate struct {
	id        int64
	buildings []string
}

// addProjects builds the programme into a store whose grid base is filled.
// The households are the houses of the 85 buildings chosen: their six
// floors hold fewer than 5,113 flats, so these buildings get upper floors
// (7层 and up, two flats a floor, unit by unit in turn) until the houses
// number exactly 5,113.
func addProjects(ctx context.Context, db *store.DB, step func(string, ...any)) error {
	ed := grid.CommandLine(DistrictCode)
	return db.InTx(ctx, func(tx *store.Tx) error {
		if err := project.SeedCatalogues(ctx, tx, ed); err != nil {
			return err
		}
		var estates []demoEstate
		i := 0
		for _, s := range demoEstates {
			for _, name := range s.names {
				var e demoEstate
				if err := tx.QueryRowContext(ctx, `SELECT id FROM estates WHERE name = ? AND community_code LIKE ? AND retired_at IS NULL`,
					name, s.street+"%").Scan(&e.id); err != nil {
					return fmt.Errorf("demo: 小区 %s: %w", name, err)
				}
				n := 6
				if i < DemoProjectBuildings-6*13 {
					n = 7
				}
				i++
				codes, err := project.EstateBuildings(ctx, tx, e.id)
				if err != nil {
					return err
				}
				if len(codes) < n {
					return fmt.Errorf("demo: 小区 %s has %d buildings, want %d", name, len(codes), n)
				}
				e.buildings = codes[:n]
				estates = append(estates, e)
			}
		}
		var all []string
		for _, e := range estates {
			all = append(all, e.buildings...)
		}
		added, err := topUpHouses(ctx, tx, ed, all, DemoProjectHouseholds)
		if err != nil {
			return err
		}
		step("projects: %d flats added on upper floors so the 85 buildings hold %d households", added, DemoProjectHouseholds)
		if err := seedProgramme(ctx, tx, ed, estates); err != nil {
			return err
		}
		return seedLivelihood(ctx, tx, ed)
	})
}

// seedLivelihood is 2022's 民生实事 list of the district with its
// quarterly reports (cumulative quantities).
func seedLivelihood(ctx context.Context, tx *store.Tx, ed grid.Editor) error {
	for _, s := range []struct {
		title, unit, dept, deadline string
		target                      int64
		quarters                    []int64
	}{
		{"完成老旧小区改造", "个", "区住建局", "2022-12-31", 13, []int64{0, 4, 10, 13}},
		{"新增小区停车位", "个", "区住建局", "2022-12-31", 400, []int64{0, 120, 310, 386}},
		{"新建微型消防站", "个", "区应急管理局", "2022-11-30", 12, []int64{2, 6, 10, 12}},
		{"改造老旧燃气管网", "公里", "区住建局", "2022-12-31", 20, []int64{0, 3, 11, 16}},
	} {
		it, err := project.AddItem(ctx, tx, ed, project.Item{RegionCode: DistrictCode, Year: DemoProjectYear, Title: s.title,
			TargetQuantity: s.target, Unit: s.unit, LeadDepartment: s.dept, Deadline: s.deadline, Published: true})
		if err != nil {
			return err
		}
		for i, done := range s.quarters {
			at := time.Date(2022, time.Month(3*i+3), 28, 2, 0, 0, 0, time.UTC)
			if err := project.ReportQuarter(ctx, tx, ed, "", it.ID, project.ItemReport{Quarter: i + 1, DoneQuantity: done,
				Note: fmt.Sprintf("截至第%d季度累计完成%d%s", i+1, done, s.unit)}, nil, at); err != nil {
				return err
			}
		}
	}
	return nil
}

// topUpHouses adds flats (7层 up, two a floor) to the buildings' units in
// turn until the buildings hold want live houses.
func topUpHouses(ctx context.Context, tx *store.Tx, ed grid.Editor, buildings []string, want int) (int, error) {
	marks := strings.TrimSuffix(strings.Repeat("?,", len(buildings)), ",")
	args := make([]any, len(buildings))
	for i, b := range buildings {
		args[i] = b
	}
	var have int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM houses WHERE retired_at IS NULL AND building_code IN (`+marks+`)`, args...).Scan(&have); err != nil {
		return 0, err
	}
	if have > want {
		return 0, fmt.Errorf("demo: the chosen buildings already hold %d houses, more than %d", have, want)
	}
	type unit struct {
		road, door  string
		estate      int64
		building    string
		code        string
		next, floor int
	}
	var units []*unit
	rows, err := tx.QueryContext(ctx, `SELECT road, door_no, estate_id, building_code, unit_code FROM addresses
		WHERE level = 'unit' AND retired_at IS NULL AND building_code IN (`+marks+`) ORDER BY building_code, unit_code`, args...)
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		u := &unit{floor: demoFloors + 1, next: 1}
		if err := rows.Scan(&u.road, &u.door, &u.estate, &u.building, &u.code); err != nil {
			rows.Close()
			return 0, err
		}
		units = append(units, u)
	}
	rows.Close()
	if len(units) == 0 {
		return 0, fmt.Errorf("demo: the chosen buildings have no units")
	}
	added := 0
	for i := 0; have < want; i++ {
		u := units[i%len(units)]
		room := fmt.Sprintf("%d%02d", u.floor, u.next)
		if u.next++; u.next > demoPerFloor {
			u.floor, u.next = u.floor+1, 1
		}
		a, err := address.Create(ctx, tx, ed, nil, address.Input{Road: u.road, DoorNo: u.door, EstateID: u.estate,
			BuildingCode: u.building, UnitCode: u.code, RoomNo: room})
		if err != nil {
			return added, fmt.Errorf("demo: flat %s of %s: %w", room, u.code, err)
		}
		if _, err := address.CreateHouse(ctx, tx, ed, address.HouseInput{AddressID: a.ID, Use: address.UseOwn,
			AreaDM2: int64(6000 + 37*(added%200))}); err != nil {
			return added, err
		}
		have++
		added++
	}
	return added, nil
}

func wan(s string) int64 {
	n, err := project.ParseWan(s)
	if err != nil {
		panic(err)
	}
	return n
}

func seedProgramme(ctx context.Context, tx *store.Tx, ed grid.Editor, estates []demoEstate) error {
	prog, err := project.CreateProgramme(ctx, tx, ed, project.Programme{RegionCode: DistrictCode, Year: DemoProjectYear, Batch: 1,
		Name: "2022年明山区老旧小区改造", Published: true})
	if err != nil {
		return err
	}
	items, err := project.WorkItems(ctx, tx)
	if err != nil {
		return err
	}
	work := func(names ...string) []int64 {
		var ids []int64
		for _, w := range items {
			for _, n := range names {
				if w.Name == n {
					ids = append(ids, w.ID)
				}
			}
		}
		return ids
	}
	ids := func(es []demoEstate) (out []int64, buildings []string) {
		for _, e := range es {
			out = append(out, e.id)
			buildings = append(buildings, e.buildings...)
		}
		return out, buildings
	}
	mingshan, others := estates[:5], estates[5:]
	type spec struct {
		in       project.Input
		estates  []demoEstate
		outputs  map[string]int64 // indicator → total, spread over the 小区
		sections []project.SectionInput
	}
	e1, b1 := ids(mingshan)
	e2, b2 := ids(others)
	eAll, bAll := ids(estates)
	specs := []spec{
		{in: project.Input{Name: "楼本体改造工程（一标段区域）", Scope: "楼本体", Level: "high", BudgetFen: wan("1021.56"),
			EstateIDs: e1, Buildings: b1, WorkItems: work("屋面防水", "外墙保温", "楼道粉刷", "单元门/门禁"),
			Funding: map[string]int64{"central": wan("800"), "province": wan("221.56")},
			Summary: "屋面防水、外墙保温、楼道粉刷，更换单元门并安装门禁。"},
			estates: mingshan, outputs: map[string]int64{"门禁": 130, "楼道": 130},
			sections: []project.SectionInput{{Name: "楼本体一标段", Contractor: "本溪市第一建筑工程有限公司", Supervisor: "辽宁华诚工程监理有限公司",
				ContractFen: wan("998.20"), PlannedStart: "2022-04-15", PlannedEnd: "2022-10-31",
				Milestones: map[string]string{"approve": "2022-02-20", "design": "2022-03-10", "tender": "2022-04-01", "start": "2022-04-15",
					"finish": "2022-10-31", "accept": "2022-11-30", "audit": "2023-03-31"}}}},
		{in: project.Input{Name: "楼本体改造工程（二标段区域）", Scope: "楼本体", Level: "mid", BudgetFen: wan("924.57"),
			EstateIDs: e2, Buildings: b2, WorkItems: work("屋面防水", "外墙保温", "楼道粉刷", "单元门/门禁"),
			Funding: map[string]int64{"central": wan("700"), "local": wan("224.57")},
			Summary: "屋面防水、外墙保温、楼道粉刷，更换单元门并安装门禁。"},
			estates: others, outputs: map[string]int64{"门禁": 204, "楼道": 204},
			sections: []project.SectionInput{{Name: "楼本体二标段", Contractor: "本溪城建集团有限公司", Supervisor: "本溪建设工程监理有限公司",
				ContractFen: wan("901.35"), PlannedStart: "2022-05-01", PlannedEnd: "2022-11-15",
				Milestones: map[string]string{"approve": "2022-02-20", "design": "2022-03-20", "tender": "2022-04-15", "start": "2022-05-01",
					"finish": "2022-11-15", "accept": "2022-12-15", "audit": "2023-04-30"}}}},
		{in: project.Input{Name: "配套基础设施建设项目", Scope: "配套基础设施", Level: "mid", BudgetFen: wan("3003.84"),
			EstateIDs: eAll, Buildings: bAll, WorkItems: work("道路", "雨污管网", "路灯", "停车位", "绿化", "视频监控", "无障碍", "健身器材"),
			Funding: map[string]int64{"central": wan("2000"), "province": wan("500"), "local": wan("503.84")},
			Summary: "小区道路、雨污管网、路灯、停车位、绿化、视频监控、无障碍设施和健身器材。"},
			estates: estates, outputs: map[string]int64{"监控点位": 166, "道路": 41260, "路灯": 214, "停车位": 386},
			sections: []project.SectionInput{
				{Name: "配套设施一标段", Contractor: "辽宁恒远市政工程有限公司", Supervisor: "辽宁华诚工程监理有限公司",
					ContractFen: wan("1510.00"), PlannedStart: "2022-05-10", PlannedEnd: "2022-10-20",
					Milestones: map[string]string{"approve": "2022-02-20", "design": "2022-03-30", "tender": "2022-04-25", "start": "2022-05-10",
						"finish": "2022-10-20", "accept": "2022-11-20", "audit": "2023-03-31"}},
				{Name: "配套设施二标段", Contractor: "本溪市政建设工程有限公司", Supervisor: "本溪建设工程监理有限公司",
					ContractFen: wan("1420.00"), PlannedStart: "2022-05-20", PlannedEnd: "2022-10-31",
					Milestones: map[string]string{"approve": "2022-02-20", "design": "2022-03-30", "tender": "2022-05-05", "start": "2022-05-20",
						"finish": "2022-10-31", "accept": "2022-11-30", "audit": "2023-03-31"}}}},
		{in: project.Input{Name: "第三批燃气管网改造工程", Scope: "燃气管网", Level: "low", BudgetFen: wan("2925"),
			EstateIDs: eAll, Buildings: bAll, WorkItems: work("燃气管网"),
			Funding: map[string]int64{"bond": wan("2000"), "utility": wan("925")},
			Summary: "更换老化燃气庭院管网和立管，消除安全隐患。"},
			estates: estates, outputs: map[string]int64{"管网": 18650},
			sections: []project.SectionInput{{Name: "燃气管网标段", Contractor: "本溪市燃气工程安装有限公司", Supervisor: "辽宁华诚工程监理有限公司",
				ContractFen: wan("2860.00"), PlannedStart: "2022-06-01", PlannedEnd: "2022-11-30",
				Milestones: map[string]string{"approve": "2022-03-01", "design": "2022-04-10", "tender": "2022-05-15", "start": "2022-06-01",
					"finish": "2022-11-30", "accept": "2022-12-31", "audit": "2023-06-30"}}}},
	}
	indicators, err := project.Indicators(ctx, tx)
	if err != nil {
		return err
	}
	indicatorID := map[string]int64{}
	for _, in := range indicators {
		indicatorID[in.Name] = in.ID
	}
	for k, s := range specs {
		s.in.ProgrammeID, s.in.Published = prog.ID, true
		p, err := project.Create(ctx, tx, ed, s.in)
		if err != nil {
			return fmt.Errorf("demo: project %s: %w", s.in.Name, err)
		}
		for name, total := range s.outputs {
			// Spread evenly, the remainder to the first 小区.
			n := int64(len(s.estates))
			for i, e := range s.estates {
				q := total / n
				if int64(i) < total%n {
					q++
				}
				if err := project.RecordOutput(ctx, tx, ed, p.ID, indicatorID[name], e.id, q); err != nil {
					return err
				}
			}
		}
		for _, si := range s.sections {
			sec, err := project.CreateSection(ctx, tx, ed, p.ID, si)
			if err != nil {
				return err
			}
			// Everything done as planned, except the gas works: 竣工 and
			// the later steps are still open (an overdue 标段).
			for _, m := range sec.Milestones {
				if k == 3 && (m.Kind == "finish" || m.Kind == "accept" || m.Kind == "audit") {
					continue
				}
				if err := project.CompleteMilestone(ctx, tx, ed, sec.ID, m.Kind, m.PlannedOn); err != nil {
					return err
				}
			}
			progress, stage, note := 100, "after", "已竣工，资料齐全"
			if k == 3 {
				progress, stage, note = 72, "during", "庭院管网已完成，立管更换中"
			}
			if _, err := project.ReportProgress(ctx, tx, ed, "", sec.ID, project.ReportInput{Progress: progress, Stage: stage, Note: note},
				time.Date(2022, 12, 1, 2, 0, 0, 0, time.UTC)); err != nil {
				return err
			}
		}
		status := "accepted"
		if k == 3 {
			status = "building"
		}
		if err := project.SetStatus(ctx, tx, ed, p.ID, status, true); err != nil {
			return err
		}
		spent := p.BudgetFen / 10 * 9
		if k == 3 {
			spent = p.BudgetFen / 2
		}
		if err := project.RecordSpending(ctx, tx, ed, p.ID, "2022-12-20", spent, "工程进度款"); err != nil {
			return err
		}
	}
	return nil
}
