package cli

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

func runEx(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := runExchange(context.Background(), Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb}, args)
	return out.String() + errb.String(), err
}

func TestExchangeLinkCommands(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("CIVICGRID_DB", "")
	out, err := runEx(t, "link", "add", "--data", dir, "--name", "mingshan", "--direction", "downstream",
		"--url", "https://district.example/", "--regions", "210504,210505")
	if err != nil {
		t.Fatalf("add: %v\n%s", err, out)
	}
	if !strings.Contains(out, "secret: ") || !strings.Contains(out, "key: ") || !strings.Contains(out, "not shown again") {
		t.Fatalf("add did not show the generated secret and key once:\n%s", out)
	}
	if out, err := runEx(t, "link", "add", "--data", dir, "--name", "mingshan", "--direction", "downstream",
		"--url", "https://district.example", "--regions", "210504"); err == nil {
		t.Fatalf("a second link of one name was added:\n%s", out)
	}
	for _, bad := range [][]string{
		{"--name", "Bad Name", "--direction", "upstream", "--url", "https://x.example", "--regions", "210504"},
		{"--name", "x", "--direction", "sideways", "--url", "https://x.example", "--regions", "210504"},
		{"--name", "x", "--direction", "upstream", "--url", "ftp://x.example", "--regions", "210504"},
		{"--name", "x", "--direction", "upstream", "--url", "https://x.example", "--regions", "21050"},
		{"--name", "x", "--direction", "upstream", "--url", "https://x.example", "--regions", "210504", "--secret", "short"},
		{"--name", "x", "--direction", "upstream", "--url", "https://x.example", "--regions", "210504", "--key", "bm90MzI="},
	} {
		if out, err := runEx(t, append([]string{"link", "add", "--data", dir}, bad...)...); err == nil {
			t.Errorf("%v was added:\n%s", bad, out)
		}
	}
	out, err = runEx(t, "link", "list", "--data", dir)
	if err != nil || !strings.Contains(out, "mingshan") || !strings.Contains(out, "210504,210505") || strings.Contains(out, "secret") {
		t.Fatalf("list: %v\n%s", err, out)
	}
	if out, err := runEx(t, "held", "--data", dir); err != nil || !strings.Contains(out, "UPSTREAM ID") {
		t.Fatalf("held: %v\n%s", err, out)
	}
	if out, err := runEx(t, "link", "remove", "--data", dir, "--name", "mingshan"); err != nil || !strings.Contains(out, "removed") {
		t.Fatalf("remove: %v\n%s", err, out)
	}
	if out, err := runEx(t, "link", "remove", "--data", dir, "--name", "mingshan"); err == nil {
		t.Fatalf("removed twice:\n%s", out)
	}
	if out, err := runEx(t, "forward", "--data", dir, "--number", "209901010001"); err == nil || !strings.Contains(err.Error(), "没有编号为") {
		t.Errorf("forward of no order: %v\n%s", err, out)
	}
	if _, err := runEx(t, "forward", "--data", dir); !errors.Is(err, ErrUsage) {
		t.Errorf("forward without a number: %v, want a usage error", err)
	}
	if _, err := runEx(t, "link", "add", "--data", dir); !errors.Is(err, ErrUsage) {
		t.Fatalf("add without flags: %v, want a usage error", err)
	}
}
