package demo

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"civicgrid/internal/calendar"
	"civicgrid/internal/category"
	"civicgrid/internal/org"
)

// testPlaces is a small district: two urban communities and a village.
func testPlaces() *places {
	p := &places{communities: map[string]org.Region{}}
	add := func(community, name string, village bool, n int) {
		level := org.LevelCommunity
		if village {
			level = org.LevelVillage
		}
		p.communities[community] = org.Region{Code: community, Name: name, Level: level}
		for i := 1; i <= n; i++ {
			s := site{code: fmt.Sprintf("%s001%03d", community, i), grid: community + "001", community: community,
				communityName: name, village: village, lng: 123.8, lat: 41.3}
			if village {
				s.name = fmt.Sprintf("%d号院", i)
			} else {
				s.name, s.units = fmt.Sprintf("%d号楼", i), 3
			}
			s.address = "明山区" + name + s.name
			p.sites = append(p.sites, s)
			p.cum = append(p.cum, float64(len(p.sites)))
		}
	}
	add("210504002001", "永光社区", false, 30)
	add("210504002002", "永联社区", false, 30)
	add("210504011201", "高台子村", true, 20)
	return p
}

func planFor(seed uint64, end time.Time, days int) []dayPlan {
	opts := HistoryOptions{Days: days, End: end, Seed: seed}.withDefaults(end)
	return planDays(opts, testPlaces(), calendar.Embedded(nil))
}

func flatten(days []dayPlan) []*orderSpec {
	var out []*orderSpec
	for _, d := range days {
		out = append(out, d.orders...)
	}
	return out
}

func TestPlanIsDeterministicForASeed(t *testing.T) {
	end := time.Date(2026, 11, 23, 20, 0, 0, 0, cst)
	a, b := flatten(planFor(3, end, 20)), flatten(planFor(3, end, 20))
	if len(a) == 0 || !reflect.DeepEqual(a, b) {
		t.Fatalf("two plans with seed 3 differ (%d and %d orders)", len(a), len(b))
	}
	c := flatten(planFor(4, end, 20))
	same := len(a) == len(c)
	for i := 0; same && i < len(a); i++ {
		same = a[i].input.Description == c[i].input.Description && a[i].received.Equal(c[i].received)
	}
	if same {
		t.Fatal("seeds 3 and 4 give the same plan")
	}
}

func TestPlanCoversTheDaysInOrder(t *testing.T) {
	end := time.Date(2026, 11, 23, 20, 0, 0, 0, cst)
	days := planFor(1, end, 30)
	if len(days) != 30 {
		t.Fatalf("%d days planned, want 30", len(days))
	}
	first := time.Date(2026, 10, 25, 0, 0, 0, 0, cst)
	if !days[0].day.Equal(first) {
		t.Fatalf("first day %v, want %v", days[0].day, first)
	}
	index := 0
	var weekday, weekend []int
	for _, d := range days {
		for i, s := range d.orders {
			if s.index != index {
				t.Fatalf("order %d has index %d", index, s.index)
			}
			index++
			if s.received.Before(d.day) || !s.received.Before(d.day.AddDate(0, 0, 1)) || !s.received.Before(end) {
				t.Fatalf("order received %v outside its day %v (or after the end %v)", s.received, d.day, end)
			}
			if i > 0 && s.received.Before(d.orders[i-1].received) {
				t.Fatalf("day %v: orders out of receipt order", d.day)
			}
		}
		if wd := d.day.Weekday(); wd == time.Saturday || wd == time.Sunday {
			weekend = append(weekend, len(d.orders))
		} else if d.day.Before(end.Truncate(24 * time.Hour)) {
			weekday = append(weekday, len(d.orders))
		}
	}
	mean := func(xs []int) float64 {
		s := 0
		for _, x := range xs {
			s += x
		}
		return float64(s) / float64(len(xs))
	}
	if w, e := mean(weekday), mean(weekend); w < 25 || w > 48 || e >= w {
		t.Fatalf("mean orders on weekdays %.1f, weekends %.1f: want about 30–40, fewer at weekends", w, e)
	}
}

// Every order the plan makes passes the catalogue's checks before the
// engine sees it: a known leaf, its required fields, values of the right
// type; and words that fit the place (no 楼道 in a village 院).
func TestPlannedOrdersFitTheCatalogue(t *testing.T) {
	cats := map[string]category.Category{}
	for _, c := range category.SeedCatalogue() {
		cats[c.Code] = c
	}
	leaves := map[string]bool{}
	for _, c := range category.SeedCatalogue() {
		leaves[c.Code] = true
	}
	for _, c := range category.SeedCatalogue() {
		delete(leaves, c.ParentCode)
	}
	for _, end := range []time.Time{
		time.Date(2026, 11, 23, 20, 0, 0, 0, cst), time.Date(2026, 7, 15, 20, 0, 0, 0, cst),
	} {
		for _, s := range flatten(planFor(11, end, 60)) {
			c, ok := cats[s.input.Category]
			if !ok || !leaves[c.Code] {
				t.Fatalf("planned category %q is not a leaf of the catalogue", s.input.Category)
			}
			if _, err := c.CheckAttributes(s.input.Attributes); err != nil {
				t.Fatalf("%s %q attributes %v: %v", c.Code, s.input.Description, s.input.Attributes, err)
			}
			if strings.Contains(s.input.Description, "{") || strings.Contains(s.input.Address, "{") {
				t.Fatalf("unfilled placeholder: %q at %q", s.input.Description, s.input.Address)
			}
			if s.site.village && (strings.Contains(s.input.Description, "单元") || strings.Contains(s.input.Description, "楼道")) {
				t.Fatalf("village order speaks of units or stairwells: %q", s.input.Description)
			}
			if s.input.Channel == "patrol" && (s.input.ReporterName != "" || s.input.ReporterPhone != "") {
				t.Fatalf("patrol find with a reporter: %+v", s.input)
			}
			if c.Kind == category.KindConsult && s.saying.answer == "" {
				t.Fatalf("consultation %q has no answer", s.input.Description)
			}
		}
	}
}

func TestWordsForEveryMix(t *testing.T) {
	known := map[string]bool{}
	for _, d := range departments {
		known[d.Code] = true
	}
	for _, m := range mixes {
		ss := says[m.code]
		if len(ss) == 0 {
			t.Errorf("%s: no resident words", m.code)
		}
		if m.village > 0 && !slices.ContainsFunc(ss, func(s saying) bool { return !s.urban }) {
			t.Errorf("%s: reported in villages but every saying is urban", m.code)
		}
		if m.patrol > 0 && len(finds[m.code]) == 0 {
			t.Errorf("%s: found on patrol but no patrol words", m.code)
		}
		for _, s := range ss {
			if s.target != "" && s.target != "street" && !known[s.target] {
				t.Errorf("%s: consultation goes to unknown department %q", m.code, s.target)
			}
		}
	}
	rules := map[string]escalation{"noise.disturb (neighbour)": neighbourNoise}
	for code, e := range escalations {
		rules[code] = e
	}
	for code, e := range rules {
		if !known[e.department] {
			t.Errorf("escalation of %s to unknown department %q", code, e.department)
		}
	}
	for code, d := range detours {
		if d.level == category.LevelDepartment && !known[d.code] {
			t.Errorf("detour of %s to unknown department %q", code, d.code)
		}
	}
}
