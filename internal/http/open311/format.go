package open311

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"strings"

	"civicgrid/internal/http/httpx"
)

// format is how a response is written: XML unless the resource ends in
// .json.
type format int

const (
	formatXML format = iota
	formatJSON
)

func (f format) String() string {
	if f == formatJSON {
		return "json"
	}
	return "xml"
}

// Content types the spec names.
const (
	contentXML  = "text/xml; charset=utf-8"
	contentJSON = "application/json; charset=utf-8"
)

// splitFormat splits "services.json" into "services" and JSON. Without a
// known suffix the whole segment is the name and the format XML, so a
// service code such as "streetlight.out" survives.
func splitFormat(segment string) (string, format) {
	switch {
	case strings.HasSuffix(segment, ".json"):
		return strings.TrimSuffix(segment, ".json"), formatJSON
	case strings.HasSuffix(segment, ".xml"):
		return strings.TrimSuffix(segment, ".xml"), formatXML
	}
	return segment, formatXML
}

// write sends body: asXML is marshalled for XML (its root element names
// the document), asJSON for JSON (the Spark convention: lists are arrays).
func (c *call) write(status int, asXML, asJSON any) {
	var buf bytes.Buffer
	if c.format == formatJSON {
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(asJSON); err != nil {
			c.writeFailure(err)
			return
		}
		c.send(status, contentJSON, buf.Bytes())
		return
	}
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(asXML); err != nil {
		c.writeFailure(err)
		return
	}
	buf.WriteByte('\n')
	c.send(status, contentXML, buf.Bytes())
}

func (c *call) send(status int, contentType string, body []byte) {
	c.w.Header().Set("Content-Type", contentType)
	c.w.Header().Set("Cache-Control", "no-store")
	c.w.WriteHeader(status)
	if _, err := c.w.Write(body); err != nil {
		httpx.Log(c.r).Debug("open311: write", "err", err)
	}
}

// writeFailure answers when a response could not be encoded: a bug, so
// it is logged, and the client gets the general service error.
func (c *call) writeFailure(err error) {
	httpx.Log(c.r).Error("open311: encode", "path", c.r.URL.Path, "err", err)
	body := []byte(xml.Header + "<errors><error><code>400</code><description>general service error</description></error></errors>\n")
	ct := contentXML
	if c.format == formatJSON {
		body, ct = []byte(`[{"code":400,"description":"general service error"}]`+"\n"), contentJSON
	}
	c.send(http.StatusBadRequest, ct, body)
}

// text makes an optional text field: nil (left out of XML, null in JSON)
// when s is empty.
func text(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
