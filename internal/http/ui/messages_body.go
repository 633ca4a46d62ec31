package ui

// Refused form bodies (httpx.TextBodies).
func init() {
	addMessages(map[string]message{
		"body.refused.title":          {"提交未被接受", "Not accepted"},
		"body.too_large":              {"提交的内容过大（照片请压缩后再传）。请返回修改后重试。", "What you sent is too large (shrink the photos). Go back and try again."},
		"body.invalid_encoding":       {"提交的文字编码无法识别，请使用 UTF-8。请返回修改后重试。", "The text is not in an encoding we read; use UTF-8. Go back and try again."},
		"body.invalid_encoding.field": {"“%s”一栏的文字编码无法识别，请返回修改后重试。", "The text in “%s” is not in an encoding we read. Go back and try again."},
		"body.bidi_override":          {"提交的文字含有可伪装文字方向的控制字符，请删除后重试。", "The text holds a control character that can disguise its direction; remove it and try again."},
		"body.bidi_override.field":    {"“%s”一栏含有可伪装文字方向的控制字符，请删除后重试。", "“%s” holds a control character that can disguise the text's direction; remove it and try again."},
		"body.unsupported_charset":    {"不支持提交内容所用的字符集，请使用 UTF-8。", "The character set of what you sent is not supported; use UTF-8."},
		"body.invalid":                {"提交的表单无法读取，请返回重试。", "The form could not be read; go back and try again."},
	})
}
