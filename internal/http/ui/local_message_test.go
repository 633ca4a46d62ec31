package ui

import (
	"errors"
	"fmt"
	"testing"

	"civicgrid/internal/errs"
)

func TestLocalMessage(t *testing.T) {
	bad := errs.New(errs.Invalid, "thing: invalid input")
	two := fmt.Errorf("%w: name: required — 请填写姓名; phone: want digits — 电话格式不对", bad)
	cases := []struct {
		lang Lang
		err  error
		want string
	}{
		{LangZH, two, "请填写姓名; 电话格式不对"},
		{LangEN, two, "name: required; phone: want digits"},
		{LangZH, fmt.Errorf("%w: only English here", bad), "请检查输入"},
		{LangEN, fmt.Errorf("%w: only English here", bad), "only English here"},
		{LangZH, errors.New("x — 甲 — 乙"), "乙"},
	}
	for _, c := range cases {
		if got := localMessage(c.lang, c.err, "请检查输入"); got != c.want {
			t.Errorf("%s %q: %q, want %q", c.lang, c.err, got, c.want)
		}
	}
}
