package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/org"
	"civicgrid/internal/servicepoint"
	"civicgrid/internal/store"
)

// demoPoints are the 四进社区 points of a community with their post on
// duty, hours and services.
var demoPoints = []struct {
	kind, suffix, post, hours, duty string
	items                           [][2]string
}{
	{"police", "警务室", "社区民警", "周一至周日 8:00-20:00", "周一至周五白班", [][2]string{{"居住证申领", "带身份证、租房合同或房产证"}, {"户口迁入咨询", ""}, {"矛盾纠纷报警", "紧急情况请拨打110"}}},
	{"legal", "司法服务室", "法律顾问", "每周三 9:00-11:30", "每周三上午", [][2]string{{"免费法律咨询", ""}, {"人民调解申请", "可先拨打12345登记"}, {"法律援助申请指引", "带身份证和经济困难证明"}}},
	{"partyhub", "党群服务中心", "党建指导员", "周一至周五 8:30-17:30", "工作日", [][2]string{{"在职党员双报到", ""}, {"党组织关系转接", "带介绍信"}, {"志愿服务登记", ""}}},
	{"convenience", "便民服务站", "社区工作者", "周一至周六 8:30-17:00", "工作日", [][2]string{{"高龄津贴申请", "80周岁以上老人，带身份证、户口本"}, {"低保申请受理", ""}, {"老年优待证办理", "带身份证和一寸照片"}, {"代缴水电燃气费", ""}}},
}

// addServicePoints gives every community of the first street its four
// service points, each with a person on duty and its services.
func addServicePoints(ctx context.Context, db *store.DB) (int, error) {
	rng := rand.New(rand.NewPCG(31, 2026))
	svc, err := servicepoint.New(servicepoint.Config{DB: db, Now: time.Now})
	if err != nil {
		return 0, err
	}
	admin := auth.User{Username: "demo", Role: auth.RoleAdmin, NodeCode: DistrictCode}
	act := servicepoint.Actor{User: admin, Scope: auth.ScopeOf(admin, "")}
	streets, err := org.Children(ctx, db, DistrictCode)
	if err != nil || len(streets) == 0 {
		return 0, err
	}
	comms, err := org.Children(ctx, db, streets[0].Code)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, cm := range comms {
		for _, d := range demoPoints {
			p, err := svc.Create(ctx, act, servicepoint.Input{CommunityCode: cm.Code, Kind: d.kind, Name: cm.Name + d.suffix,
				Address: cm.Name + "居委会一楼", Phone: fmt.Sprintf("024-4281%04d", rng.IntN(10000)), Hours: d.hours})
			if err != nil {
				return n, fmt.Errorf("demo: service point in %s: %w", cm.Code, err)
			}
			n++
			name := demoSurnames[rng.IntN(len(demoSurnames))] + demoGiven[rng.IntN(len(demoGiven))]
			if _, err := svc.AddStaff(ctx, act, p.ID, servicepoint.Staff{Name: name, Post: d.post, Phone: fmt.Sprintf("139%08d", rng.IntN(100000000)), Duty: d.duty}); err != nil {
				return n, err
			}
			for _, it := range d.items {
				if _, err := svc.AddItem(ctx, act, p.ID, servicepoint.Item{Name: it[0], Note: it[1]}); err != nil {
					return n, err
				}
			}
		}
	}
	return n, nil
}
