package cli

import (
	"strings"
	"testing"
)

func TestProjectCommands(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("CIVICGRID_DB", "")
	if out, err := run(t, "", "import", "divisions", "--data", dir, "--from", "../org/testdata/divisions", "--under", "210504"); err != nil {
		t.Fatalf("import divisions: %v\n%s", err, out)
	}
	out, err := run(t, "", "project", "catalogue", "--data", dir, "--seed")
	if err != nil || !strings.Contains(out, "屋面防水") || !strings.Contains(out, "基础类") || !strings.Contains(out, "监控点位") {
		t.Fatalf("catalogue --seed: %v\n%s", err, out)
	}
	if out, err := run(t, "", "project", "work-item", "--data", dir, "--name", "加装电梯", "--class", "upgrade"); err != nil || !strings.Contains(out, "提升类") {
		t.Fatalf("work-item: %v\n%s", err, out)
	}
	if out, err := run(t, "", "project", "work-item", "--data", dir, "--name", "加装电梯", "--class", "upgrade"); err == nil {
		t.Fatalf("a second 加装电梯 was accepted:\n%s", out)
	}
	if out, err := run(t, "", "project", "work-item", "--data", dir, "--name", "x", "--class", "luxury"); err == nil {
		t.Fatalf("class luxury was accepted:\n%s", out)
	}
	if out, err := run(t, "", "project", "indicator", "--data", dir, "--name", "充电桩", "--unit", "个"); err != nil || !strings.Contains(out, "充电桩") {
		t.Fatalf("indicator: %v\n%s", err, out)
	}
	if out, err := run(t, "", "project", "programme", "--data", dir, "--region", "210504", "--year", "2024", "--name", "2024年改造"); err != nil || !strings.Contains(out, "batch 1") {
		t.Fatalf("programme: %v\n%s", err, out)
	}
	if out, err := run(t, "", "project", "programme", "--data", dir, "--region", "210504", "--year", "2024", "--name", "again"); err == nil {
		t.Fatalf("a second batch 1 of 2024 was accepted:\n%s", out)
	}
	out, err = run(t, "", "project", "totals", "--data", dir, "--year", "2024")
	if err != nil || !strings.Contains(out, "0 projects") {
		t.Fatalf("totals: %v\n%s", err, out)
	}
}
