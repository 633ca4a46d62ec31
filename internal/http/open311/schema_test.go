package open311_test

import (
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// conformanceDir holds the JSON schemas and the swagger file of GeoReport
// v2, copied into the repository (testdata/conformance/README.md).
const conformanceDir = "testdata/conformance"

// schemaSet is a small JSON Schema checker for exactly the keywords the
// conformance schemas use: type, enum, required, properties, items, $ref
// (by $id, or #/definitions/… of the swagger file), anyOf, maxLength,
// minItems, uniqueItems, format (date-time, uri) and the annotations
// $id, $schema, description and title. Any other keyword fails the check,
// so nothing is silently ignored.
type schemaSet struct {
	byID map[string]map[string]any
}

var knownKeywords = []string{"$id", "$schema", "description", "title", "type", "enum", "required", "properties",
	"items", "$ref", "anyOf", "maxLength", "minItems", "uniqueItems", "format", "x-example"}

func loadSchemas(t *testing.T) *schemaSet {
	t.Helper()
	s := &schemaSet{byID: map[string]map[string]any{}}
	files, err := filepath.Glob(filepath.Join(conformanceDir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no schemas in %s: %v", conformanceDir, err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if defs, ok := doc["definitions"].(map[string]any); ok && doc["swagger"] != nil {
			for name, d := range defs {
				s.byID["#/definitions/"+name] = d.(map[string]any)
			}
			continue
		}
		id, _ := doc["$id"].(string)
		if id == "" {
			t.Fatalf("%s has no $id", f)
		}
		s.byID[id] = doc
	}
	for _, want := range []string{"services.json", "service.json", "service-definition.json", "requests.json", "request.json",
		"#/definitions/RequestResponse", "#/definitions/TokenResponse"} {
		if s.byID[want] == nil {
			t.Fatalf("schema %s missing from %s", want, conformanceDir)
		}
	}
	return s
}

// validateEach checks every item of a JSON array against the schema with
// id: the swagger file types an answer's items (#/definitions/Request),
// not the array, so validate alone would pass any array.
func (s *schemaSet) validateEach(id string, doc []byte) []string {
	var items []json.RawMessage
	if err := json.Unmarshal(doc, &items); err != nil {
		return []string{"not a JSON array: " + err.Error()}
	}
	var problems []string
	for i, item := range items {
		for _, p := range s.validate(id, item) {
			problems = append(problems, fmt.Sprintf("[%d]%s", i, strings.TrimPrefix(p, "$")))
		}
	}
	return problems
}

// validate checks a JSON document against the schema with id and returns
// every problem found.
func (s *schemaSet) validate(id string, doc []byte) []string {
	var v any
	dec := json.NewDecoder(strings.NewReader(string(doc)))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return []string{"not JSON: " + err.Error()}
	}
	var problems []string
	s.check(s.byID[id], v, "$", &problems)
	if s.byID[id] == nil {
		problems = append(problems, "no schema "+id)
	}
	return problems
}

func (s *schemaSet) check(schema map[string]any, v any, path string, problems *[]string) {
	fail := func(format string, args ...any) {
		*problems = append(*problems, path+": "+fmt.Sprintf(format, args...))
	}
	keys := make([]string, 0, len(schema))
	for k := range schema {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !slices.Contains(knownKeywords, k) {
			fail("schema keyword %q is not supported by this checker", k)
		}
	}
	if ref, ok := schema["$ref"].(string); ok {
		target := s.byID[ref]
		if target == nil {
			fail("unresolved $ref %q", ref)
		} else {
			s.check(target, v, path, problems)
		}
	}
	if alts, ok := schema["anyOf"].([]any); ok {
		matched := false
		for _, alt := range alts {
			var sub []string
			s.check(alt.(map[string]any), v, path, &sub)
			if len(sub) == 0 {
				matched = true
				break
			}
		}
		if !matched {
			fail("matches none of anyOf (value %v)", v)
		}
	}
	if typ, ok := schema["type"].(string); ok && !hasType(v, typ) {
		fail("want %s, got %T (%v)", typ, v, v)
		return
	}
	if enum, ok := schema["enum"].([]any); ok && !slices.ContainsFunc(enum, func(e any) bool { return fmt.Sprint(e) == fmt.Sprint(v) }) {
		fail("%v is not one of %v", v, enum)
	}
	if str, ok := v.(string); ok {
		if max, ok := schema["maxLength"].(float64); ok && utf8.RuneCountInString(str) > int(max) {
			fail("longer than %v", max)
		}
		switch schema["format"] {
		case "date-time":
			if _, err := time.Parse(time.RFC3339, str); err != nil {
				fail("%q is not an RFC 3339 date-time", str)
			}
		case "uri":
			if u, err := url.Parse(str); err != nil || !u.IsAbs() {
				fail("%q is not an absolute URI", str)
			}
		}
	}
	if obj, ok := v.(map[string]any); ok {
		for _, r := range asList(schema["required"]) {
			if _, present := obj[r.(string)]; !present {
				fail("required %q missing", r)
			}
		}
		props, _ := schema["properties"].(map[string]any)
		for name, sub := range props {
			if pv, present := obj[name]; present {
				s.check(sub.(map[string]any), pv, path+"."+name, problems)
			}
		}
	}
	if arr, ok := v.([]any); ok {
		if min, ok := schema["minItems"].(float64); ok && len(arr) < int(min) {
			fail("fewer than %v items", min)
		}
		if items, ok := schema["items"].(map[string]any); ok {
			for i, item := range arr {
				s.check(items, item, fmt.Sprintf("%s[%d]", path, i), problems)
			}
		}
	}
}

