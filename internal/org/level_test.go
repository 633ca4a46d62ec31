package org

import (
	"slices"
	"testing"
)

// Real official names from the NBS 2023 villages.csv, with their codes.
func TestCommitteeNames(t *testing.T) {
	cases := []struct {
		code, official, name, level string
	}{
		{"210504002001", "永光社区居委会", "永光社区", LevelCommunity},
		{"210504008201", "大峪村委会", "大峪村", LevelVillage},
		{"110105027201", "牌坊村村民委员会", "牌坊村", LevelVillage},
		{"110105034200", "三间房东村村委会", "三间房东村", LevelVillage},
		{"110105027001", "四道口居民委员会", "四道口社区", LevelCommunity},
		{"110118102004", "沿村居民委员会", "沿村社区", LevelCommunity},
		{"430527101217", "武阳村", "武阳村", LevelVillage},
		{"110101001001", "多福巷社区居委会", "多福巷社区", LevelCommunity},
		{"210502012400", "本溪市桥北工业加工区社区", "本溪市桥北工业加工区社区", LevelCommunity},
		{"130209403002", "居委会", "居委会", LevelCommunity},
	}
	for _, c := range cases {
		level := committeeLevel(c.official)
		if level != c.level {
			t.Errorf("%s %s: level %s, want %s", c.code, c.official, level, c.level)
		}
		if got := displayName(level, c.official); got != c.name {
			t.Errorf("%s %s: name %q, want %q", c.code, c.official, got, c.name)
		}
	}
	// Only committees lose their suffix: a street keeps its name.
	if got := displayName(LevelStreet, "北地街道"); got != "北地街道" {
		t.Errorf("street name changed to %q", got)
	}
}

func TestCovers(t *testing.T) {
	cases := []struct {
		scope, code string
		want        bool
	}{
		{"210504", "210504", true},
		{"210504", "210504002", true},
		{"210504", "210504002001", true},
		{"210504002001", "210504002001003", true}, // a grid of the community
		{"2105", "210504002001", true},
		{"210504", "210505001", false},
		{"210504002", "210504", false}, // a street does not cover its district
		{"210504", "2105", false},
		{"", "210504", false}, // no scope, no access
	}
	for _, c := range cases {
		if got := Covers(c.scope, c.code); got != c.want {
			t.Errorf("Covers(%q, %q) = %v, want %v", c.scope, c.code, got, c.want)
		}
	}
}

func TestAncestorCodes(t *testing.T) {
	got := ancestorCodes("210504002001")
	want := []string{"21", "2105", "210504", "210504002"}
	if !slices.Equal(got, want) {
		t.Fatalf("ancestorCodes = %v, want %v", got, want)
	}
	if a := ancestorCodes("21"); len(a) != 0 {
		t.Errorf("a province has ancestors %v", a)
	}
}
