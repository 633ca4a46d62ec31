package category

import "time"

// The built-in catalogue. Top classes follow GB/T 30428 (部件 and 事件 of
// digital city management); a third root holds the residents' matters a
// 12345 line hears that the standard does not class (water, heating,
// disputes), and a fourth the consultations. Department routes use the
// demo's department codes: chengguan 城管, shuiwu 水务, gongdian 供电,
// ranqi 燃气, zhujian 住建, huanwei 环卫, yuanlin 园林, gongan 公安, sifa
// 司法, shengtai 生态环境, shichang 市场监管.

// entry is the compact form of a seed row.
type entry struct {
	code, parent, zh, en string
	route                string
	urgency              string
	resolveDays          int           // overrides the urgency's default
	resolveWithin        time.Duration // overrides the urgency's default
	reply                time.Duration // overrides the urgency's default
	fields               []Field
	keywords             []string
}

// Reusable field definitions.
var (
	yesNo = []FieldValue{{Key: "yes", Name: "是"}, {Key: "no", Name: "否"}}

	fieldPeriod = Field{Code: "period", Name: "发生时段", Datatype: TypeSingleValueList,
		Values: []FieldValue{{Key: "day", Name: "白天 (06:00–22:00)"}, {Key: "night", Name: "夜间 (22:00–06:00)"}}}
)

