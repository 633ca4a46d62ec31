package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/deliberation"
	"civicgrid/internal/org"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

// demoTopics are matters a community puts to its residents: the topic,
// what is to be decided, the decision, and the tasks that carry it out.
var demoTopics = []struct {
	title, description, decision string
	tasks                        [][2]string // task, owner
}{
	{"楼前增设电动车集中充电桩", "居民在楼道给电动车充电，有火灾隐患，建议在楼前空地增设集中充电桩。",
		"同意在楼前空地增设充电桩8个，物业负责安装，电费按度收取。", [][2]string{{"确定选址并公示", "社区居委会"}, {"安装充电桩", "物业服务企业"}}},
	{"小区夜间停车难", "晚上车位不够，车辆占用消防通道，希望商量错时停车办法。",
		"与周边单位协商夜间开放停车场，小区内施划临时车位。", [][2]string{{"与周边单位签订错时停车协议", "社区居委会"}}},
	{"老年食堂开办时间", "老年食堂只供午餐，独居老人希望增加晚餐。", "试行增加晚餐供应三个月，再议是否长期开办。",
		[][2]string{{"试行晚餐供应", "社区养老服务站"}}},
	{"楼道堆物清理", "部分楼道长期堆放杂物，影响通行和消防安全。", "组织党员志愿者和物业集中清理楼道，建立每月巡查制度。",
		[][2]string{{"集中清理楼道", "物业服务企业"}, {"每月巡查", "网格员"}}},
	{"健身器材更新", "小广场健身器材老化，有的已经损坏。", "由社区申请民生实事资金更新健身器材，选址征求居民意见。",
		[][2]string{{"申报资金", "社区居委会"}}},
}

// addDeliberation gives each community of the first street a published
// 议事协商 meeting about five weeks before end (two topics decided, their
// tasks done or under way, one of them overdue), a planned meeting next
// week with a topic on it, and a resident's proposal awaiting the
// community.
func addDeliberation(ctx context.Context, db *store.DB, keys *pii.Keyring, end time.Time) (int, error) {
	if end.IsZero() {
		end = time.Now()
	}
	rng := rand.New(rand.NewPCG(31, 2026))
	var clock time.Time
	svc, err := deliberation.New(deliberation.Config{DB: db, Keys: keys, Now: func() time.Time { return clock }})
	if err != nil {
		return 0, err
	}
	admin := auth.User{Username: "demo", Role: auth.RoleAdmin, NodeCode: DistrictCode}
	act := deliberation.Actor{User: admin, Scope: auth.ScopeOf(admin, "")}
	streets, err := org.Children(ctx, db, DistrictCode)
	if err != nil || len(streets) == 0 {
		return 0, err
	}
	comms, err := org.Children(ctx, db, streets[0].Code)
	if err != nil {
		return 0, err
	}
	person := func() string { return demoSurnames[rng.IntN(len(demoSurnames))] + demoGiven[rng.IntN(len(demoGiven))] }
	kinds := []string{"resident_rep", "resident_rep", "resident_rep", "party_member", "party_member", "property", "owners_committee", "staff"}
	n := 0
	for ci, cm := range comms {
		clock = end.Add(-time.Duration(35+rng.IntN(7)) * 24 * time.Hour)
		held, err := svc.CreateMeeting(ctx, act, deliberation.MeetingInput{CommunityCode: cm.Code, Body: deliberation.BodyCouncil,
			Title: cm.Name + "议事协商会", Place: cm.Name + "党群服务中心", StartsAt: clock.Add(3 * 24 * time.Hour)})
		if err != nil {
			return n, fmt.Errorf("demo: meeting in %s: %w", cm.Code, err)
		}
		var topics []deliberation.Topic
		for k := range 2 {
			d := demoTopics[(ci*2+k)%len(demoTopics)]
			t, err := svc.Propose(ctx, act, deliberation.TopicInput{CommunityCode: cm.Code, Title: d.title, Description: d.description})
			if err != nil {
				return n, err
			}
			if t, err = svc.Schedule(ctx, act, t.ID, 0, held.ID); err != nil {
				return n, err
			}
			topics = append(topics, t)
			n++
		}
		for _, k := range kinds {
			in := deliberation.ParticipantInput{Kind: k, Name: person()}
			if k == "property" {
				in.Affiliation = "永光物业服务中心"
			}
			if _, err := svc.AddParticipant(ctx, act, held.ID, in); err != nil {
				return n, err
			}
		}
		clock = clock.Add(3*24*time.Hour + 2*time.Hour)
		if _, err := svc.Hold(ctx, act, held.ID, 0, "与会人员逐项讨论议题，物业和业委会代表说明了实施条件，会议按少数服从多数原则表决。"); err != nil {
			return n, err
		}
		for k, t := range topics {
			d := demoTopics[(ci*2+k)%len(demoTopics)]
			if _, err := svc.Decide(ctx, act, t.ID, 0, deliberation.Decision{Outcome: deliberation.OutcomeAdopted, Text: d.decision,
				For: len(kinds) - 1 - rng.IntN(2), Abstain: 1}); err != nil {
				return n, err
			}
			for i, task := range d.tasks {
				due := clock.Add(time.Duration(14+14*i) * 24 * time.Hour)
				tp, err := svc.AddTask(ctx, act, t.ID, deliberation.TaskInput{Title: task[0], Owner: task[1], DueAt: due})
				if err != nil {
					return n, err
				}
				if i == 0 || ci%2 == 0 {
					clock = clock.Add(time.Duration(5+rng.IntN(8)) * 24 * time.Hour)
					if _, err := svc.CompleteTask(ctx, act, tp.Tasks[len(tp.Tasks)-1].ID, "已按决议落实，居民反映良好。"); err != nil {
						return n, err
					}
				}
			}
		}
		if _, err := svc.Publish(ctx, act, held.ID, 0); err != nil {
			return n, err
		}
		clock = end.Add(-time.Duration(2+rng.IntN(3)) * 24 * time.Hour)
		next, err := svc.CreateMeeting(ctx, act, deliberation.MeetingInput{CommunityCode: cm.Code, Body: deliberation.BodyRepresentatives,
			Title: cm.Name + "居民代表会议", Place: cm.Name + "党群服务中心", StartsAt: end.Add(7 * 24 * time.Hour)})
		if err != nil {
			return n, err
		}
		d := demoTopics[(ci*2+2)%len(demoTopics)]
		t, err := svc.Propose(ctx, act, deliberation.TopicInput{CommunityCode: cm.Code, Title: d.title, Description: d.description})
		if err != nil {
			return n, err
		}
		if _, err := svc.Schedule(ctx, act, t.ID, 0, next.ID); err != nil {
			return n, err
		}
		if _, err := svc.Propose(ctx, deliberation.Resident(""), deliberation.TopicInput{CommunityCode: cm.Code, Title: "垃圾分类投放点位置",
			Description: "投放点离3号楼太近，夏天有异味，希望商量挪一挪。", Name: person(), Phone: fmt.Sprintf("137%08d", rng.IntN(100000000))}); err != nil {
			return n, err
		}
		n += 2
	}
	return n, nil
}
