package order

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ImportColumns are the columns of a bulk-import CSV (UTF-8, header row
// first, any order; unknown columns are an error so a misspelt one is not
// silently dropped). upstream_id, received_at, category and description
// are required; the location is lng+lat, or address with grid_code or
// community_code. attributes holds the category's extra fields as
// code=value pairs separated by ";" (a multi-value list joins its values
// with ",").
var ImportColumns = []string{"upstream_id", "received_at", "category", "description", "lng", "lat", "address",
	"grid_code", "community_code", "reporter_name", "reporter_phone", "reporter_email", "confidential", "attributes"}

var requiredImportColumns = []string{"upstream_id", "received_at", "category", "description"}

// ImportLine is one parsed line: its number in the file and the order it
// files. The idempotency key is "import:" + upstream_id, so importing the
// same file twice files every order once.
type ImportLine struct {
	Line  int
	Input Input
}

// LineError is a problem on one line of an import file.
type LineError struct {
	Line int
	Err  error
}

func (e LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

// ImportErrors are all the problems of a file, so they can be fixed in one go.
type ImportErrors []LineError

func (es ImportErrors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// maxImportLines bounds one file; a bigger export is split upstream.
const maxImportLines = 100000

// ParseImport reads an import CSV. Times without a zone are read in loc
// (the deployment's zone, Asia/Shanghai). It reports every bad line, not
// only the first.
func ParseImport(r io.Reader, loc *time.Location) ([]ImportLine, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("import: header row: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if !slices.Contains(ImportColumns, h) {
			return nil, fmt.Errorf("import: unknown column %q (columns: %s)", h, strings.Join(ImportColumns, ", "))
		}
		if _, dup := col[h]; dup {
			return nil, fmt.Errorf("import: column %q appears twice", h)
		}
		col[h] = i
	}
	for _, h := range requiredImportColumns {
		if _, ok := col[h]; !ok {
			return nil, fmt.Errorf("import: column %q is required", h)
		}
	}
	var out []ImportLine
	var errs ImportErrors
	seen := map[string]int{}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			errs = append(errs, LineError{line, err})
			break
		}
		if len(out)+len(errs) >= maxImportLines {
			return nil, fmt.Errorf("import: more than %d lines; split the file", maxImportLines)
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		in, err := importInput(get, loc)
		if err == nil {
			if first, dup := seen[get("upstream_id")]; dup {
				err = fmt.Errorf("upstream_id %q already on line %d", get("upstream_id"), first)
			}
		}
		if err != nil {
			errs = append(errs, LineError{line, err})
			continue
		}
		seen[get("upstream_id")] = line
		out = append(out, ImportLine{Line: line, Input: in})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return out, nil
}

func importInput(get func(string) string, loc *time.Location) (Input, error) {
	id := get("upstream_id")
	if id == "" {
		return Input{}, errors.New("upstream_id is empty")
	}
	received, err := parseImportTime(get("received_at"), loc)
	if err != nil {
		return Input{}, err
	}
	in := Input{Channel: ChannelImport, Category: get("category"), Description: get("description"),
		Address: get("address"), GridCode: get("grid_code"), CommunityCode: get("community_code"),
		ReporterName: get("reporter_name"), ReporterPhone: get("reporter_phone"), ReporterEmail: get("reporter_email"),
		IdempotencyKey: "import:" + id, ReceivedAt: received}
	if lng, lat := get("lng"), get("lat"); lng != "" || lat != "" {
		x, errX := strconv.ParseFloat(lng, 64)
		y, errY := strconv.ParseFloat(lat, 64)
		if errX != nil || errY != nil {
			return Input{}, fmt.Errorf("lng %q, lat %q: both must be decimal degrees", lng, lat)
		}
		in.Point = &Point{Lng: x, Lat: y}
	}
	if raw := get("attributes"); raw != "" {
		in.Attributes = map[string]string{}
		for _, pair := range strings.Split(raw, ";") {
			k, v, ok := strings.Cut(pair, "=")
			if k = strings.TrimSpace(k); !ok || k == "" {
				return Input{}, fmt.Errorf("attributes %q: want code=value;code=value", raw)
			}
			in.Attributes[k] = strings.TrimSpace(v)
		}
	}
	switch strings.ToLower(get("confidential")) {
	case "", "0", "false", "no", "否":
	case "1", "true", "yes", "是":
		in.Confidential = true
	default:
		return Input{}, fmt.Errorf("confidential %q: want 是/否 or true/false", get("confidential"))
	}
	return in, nil
}

func parseImportTime(s string, loc *time.Location) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006/01/02 15:04:05", "2006/01/02 15:04"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("received_at %q: want RFC 3339 or 2006-01-02 15:04:05", s)
}
