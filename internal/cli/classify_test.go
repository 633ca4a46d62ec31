package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// import categories: a dry run writes nothing, a run adds, a rerun changes
// nothing, a bad file reports every bad line and imports nothing; classify
// train on a store without history says so.
func TestImportCategoriesAndTrain(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("CIVICGRID_DB", "")
	file := filepath.Join(dir, "taxonomy.csv")
	good := "level1,level2,level3\n城乡建设,安全生产,事故处理\n城乡建设,物业管理\n教育文体\n"
	if err := os.WriteFile(file, []byte(good), 0o600); err != nil {
		t.Fatal(err)
	}
	for i, c := range []struct{ args, want string }{
		{"--dry-run", "would import (dry run) " + file + ": 5 added, 0 updated, 0 unchanged"},
		{"", "imported " + file + ": 5 added, 0 updated, 0 unchanged"},
		{"", "imported " + file + ": 0 added, 0 updated, 5 unchanged"},
	} {
		args := []string{"import", "categories", "--data", dir, "--from", file}
		if c.args != "" {
			args = append(args, c.args)
		}
		out, err := run(t, "", args...)
		if err != nil || !strings.Contains(out, c.want) {
			t.Fatalf("run %d: %v\n%s\nwant %q", i+1, err, out, c.want)
		}
	}
	bad := "level1,level2,level3\n新类,二级,三级\n,二级,三级\n新类,,三级\n新类,二级,三级\n"
	if err := os.WriteFile(file, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := run(t, "", "import", "categories", "--data", dir, "--from", file)
	if err == nil {
		t.Fatalf("bad file imported:\n%s", out)
	}
	for _, want := range []string{"nothing imported", "line 3: level1 is empty", "line 4: level3 given without level2", "line 5: path 新类 › 二级 › 三级 already on line 2"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if _, err := run(t, "", "classify", "train", "--data", dir); err == nil || !strings.Contains(err.Error(), "too little history") {
		t.Fatalf("train without history: %v", err)
	}
}
