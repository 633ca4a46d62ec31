package ledger

import (
	"io"

	"civicgrid/internal/sheet"
)

// WriteTemplate writes a ledger's empty template: the first sheet is the
// header row (required columns marked *), the second explains each column.
// A template holds no example line, so a forgotten one is never imported.
func WriteTemplate(w io.Writer, l Ledger) error {
	x := sheet.NewXLSX(w, nil)
	cols := make([]sheet.Column, len(l.Columns))
	for i, c := range l.Columns {
		title := c.Zh
		if c.Required {
			title += "*"
		}
		cols[i] = sheet.Column{Title: title, Width: 18}
	}
	if err := x.Sheet(l.Title, cols); err != nil {
		return err
	}
	if err := x.Sheet("填写说明", []sheet.Column{{Title: "列"}, {Title: "英文列名"}, {Title: "必填"}, {Title: "说明", Width: 70}}); err != nil {
		return err
	}
	for _, c := range l.Columns {
		req := "否"
		if c.Required {
			req = "是"
		}
		if err := x.Row(c.Zh, c.Key, req, c.Hint); err != nil {
			return err
		}
	}
	for _, note := range []string{
		"第一行为表头，可用中文或英文列名，列的顺序不限；从第二行起每行一条记录。",
		"导入前逐行检查，有任何问题都不写入，并列出全部问题的行号；可先“试导入”。",
		"已登记的记录（按自然键：地址、房屋、证件号码、信用代码、部件编码）保持不变，重复导入不会重复登记。",
	} {
		if err := x.Row("", "", "", note); err != nil {
			return err
		}
	}
	return x.Close()
}
