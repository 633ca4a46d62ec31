package open311_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
	"time"
)

// The documents as a client reads them, written from the spec (not from
// the package's own types), for encoding/xml and encoding/json.

type xService struct {
	Code        string `xml:"service_code" json:"service_code"`
	Name        string `xml:"service_name" json:"service_name"`
	Description string `xml:"description" json:"description"`
	Metadata    bool   `xml:"metadata" json:"metadata"`
	Type        string `xml:"type" json:"type"`
	Keywords    string `xml:"keywords" json:"keywords"`
	Group       string `xml:"group" json:"group"`
}

type xServices struct {
	XMLName  xml.Name   `xml:"services"`
	Services []xService `xml:"service"`
}

type xValue struct {
	Key  string `xml:"key" json:"key"`
	Name string `xml:"name" json:"name"`
}

type xAttribute struct {
	Variable            bool     `xml:"variable" json:"variable"`
	Code                string   `xml:"code" json:"code"`
	Datatype            string   `xml:"datatype" json:"datatype"`
	Required            bool     `xml:"required" json:"required"`
	DatatypeDescription *string  `xml:"datatype_description" json:"datatype_description"`
	Order               int      `xml:"order" json:"order"`
	Description         string   `xml:"description" json:"description"`
	Values              []xValue `xml:"values>value" json:"values"`
}

type xDefinition struct {
	XMLName    xml.Name     `xml:"service_definition" json:"-"`
	Code       string       `xml:"service_code" json:"service_code"`
	Attributes []xAttribute `xml:"attributes>attribute" json:"attributes"`
}

// xRequest serves every <request>: a service request, a POST answer and a
// token answer.
type xRequest struct {
	ID                string   `xml:"service_request_id" json:"service_request_id"`
	Token             string   `xml:"token" json:"token"`
	Status            string   `xml:"status" json:"status"`
	StatusNotes       *string  `xml:"status_notes" json:"status_notes"`
	ServiceName       string   `xml:"service_name" json:"service_name"`
	ServiceCode       string   `xml:"service_code" json:"service_code"`
	Description       string   `xml:"description" json:"description"`
	AgencyResponsible string   `xml:"agency_responsible" json:"agency_responsible"`
	ServiceNotice     string   `xml:"service_notice" json:"service_notice"`
	RequestedDatetime string   `xml:"requested_datetime" json:"requested_datetime"`
	UpdatedDatetime   string   `xml:"updated_datetime" json:"updated_datetime"`
	ExpectedDatetime  string   `xml:"expected_datetime" json:"expected_datetime"`
	Address           string   `xml:"address" json:"address"`
	AddressID         string   `xml:"address_id" json:"address_id"`
	Lat               *float64 `xml:"lat" json:"lat"`
	Long              *float64 `xml:"long" json:"long"`
	MediaURL          string   `xml:"media_url" json:"media_url"`
	AccountID         *string  `xml:"account_id" json:"account_id"`
	Zipcode           *string  `xml:"zipcode" json:"zipcode"`
}

type xRequests struct {
	XMLName  xml.Name   `xml:"service_requests"`
	Requests []xRequest `xml:"request"`
}

type xError struct {
	Code        int    `xml:"code" json:"code"`
	Description string `xml:"description" json:"description"`
}

type xErrors struct {
	XMLName xml.Name `xml:"errors"`
	Errors  []xError `xml:"error"`
}

type xEndpoint struct {
	Specification string   `xml:"specification" json:"specification"`
	URL           string   `xml:"url" json:"url"`
	Changeset     string   `xml:"changeset" json:"changeset"`
	Type          string   `xml:"type" json:"type"`
	Formats       []string `xml:"formats>format" json:"formats"`
}

type xDiscovery struct {
	XMLName    xml.Name    `xml:"discovery" json:"-"`
	Changeset  string      `xml:"changeset" json:"changeset"`
	Contact    string      `xml:"contact" json:"contact"`
	KeyService string      `xml:"key_service" json:"key_service"`
	Endpoints  []xEndpoint `xml:"endpoints>endpoint" json:"endpoints"`
}

