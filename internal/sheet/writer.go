package sheet

import (
	"errors"
	"fmt"
	"time"

	"civicgrid/internal/zone"
)

// Writer streams tables. Call Sheet to start a table, Row for each row
// (one value per column, of the column's kind, or nil), and Close once at
// the end; nothing is complete before Close.
type Writer interface {
	Sheet(name string, cols []Column) error
	Row(values ...any) error
	Close() error
	// ContentType and Ext name the format for a download.
	ContentType() string
	Ext() string
}

// ErrOneSheet: a CSV file holds one table.
var ErrOneSheet = errors.New("sheet: a CSV file holds one table")

// chinaZone is China Standard Time, the zone of every date we write.
var chinaZone = zone.Shanghai()

func zoneOr(zone *time.Location) *time.Location {
	if zone == nil {
		return chinaZone
	}
	return zone
}

// checkRow normalises one row for cols.
func checkRow(cols []Column, values []any) ([]any, error) {
	if cols == nil {
		return nil, errors.New("sheet: Row before Sheet")
	}
	if len(values) != len(cols) {
		return nil, fmt.Errorf("sheet: row has %d values for %d columns", len(values), len(cols))
	}
	out := make([]any, len(values))
	for i, v := range values {
		n, err := cols[i].value(v)
		if err != nil {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}
