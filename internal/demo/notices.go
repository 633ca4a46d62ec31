package demo

import (
	"context"
	"fmt"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/disclosure"
	"civicgrid/internal/org"
	"civicgrid/internal/store"
)

// demoNotices are what a community publishes in a quarter.
var demoNotices = []struct{ category, title, body string }{
	{"finance", "%d年第三季度社区财务收支公开", "本季度社区办公经费收入12000元，支出9850元（办公用品2300元、水电费1850元、活动经费5700元），结余2150元。居民如有疑问，可到社区居委会查阅凭证。"},
	{"government", "关于开展%d年冬季供暖入户测温的通知", "为保障冬季供暖质量，社区将联合供热公司于本月入户测温。请居民留意楼道通知，测温时请配合开门。室温低于18℃可拨打12345反映。"},
	{"party", "社区党支部%d年第四季度主题党日安排", "本季度主题党日活动安排：10月开展“我为群众办实事”走访，11月组织在职党员双报到服务，12月召开组织生活会。请党员按时参加。"},
	{"affairs", "%d年老旧小区改造居民意见征询结果公示", "本次征询共发放意见表512份，收回486份，同意改造的占93.2%。主要意见集中在加装电梯、雨污分流和停车位。具体方案将另行公示。"},
}

// addNotices publishes the quarter's notices of every community of the
// first street, one of them corrected after publishing.
func addNotices(ctx context.Context, db *store.DB, end time.Time) (int, error) {
	if end.IsZero() {
		end = time.Now()
	}
	var clock time.Time
	svc, err := disclosure.New(disclosure.Config{DB: db, Now: func() time.Time { return clock }})
	if err != nil {
		return 0, err
	}
	admin := auth.User{Username: "demo", DisplayName: "社区居委会", Role: auth.RoleAdmin, NodeCode: DistrictCode}
	act := disclosure.Actor{User: admin, Scope: auth.ScopeOf(admin, "")}
	streets, err := org.Children(ctx, db, DistrictCode)
	if err != nil || len(streets) == 0 {
		return 0, err
	}
	comms, err := org.Children(ctx, db, streets[0].Code)
	if err != nil {
		return 0, err
	}
	n := 0
	for ci, cm := range comms {
		for k, d := range demoNotices {
			clock = end.Add(-time.Duration(5+7*k+ci%5) * 24 * time.Hour)
			x, err := svc.Create(ctx, act, disclosure.Input{CommunityCode: cm.Code, Category: d.category, Title: fmt.Sprintf(d.title, end.Year()), Body: d.body})
			if err != nil {
				return n, fmt.Errorf("demo: notice in %s: %w", cm.Code, err)
			}
			if _, err := svc.Publish(ctx, act, x.ID, 0, time.Time{}); err != nil {
				return n, err
			}
			n++
			if k == 0 && ci%3 == 0 {
				clock = clock.Add(26 * time.Hour)
				if _, err := svc.Edit(ctx, act, x.ID, 0, disclosure.Input{Title: x.Title,
					Body: "本季度社区办公经费收入12000元，支出9580元（办公用品2030元、水电费1850元、活动经费5700元），结余2420元。居民如有疑问，可到社区居委会查阅凭证。"},
					"办公用品支出录入有误，已核对凭证更正"); err != nil {
					return n, err
				}
			}
		}
	}
	return n, nil
}
