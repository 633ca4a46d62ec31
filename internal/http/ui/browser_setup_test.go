package ui_test

import (
	"os"
	"testing"
)

// browserSetup finds Chromium and the screenshot folder for a browser
// test. Without Chromium the test is skipped loudly — or fails under CI,
// which must run the browser tests.
func browserSetup(t *testing.T) (exe, shots string) {
	t.Helper()
	exe = findChromium()
	if exe == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium is not installed, and CI must run the browser tests (apt-get install chromium)")
		}
		t.Skip("\n\n!!! BROWSER TESTS SKIPPED: chromium not found (apt-get install chromium, or set CIVICGRID_CHROMIUM) !!!\n")
	}
	shots = os.Getenv("CIVICGRID_SCREENSHOTS")
	if shots == "" {
		// No screenshots are taken (browser.keepShots); the folder is
		// for what else a test writes.
		shots = t.TempDir()
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	if os.Getenv("CIVICGRID_SCREENSHOTS") == "" {
		t.Log("no screenshots: set CIVICGRID_SCREENSHOTS to a folder to keep them")
	} else {
		t.Logf("screenshots in %s", shots)
	}
	return exe, shots
}

// switchUser signs out whoever is signed in and signs in as username.
func switchUser(t *testing.T, b *browser, username, password string) {
	t.Helper()
	if evalIn[bool](b, `!!document.querySelector('form[action="/signout"] button')`) {
		b.submit(`form[action="/signout"] button`)
	}
	signInAs(t, b, username, password)
}
