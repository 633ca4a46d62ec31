package demo

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/org"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
	"civicgrid/internal/volunteer"
	"civicgrid/internal/zone"
)

// demoActivities are what a community's volunteers do: title, place, how
// many it needs.
var demoActivities = []struct {
	title, place string
	capacity     int
}{
	{"清理楼道杂物", "小区各楼栋", 10},
	{"敬老院陪伴", "社区日间照料中心", 8},
	{"垃圾分类宣传", "社区文化广场", 12},
	{"义诊进社区", "社区党群服务中心", 20},
}

// addVolunteers founds a service and a patrol team in every street, a 助老
// team in each community of the first street, registers volunteers in
// every community (more in the first street), and for the first street's
// communities publishes an activity a week ago (attended, hours credited),
// one under way now, and two to come; the first street's patrol team has
// a patrol last night with two findings. Activities are placed at the
// middle of the community's first grid, relative to the wall clock, so
// the public list and the check-in screens have something current.
func addVolunteers(ctx context.Context, db *store.DB, keys *pii.Keyring) (int, error) {
	rng := rand.New(rand.NewPCG(31, 2026))
	real := time.Now()
	clock := real
	svc, err := volunteer.New(volunteer.Config{DB: db, Keys: keys, Now: func() time.Time { return clock }})
	if err != nil {
		return 0, err
	}
	admin := auth.User{Username: "demo", Role: auth.RoleAdmin, NodeCode: DistrictCode}
	act := volunteer.Actor{User: admin, Scope: auth.ScopeOf(admin, "")}
	streets, err := org.Children(ctx, db, DistrictCode)
	if err != nil || len(streets) == 0 {
		return 0, err
	}
	person := func() string { return demoSurnames[rng.IntN(len(demoSurnames))] + demoGiven[rng.IntN(len(demoGiven))] }
	skills := []string{"elder", "medical", "legal", "tutor", "repair", "patrol", "environment", "culture", "psych", "driving"}
	avail := []string{"weekday_day", "weekday_evening", "weekend", "anytime"}
	seq, n := 0, 0
	for si, st := range streets {
		serviceTeam, err := svc.CreateTeam(ctx, act, volunteer.TeamInput{RegionCode: st.Code, Name: st.Name + "志愿服务队", Kind: volunteer.TeamService})
		if err != nil {
			return n, fmt.Errorf("demo: team of %s: %w", st.Code, err)
		}
		patrolTeam, err := svc.CreateTeam(ctx, act, volunteer.TeamInput{RegionCode: st.Code, Name: st.Name + "平安志愿巡逻队", Kind: volunteer.TeamPatrol,
			Note: "夜间和节假日治安巡逻，发现问题随手上报"})
		if err != nil {
			return n, err
		}
		comms, err := org.Children(ctx, db, st.Code)
		if err != nil {
			return n, err
		}
		for ci, cm := range comms {
			if cm.Level != org.LevelCommunity && cm.Level != org.LevelVillage {
				continue
			}
			teams := []int64{serviceTeam.ID, patrolTeam.ID, 0}
			per := 4
			if si == 0 {
				elder, err := svc.CreateTeam(ctx, act, volunteer.TeamInput{RegionCode: cm.Code, Name: cm.Name + "夕阳红助老服务队", Kind: volunteer.TeamService})
				if err != nil {
					return n, err
				}
				teams = append(teams, elder.ID)
				per = 16
			}
			var vols []volunteer.Volunteer
			for k := range per {
				seq++
				v, err := svc.Register(ctx, act, volunteer.RegisterInput{CommunityCode: cm.Code, TeamID: teams[k%len(teams)], Name: person(),
					Phone:  fmt.Sprintf("137%08d", 10000000+seq*7919%90000000),
					Skills: []string{skills[rng.IntN(len(skills))], skills[rng.IntN(len(skills))]}, Availability: []string{avail[rng.IntN(len(avail))]}})
				if err != nil {
					return n, fmt.Errorf("demo: volunteer in %s: %w", cm.Code, err)
				}
				vols = append(vols, v)
				n++
			}
			if si != 0 {
				continue
			}
			lng, lat, ok, err := communityMiddle(ctx, db, cm.Code)
			if err != nil {
				return n, err
			}
			if !ok {
				continue
			}
			if err := demoActivitiesOf(ctx, svc, act, cm.Code, lng, lat, vols, real, &clock, ci); err != nil {
				return n, err
			}
			if ci == 0 {
				if err := demoPatrol(ctx, svc, act, cm.Code, patrolTeam.ID, vols, lng, lat, real, &clock); err != nil {
					return n, err
				}
			}
		}
	}
	return n, nil
}

