package facility

// Class is a GB/T 30428.2 class (大类).
type Class struct {
	Code string
	Name string
}

// Classes in the standard's order.
var Classes = []Class{
	{"01", "公用设施"},
	{"02", "道路交通"},
	{"03", "市容环境"},
	{"04", "园林绿化"},
	{"05", "房屋土地"},
	{"06", "其他"},
}

// Kind is a sub-kind (小类): its 4-digit code starts with its class's.
type Kind struct {
	Code string
	Name string
}

// Kinds are the sub-kinds, by code.
var Kinds = []Kind{
	{"0101", "上水井盖"}, {"0102", "污水井盖"}, {"0103", "雨水井盖"}, {"0104", "雨水箅子"}, {"0105", "电力井盖"},
	{"0106", "通信井盖"}, {"0107", "燃气井盖"}, {"0108", "热力井盖"}, {"0109", "路灯"}, {"0110", "消防栓"},
	{"0111", "变压器（箱）"}, {"0112", "视频监控"}, {"0113", "门禁"}, {"0114", "充电桩"}, {"0115", "智能烟感"},
	{"0201", "停车位"}, {"0202", "停车场"}, {"0203", "公交站亭"}, {"0204", "交通标志牌"}, {"0205", "交通信号灯"},
	{"0206", "隔离护栏"}, {"0207", "道路"}, {"0208", "人行道"}, {"0209", "非机动车停放点"},
	{"0301", "垃圾箱"}, {"0302", "垃圾分类亭"}, {"0303", "公共厕所"}, {"0304", "广告牌"}, {"0305", "户外宣传栏"},
	{"0401", "行道树"}, {"0402", "绿地"}, {"0403", "花坛"}, {"0404", "健身设施"}, {"0405", "座椅"},
	{"0501", "空置房屋"}, {"0502", "工地"}, {"0503", "地下空间"},
	{"0601", "其他设施"},
}

// KindName is the name of a sub-kind code, "" when there is none.
func KindName(code string) string {
	for _, k := range Kinds {
		if k.Code == code {
			return k.Name
		}
	}
	return ""
}

// ClassName is the name of a class code, "" when there is none.
func ClassName(code string) string {
	for _, c := range Classes {
		if c.Code == code {
			return c.Name
		}
	}
	return ""
}

// KindOf finds a sub-kind by code (0109) or by name (路灯).
func KindOf(s string) (Kind, bool) {
	for _, k := range Kinds {
		if k.Code == s || k.Name == s {
			return k, true
		}
	}
	return Kind{}, false
}

// States of a facility.
const (
	StateOK      = "ok"      // 完好
	StateDamaged = "damaged" // 损坏
	StateLost    = "lost"    // 丢失
)

// States lists them; StateNames are their Chinese names.
var (
	States     = []string{StateOK, StateDamaged, StateLost}
	StateNames = map[string]string{StateOK: "完好", StateDamaged: "损坏", StateLost: "丢失"}
)

// StateOf accepts a state's code or its Chinese name.
func StateOf(s string) (string, bool) {
	for _, st := range States {
		if s == st || s == StateNames[st] {
			return st, true
		}
	}
	return "", false
}
