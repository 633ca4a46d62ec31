package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// knowledge import: bad lines are all reported and nothing is written; a
// good file is added, a rerun changes nothing; search finds an article by
// a caller's words.
func TestKnowledgeImportAndSearch(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("CIVICGRID_DB", "")
	file := filepath.Join(dir, "kb.csv")
	bad := "question,answer,category,department,valid_from,valid_to,source\n" +
		"燃气费怎么交？,可到营业厅或线上缴纳。,,,,,\n" +
		",没有问题的答复内容,,,,,\n" +
		"停水怎么办？,短,,,,,\n" +
		"供暖时间？,每年10月25日开始供暖。,no.such,,2026-13-01,,\n" +
		"燃气费怎么交？,重复的一行答复。,,,,,\n"
	if err := os.WriteFile(file, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := run(t, "", "knowledge", "import", "--data", dir, "--from", file)
	if err == nil {
		t.Fatal("bad file imported")
	}
	for _, want := range []string{"nothing imported", "line 3: question is empty", "line 4: answer must have at least", "line 5: date \"2026-13-01\"",
		"line 5: category \"no.such\" does not exist", "line 6: the same question for the same department is already on line 2"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	good := "question,answer,source\n燃气费怎么交？,可到燃气营业厅柜台或微信公众号缴纳燃气费。,客户服务指南\n停水了怎么办？,计划停水提前公告，突发停水请拨打12345报修。,\n"
	if err := os.WriteFile(file, []byte(good), 0o600); err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{": 2 added, 0 unchanged", ": 0 added, 2 unchanged"} {
		out, err := run(t, "", "knowledge", "import", "--data", dir, "--from", file)
		if err != nil || !strings.Contains(out, want) {
			t.Fatalf("run %d: %v\n%s\nwant %q", i+1, err, out, want)
		}
	}
	out, err := run(t, "", "knowledge", "search", "--data", dir, "请问", "燃气费在哪里交")
	if err != nil || !strings.Contains(out, "燃气费怎么交？") || strings.Contains(out, "停水") {
		t.Fatalf("search: %v\n%s", err, out)
	}
}

// classify autoroute sets and lists thresholds; out of bounds is refused.
func TestClassifyAutoRoute(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("CIVICGRID_DB", "")
	if out, err := run(t, "", "classify", "autoroute", "--data", dir); err != nil || !strings.Contains(out, "off for every category") {
		t.Fatalf("list: %v\n%s", err, out)
	}
	if _, err := run(t, "", "classify", "autoroute", "--data", dir, "--category", "streetlight.out", "--threshold", "0.2"); err == nil {
		t.Fatal("threshold 0.2 accepted")
	}
	if out, err := run(t, "", "classify", "autoroute", "--data", dir, "--category", "streetlight.out", "--threshold", "0.85"); err != nil ||
		!strings.Contains(out, "streetlight.out\t0.85") {
		t.Fatalf("set: %v\n%s", err, out)
	}
}
