package open311

import (
	"encoding/xml"
	"time"

	"civicgrid/internal/category"
)

// Service discovery (wiki.open311.org/Service_Discovery): where the
// endpoint is, which spec it speaks and in which formats.

const specURL = "http://wiki.open311.org/GeoReport_v2"

type discoveryDoc struct {
	XMLName    xml.Name   `xml:"discovery" json:"-"`
	Changeset  string     `xml:"changeset" json:"changeset"`
	Contact    string     `xml:"contact" json:"contact"`
	KeyService string     `xml:"key_service" json:"key_service"`
	Endpoints  []endpoint `xml:"endpoints>endpoint" json:"endpoints"`
}

type endpoint struct {
	Specification string   `xml:"specification" json:"specification"`
	URL           string   `xml:"url" json:"url"`
	Changeset     string   `xml:"changeset" json:"changeset"`
	Type          string   `xml:"type" json:"type"`
	Formats       []string `xml:"formats>format" json:"formats"`
}

func (h *Handler) discovery(c *call) error {
	// The catalogue is what changes what clients see; its last edit is the
	// changeset.
	cats, err := category.List(c.ctx, h.opts.DB, true)
	if err != nil {
		return err
	}
	var changed time.Time
	for _, cat := range cats {
		if cat.UpdatedAt.After(changed) {
			changed = cat.UpdatedAt
		}
	}
	contact := h.opts.Contact
	if contact == "" {
		contact = c.jurisdiction.Name + " 12345 政务服务便民热线 (12345 hotline)"
	}
	doc := discoveryDoc{
		Changeset:  w3c(changed),
		Contact:    contact,
		KeyService: "API keys are issued by the administrator of this deployment (civicgrid apikey add); api_key is needed to POST requests and updates",
		Endpoints: []endpoint{{
			Specification: specURL, URL: baseURL(c) + "/open311/v2", Changeset: w3c(changed), Type: "production",
			Formats: []string{"text/xml", "application/json"},
		}},
	}
	c.write(200, doc, doc)
	return nil
}

// baseURL is scheme://host of the request as the client reached it.
func baseURL(c *call) string {
	scheme := "http"
	if c.r.TLS != nil || c.r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + c.r.Host
}
