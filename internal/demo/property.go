package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/pii"
	"civicgrid/internal/property"
	"civicgrid/internal/store"
)

// demoCompanies are the district's property-management companies (made up).
var demoCompanies = []string{"明山区兴业物业服务有限公司", "本溪华宇物业管理有限公司", "明山区安居物业服务有限公司",
	"本溪恒泰物业服务有限公司", "明山区福瑞物业管理有限公司", "本溪康城物业服务有限公司", "明山区民生物业服务有限公司"}

type propertyReport struct{ companies, contracts, committees, linked int }

func (r propertyReport) String() string {
	return fmt.Sprintf("%d companies, %d contracts, %d owners' committees, %d orders linked", r.companies, r.contracts,
		r.committees, r.linked)
}

// addProperty registers the companies, gives every 小区 a contract (the
// older ones renewed once), files an owners' committee for three 小区 in
// four (seed 004: 组建业主委员会76个), and links the history's 物业 orders
// that name their 小区.
func addProperty(ctx context.Context, db *store.DB, keys *pii.Keyring, end time.Time) (propertyReport, error) {
	var rep propertyReport
	if end.IsZero() {
		end = time.Now()
	}
	rng := rand.New(rand.NewPCG(31, 2026))
	svc, err := property.New(property.Config{DB: db, Keys: keys, Now: func() time.Time { return end }})
	if err != nil {
		return rep, err
	}
	u := auth.User{Username: "demo", DisplayName: "演示数据", Role: auth.RoleAdmin, NodeCode: DistrictCode}
	a := property.Actor{User: u, Scope: auth.ScopeOf(u, "")}
	var ids []int64
	for _, name := range demoCompanies {
		c, err := svc.AddCompany(ctx, a, property.CompanyInput{Name: name, ContactName: fullName(rng),
			ContactPhone: mobilePrefixes[rng.IntN(len(mobilePrefixes))] + fmt.Sprintf("%08d", rng.IntN(100_000_000))})
		if err != nil {
			return rep, err
		}
		ids = append(ids, c.ID)
	}
	rep.companies = len(ids)
	estates, err := svc.Estates(ctx, a)
	if err != nil {
		return rep, err
	}
	year := end.Year()
	for i, e := range estates {
		company := ids[i%len(ids)]
		start := time.Date(year-4+i%3, time.Month(1+i%12), 1, 0, 0, 0, 0, time.UTC)
		first := property.ContractInput{CompanyID: company, EstateID: e.ID, StartsOn: start.Format(time.DateOnly),
			EndsOn: start.AddDate(3, 0, -1).Format(time.DateOnly)}
		if _, err := svc.AddContract(ctx, a, first); err != nil {
			return rep, err
		}
		rep.contracts++
		// Renewed, or handed to another company, for three more years.
		next := ids[(i+rng.IntN(2))%len(ids)]
		renewal := property.ContractInput{CompanyID: next, EstateID: e.ID, StartsOn: start.AddDate(3, 0, 0).Format(time.DateOnly),
			EndsOn: start.AddDate(6, 0, -1).Format(time.DateOnly)}
		if _, err := svc.AddContract(ctx, a, renewal); err != nil {
			return rep, err
		}
		rep.contracts++
		if i%4 == 3 {
			continue
		}
		members := []property.MemberInput{{Name: fullName(rng), Role: "director"}, {Name: fullName(rng), Role: "deputy"}}
		for range 3 + 2*rng.IntN(2) {
			members = append(members, property.MemberInput{Name: fullName(rng), Role: "member"})
		}
		termStart := time.Date(year-1-i%3, time.Month(3+i%9), 1, 0, 0, 0, 0, time.UTC)
		if _, err := svc.FileCommittee(ctx, a, property.CommitteeInput{EstateID: e.ID, FiledOn: termStart.AddDate(0, 0, 14).Format(time.DateOnly),
			TermStart: termStart.Format(time.DateOnly), TermEnd: termStart.AddDate(5, 0, -1).Format(time.DateOnly), Members: members}); err != nil {
			return rep, err
		}
		rep.committees++
	}
	if rep.linked, err = svc.AutoLink(ctx); err != nil {
		return rep, err
	}
	return rep, nil
}
