package calendar_test

import (
	"os"
	"strings"
)

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func readFile(path string) ([]byte, error) { return os.ReadFile(path) }
