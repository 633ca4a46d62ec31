package demo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
	"time"

	"civicgrid/internal/auth"
	"civicgrid/internal/org"
	"civicgrid/internal/pii"
	"civicgrid/internal/store"
	"civicgrid/internal/wish"
)

// demoWishes are small wishes as communities collect them: the wish, why,
// for whom, and the fulfilment note.
var demoWishes = []struct{ title, story, beneficiary, note string }{
	{"一台收音机", "眼睛不好看不了电视，想每天听听广播和评书。", "独居老人", "爱心单位送来收音机，并帮老人调好了常听的频道。"},
	{"一套学习用品", "孩子上三年级，书包已经破了。", "困境儿童", "党员送来书包、文具和课外书。"},
	{"陪老人去医院复查", "子女在外地，一个人去医院挂号不方便。", "空巢老人", "志愿者陪同老人到医院复查，帮助挂号取药。"},
	{"一双棉鞋", "冬天到了，脚怕冷。", "高龄老人", "志愿者送上棉鞋，老人当场试穿很合脚。"},
	{"修一修家里的电灯", "厨房灯坏了好几天，自己不会修。", "残疾人家庭", "党员电工上门更换了灯具和开关。"},
	{"一个轮椅坐垫", "长期坐轮椅，原来的坐垫坏了。", "残疾人", "爱心单位送来防褥疮坐垫。"},
	{"理一次发", "行动不便，很久没理发了。", "失能老人", "志愿者理发队上门为老人理发。"},
	{"一台电饭锅", "家里电饭锅坏了，做饭不方便。", "低保家庭", "党员送来新电饭锅。"},
}

// demoPhoto is a small plain JPEG standing in for a fulfilment photo.
func demoPhoto(rng *rand.Rand) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 96, 64))
	c := color.RGBA{uint8(150 + rng.IntN(100)), uint8(120 + rng.IntN(100)), uint8(100 + rng.IntN(100)), 255}
	for y := range 64 {
		for x := range 96 {
			img.Set(x, y, color.RGBA{c.R - uint8(y), c.G - uint8(x/2), c.B, 255})
		}
	}
	var b bytes.Buffer
	_ = jpeg.Encode(&b, img, &jpeg.Options{Quality: 70})
	return b.Bytes()
}

// addWishes posts a few wishes in each community of the first street over
// the last month before end: most fulfilled with a photo, some claimed,
// some waiting to be claimed or reviewed.
func addWishes(ctx context.Context, db *store.DB, keys *pii.Keyring, end time.Time) (int, error) {
	if end.IsZero() {
		end = time.Now()
	}
	rng := rand.New(rand.NewPCG(29, 2026))
	var clock time.Time
	svc, err := wish.New(wish.Config{DB: db, Keys: keys, Now: func() time.Time { return clock }})
	if err != nil {
		return 0, err
	}
	admin := auth.User{Username: "demo", Role: auth.RoleAdmin, NodeCode: DistrictCode}
	staff := wish.Actor{User: admin, Scope: auth.ScopeOf(admin, "")}
	streets, err := org.Children(ctx, db, DistrictCode)
	if err != nil || len(streets) == 0 {
		return 0, err
	}
	comms, err := org.Children(ctx, db, streets[0].Code)
	if err != nil {
		return 0, err
	}
	person := func() string { return demoSurnames[rng.IntN(len(demoSurnames))] + demoGiven[rng.IntN(len(demoGiven))] }
	phone := func() string { return fmt.Sprintf("138%08d", rng.IntN(100000000)) }
	kinds := []string{wish.ClaimantMember, wish.ClaimantVolunteer, wish.ClaimantUnit}
	units := []string{"明山区税务局", "本溪市第二人民医院", "明山区供电公司", "永光物业服务中心"}
	n := 0
	for ci, cm := range comms {
		for k := range 4 {
			d := demoWishes[(ci*4+k)%len(demoWishes)]
			clock = end.Add(-time.Duration(3+rng.IntN(30)) * 24 * time.Hour)
			wi, err := svc.Post(ctx, wish.Resident(""), wish.PostInput{CommunityCode: cm.Code, Title: d.title, Story: d.story,
				Beneficiary: d.beneficiary, Name: person(), Phone: phone()})
			if err != nil {
				return n, fmt.Errorf("demo: wish in %s: %w", cm.Code, err)
			}
			n++
			if k == 3 {
				continue // waiting for review
			}
			clock = clock.Add(time.Duration(4+rng.IntN(20)) * time.Hour)
			if _, err := svc.Review(ctx, staff, wi.ID, 0, true, ""); err != nil {
				return n, err
			}
			if k == 2 {
				continue // on the wall, unclaimed
			}
			clock = clock.Add(time.Duration(1+rng.IntN(48)) * time.Hour)
			kind := kinds[rng.IntN(len(kinds))]
			in := wish.ClaimInput{Kind: kind, Name: person(), Phone: phone()}
			if kind == wish.ClaimantUnit {
				in.Unit = units[rng.IntN(len(units))]
			}
			if _, err := svc.Claim(ctx, wish.Resident(""), wi.ID, in); err != nil {
				return n, err
			}
			if k == 1 && ci%2 == 0 {
				continue // claimed, not yet fulfilled
			}
			clock = clock.Add(time.Duration(1+rng.IntN(5)) * 24 * time.Hour)
			if _, err := svc.Fulfil(ctx, staff, wi.ID, 0, d.note, demoPhoto(rng)); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}
