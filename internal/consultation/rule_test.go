package consultation

import "testing"

// base: 3000.00 m² and 12 owners eligible, everyone takes part and agrees.
func base() Figures {
	return Figures{EligibleArea: 300000, ParticipatingArea: 300000, YesArea: 300000,
		EligibleOwners: 12, ParticipatingOwners: 12, YesOwners: 12, EligibleHouses: 12, YesHouses: 12}
}

func TestDecideBoundaries(t *testing.T) {
	for _, c := range []struct {
		name   string
		rule   string
		edit   func(*Figures)
		quorum bool
		passed bool
	}{
		// Participation: ≥ 2/3 of area and of owners ("以上" includes the boundary).
		{"area exactly 2/3 takes part", RuleOrdinary, func(f *Figures) { f.ParticipatingArea, f.YesArea = 200000, 200000 }, true, true},
		{"area 0.01 m² under 2/3", RuleOrdinary, func(f *Figures) { f.ParticipatingArea, f.YesArea = 199999, 199999 }, false, false},
		{"owners exactly 2/3 take part", RuleOrdinary, func(f *Figures) { f.ParticipatingOwners, f.YesOwners = 8, 8 }, true, true},
		{"owners one under 2/3", RuleOrdinary, func(f *Figures) { f.ParticipatingOwners, f.YesOwners = 7, 7 }, false, false},
		{"2/3 area but owners short", RuleMajor, func(f *Figures) {
			f.ParticipatingArea, f.YesArea, f.ParticipatingOwners, f.YesOwners = 200000, 200000, 7, 7
		}, false, false},
		// Major matters: ≥ 3/4 of the participating area and owners.
		{"major: yes area exactly 3/4", RuleMajor, func(f *Figures) { f.YesArea = 225000 }, true, true},
		{"major: yes area 0.01 m² under 3/4", RuleMajor, func(f *Figures) { f.YesArea = 224999 }, true, false},
		{"major: yes owners exactly 3/4", RuleMajor, func(f *Figures) { f.YesOwners = 9 }, true, true},
		{"major: yes owners one under 3/4", RuleMajor, func(f *Figures) { f.YesOwners = 8 }, true, false},
		{"major: 3/4 of participants at the 2/3 quorum", RuleMajor, func(f *Figures) {
			f.ParticipatingArea, f.YesArea, f.ParticipatingOwners, f.YesOwners = 200000, 150000, 8, 6
		}, true, true},
		{"major: just under 3/4 of participants at the quorum", RuleMajor, func(f *Figures) {
			f.ParticipatingArea, f.YesArea, f.ParticipatingOwners, f.YesOwners = 200000, 149999, 8, 6
		}, true, false},
		// Other matters: more than half ("过半数" excludes the boundary).
		{"ordinary: yes area exactly half fails", RuleOrdinary, func(f *Figures) { f.YesArea = 150000 }, true, false},
		{"ordinary: yes area half + 0.01 m²", RuleOrdinary, func(f *Figures) { f.YesArea = 150001 }, true, true},
		{"ordinary: yes owners exactly half fails", RuleOrdinary, func(f *Figures) { f.YesOwners = 6 }, true, false},
		{"ordinary: yes owners half + 1", RuleOrdinary, func(f *Figures) { f.YesOwners = 7 }, true, true},
		{"ordinary: odd participants, 5 of 9", RuleOrdinary, func(f *Figures) { f.ParticipatingOwners, f.YesOwners = 9, 5 }, true, true},
		{"ordinary: odd participants, 4 of 9", RuleOrdinary, func(f *Figures) { f.ParticipatingOwners, f.YesOwners = 9, 4 }, true, false},
		// Household consent: ≥ 2/3 of the eligible households.
		{"consent: exactly 2/3 of households", RuleConsent, func(f *Figures) { f.YesHouses = 8 }, true, true},
		{"consent: one household under 2/3", RuleConsent, func(f *Figures) { f.YesHouses = 7 }, true, false},
		{"consent ignores participation", RuleConsent, func(f *Figures) { f.ParticipatingArea, f.ParticipatingOwners, f.YesHouses = 0, 0, 8 }, true, true},
	} {
		f := base()
		c.edit(&f)
		d := Decide(c.rule, f, 2, 3)
		if d.Quorum != c.quorum || d.Passed != c.passed {
			t.Errorf("%s: %+v → quorum %v passed %v (%s); want %v %v", c.name, f, d.Quorum, d.Passed, d.Reason, c.quorum, c.passed)
		}
		if !d.Passed && d.Reason == "" {
			t.Errorf("%s: failed without a reason", c.name)
		}
	}
	// A configured share: 3/4 of 12 households is 9.
	f := base()
	f.YesHouses = 9
	if d := Decide(RuleConsent, f, 3, 4); !d.Passed {
		t.Errorf("consent 3/4 with 9 of 12: %+v", d)
	}
	f.YesHouses = 8
	if d := Decide(RuleConsent, f, 3, 4); d.Passed {
		t.Errorf("consent 3/4 with 8 of 12 passed")
	}
	// Nothing eligible never passes.
	if d := Decide(RuleOrdinary, Figures{}, 2, 3); d.Passed || d.Quorum {
		t.Errorf("empty consultation: %+v", d)
	}
	if d := Decide(RuleConsent, Figures{}, 2, 3); d.Passed {
		t.Errorf("empty consent: %+v", d)
	}
	if d := Decide("majority", base(), 2, 3); d.Passed {
		t.Errorf("unknown rule passed")
	}
}

func TestTallyCountsAnOwnerOfSeveralHousesOnce(t *testing.T) {
	// Houses 1–4; person 100 owns 2 and 3, person 200 co-owns 3 and 4 (so
	// 2, 3, 4 are one owner), house 5 has no recorded owner.
	groups := OwnerGroups([]int64{1, 2, 3, 4, 5}, map[int64][]int64{1: {50}, 2: {100}, 3: {100, 200}, 4: {200}})
	want := map[int64]int64{1: 1, 2: 2, 3: 2, 4: 2, 5: 5}
	for h, g := range want {
		if groups[h] != g {
			t.Errorf("group of house %d = %d, want %d (%v)", h, groups[h], g, groups)
		}
	}
	var houses []House
	for i, id := range []int64{1, 2, 3, 4, 5} {
		houses = append(houses, House{ID: id, AreaDM2: int64(8000 + i), OwnerGroup: groups[id]})
	}
	// The multi-house owner votes yes for 2 and 3 and no for 4: takes part
	// once, is not a yes owner, but the yes areas of 2 and 3 count.
	f := Tally(houses, []Vote{{1, true}, {2, true}, {3, true}, {4, false}, {99, true}, {1, false}})
	got := Figures{EligibleArea: 40010, EligibleOwners: 3, EligibleHouses: 5,
		ParticipatingArea: 8000 + 8001 + 8002 + 8003, ParticipatingOwners: 2,
		YesArea: 8000 + 8001 + 8002, YesOwners: 1, YesHouses: 3}
	if f != got {
		t.Errorf("tally = %+v\nwant     %+v", f, got)
	}
	// All three of the owner's ballots yes: one yes owner, not three.
	f = Tally(houses, []Vote{{2, true}, {3, true}, {4, true}})
	if f.ParticipatingOwners != 1 || f.YesOwners != 1 || f.YesArea != 8001+8002+8003 {
		t.Errorf("one owner of three houses: %+v", f)
	}
}
