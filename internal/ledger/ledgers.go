package ledger

import "civicgrid/internal/sheet"

// The ledgers, in the order pages list them. Keys are the API's field
// names; the Chinese headers are what templates and exports write.
var (
	Addresses = Ledger{Name: "addresses", Title: "标准地址台账", Columns: []Column{
		{Key: "road", Zh: "街路巷", Required: true, Hint: "如 胜利路"},
		{Key: "door_no", Zh: "门牌号", Required: true, Hint: "如 12 或 12号"},
		{Key: "building_code", Zh: "楼栋编码", Hint: "楼栋、单元、户室地址必填：已登记楼栋的编码"},
		{Key: "building_no", Zh: "楼栋号", Hint: "可空：取楼栋名称中的数字"},
		{Key: "unit_no", Zh: "单元号", Hint: "如 2"},
		{Key: "room_no", Zh: "户室号", Hint: "如 502"},
		{Key: "grid_code", Zh: "网格编码", Hint: "门牌地址无坐标时必填"},
		{Key: "lng", Zh: "经度", Hint: "可空，如 123.7712"},
		{Key: "lat", Zh: "纬度", Hint: "可空，如 41.3021"},
		{Key: "text", Zh: "标准地址", Hint: "导出时填写，导入时不读"},
	}}
	Houses = Ledger{Name: "houses", Title: "实有房屋台账", Columns: []Column{
		{Key: "road", Zh: "街路巷", Required: true, Hint: "如 胜利路"},
		{Key: "door_no", Zh: "门牌号", Required: true, Hint: "如 12"},
		{Key: "building_code", Zh: "楼栋编码", Required: true, Hint: "已登记楼栋的编码"},
		{Key: "building_no", Zh: "楼栋号", Hint: "可空：取楼栋名称中的数字"},
		{Key: "unit_no", Zh: "单元号", Hint: "如 2"},
		{Key: "room_no", Zh: "户室号", Required: true, Hint: "如 502"},
		{Key: "use", Zh: "房屋用途", Required: true, Hint: "自住、出租、空置、经营、其他"},
		{Key: "area", Zh: "建筑面积", Required: true, Hint: "平方米，最多两位小数，如 89.5"},
		{Key: "tenant_count", Zh: "租住人数", Hint: "出租房填写", Kind: sheet.Int},
		{Key: "lease_start", Zh: "租期开始", Hint: "YYYY-MM-DD"},
		{Key: "lease_end", Zh: "租期结束", Hint: "YYYY-MM-DD"},
		{Key: "text", Zh: "标准地址", Hint: "导出时填写，导入时不读"},
	}}
	People = Ledger{Name: "people", Title: "实有人口台账", Columns: []Column{
		{Key: "name", Zh: "姓名", Required: true},
		{Key: "doc_type", Zh: "证件类型", Hint: "空为居民身份证；护照、港澳居民来往内地通行证、台湾居民来往大陆通行证、外国人永久居留身份证"},
		{Key: "id_number", Zh: "证件号码", Required: true, Hint: "身份证号校验码必须正确；15位旧号自动升为18位"},
		{Key: "phone", Zh: "联系电话"},
		{Key: "house", Zh: "居住房屋", Hint: "已登记房屋的标准地址，如 胜利路12号3栋2单元502室"},
		{Key: "grid_code", Zh: "网格编码", Hint: "无登记房屋时必填"},
		{Key: "hukou", Zh: "户籍", Hint: "本地、外地（空为本地）"},
		{Key: "residence", Zh: "居住类型", Hint: "常住、流动、境外、寄住（空为常住）"},
		{Key: "separated", Zh: "人户分离", Hint: "是、否"},
		{Key: "moved_in", Zh: "迁入日期", Hint: "YYYY-MM-DD"},
	}}
	Units = Ledger{Name: "units", Title: "实有单位台账", Columns: []Column{
		{Key: "name", Zh: "单位名称", Required: true},
		{Key: "kind", Zh: "单位类型", Required: true, Hint: "机关、事业单位、企业、个体工商户、社会组织、学校、医疗机构、商业网点"},
		{Key: "credit_code", Zh: "统一社会信用代码", Hint: "18位，校验码必须正确；个体工商户、商业网点可空"},
		{Key: "address", Zh: "地址", Required: true, Hint: "网格内的标准地址"},
		{Key: "contact_name", Zh: "联系人"},
		{Key: "contact_phone", Zh: "联系电话"},
		{Key: "staff_count", Zh: "从业人数", Kind: sheet.Int},
		{Key: "state", Zh: "经营状态", Hint: "在营、停业、注销（空为在营）"},
	}}
	Facilities = Ledger{Name: "facilities", Title: "部件台账", Columns: []Column{
		{Key: "code", Zh: "部件编码", Hint: "已登记部件的编码；新部件留空，导入时编号"},
		{Key: "kind", Zh: "部件小类", Required: true, Hint: "名称或代码，如 路灯 或 0109"},
		{Key: "name", Zh: "名称", Hint: "可空"},
		{Key: "lng", Zh: "经度", Required: true, Hint: "如 123.7712"},
		{Key: "lat", Zh: "纬度", Required: true, Hint: "如 41.3021"},
		{Key: "owner_credit_code", Zh: "权属单位信用代码", Hint: "可空"},
		{Key: "owner_dept_code", Zh: "权属部门编码", Hint: "可空"},
		{Key: "state", Zh: "状态", Hint: "完好、损坏、丢失（空为完好）"},
	}}

	// All lists every ledger.
	All = []Ledger{Addresses, Houses, People, Units, Facilities}
)
