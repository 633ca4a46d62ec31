package org

import (
	"fmt"
	"strings"
)

// Levels of the region tree, as stored in regions.level. A 12-digit code is
// a community (社区, urban residents' committee) or a village (村).
const (
	LevelProvince  = "province"
	LevelCity      = "city"
	LevelDistrict  = "district"
	LevelStreet    = "street"
	LevelCommunity = "community"
	LevelVillage   = "village"
)

// codeLengths are the NBS code lengths from province down to community.
var codeLengths = [...]int{2, 4, 6, 9, 12}

// ancestorCodes returns the codes of code's ancestors, root first: the
// prefixes of the shorter NBS lengths.
func ancestorCodes(code string) []string {
	var out []string
	for _, n := range codeLengths {
		if n >= len(code) {
			break
		}
		out = append(out, code[:n])
	}
	return out
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// isRegionCode reports whether s has the shape of an NBS code of any level.
func isRegionCode(s string) bool {
	if !allDigits(s) {
		return false
	}
	for _, n := range codeLengths {
		if len(s) == n {
			return true
		}
	}
	return false
}

// checkScopeCode accepts the codes an import can be rooted at: province,
// city, district or street (2, 4, 6 or 9 digits).
func checkScopeCode(under string) error {
	if !allDigits(under) || (len(under) != 2 && len(under) != 4 && len(under) != 6 && len(under) != 9) {
		return &ValidationError{Field: "under", Msg: fmt.Sprintf("%q is not a 2-, 4-, 6- or 9-digit division code", under)}
	}
	return nil
}

// Suffixes of the committee names in villages.csv, longest first so that
// 村民委员会 is not read as …村 + 民委员会.
var (
	villageSuffixes   = []string{"村民委员会", "村委会"}
	communitySuffixes = []string{"居民委员会", "居委会"}
)

// committeeLevel is the level of the 12-digit row named official: a
// village when the name ends in 村民委员会 or 村委会. The NBS 2023 data also
// has 27,628 rows named plainly "…村" (e.g. 430527101217 武阳村), 27,615 of
// them with a village code (200-399), so a bare trailing 村 counts as a
// village too; everything else is a community.
func committeeLevel(official string) string {
	for _, s := range villageSuffixes {
		if strings.HasSuffix(official, s) {
			return LevelVillage
		}
	}
	for _, s := range communitySuffixes {
		if strings.HasSuffix(official, s) {
			return LevelCommunity
		}
	}
	if strings.HasSuffix(official, "村") {
		return LevelVillage
	}
	return LevelCommunity
}

// displayName turns a committee's official name into what people call the
// place: 永光社区居委会 → 永光社区, 大峪村民委员会 → 大峪村, 牌坊村村民委员会 →
// 牌坊村, 四道口居民委员会 → 四道口社区. Names of other levels, and names that
// would be left empty (one row is just "居委会"), are kept as they are.
func displayName(level, official string) string {
	if level != LevelCommunity && level != LevelVillage {
		return official
	}
	if base, ok := trimAny(official, villageSuffixes); ok {
		return withSuffix(base, "村", official)
	}
	if base, ok := trimAny(official, communitySuffixes); ok {
		return withSuffix(base, "社区", official)
	}
	return official
}

func trimAny(s string, suffixes []string) (string, bool) {
	for _, suf := range suffixes {
		if base, ok := strings.CutSuffix(s, suf); ok {
			return base, true
		}
	}
	return s, false
}

// withSuffix appends kind unless base already ends with it; an empty base
// falls back to the official name.
func withSuffix(base, kind, official string) string {
	if strings.TrimSpace(base) == "" {
		return official
	}
	if strings.HasSuffix(base, kind) {
		return base
	}
	return base + kind
}

// CommitteeDisplayName is the display name of a 12-digit row's official
// name, the way ImportDivisions stores it, for callers that hold only the
// official name (the demo's layout reads the CSV files directly).
func CommitteeDisplayName(official string) string {
	return displayName(committeeLevel(official), official)
}

// IsVillageCommittee reports whether a 12-digit row is a village (村).
func IsVillageCommittee(official string) bool {
	return committeeLevel(official) == LevelVillage
}