func seedEntries() []entry {
	return []entry{
		// 部件 (GB/T 30428: components)
		{code: "component", zh: "部件", en: "Components", route: LevelCentre},
		{code: "component.utility", parent: "component", zh: "公用设施", en: "Public utilities", route: LevelCentre},
		{code: "streetlight.out", parent: "component.utility", zh: "路灯不亮", en: "Streetlight out", route: "department:chengguan",
			fields: []Field{
				{Code: "pole_number", Name: "灯杆编号", Datatype: TypeString, Description: "灯杆上喷涂的编号"},
				{Code: "lamps", Name: "不亮盏数", Datatype: TypeNumber},
			}, keywords: []string{"路灯", "灯不亮", "黑灯", "路灯坏"}},
		{code: "manhole.cover", parent: "component.utility", zh: "井盖缺失破损", en: "Missing or broken manhole cover",
			route: "department:shuiwu", urgency: UrgencyUrgent, keywords: []string{"井盖", "窨井", "下水井"}},
		{code: "sewer.blocked", parent: "component.utility", zh: "下水道堵塞", en: "Blocked drain or sewer",
			route: "department:shuiwu", resolveDays: 2,
			fields:   []Field{{Code: "overflow", Name: "是否外溢", Datatype: TypeSingleValueList, Values: yesNo}},
			keywords: []string{"下水道", "堵塞", "返水", "污水", "冒水"}},
		{code: "hydrant.damaged", parent: "component.utility", zh: "消火栓损坏", en: "Damaged fire hydrant",
			route: "department:shuiwu", keywords: []string{"消火栓", "消防栓"}},
		{code: "power.line", parent: "component.utility", zh: "电力线缆隐患", en: "Hazardous power lines",
			route: "department:gongdian", urgency: UrgencyUrgent, keywords: []string{"电线", "线缆", "飞线", "电杆"}},

		{code: "component.traffic", parent: "component", zh: "道路交通", en: "Roads and traffic", route: LevelCentre},
		{code: "road.pothole", parent: "component.traffic", zh: "道路破损坑洼", en: "Potholes and damaged roads",
			route: "department:zhujian", resolveDays: 5, keywords: []string{"坑", "路面", "破损", "坑洼"}},
		{code: "traffic.signal", parent: "component.traffic", zh: "交通信号灯故障", en: "Traffic light fault",
			route: "department:gongan", urgency: UrgencyUrgent, keywords: []string{"红绿灯", "信号灯"}},
		{code: "sidewalk.damaged", parent: "component.traffic", zh: "人行道破损", en: "Damaged pavement",
			route: "department:chengguan", resolveDays: 5, keywords: []string{"人行道", "地砖", "步道"}},
		{code: "bikes.shared", parent: "component.traffic", zh: "共享单车乱停放", en: "Badly parked shared bikes",
			route: "department:chengguan", keywords: []string{"共享单车", "单车", "电单车"}},

		{code: "component.environment", parent: "component", zh: "市容环境", en: "City appearance (facilities)", route: LevelCentre},
		{code: "trashbin.damaged", parent: "component.environment", zh: "垃圾桶破损", en: "Damaged litter bin",
			route: "department:huanwei", keywords: []string{"垃圾桶", "垃圾箱"}},
		{code: "toilet.public", parent: "component.environment", zh: "公厕设施故障", en: "Public toilet fault",
			route: "department:huanwei", keywords: []string{"公厕", "厕所"}},

		{code: "component.greening", parent: "component", zh: "园林绿化", en: "Landscaping and greenery", route: LevelCentre},
		{code: "tree.fallen", parent: "component.greening", zh: "树木倒伏断枝", en: "Fallen trees or branches",
			route: "department:yuanlin", urgency: UrgencyUrgent, keywords: []string{"树倒", "断枝", "树枝", "倒伏"}},
		{code: "greenbelt.damaged", parent: "component.greening", zh: "绿地毁损", en: "Damaged green space",
			route: "department:yuanlin", keywords: []string{"绿地", "草坪", "毁绿"}},
		{code: "tree.pruning", parent: "component.greening", zh: "树木修剪", en: "Tree pruning request",
			route: "department:yuanlin", resolveDays: 10, keywords: []string{"修剪", "遮挡", "树枝挡窗"}},

		{code: "component.housing", parent: "component", zh: "房屋土地", en: "Housing and land", route: LevelCentre},
		{code: "building.dangerous", parent: "component.housing", zh: "危房隐患", en: "Unsafe building",
			route: "department:zhujian", urgency: UrgencyUrgent, keywords: []string{"危房", "裂缝", "墙体"}},
		{code: "facade.falling", parent: "component.housing", zh: "外墙脱落", en: "Falling facade",
			route: "department:zhujian", urgency: UrgencyUrgent, keywords: []string{"外墙", "脱落", "瓷砖掉落"}},

		{code: "component.other", parent: "component", zh: "其他设施", en: "Other facilities", route: LevelCentre},
		{code: "fitness.equipment", parent: "component.other", zh: "健身器材损坏", en: "Broken fitness equipment",
			route: LevelStreet, resolveDays: 5, keywords: []string{"健身器材", "健身"}},

		// 事件 (GB/T 30428: events)
		{code: "event", zh: "事件", en: "Events", route: LevelCentre},
		{code: "event.environment", parent: "event", zh: "市容环境", en: "City appearance", route: LevelCentre},
		{code: "garbage.uncollected", parent: "event.environment", zh: "垃圾清运不及时", en: "Rubbish not collected",
			route: "department:huanwei", resolveDays: 1, keywords: []string{"垃圾", "清运", "没人收", "垃圾满"}},
		{code: "litter.exposed", parent: "event.environment", zh: "暴露垃圾", en: "Exposed rubbish",
			route: LevelGrid, keywords: []string{"乱扔", "暴露垃圾", "垃圾堆"}},
		{code: "cooking.fumes", parent: "event.environment", zh: "油烟污染", en: "Cooking fumes",
			route: "department:shengtai", fields: []Field{{Code: "business", Name: "商户名称", Datatype: TypeString}},
			keywords: []string{"油烟", "烧烤", "饭店", "排烟"}},
		{code: "corridor.clutter", parent: "event.environment", zh: "楼道堆物", en: "Clutter in stairwells",
			route: LevelGrid, keywords: []string{"楼道", "堆物", "杂物", "消防通道"}},

		{code: "event.advertising", parent: "event", zh: "宣传广告", en: "Advertising", route: LevelCentre},
		{code: "ad.flyers", parent: "event.advertising", zh: "违规小广告", en: "Illegal flyers and posters",
			route: "department:chengguan", keywords: []string{"小广告", "张贴", "牛皮癣"}},
		{code: "ad.outdoor", parent: "event.advertising", zh: "违规户外广告", en: "Illegal outdoor advertising",
			route: "department:chengguan", resolveDays: 5, keywords: []string{"广告牌", "横幅", "灯箱"}},

		{code: "event.construction", parent: "event", zh: "施工管理", en: "Construction management", route: LevelCentre},
		{code: "construction.noise", parent: "event.construction", zh: "施工噪音", en: "Construction noise",
			route: "department:zhujian", fields: []Field{withRequired(fieldPeriod)},
			keywords: []string{"施工", "噪音", "夜间施工", "工地"}},
		{code: "construction.dust", parent: "event.construction", zh: "施工扬尘", en: "Construction dust",
			route: "department:zhujian", keywords: []string{"扬尘", "灰尘", "工地"}},
		{code: "muck.spill", parent: "event.construction", zh: "渣土遗撒", en: "Spilled construction waste",
			route: "department:chengguan", keywords: []string{"渣土", "遗撒", "渣土车"}},

		{code: "event.emergency", parent: "event", zh: "突发事件", en: "Emergencies", route: LevelCentre, urgency: UrgencyEmergency},
		{code: "gas.leak", parent: "event.emergency", zh: "燃气泄漏", en: "Gas leak", route: "department:ranqi",
			urgency: UrgencyEmergency, reply: 15 * time.Minute, resolveWithin: 4 * time.Hour,
			fields:   []Field{{Code: "valve_closed", Name: "是否已关闭阀门", Datatype: TypeSingleValueList, Required: true, Values: yesNo}},
			keywords: []string{"燃气", "煤气", "漏气", "天然气", "气味"}},
		{code: "water.main_burst", parent: "event.emergency", zh: "供水管道爆裂", en: "Burst water main",
			route: "department:shuiwu", urgency: UrgencyEmergency, resolveWithin: 12 * time.Hour,
			keywords: []string{"爆管", "水管爆裂", "跑水"}},
		{code: "road.collapse", parent: "event.emergency", zh: "路面塌陷", en: "Road collapse",
			route: "department:zhujian", urgency: UrgencyEmergency, resolveWithin: 24 * time.Hour,
			keywords: []string{"塌陷", "地陷", "塌方"}},
		{code: "power.outage_area", parent: "event.emergency", zh: "大面积停电", en: "Area-wide power cut",
			route: "department:gongdian", urgency: UrgencyEmergency, resolveWithin: 8 * time.Hour,
			keywords: []string{"大面积停电", "全小区停电"}},

		{code: "event.street_order", parent: "event", zh: "街面秩序", en: "Street order", route: LevelCentre},
		{code: "vending.street", parent: "event.street_order", zh: "占道经营", en: "Street vending on the pavement",
			route: "department:chengguan", keywords: []string{"占道", "摆摊", "流动摊贩", "出店经营"}},
		{code: "building.illegal", parent: "event.street_order", zh: "违章建筑", en: "Illegal construction",
			route: "department:chengguan", resolveDays: 10,
			fields: []Field{{Code: "stage", Name: "建设状态", Datatype: TypeSingleValueList, Required: true,
				Values: []FieldValue{{Key: "building", Name: "正在施工"}, {Key: "built", Name: "已建成"}}}},
			keywords: []string{"违建", "私搭乱建", "违章", "加盖"}},
		{code: "parking.illegal", parent: "event.street_order", zh: "违章停车", en: "Illegal parking",
			route: "department:gongan", resolveDays: 1, fields: []Field{{Code: "plate", Name: "车牌号", Datatype: TypeString}},
			keywords: []string{"乱停车", "堵路", "占用消防通道", "违停"}},
		{code: "noise.disturb", parent: "event.street_order", zh: "噪音扰民", en: "Noise nuisance", route: LevelGrid,
			fields: []Field{
				{Code: "source", Name: "噪音来源", Datatype: TypeSingleValueList, Required: true, Values: []FieldValue{
					{Key: "neighbour", Name: "邻居"}, {Key: "shop", Name: "商铺"}, {Key: "square_dance", Name: "广场舞"},
					{Key: "traffic", Name: "交通"}, {Key: "other", Name: "其他"}}},
				fieldPeriod,
			}, keywords: []string{"噪音", "吵", "扰民", "广场舞", "装修"}},

		// 民生诉求: what the hotline hears beyond the GB/T classes.
		{code: "livelihood", zh: "民生诉求", en: "Residents' matters", route: LevelCentre},
		{code: "livelihood.utilities", parent: "livelihood", zh: "水电气暖", en: "Water, power, gas and heating", route: LevelCentre},
		{code: "water.outage", parent: "livelihood.utilities", zh: "停水", en: "No water", route: "department:shuiwu",
			urgency: UrgencyUrgent, fields: []Field{
				{Code: "since", Name: "停水开始时间", Datatype: TypeDatetime},
				{Code: "extent", Name: "影响范围", Datatype: TypeSingleValueList, Values: []FieldValue{
					{Key: "household", Name: "本户"}, {Key: "building", Name: "整栋楼"}, {Key: "area", Name: "整个小区或更大"}}},
			}, keywords: []string{"停水", "没水", "水压低"}},
		{code: "heating.cold", parent: "livelihood.utilities", zh: "供暖不热", en: "Heating not warm enough",
			route: "department:zhujian", resolveDays: 2,
			fields:   []Field{{Code: "indoor_temp", Name: "室内温度 (℃)", Datatype: TypeNumber}},
			keywords: []string{"暖气", "供暖", "不热", "温度低"}},
		{code: "gas.supply", parent: "livelihood.utilities", zh: "燃气供应问题", en: "Gas supply problem",
			route: "department:ranqi", keywords: []string{"燃气", "停气", "燃气表", "点不着"}},
		{code: "power.outage", parent: "livelihood.utilities", zh: "停电", en: "Power cut",
			route: "department:gongdian", urgency: UrgencyUrgent, keywords: []string{"停电", "没电", "跳闸"}},

		{code: "livelihood.community", parent: "livelihood", zh: "社区与物业", en: "Community and property", route: LevelCentre},
		{code: "property.dispute", parent: "livelihood.community", zh: "物业纠纷", en: "Property management dispute",
			route: LevelStreet, resolveDays: 5, keywords: []string{"物业", "物业费", "物业不作为"}},
		{code: "neighbour.dispute", parent: "livelihood.community", zh: "邻里纠纷", en: "Dispute between neighbours",
			route: LevelGrid, resolveDays: 5, keywords: []string{"邻居", "纠纷", "漏水", "矛盾"}},
		{code: "parking.shortage", parent: "livelihood.community", zh: "停车难", en: "Parking shortage",
			route: LevelStreet, resolveDays: 10, keywords: []string{"停车难", "车位", "停车位"}},
		{code: "elevator.fault", parent: "livelihood.community", zh: "电梯故障", en: "Lift fault",
			route: "department:shichang", urgency: UrgencyUrgent,
			fields:   []Field{{Code: "trapped", Name: "是否有人被困", Datatype: TypeSingleValueList, Required: true, Values: yesNo}},
			keywords: []string{"电梯", "困人", "电梯坏"}},
		{code: "dog.nuisance", parent: "livelihood.community", zh: "犬只扰民", en: "Dog nuisance",
			route: "department:gongan", keywords: []string{"狗", "犬", "遛狗", "狗叫"}},
		{code: "mediation.request", parent: "livelihood.community", zh: "调解申请", en: "Request for mediation",
			route: "department:sifa", resolveDays: 10, keywords: []string{"调解", "法律援助"}},

		{code: "livelihood.market", parent: "livelihood", zh: "市场与消费", en: "Markets and consumers", route: LevelCentre},
		{code: "consumer.dispute", parent: "livelihood.market", zh: "消费纠纷", en: "Consumer dispute",
			route: "department:shichang", resolveDays: 5, fields: []Field{
				{Code: "merchant", Name: "商家名称", Datatype: TypeString, Required: true},
				{Code: "amount", Name: "涉及金额 (元)", Datatype: TypeNumber},
			}, keywords: []string{"消费", "退款", "商家", "预付卡"}},
		{code: "food.safety", parent: "livelihood.market", zh: "食品安全", en: "Food safety",
			route: "department:shichang", urgency: UrgencyUrgent, keywords: []string{"食品", "变质", "过期", "卫生"}},
		{code: "wage.arrears", parent: "livelihood.market", zh: "拖欠工资", en: "Unpaid wages", route: LevelCentre,
			resolveDays: 5, fields: []Field{
				{Code: "employer", Name: "用人单位", Datatype: TypeString, Required: true},
				{Code: "workers", Name: "涉及人数", Datatype: TypeNumber},
			}, keywords: []string{"欠薪", "工资", "拖欠"}},
		{code: "other.request", parent: "livelihood", zh: "其他诉求", en: "Other requests", route: LevelCentre,
			keywords: []string{"其他"}},

		// 咨询: answered by the operator from the knowledge base when possible.
		{code: "consult", zh: "咨询", en: "Consultations", route: LevelCentre},
		{code: "consult.policy", parent: "consult", zh: "政策咨询", en: "Question about a policy", route: LevelCentre,
			resolveDays: 1, keywords: []string{"政策", "补贴", "怎么申请"}},
		{code: "consult.service", parent: "consult", zh: "办事指南咨询", en: "How to get a service", route: LevelCentre,
			resolveDays: 1, keywords: []string{"办理", "材料", "流程", "在哪里办"}},
		{code: "consult.other", parent: "consult", zh: "其他咨询", en: "Other question", route: LevelCentre,
			resolveDays: 1, keywords: []string{"咨询", "请问"}},
	}
}

