package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/mediation"
	"civicgrid/internal/org"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

// demoDisputes are the cases a community mediates: type, what happened,
// the agreement when it is settled.
var demoDisputes = []struct{ kind, summary, agreement string }{
	{"neighbour", "楼上卫生间漏水致楼下棚顶受损，双方就维修和赔偿发生争执。", "楼上住户三日内请人维修防水层，承担楼下棚顶修复费用八百元。"},
	{"neighbour", "一楼住户在楼道堆放杂物，邻居多次劝说无果，双方发生口角。", "一楼住户一周内清理楼道杂物，今后不在公共部位堆物。"},
	{"family", "老人去世后子女因房屋继承分配发生矛盾。", "房屋由长子居住，按评估价补偿其他继承人，分三年付清。"},
	{"family", "子女就老人赡养费分担和轮流照料发生分歧。", "三名子女每月各出赡养费五百元，按月轮流照料老人。"},
	{"property", "业主因电梯长期故障拒交物业费，物业公司上门催缴引发纠纷。", "物业公司十日内维修电梯，业主补交物业费，当月费用减半。"},
	{"labour", "装修工人被拖欠工资两个月，与包工头发生争执。", "包工头于月底前一次性付清拖欠工资。"},
	{"damages", "电动车在小区内剐蹭行人致轻伤，双方对赔偿数额有争议。", "车主赔偿医药费和误工费共计一千二百元，当场付清。"},
	{"neighbour", "临街商户油烟排放影响楼上住户，双方多次争吵。", "商户加装油烟净化器并调整排烟口方向。"},
}

// addMediation files a few 人民调解 cases per community over the last
// three months before end — most settled, one escalated to the street,
// the newest still open — so the 调解成功率 has something to say.
func addMediation(ctx context.Context, db *store.DB, keys *pii.Keyring, end time.Time) (int, error) {
	if end.IsZero() {
		end = time.Now()
	}
	rng := rand.New(rand.NewPCG(23, 2026))
	var clock time.Time
	svc, err := mediation.New(mediation.Config{DB: db, Keys: keys, Now: func() time.Time { return clock }})
	if err != nil {
		return 0, err
	}
	admin := auth.User{Username: "demo", Role: auth.RoleAdmin, NodeCode: DistrictCode}
	act := mediation.Actor{User: admin, Scope: auth.ScopeOf(admin, "")}
	streets, err := org.Children(ctx, db, DistrictCode)
	if err != nil {
		return 0, err
	}
	person := func() string {
		return demoSurnames[rng.IntN(len(demoSurnames))] + demoGiven[rng.IntN(len(demoGiven))]
	}
	n := 0
	for _, st := range streets {
		comms, err := org.Children(ctx, db, st.Code)
		if err != nil {
			return 0, err
		}
		for ci, cm := range comms {
			for k := range 3 {
				d := demoDisputes[(ci*3+k+len(st.Code))%len(demoDisputes)]
				clock = end.Add(-time.Duration(10+rng.IntN(75)) * 24 * time.Hour)
				c, err := svc.Open(ctx, act, mediation.Input{CommunityCode: cm.Code, DisputeType: d.kind, Summary: d.summary,
					Mediator: person(), Parties: []mediation.PartyInput{
						{Side: "applicant", Name: person(), Phone: fmt.Sprintf("139%08d", rng.IntN(100000000))},
						{Side: "respondent", Name: person()}}})
				if err != nil {
					return n, fmt.Errorf("demo: mediation in %s: %w", cm.Code, err)
				}
				n++
				clock = clock.Add(time.Duration(1+rng.IntN(3)) * 24 * time.Hour)
				if _, err := svc.AddSession(ctx, act, c.ID, mediation.SessionInput{Place: "社区人民调解室", Note: "双方到场陈述各自诉求，调解员释法明理。"}); err != nil {
					return n, err
				}
				if k == 2 && ci%3 == 0 {
					continue // still open
				}
				clock = clock.Add(time.Duration(1+rng.IntN(6)) * 24 * time.Hour)
				in := mediation.CloseInput{Outcome: mediation.OutcomeSuccess, Agreement: d.agreement}
				switch r := rng.IntN(20); {
				case r == 0:
					in = mediation.CloseInput{Outcome: mediation.OutcomeLitigation, Note: "一方坚持起诉，告知诉讼途径。"}
				case r == 1:
					if _, err := svc.Escalate(ctx, act, c.ID, 0, "双方分歧较大，社区调解未果。"); err != nil {
						return n, err
					}
					clock = clock.Add(5 * 24 * time.Hour)
				}
				if _, err := svc.Close(ctx, act, c.ID, 0, in); err != nil {
					return n, err
				}
			}
		}
	}
	return n, nil
}

// addCommunityLife fills the community-life parts (人民调解, 微心愿, 居务公开, 四进社区 service points, 议事协商).
func addCommunityLife(ctx context.Context, db *store.DB, opts Options, step func(string, ...any)) error {
	keys, err := registerKeys(opts.DataDir)
	if err != nil {
		return err
	}
	t0 := time.Now()
	n, err := addMediation(ctx, db, keys, opts.History.End)
	if err != nil {
		return err
	}
	step("人民调解: %d cases (%.2fs)", n, time.Since(t0).Seconds())
	t0 = time.Now()
	if n, err = addWishes(ctx, db, keys, opts.History.End); err != nil {
		return err
	}
	step("微心愿: %d wishes (%.2fs)", n, time.Since(t0).Seconds())
	t0 = time.Now()
	if n, err = addNotices(ctx, db, opts.History.End); err != nil {
		return err
	}
	step("居务公开: %d notices (%.2fs)", n, time.Since(t0).Seconds())
	t0 = time.Now()
	if n, err = addServicePoints(ctx, db); err != nil {
		return err
	}
	step("四进社区: %d service points (%.2fs)", n, time.Since(t0).Seconds())
	t0 = time.Now()
	if n, err = addDeliberation(ctx, db, keys, opts.History.End); err != nil {
		return err
	}
	step("议事协商: %d topics (%.2fs)", n, time.Since(t0).Seconds())
	t0 = time.Now()
	if n, err = addVolunteers(ctx, db, keys); err != nil {
		return err
	}
	step("志愿服务: %d volunteers (%.2fs)", n, time.Since(t0).Seconds())
	return nil
}