func communityMiddle(ctx context.Context, db *store.DB, code string) (lng, lat float64, ok bool, err error) {
	err = db.QueryRowContext(ctx, `SELECT (min_lng + max_lng) / 2, (min_lat + max_lat) / 2 FROM grids WHERE community_code = ? ORDER BY seq LIMIT 1`,
		code).Scan(&lng, &lat)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, false, nil
	}
	return lng, lat, err == nil, err
}

// demoActivitiesOf publishes a community's four activities and plays the
// past one and the current one through: sign-ups, check-ins by QR and
// GPS, check-outs and the organiser's confirmation.
func demoActivitiesOf(ctx context.Context, svc *volunteer.Service, act volunteer.Actor, comm string, lng, lat float64,
	vols []volunteer.Volunteer, real time.Time, clock *time.Time, ci int) error {
	cst := zone.Shanghai()
	local := real.In(cst)
	day := time.Date(local.Year(), local.Month(), local.Day(), 9, 0, 0, 0, cst)
	starts := []time.Time{day.AddDate(0, 0, -7), real.Add(-30 * time.Minute), day.AddDate(0, 0, 3).Add(5 * time.Hour), day.AddDate(0, 0, 7)}
	signs := []int{6, 3, 4, 0}
	for k, start := range starts {
		d := demoActivities[(k+ci)%len(demoActivities)]
		*clock = start.Add(-48 * time.Hour)
		if k == 1 {
			*clock = real.Add(-time.Hour)
		}
		x, err := svc.Publish(ctx, act, volunteer.ActivityInput{CommunityCode: comm, Title: d.title, Place: d.place, Lng: lng, Lat: lat,
			RadiusM: 300, StartsAt: start, EndsAt: start.Add(2 * time.Hour), Capacity: d.capacity,
			Detail: "请穿志愿者马甲，提前十分钟到场；到场后扫描组织者手机上的签到码，或在志愿者主页用定位签到。"})
		if err != nil {
			return fmt.Errorf("demo: activity in %s: %w", comm, err)
		}
		for i := 0; i < signs[k] && i < len(vols); i++ {
			me := volunteer.Self{Card: svc.Card(vols[i].ID)}
			if _, err := svc.SignUp(ctx, me, x.ID); err != nil {
				return err
			}
			if k > 1 || i == signs[k]-1 {
				continue // to come, or signed up and stayed away
			}
			*clock = start.Add(time.Duration(-10+i*3) * time.Minute)
			if i%2 == 0 {
				code, _, err := svc.CheckInCode(ctx, act, x.ID)
				if err != nil {
					return err
				}
				_, err = svc.CheckInQR(ctx, me, code)
				if err != nil {
					return err
				}
			} else if _, err := svc.CheckInGPS(ctx, me, x.ID, lng+0.0004, lat+0.0003); err != nil {
				return err
			}
			if k == 0 && i < 3 {
				*clock = start.Add(time.Duration(100+i*5) * time.Minute)
				if _, err := svc.CheckOut(ctx, me, x.ID); err != nil {
					return err
				}
			}
		}
		if k == 0 {
			*clock = start.Add(3 * time.Hour)
			if _, err := svc.Confirm(ctx, act, x.ID); err != nil {
				return err
			}
		}
	}
	*clock = real
	return nil
}

// demoPatrol records last night's round of the street's patrol team in
// the community with the members it has there.
func demoPatrol(ctx context.Context, svc *volunteer.Service, act volunteer.Actor, comm string, team int64, vols []volunteer.Volunteer,
	lng, lat float64, real time.Time, clock *time.Time) error {
	var members []int64
	for _, v := range vols {
		if v.TeamID == team && len(members) < 4 {
			members = append(members, v.ID)
		}
	}
	if len(members) == 0 {
		return nil
	}
	cst := zone.Shanghai()
	local := real.In(cst)
	start := time.Date(local.Year(), local.Month(), local.Day(), 19, 30, 0, 0, cst).AddDate(0, 0, -1)
	*clock = start.Add(3 * time.Hour)
	_, err := svc.RecordPatrol(ctx, act, volunteer.PatrolInput{TeamID: team, CommunityCode: comm, StartedAt: start, EndedAt: start.Add(2 * time.Hour),
		Route: []volunteer.Point{{Lng: lng - 0.002, Lat: lat - 0.001}, {Lng: lng + 0.002, Lat: lat - 0.001}, {Lng: lng + 0.002, Lat: lat + 0.001},
			{Lng: lng - 0.002, Lat: lat + 0.001}},
		Note: "夜间巡逻，重点查看背街小巷、楼道消防通道和电动车充电。", Members: members,
		Findings: []volunteer.FindingInput{{Text: "5号楼楼道内有电动车充电，存在火灾隐患", Lng: lng + 0.001, Lat: lat},
			{Text: "小区东门路灯不亮", Lng: lng + 0.002, Lat: lat + 0.001}}})
	*clock = real
	return err
}