func asList(v any) []any { l, _ := v.([]any); return l }

func hasType(v any, typ string) bool {
	switch typ {
	case "string":
		_, ok := v.(string)
		return ok
	case "number":
		_, ok := v.(json.Number)
		return ok
	case "integer":
		n, ok := v.(json.Number)
		if !ok {
			return false
		}
		f, err := n.Float64()
		return err == nil && f == math.Trunc(f)
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "null":
		return v == nil
	case "array":
		_, ok := v.([]any)
		return ok
	case "object":
		_, ok := v.(map[string]any)
		return ok
	}
	return false
}

// The checker itself must catch what it claims to: a validator that
// passes everything would make the conformance test worthless.
func TestSchemaCheckerCatchesViolations(t *testing.T) {
	s := loadSchemas(t)
	good := `[{"service_request_id":"202611230001","status":"open","service_code":"x","requested_datetime":"2026-11-23T09:00:00+08:00","lat":41.3,"long":null}]`
	if p := s.validate("requests.json", []byte(good)); len(p) != 0 {
		t.Fatalf("a valid document fails: %v", p)
	}
	for name, bad := range map[string]string{
		"numeric id":       `[{"service_request_id":638344,"status":"open","service_code":"x","requested_datetime":"2026-11-23T09:00:00+08:00"}]`,
		"unknown status":   `[{"service_request_id":"1","status":"pending","service_code":"x","requested_datetime":"2026-11-23T09:00:00+08:00"}]`,
		"no zone":          `[{"service_request_id":"1","status":"open","service_code":"x","requested_datetime":"2026-11-23T09:00:00"}]`,
		"missing required": `[{"service_request_id":"1","status":"open","requested_datetime":"2026-11-23T09:00:00+08:00"}]`,
		"string lat":       `[{"service_request_id":"1","status":"open","service_code":"x","requested_datetime":"2026-11-23T09:00:00Z","lat":"41.3"}]`,
		"relative media":   `[{"service_request_id":"1","status":"open","service_code":"x","requested_datetime":"2026-11-23T09:00:00Z","media_url":"a.jpg"}]`,
		"not a list":       `{"service_request_id":"1"}`,
	} {
		if p := s.validate("requests.json", []byte(bad)); len(p) == 0 {
			t.Errorf("%s passes the schema", name)
		}
	}
	if p := s.validate("service-definition.json", []byte(`{"service_code":"x","attributes":[{"variable":true,"code":"a","datatype":"colour","required":false}]}`)); len(p) == 0 {
		t.Error("an unknown datatype passes")
	}
	if p := s.validate("services.json", []byte(`[{"service_code":"x","service_name":"n","metadata":"yes","type":"realtime"}]`)); len(p) == 0 {
		t.Error("a string metadata passes")
	}
	// The swagger file types these fields as strings: null is no string.
	for id, bad := range map[string]string{
		"#/definitions/Request":         `[{"service_request_id":"1","status":"open","service_code":"x","requested_datetime":"2026-11-23T09:00:00Z","status_notes":null}]`,
		"#/definitions/RequestResponse": `[{"service_request_id":"1","account_id":null}]`,
		"#/definitions/Service":         `[{"service_code":"x","service_name":"n","metadata":false,"type":"realtime","keywords":null}]`,
	} {
		if p := s.validateEach(id, []byte(bad)); len(p) == 0 {
			t.Errorf("a null string passes %s", id)
		}
	}
	if p := s.validateEach("#/definitions/Request", []byte(`{"service_request_id":"1"}`)); len(p) == 0 {
		t.Error("an object passes as an array of requests")
	}
}
