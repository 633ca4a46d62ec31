package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"civicgrid/internal/address"
	"civicgrid/internal/audit"
	"civicgrid/internal/facility"
	"civicgrid/internal/grid"
	"civicgrid/internal/orgunit"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
)

// Demo shops and businesses: what stands at a door plate along a street.
var (
	demoShops = []string{"便利店", "水果店", "大药房", "理发店", "早餐铺", "五金店", "洗衣店", "超市", "面馆", "书店",
		"烟酒店", "花店", "眼镜店", "修鞋铺", "快递驿站", "诊所"}
	demoSurnames = []string{"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "孙", "马"}
	demoGiven    = []string{"建国", "秀英", "志强", "桂兰", "海燕", "国庆", "丽华", "玉梅", "建军", "淑珍", "凤英", "永刚"}
)

// creditCode makes a valid 统一社会信用代码 of type t (91 企业, 92 个体)
// registered in the demo district.
func creditCode(rng *rand.Rand, t string) string {
	const chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	var b strings.Builder
	b.WriteString(t + DistrictCode)
	for range 9 {
		b.WriteByte(chars[rng.IntN(len(chars))])
	}
	c, _ := orgunit.CreditCheckChar(b.String())
	return b.String() + string(c)
}

// addRegisters adds the 实有单位 along the demo streets — shops and sole
// traders at every urban door plate, a property company, a school and a
// clinic per community — and the 部件 of the demo community: a
// streetlight, a video camera and a 门禁 at every building, parking
// spaces, litter bins and manhole covers, a few of them damaged.
func addRegisters(ctx context.Context, db *store.DB, dataDir, piiKeys string, built []builtBuilding, demoCommunity string) (units, facilities int, err error) {
	rng := rand.New(rand.NewPCG(17, 2026))
	keys, kerr := pii.Load(dataDir, piiKeys)
	if kerr != nil {
		keys = nil // no data directory (tests): units without a contact
	}
	ed := grid.CommandLine(DistrictCode)
	ed.Actor = audit.Actor{Name: "demo"}
	svc := &orgunit.Service{DB: db, Keys: keys}
	type door struct {
		id        int64
		community string
		text      string
	}
	var doors []door
	rows, err := db.QueryContext(ctx, `SELECT id, community_code, text FROM addresses WHERE level = ? ORDER BY id`, address.LevelDoor)
	if err != nil {
		return 0, 0, err
	}
	for rows.Next() {
		var d door
		if err := rows.Scan(&d.id, &d.community, &d.text); err != nil {
			rows.Close()
			return 0, 0, err
		}
		doors = append(doors, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, 0, err
	}
	contact := func() (string, string) {
		if keys == nil {
			return "", ""
		}
		return demoSurnames[rng.IntN(len(demoSurnames))] + demoGiven[rng.IntN(len(demoGiven))], fmt.Sprintf("139%08d", rng.IntN(100000000))
	}
	firstDoor := map[string]door{}
	var ownerOfDemo int64
	for i, d := range doors {
		road := strings.TrimSuffix(d.text, "号")
		if _, ok := firstDoor[d.community]; !ok && strings.Contains(road, "路") {
			firstDoor[d.community] = d
		}
		// Village courtyards (no 路 in the road) keep one 个体 each at most.
		if !strings.Contains(road, "路") && i%3 != 0 {
			continue
		}
		shop := demoShops[rng.IntN(len(demoShops))]
		name, phone := contact()
		in := orgunit.Input{Kind: orgunit.KindIndividual, Name: road + "号" + shop, AddressID: d.id, ContactName: name,
			ContactPhone: phone, StaffCount: 1 + rng.IntN(4)}
		if rng.IntN(3) > 0 {
			in.CreditCode = creditCode(rng, "92")
		}
		if shop == "超市" || shop == "大药房" {
			in.Kind, in.CreditCode, in.StaffCount = orgunit.KindShop, "", 3+rng.IntN(10)
		}
		if _, err := svc.Create(ctx, ed, in); err != nil {
			return units, 0, fmt.Errorf("demo: unit %s: %w", in.Name, err)
		}
		units++
	}
	communities := make([]string, 0, len(firstDoor))
	for c := range firstDoor {
		communities = append(communities, c)
	}
	slices.Sort(communities)
	for _, community := range communities {
		d := firstDoor[community]
		base := strings.TrimSuffix(strings.SplitN(d.text, "路", 2)[0], "号")
		for _, in := range []orgunit.Input{
			{Kind: orgunit.KindEnterprise, Name: base + "物业服务有限公司", CreditCode: creditCode(rng, "91"), StaffCount: 12 + rng.IntN(20)},
			{Kind: orgunit.KindSchool, Name: base + "小学", CreditCode: creditCode(rng, "12"), StaffCount: 40 + rng.IntN(40)},
			{Kind: orgunit.KindMedical, Name: base + "社区卫生服务站", CreditCode: creditCode(rng, "12"), StaffCount: 6 + rng.IntN(6)},
		} {
			in.AddressID = d.id
			in.ContactName, in.ContactPhone = contact()
			u, err := svc.Create(ctx, ed, in)
			if err != nil {
				return units, 0, fmt.Errorf("demo: unit %s: %w", in.Name, err)
			}
			units++
			if community == demoCommunity && in.Kind == orgunit.KindEnterprise {
				ownerOfDemo = u.ID
			}
		}
	}

	loc, err := grid.NewLocator(ctx, db)
	if err != nil {
		return units, 0, err
	}
	fsvc := &facility.Service{DB: db, Locator: loc}
	const m = 0.00004 // about 4 m
	for i, b := range built {
		if !strings.HasPrefix(b.GridCode, demoCommunity) || !b.HasPoint {
			continue
		}
		for j, in := range []facility.Input{
			{Kind: "路灯", Lng: b.Lng + 3*m, Lat: b.Lat - 3*m, OwnerDeptCode: "chengguan"},
			{Kind: "视频监控", Lng: b.Lng - m, Lat: b.Lat + m, OwnerUnitID: ownerOfDemo, Name: b.Name + "入口"},
			{Kind: "门禁", Lng: b.Lng, Lat: b.Lat - m, OwnerUnitID: ownerOfDemo, Name: b.Name},
			{Kind: "停车位", Lng: b.Lng + 2*m, Lat: b.Lat + 2*m, OwnerUnitID: ownerOfDemo},
			{Kind: "垃圾箱", Lng: b.Lng - 2*m, Lat: b.Lat - 2*m, OwnerDeptCode: "chengguan"},
			{Kind: "污水井盖", Lng: b.Lng + m, Lat: b.Lat + 3*m},
		} {
			switch {
			case (i+j)%11 == 0:
				in.State = facility.StateDamaged
			case (i+j)%23 == 0:
				in.State = facility.StateLost
			}
			if in.OwnerUnitID == 0 && in.OwnerDeptCode == "" && ownerOfDemo != 0 && j == 5 {
				in.OwnerDeptCode = "chengguan"
			}
			if _, ok := loc.Locate(in.Lng, in.Lat); !ok {
				continue // the building stands at the edge of the grids
			}
			if _, err := fsvc.Create(ctx, ed, in); err != nil {
				return units, facilities, fmt.Errorf("demo: %s at %s: %w", in.Kind, b.Code, err)
			}
			facilities++
		}
	}
	return units, facilities, nil
}
