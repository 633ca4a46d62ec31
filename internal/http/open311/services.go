package open311

import (
	"encoding/xml"
	"errors"
	"strings"

	"civicgrid/internal/category"
)

// A service is a leaf of the catalogue that is in use: what a resident
// can report. Its group is the class above it.

type service struct {
	ServiceCode string  `xml:"service_code" json:"service_code"`
	ServiceName string  `xml:"service_name" json:"service_name"`
	Description *string `xml:"description" json:"description,omitempty"`
	Metadata    bool    `xml:"metadata" json:"metadata"`
	Type        string  `xml:"type" json:"type"`
	Keywords    *string `xml:"keywords" json:"keywords,omitempty"`
	Group       *string `xml:"group" json:"group,omitempty"`
}

type servicesXML struct {
	XMLName  xml.Name  `xml:"services"`
	Services []service `xml:"service"`
}

// serviceType is realtime: filing is synchronous, so the POST answer
// carries the service_request_id.
const serviceType = "realtime"

func (h *Handler) services(c *call) error {
	cats, err := category.List(c.ctx, h.opts.DB, false)
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, cat := range cats {
		names[cat.Code] = cat.NameZh
	}
	out := []service{}
	for _, cat := range cats {
		if !cat.Leaf {
			continue
		}
		out = append(out, service{
			ServiceCode: cat.Code, ServiceName: cat.NameZh, Description: text(cat.NameEn),
			Metadata: len(cat.Fields) > 0, Type: serviceType,
			Keywords: text(strings.Join(cat.Keywords, ", ")), Group: text(names[cat.ParentCode]),
		})
	}
	c.write(200, servicesXML{Services: out}, out)
	return nil
}

// offered returns the category behind a service code: a leaf in use.
// Anything else is 404, as the spec has it for an unknown service_code.
func (h *Handler) offered(c *call, code string) (category.Category, error) {
	if code == "" {
		return category.Category{}, badRequest("service_code was not provided")
	}
	cat, err := category.Get(c.ctx, h.opts.DB, code)
	if errors.Is(err, category.ErrNotFound) || (err == nil && (!cat.Active || !cat.Leaf)) {
		return category.Category{}, notFound("service_code %q not found; GET services.%s lists them", code, c.format)
	}
	return cat, err
}

type serviceDefinition struct {
	XMLName     xml.Name      `xml:"service_definition" json:"-"`
	ServiceCode string        `xml:"service_code" json:"service_code"`
	XMLAttrs    attributeList `xml:"attributes" json:"-"`
	Attributes  []attribute   `xml:"-" json:"attributes"`
}

// attributeList keeps <attributes/> present when a service has none.
type attributeList struct {
	Items []attribute `xml:"attribute"`
}

type attribute struct {
	Variable            bool    `xml:"variable" json:"variable"`
	Code                string  `xml:"code" json:"code"`
	Datatype            string  `xml:"datatype" json:"datatype"`
	Required            bool    `xml:"required" json:"required"`
	DatatypeDescription *string `xml:"datatype_description" json:"datatype_description,omitempty"`
	Order               int     `xml:"order" json:"order"`
	Description         string  `xml:"description" json:"description"`
	Values              []value `xml:"values>value,omitempty" json:"values,omitempty"`
}

type value struct {
	Key  string `xml:"key" json:"key"`
	Name string `xml:"name" json:"name"`
}

// datatypeHelp tells the client's user how to fill each datatype in.
var datatypeHelp = map[string]string{
	category.TypeString:          "一行文字，最多200字 one line, at most 200 characters",
	category.TypeText:            "文字，最多4000字 text, at most 4,000 characters",
	category.TypeNumber:          "数字 a number, e.g. 3 or 2.5",
	category.TypeDatetime:        "含时区的时间 a time with its zone, e.g. 2026-11-23T08:30:00+08:00",
	category.TypeSingleValueList: "选择一项 choose one key",
	category.TypeMultiValueList:  "可多选：每项发送一次 attribute[code][]=key — choose any keys, sending attribute[code][]=key once for each",
}

func (h *Handler) serviceDefinition(c *call) error {
	cat, err := h.offered(c, c.name)
	if err != nil {
		return err
	}
	attrs := make([]attribute, 0, len(cat.Fields))
	for i, f := range cat.Fields {
		desc := f.Name
		if f.Description != "" {
			desc += "：" + f.Description
		}
		a := attribute{Variable: true, Code: f.Code, Datatype: f.Datatype, Required: f.Required,
			DatatypeDescription: text(datatypeHelp[f.Datatype]), Order: i + 1, Description: desc}
		for _, v := range f.Values {
			a.Values = append(a.Values, value{Key: v.Key, Name: v.Name})
		}
		attrs = append(attrs, a)
	}
	def := serviceDefinition{ServiceCode: cat.Code, XMLAttrs: attributeList{Items: attrs}, Attributes: attrs}
	c.write(200, def, def)
	return nil
}
