package project

import (
	"fmt"
	"strconv"
	"strings"
)

// Money is kept as integer fen (分); pages show 万元 with two decimals,
// the API yuan with two decimals.

// Wan formats fen as 万元 with two decimals, rounded half up
// (19461300 00 fen → "1946.13").
func Wan(fen int64) string {
	neg := fen < 0
	if neg {
		fen = -fen
	}
	// 1 万元 = 1,000,000 fen; two decimals = 10,000 fen.
	c := (fen + 5000) / 10000
	s := fmt.Sprintf("%d.%02d", c/100, c%100)
	if neg {
		s = "-" + s
	}
	return s
}

// Yuan formats fen as yuan with two decimals, exact.
func Yuan(fen int64) string {
	neg := fen < 0
	if neg {
		fen = -fen
	}
	s := fmt.Sprintf("%d.%02d", fen/100, fen%100)
	if neg {
		s = "-" + s
	}
	return s
}

// ParseWan reads an amount in 万元 with at most six decimals (to the fen)
// into fen, never through a float: "1946.13" → 1946130000... fen.
func ParseWan(s string) (int64, error) { return parseDecimal(s, 6, "万元") }

// ParseYuan reads an amount in yuan with at most two decimals into fen.
func ParseYuan(s string) (int64, error) { return parseDecimal(s, 2, "元") }

func parseDecimal(s string, places int, unit string) (int64, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", ""))
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(frac) > places || len(whole) > 12 {
		return 0, invalid("amount %q: write a non-negative number of %s with at most %d decimals — 金额格式不对", s, unit, places)
	}
	for _, part := range []string{whole, frac} {
		for _, c := range part {
			if c < '0' || c > '9' {
				return 0, invalid("amount %q: write a non-negative number of %s with at most %d decimals — 金额格式不对", s, unit, places)
			}
		}
	}
	frac += strings.Repeat("0", places-len(frac))
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil {
		return 0, invalid("amount %q is too large — 金额过大", s)
	}
	return n, nil
}
