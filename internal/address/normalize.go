package address

import (
	"strings"
	"unicode"
)

// Number kinds: what the word after a number says it counts.
const (
	numAny   byte = 0 // "3-502", a bare number: matches any kind
	numDoor  byte = 'd'
	numBuild byte = 'b'
	numUnit  byte = 'u'
	numRoom  byte = 'r'
)

// Num is one number of an address with its kind.
type Num struct {
	Value string
	Kind  byte
}

// Parsed is an address as the search compares it: the words without the
// numbers and their marker words, and the numbers in order.
type Parsed struct {
	Text string // folded words, e.g. "明山区胜利路阳光小区"
	Nums []Num
}

// Fold maps full-width forms to half-width, drops spaces and punctuation
// (keeping '-' as a separator and '#' as 号), upper-cases Latin letters and
// turns Chinese numerals into digits, so "胜利路十二号３－５０２" and
// "胜利路12号3-502" fold alike.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case r == 0x3000:
			r = ' '
		}
		switch {
		case r == '-' || r == '－' || r == '—' || r == '–' || r == '―' || r == '~' || r == '〜' || r == '/':
			b.WriteByte('-')
		case r == '#':
			b.WriteRune('号')
		case r >= 'a' && r <= 'z':
			b.WriteRune(r - 'a' + 'A')
		case unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsControl(r):
		case r == unicode.ReplacementChar:
		default:
			b.WriteRune(r)
		}
	}
	return convertNumerals(b.String())
}

var numeralDigit = map[rune]int{'〇': 0, '零': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
var numeralUnit = map[rune]int{'十': 10, '百': 100, '千': 1000}

func isNumeral(r rune) bool {
	_, d := numeralDigit[r]
	_, u := numeralUnit[r]
	return d || u
}

// convertNumerals rewrites each run of Chinese numerals as digits: with
// 十/百/千 by value (十二 → 12, 一百零五 → 105), without them digit by
// digit (五零二 → 502, 二〇三 → 203).
func convertNumerals(s string) string {
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(rs); {
		if !isNumeral(rs[i]) {
			b.WriteRune(rs[i])
			i++
			continue
		}
		j := i
		for j < len(rs) && isNumeral(rs[j]) {
			j++
		}
		b.WriteString(numeralValue(rs[i:j]))
		i = j
	}
	return b.String()
}

func numeralValue(run []rune) string {
	positional := false
	for _, r := range run {
		if _, ok := numeralUnit[r]; ok {
			positional = true
		}
	}
	if !positional {
		out := make([]byte, len(run))
		for i, r := range run {
			out[i] = byte('0' + numeralDigit[r])
		}
		return string(out)
	}
	total, digit := 0, -1
	for _, r := range run {
		if d, ok := numeralDigit[r]; ok {
			digit = d
			continue
		}
		unit := numeralUnit[r]
		if digit < 0 {
			digit = 1 // 十二: an implied 一
		}
		total += digit * unit
		digit = -1
	}
	if digit > 0 {
		total += digit
	}
	return itoa(total)
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var buf [20]byte
	i := len(buf)
	for n > 0 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	return string(buf[i:])
}

// markers are the words after a number that say its kind, longest first;
// skip is how many runes the marker takes.
var markers = []struct {
	word string
	kind byte
}{
	{"号楼", numBuild}, {"号院", numDoor}, {"号房", numRoom}, {"单元", numUnit},
	{"号", numDoor}, {"栋", numBuild}, {"幢", numBuild}, {"座", numBuild}, {"楼", numAny},
	{"单", numUnit}, {"室", numRoom}, {"户", numRoom}, {"层", 'f'},
}

// Parse folds s and splits it into words and numbers. Floor numbers (3层)
// are dropped: the room number already holds the floor.
func Parse(s string) Parsed {
	rs := []rune(Fold(stripPrefixes(s)))
	var text []rune
	var nums []Num
	for i := 0; i < len(rs); {
		r := rs[i]
		if r == '-' {
			i++
			continue
		}
		if r < '0' || r > '9' {
			text = append(text, r)
			i++
			continue
		}
		j := i
		for j < len(rs) && rs[j] >= '0' && rs[j] <= '9' {
			j++
		}
		n := Num{Value: strings.TrimLeft(string(rs[i:j]), "0")}
		if n.Value == "" {
			n.Value = "0"
		}
		rest := string(rs[j:min(j+2, len(rs))])
		for _, m := range markers {
			if strings.HasPrefix(rest, m.word) {
				n.Kind = m.kind
				j += len([]rune(m.word))
				break
			}
		}
		if n.Kind != 'f' {
			nums = append(nums, n)
		}
		i = j
	}
	return Parsed{Text: string(text), Nums: nums}
}

// stripPrefixes drops a leading province and city (辽宁省本溪市): stored
// addresses start at the district, and a caller may type either.
func stripPrefixes(s string) string {
	s = strings.TrimSpace(s)
	for _, suffix := range []string{"省", "自治区", "市"} {
		i := strings.Index(s, suffix)
		if i <= 0 || len([]rune(s[:i])) > 6 {
			continue
		}
		rest := s[i+len(suffix):]
		if suffix == "市" && !strings.ContainsAny(string([]rune(rest)[:min(5, len([]rune(rest)))]), "区县市") {
			continue // 新市街, 市场路: part of a name, not a city before its district
		}
		s = rest
	}
	return s
}
