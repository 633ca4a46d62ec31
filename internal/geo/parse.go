package geo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"civicgrid/internal/errs"

	"github.com/paulmach/orb"
)

// ErrMalformed is wrapped when the input is not a GeoJSON FeatureCollection
// at all (bad JSON, wrong top-level type); problems inside features come as
// a *ValidationError instead.
var ErrMalformed = errs.New(errs.Invalid, "malformed GeoJSON")

// MaxNameLen is the longest grid name accepted, in characters.
const MaxNameLen = 100

// GridFeature is one grid read from a GeoJSON file. Index is its 0-based
// position in the collection; Seq is 0 when the file gave none. Geometry is
// an orb.Polygon or orb.MultiPolygon in canonical form (see
// NormalizeGeometry).
type GridFeature struct {
	Index         int
	CommunityCode string
	Name          string
	Seq           int
	Geometry      orb.Geometry
}

// ParseGridFeatures reads a GeoJSON FeatureCollection of grid polygons. Each
// feature needs a Polygon or MultiPolygon geometry and properties
// community_code (12 digits) and name; seq (1..999) is optional. Either all
// features are valid, or the error is a *ValidationError listing every
// problem found (up to MaxProblems), or wraps ErrMalformed.
func ParseGridFeatures(data []byte) ([]GridFeature, error) {
	var fc struct {
		Type     string            `json:"type"`
		Features []json.RawMessage `json:"features"`
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		return nil, malformed(data, err)
	}
	if fc.Type != "FeatureCollection" {
		return nil, fmt.Errorf("%w: top-level type is %q, want \"FeatureCollection\"", ErrMalformed, fc.Type)
	}
	verr := &ValidationError{}
	if len(fc.Features) == 0 {
		verr.Addf(-1, "", "the collection has no features")
		return nil, verr
	}
	out := make([]GridFeature, 0, len(fc.Features))
	for i, raw := range fc.Features {
		f, msgs := parseFeature(i, raw)
		for _, m := range msgs {
			verr.Add(Problem{Index: i, Name: f.Name, Message: m})
		}
		out = append(out, f)
	}
	if err := verr.OrNil(); err != nil {
		return nil, err
	}
	return out, nil
}

func malformed(data []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line := 1 + bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
		return fmt.Errorf("%w: line %d (byte %d): %v", ErrMalformed, line, se.Offset, err)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		field := te.Field
		if field == "" {
			field = "the top level"
		}
		return fmt.Errorf("%w: %s should be %s, got JSON %s", ErrMalformed, field, te.Type, te.Value)
	}
	return fmt.Errorf("%w: %v", ErrMalformed, err)
}

type rawFeature struct {
	Type       string                     `json:"type"`
	Geometry   *rawGeometry               `json:"geometry"`
	Properties map[string]json.RawMessage `json:"properties"`
}

// parseFeature reads one feature, returning what it could and a message for
// each problem.
func parseFeature(i int, raw json.RawMessage) (GridFeature, []string) {
	f := GridFeature{Index: i}
	var rf rawFeature
	if err := json.Unmarshal(raw, &rf); err != nil {
		return f, []string{"not a GeoJSON Feature object: " + err.Error()}
	}
	var msgs []string
	if rf.Type != "Feature" {
		msgs = append(msgs, fmt.Sprintf("type is %q, want \"Feature\"", rf.Type))
	}
	name, msg := stringProperty(rf.Properties, "name")
	f.Name = name
	switch {
	case msg != "":
		msgs = append(msgs, msg)
	case name == "":
		msgs = append(msgs, "property name is required")
	case utf8.RuneCountInString(name) > MaxNameLen:
		msgs = append(msgs, fmt.Sprintf("name is longer than %d characters", MaxNameLen))
	}
	code, msg := codeProperty(rf.Properties)
	f.CommunityCode = code
	if msg != "" {
		msgs = append(msgs, msg)
	}
	seq, msg := seqProperty(rf.Properties)
	f.Seq = seq
	if msg != "" {
		msgs = append(msgs, msg)
	}
	g, gmsgs := decodeGeometry(rf.Geometry)
	if len(gmsgs) == 0 {
		g, gmsgs = checkGeometry(g)
	}
	msgs = append(msgs, gmsgs...)
	if len(gmsgs) == 0 {
		f.Geometry = g
	}
	return f, msgs
}

// stringProperty reads a string property, trimmed; "" when absent or null.
func stringProperty(props map[string]json.RawMessage, key string) (string, string) {
	raw, ok := props[key]
	if !ok || string(raw) == "null" {
		return "", ""
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fmt.Sprintf("property %s must be a string, got %s", key, clip(raw))
	}
	return strings.TrimSpace(s), ""
}

// codeProperty reads community_code: 12 digits, as a string or a number.
func codeProperty(props map[string]json.RawMessage) (string, string) {
	raw, ok := props["community_code"]
	if !ok || string(raw) == "null" {
		return "", "property community_code is required"
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		s = string(raw) // a bare JSON number
	}
	s = strings.TrimSpace(s)
	if len(s) != 12 || !allDigits(s) {
		return "", fmt.Sprintf("community_code must be 12 digits, got %s", clip(raw))
	}
	return s, ""
}

// seqProperty reads the optional seq: an integer 1..999, as a number or a
// string of digits ("007").
func seqProperty(props map[string]json.RawMessage) (int, string) {
	raw, ok := props["seq"]
	if !ok || string(raw) == "null" {
		return 0, ""
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		s = string(raw)
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 1 || n > 999 {
		return 0, fmt.Sprintf("seq must be an integer from 1 to 999, got %s", clip(raw))
	}
	return n, ""
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// clip shortens raw JSON for an error message.
func clip(raw json.RawMessage) string {
	if len(raw) > 40 {
		return string(raw[:40]) + "…"
	}
	return string(raw)
}
