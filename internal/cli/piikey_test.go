package cli

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"civicgrid/internal/pii"
)

// CIVICGRID_PII_KEY is read here, in the command line, and wins over the
// data directory's key file; internal/pii reads no environment itself.
func TestCommandsTakeThePIIKeyFromTheEnvironment(t *testing.T) {
	t.Setenv("CIVICGRID_DB", "")
	k, err := pii.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		env      string
		keyFile  bool
		badKey   bool
		describe string
	}{
		{"", true, false, "no variable: the key file is made"},
		{k, false, false, "the variable's key: no key file"},
		{"short", false, true, "a bad variable: refused, naming it"},
	} {
		t.Setenv(pii.EnvKey, c.env)
		dir := t.TempDir()
		// No regions yet: the search stops after the keys are loaded.
		_, err := run(t, "", "person", "search", "--data", dir, "张三")
		switch {
		case c.badKey:
			if !errors.Is(err, pii.ErrBadKey) || !strings.Contains(err.Error(), pii.EnvKey) {
				t.Errorf("%s: %v", c.describe, err)
			}
		case err == nil || !strings.Contains(err.Error(), "no regions yet"):
			t.Errorf("%s: %v, want the keys loaded and then no regions", c.describe, err)
		}
		_, statErr := os.Stat(filepath.Join(dir, "keys", "pii.key"))
		if made := statErr == nil; made != c.keyFile {
			t.Errorf("%s: key file made %v, want %v (%v)", c.describe, made, c.keyFile, statErr)
		}
	}
}
