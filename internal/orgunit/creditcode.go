package orgunit

import (
	"fmt"
	"strings"

	"civicgrid/internal/errs"
)

// The 统一社会信用代码 (unified social credit code, GB 32100-2015): 18
// characters from a 31-character set (digits and capital letters without
// I, O, Z, S, V):
//
//	1     registration authority (登记管理部门码): 1 机构编制, 5 民政, 9 工商 …
//	2     unit type within it (机构类别码): 11 机关, 12 事业单位, 91 企业, 92 个体工商户 …
//	3–8   the registering authority's region (登记管理机关行政区划码, GB/T 2260)
//	9–17  the organisation code (主体标识码, GB 11714)
//	18    the check character: C18 = 31 − (Σ Ci·Wi mod 31), 31 → 0, with
//	      Wi = 3^(i−1) mod 31 (1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28)
const creditCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// creditTypes are the registration authorities and their unit types
// (GB 32100-2015, table 1).
var creditTypes = map[byte]struct {
	name  string
	types string
}{
	'1': {"机构编制", "1239"},
	'2': {"外交", "129"},
	'3': {"司法行政", "12345679"},
	'4': {"文化", "129"},
	'5': {"民政", "1239"},
	'6': {"旅游", "129"},
	'7': {"宗教", "129"},
	'8': {"工会", "19"},
	'9': {"工商", "123"},
	'A': {"中央军委改革和编制办公室", "19"},
	'N': {"农业", "1239"},
	'Y': {"其他", "1"},
}

// CreditCodeError says what is wrong with a credit code: Pos is the
// 1-based character position (0 for the whole code).
type CreditCodeError struct {
	Code   string
	Pos    int
	Reason string
}

func (e *CreditCodeError) Error() string {
	if e.Pos > 0 {
		return fmt.Sprintf("统一社会信用代码 %q 第 %d 位: %s", e.Code, e.Pos, e.Reason)
	}
	return fmt.Sprintf("统一社会信用代码 %q: %s", e.Code, e.Reason)
}

func (e *CreditCodeError) Unwrap() error        { return ErrInvalid }
func (e *CreditCodeError) ErrorKind() errs.Kind { return errs.Invalid }

// foldCode trims, drops spaces and dashes inside, turns full-width
// characters into ASCII and letters into capitals.
func foldCode(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r >= '！' && r <= '～':
			r -= 0xFEE0
		case r == ' ' || r == '　' || r == '-':
			continue
		}
		if r >= 'a' && r <= 'z' {
			r -= 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// CreditCheckChar is the check character for the first 17 characters of
// a credit code (which must be from the character set).
func CreditCheckChar(body string) (byte, bool) {
	if len(body) != 17 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(creditCharset, body[i])
		if v < 0 {
			return 0, false
		}
		sum += v * creditWeights[i]
	}
	return creditCharset[(31-sum%31)%31], true
}

// ParseCreditCode checks a typed credit code and returns it folded (full
// width to ASCII, capitals, no spaces). A wrong code gives a
// *CreditCodeError naming the position and what is wrong with it.
func ParseCreditCode(s string) (string, error) {
	code := foldCode(s)
	fail := func(pos int, format string, args ...any) (string, error) {
		return "", &CreditCodeError{Code: code, Pos: pos, Reason: fmt.Sprintf(format, args...)}
	}
	if n := len([]rune(code)); n != 18 {
		return fail(0, "应为 18 位，实际 %d 位 (a credit code has 18 characters, not %d)", n, n)
	}
	for i, r := range []rune(code) {
		if strings.ContainsRune(creditCharset, r) {
			continue
		}
		hint := ""
		switch r {
		case 'I':
			hint = "（可能是数字 1 / maybe the digit 1）"
		case 'O':
			hint = "（可能是数字 0 / maybe the digit 0）"
		case 'Z':
			hint = "（可能是数字 2 / maybe the digit 2）"
		case 'S':
			hint = "（可能是数字 5 / maybe the digit 5）"
		}
		return fail(i+1, "字符 %q 不在代码字符集内（不用 I、O、Z、S、V）%s (not in the code's character set)", r, hint)
	}
	auth, ok := creditTypes[code[0]]
	if !ok {
		return fail(1, "登记管理部门码 %c 不存在 (no such registration authority)", code[0])
	}
	if !strings.ContainsRune(auth.types, rune(code[1])) {
		return fail(2, "机构类别码 %c 不属于登记管理部门 %c（%s）(no such unit type for this authority)", code[1], code[0], auth.name)
	}
	for i := 2; i < 8; i++ {
		if code[i] < '0' || code[i] > '9' {
			return fail(i+1, "登记管理机关行政区划码（第 3–8 位）只能是数字 (the region code is 6 digits)")
		}
	}
	if code[2] == '0' {
		return fail(3, "行政区划码 %s 不存在（省级代码不以 0 开头）(no such region)", code[2:8])
	}
	want, _ := CreditCheckChar(code[:17])
	if code[17] != want {
		return fail(18, "校验码应为 %c，不是 %c (wrong check character: want %c)", want, code[17], want)
	}
	return code, nil
}

// CreditType is the two-character registration authority and unit type
// of a valid code (91: 工商·企业).
func CreditType(code string) string {
	if len(code) < 2 {
		return ""
	}
	return code[:2]
}