func withRequired(f Field) Field {
	f.Required = true
	return f
}

// SeedCatalogue returns the built-in catalogue as categories, parents
// before children, ready for Seed (or for a test).
func SeedCatalogue() []Category {
	entries := seedEntries()
	kindOf := map[string]string{}
	out := make([]Category, 0, len(entries))
	for i, e := range entries {
		kind := kindOf[e.parent]
		switch e.code {
		case "component":
			kind = KindComponent
		case "event", "livelihood":
			kind = KindEvent
		case "consult":
			kind = KindConsult
		}
		kindOf[e.code] = kind
		urgency := e.urgency
		if urgency == "" {
			urgency = UrgencyNormal
		}
		limits := DefaultLimits(urgency)
		if e.reply > 0 {
			limits.Reply = e.reply
		}
		if e.resolveDays > 0 {
			limits.ResolveWorkingDays, limits.ResolveWithin = e.resolveDays, 0
		}
		if e.resolveWithin > 0 {
			limits.ResolveWorkingDays, limits.ResolveWithin = 0, e.resolveWithin
		}
		route, err := ParseRoute(e.route)
		if err != nil {
			panic("category: bad seed route for " + e.code + ": " + err.Error())
		}
		out = append(out, Category{
			Code: e.code, ParentCode: e.parent, NameZh: e.zh, NameEn: e.en, Kind: kind, Route: route,
			Urgency: urgency, Limits: limits, Fields: e.fields, Keywords: e.keywords, SortOrder: (i + 1) * 10, Active: true,
		})
	}
	return out
}
