package bench

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// PeakRSS is the most resident memory this process has held so far
// (VmHWM in /proc/self/status), in bytes. Linux only.
func PeakRSS() (int64, error) {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, fmt.Errorf("peak RSS: %w", err)
	}
	return parseVmHWM(data)
}

func parseVmHWM(status []byte) (int64, error) {
	sc := bufio.NewScanner(bytes.NewReader(status))
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:")
		if !ok {
			continue
		}
		num, unit, _ := strings.Cut(strings.TrimSpace(rest), " ")
		kb, err := strconv.ParseInt(num, 10, 64)
		if err != nil || strings.TrimSpace(unit) != "kB" {
			return 0, fmt.Errorf("peak RSS: cannot read VmHWM line %q", sc.Text())
		}
		return kb * 1024, nil
	}
	return 0, fmt.Errorf("peak RSS: no VmHWM in /proc/self/status")
}

func peakRSSLine() string {
	n, err := PeakRSS()
	if err != nil {
		return "peak RSS: unavailable (" + err.Error() + ")"
	}
	return fmt.Sprintf("peak RSS: %.1f MB (VmHWM of the whole bench process: data generation, store, both measurements)", float64(n)/(1<<20))
}