type xUpdate struct {
	UpdateID           string `xml:"update_id" json:"update_id"`
	ServiceRequestID   string `xml:"service_request_id" json:"service_request_id"`
	Status             string `xml:"status" json:"status"`
	UpdatedDatetime    string `xml:"updated_datetime" json:"updated_datetime"`
	Description        string `xml:"description" json:"description"`
	MediaURL           string `xml:"media_url" json:"media_url"`
	ExternalStatusCode string `xml:"external_status_code" json:"external_status_code"`
}

type xUpdates struct {
	XMLName xml.Name  `xml:"service_request_updates"`
	Updates []xUpdate `xml:"request_update"`
}

const (
	contentXML  = "text/xml; charset=utf-8"
	contentJSON = "application/json; charset=utf-8"
)

// mustXML checks an XML answer — status, content type, the UTF-8
// declaration — and decodes it into v.
func mustXML(t *testing.T, r reply, status int, v any) {
	t.Helper()
	if r.status != status {
		t.Fatalf("want %d, got %s", status, r)
	}
	if ct := r.header.Get("Content-Type"); ct != contentXML {
		t.Fatalf("Content-Type %q, want %q", ct, contentXML)
	}
	if !bytes.HasPrefix(r.body, []byte(`<?xml version="1.0" encoding="UTF-8"?>`)) {
		t.Fatalf("no UTF-8 XML declaration: %.80s", r.body)
	}
	if err := xml.Unmarshal(r.body, v); err != nil {
		t.Fatalf("XML: %v\n%.2000s", err, r.body)
	}
}

// mustJSONAnswer checks a JSON answer's status and content type and
// decodes it strictly into v.
func mustJSONAnswer(t *testing.T, r reply, status int, v any) {
	t.Helper()
	if r.status != status {
		t.Fatalf("want %d, got %s", status, r)
	}
	if ct := r.header.Get("Content-Type"); ct != contentJSON {
		t.Fatalf("Content-Type %q, want %q", ct, contentJSON)
	}
	mustJSON(t, r.body, v)
}

func mustJSON(t *testing.T, body []byte, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("JSON: %v\n%.2000s", err, body)
	}
}

// mustValidEach checks every item of a JSON answer against a swagger
// definition ("#/definitions/Request").
func mustValidEach(t *testing.T, s *schemaSet, definition string, r reply) {
	t.Helper()
	if problems := s.validateEach(definition, r.body); len(problems) > 0 {
		t.Fatalf("%s items do not conform to %s:\n  %s\n%s", r.header.Get("Content-Type"), definition, strings.Join(problems, "\n  "), r.body)
	}
}

// mustValid checks a JSON answer against a conformance schema.
func mustValid(t *testing.T, s *schemaSet, schema string, r reply) {
	t.Helper()
	if problems := s.validate(schema, r.body); len(problems) > 0 {
		t.Fatalf("%s does not conform to %s:\n  %s\n%s", r.header.Get("Content-Type"), schema, strings.Join(problems, "\n  "), r.body)
	}
}

// mustW3C checks a datetime carries the China zone, as every one we write.
func mustW3C(t *testing.T, what, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339, s)
	if err != nil || !strings.HasSuffix(s, "+08:00") {
		t.Fatalf("%s %q is not a W3C datetime with +08:00: %v", what, s, err)
	}
	return tm
}

// openErrors reads an Open311 error answer in either format and returns
// its single error.
func openErrors(t *testing.T, r reply, status int, format string) xError {
	t.Helper()
	var errs []xError
	if format == "json" {
		mustJSONAnswer(t, r, status, &errs)
	} else {
		var doc xErrors
		mustXML(t, r, status, &doc)
		errs = doc.Errors
	}
	if len(errs) != 1 || errs[0].Code != status || errs[0].Description == "" {
		t.Fatalf("error body %s", r.body)
	}
	return errs[0]
}
