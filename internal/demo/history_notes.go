package demo

import "civicgrid/internal/category"

// What staff write at each step. Category-specific notes first, then the
// handler level's general ones.

// doneNotes are resolution notes (办结) by category.
var doneNotes = map[string][]string{
	"noise.disturb": {
		"网格员上门与噪音户沟通，对方承诺晚十点后不再发出噪音，已向来电人反馈。",
		"已约谈商户，要求其降低音量并调整营业时间，现场复查噪音明显减小。",
		"网格员组织双方当面沟通，楼上住户同意铺设地垫、减少夜间活动，来电人认可。",
	},
	"cooking.fumes": {
		"执法人员现场检查，责令该商户加装油烟净化设施，现已安装完毕并正常使用。",
		"已责令商户停止露天烧烤，改为室内经营，排烟口已改向远离居民窗户。",
	},
	"garbage.uncollected": {"已协调环卫车辆当日清运完毕，并将该点位清运频次由每天一次调整为两次。", "垃圾已清运，地面已冲洗消杀。"},
	"litter.exposed":      {"网格员协调保洁人员将暴露垃圾清理完毕，现场已恢复整洁。", "已组织清理，共清运垃圾约两车。"},
	"corridor.clutter":    {"网格员入户劝导，住户已将楼道杂物清理完毕，疏散通道畅通。", "已联合物业清理楼道堆物，并张贴禁止堆物提示。"},
	"parking.illegal":     {"交警到场对违停车辆依法处理，已联系车主挪车。", "已对该路段加强巡查，违停车辆已驶离。"},
	"streetlight.out":     {"维修人员更换灯泡及镇流器，路灯已恢复照明。", "经查为线路老化断路，已更换线缆，路灯恢复正常。"},
	"road.pothole":        {"已对坑洼路面进行沥青冷补修复，现已恢复通行。", "已设置警示标志，并完成路面修补。"},
	"manhole.cover":       {"已更换新井盖，安全隐患已消除。"},
	"sewer.blocked":       {"已组织清掏疏通管道，污水已排净，现场已清理。", "经疏通，排水恢复正常，已告知来电人。"},
	"water.outage":        {"经查为供水管道阀门故障，已抢修完毕，恢复供水。", "二次供水泵房设备故障已修复，供水压力恢复正常。"},
	"heating.cold": {
		"热力公司上门排查，系户内管线积气，已放气处理，室温回升至20℃。",
		"经排查为单元立管阀门故障，已更换阀门，复测室温达标。",
		"已对该楼进行管网冲洗及平衡调节，住户室温普遍达到18℃以上。",
	},
	"gas.supply":     {"燃气公司上门检修，更换燃气表电池及阀门，已恢复正常用气。"},
	"gas.leak":       {"燃气公司抢险人员到场检测，确认为接口松动漏气，已紧固并复测无泄漏。", "已关闭上游阀门并更换破损管段，检测无泄漏后恢复供气。"},
	"power.outage":   {"供电公司抢修人员更换故障开关，已恢复供电。"},
	"elevator.fault": {"已督促维保单位到场维修，更换门机部件，电梯经检测恢复运行。"},
	"property.dispute": {
		"街道约谈物业公司，物业已承诺整改，门禁已修复，楼道恢复日常保洁。",
		"街道组织物业、业主代表召开协调会，就相关问题达成一致意见。",
	},
	"neighbour.dispute": {"网格员组织双方现场协商，楼上住户同意维修防水，双方达成一致。", "经网格员调解，双方达成和解。"},
	"dog.nuisance":      {"已对养犬人进行劝导教育，告知文明养犬规定，对方表示今后拴绳遛狗。"},
	"vending.street":    {"执法人员现场劝离占道摊贩，并引导其到指定便民市场经营。"},
	"building.illegal":  {"执法人员现场核查，已下达限期拆除通知书，违建已拆除。", "已责令停止施工并恢复原状。"},
	"construction.noise": {
		"已对施工单位进行约谈，要求严格遵守施工时间，夜间未再施工。",
		"经核查该工地无夜间施工许可，已责令停止夜间作业并依法处理。",
	},
	"consumer.dispute":  {"经市场监管所调解，商家同意退还剩余费用，消费者认可。"},
	"wage.arrears":      {"经劳动保障监察大队协调，用人单位已结清拖欠工资。", "已督促用人单位制定还款计划，首笔工资已支付。"},
	"tree.pruning":      {"园林绿化中心已对树木进行修剪，遮挡问题已解决。"},
	"greenbelt.damaged": {"已清除毁绿种植物并补植草坪，对相关人员进行劝导。"},
	"ad.flyers":         {"已组织人员清除小广告，并对张贴电话进行停机处理。"},
	"parking.shortage":  {"街道协调物业利用楼后空地新划停车位20余个，缓解停车难问题。"},
}

var doneByLevel = map[string][]string{
	category.LevelGrid:       {"网格员到现场核实，已协调处置完毕，现场已恢复正常。", "网格员上门沟通，相关住户已整改，已向诉求人反馈。"},
	category.LevelStreet:     {"街道组织社区、物业现场协调，问题已解决，已告知诉求人处理结果。", "街道已协调相关单位处置完毕。"},
	category.LevelDepartment: {"已安排工作人员到现场处置，问题已解决。", "经现场核查已依法处理，并向诉求人反馈。"},
}

// patrolDone is how a grid worker closes what they found.
var patrolDone = []string{"已现场处置完毕，整改前后照片已上传。", "已协调相关人员当天整改到位。", "已劝导当事人自行整改，复查已整改。"}

var (
	handlerReplies = []string{
		"已与诉求人电话联系，了解具体情况，将于今日到现场核实处理。",
		"已联系诉求人，约定明天上午上门查看。",
		"已电话联系诉求人，说明办理流程及时限。",
		"已联系诉求人，工作人员正在赶往现场。",
	}
	operatorReplies = []string{
		"已告知来电人诉求已受理并转交承办单位，承办单位将尽快与其联系。",
		"已向来电人说明办理时限，请其保持电话畅通。",
	}
	patrolReplies = []string{"网格员已在现场，正在处置。", "已现场核实，正在协调整改。"}
	// reportReplies: a department's first step on what a grid worker reported.
	reportReplies = []string{"已收到网格员上报，已安排人员前往现场。", "已与上报网格员联系，核实具体位置，安排处置。"}
	dispatchNotes = []string{"请按时限办理并及时反馈。", "请尽快联系诉求人。", ""}
	acceptNotes   = []string{"", "网上诉求已受理。"}
	cancelReasons = []string{
		"同一诉求重复提交，已有工单在办。",
		"提交内容为测试信息，非真实诉求。",
		"诉求人来电表示问题已自行解决，申请撤回。",
		"内容无法核实，联系诉求人电话为空号。",
	}
)

var (
	satisfiedNotes   = []string{"来电人表示问题已解决，对处理结果满意。", "回访来电人，表示已经处理好了，满意。", "来电人表示工作人员态度好、处理及时。"}
	basicNotes       = []string{"来电人表示问题基本解决，希望后续持续关注。", "来电人表示处理了，但是速度有点慢，基本满意。"}
	unsatisfiedNotes = []string{"来电人表示问题没有解决，工作人员来看了一眼就走了，不满意。", "来电人表示过了两天又恢复原样了，不满意。", "来电人表示处理结果与实际情况不符，不满意。"}
	explainedNotes   = []string{"经承办单位再次与来电人沟通解释，来电人表示理解，基本满意。"}
	reopenReasons    = []string{
		"回访不满意：来电人反映问题未彻底解决，重新交办，请承办单位再次上门核实处理。",
		"回访不满意，请承办单位与来电人当面沟通，彻底解决问题。",
	}
)

// escalation says why a handler passes a matter up the ladder, and which
// department the centre then sends it to.
type escalation struct {
	share      float64 // of the orders handled at the grid or street
	gridWhy    string
	streetWhy  string
	department string
}

var escalations = map[string]escalation{
	"noise.disturb":     {.12, "经多次上门劝导无效，当事人拒不配合，需街道协调相关部门介入，上报街道。", "经街道协调仍未解决，需生态环境部门依法查处。", "shengtai"},
	"neighbour.dispute": {.2, "双方分歧较大，网格调解未果，上报街道司法所组织调解。", "街道调解未果，申请区司法局组织专业调解。", "sifa"},
	"corridor.clutter":  {.06, "住户拒不清理楼道杂物，需街道协调物业及执法部门联合处置。", "当事人拒不整改，需执法部门依法处置。", "chengguan"},
	"litter.exposed":    {.05, "垃圾量大，需调派车辆清运，上报街道协调。", "需环卫部门调派车辆集中清运。", "huanwei"},
	"property.dispute":  {.15, "", "物业服务企业拒不整改，需住建部门依职责监管。", "zhujian"},
	"parking.shortage":  {.1, "", "涉及公共用地停车规划，需住建部门统筹。", "zhujian"},
}

// detour is a department being the wrong owner: it returns the order
// (退单), or a dispatcher takes it back first (改派), and the centre sends
// it to Level/Code.
type detour struct {
	level, code string
	why         string
}

// neighbourNoise: noise from a neighbour's home is social-life noise, for
// the police rather than the environment bureau.
var neighbourNoise = escalation{.12, escalations["noise.disturb"].gridWhy, "经街道协调仍未解决，需公安机关依法处理。", "gongan"}

// escalationFor is the escalation rule for an order's category and fields.
func escalationFor(code string, fields map[string]string) (escalation, bool) {
	if code == "noise.disturb" && fields["source"] == "neighbour" {
		return neighbourNoise, true
	}
	e, ok := escalations[code]
	return e, ok
}

var detours = map[string]detour{
	"parking.illegal":     {category.LevelStreet, "", "该处为小区内部道路，不属于公安交管执法范围，请街道协调物业处置。"},
	"cooking.fumes":       {category.LevelDepartment, "chengguan", "经核实为露天烧烤，属城管执法职责。"},
	"sewer.blocked":       {category.LevelStreet, "", "经核实为小区庭院内部管网，产权属小区，不属于市政管网维护范围。"},
	"streetlight.out":     {category.LevelStreet, "", "该路灯为小区自管路灯，不属于市政路灯管护范围。"},
	"garbage.uncollected": {category.LevelStreet, "", "该垃圾点位于小区内部，由物业负责清运。"},
	"dog.nuisance":        {category.LevelStreet, "", "属文明养犬劝导事项，建议由社区、物业先行劝导。"},
	"elevator.fault":      {category.LevelDepartment, "zhujian", "该电梯已停用待更新改造，属既有住宅电梯改造事项，不属于特种设备安全监察范围。"},
	"water.outage":        {category.LevelStreet, "", "经查该楼为二次供水，设施由物业管理，请街道协调物业处置。"},
	"tree.pruning":        {category.LevelStreet, "", "该树木位于小区内，由物业负责修剪养护。"},
	"road.pothole":        {category.LevelStreet, "", "该路段为小区内部道路，不属于市政道路养护范围。"},
}

// centreTargets are where a dispatcher sends what the catalogue leaves at
// the centre: wage arrears to the labour inspectors of 人社局, other
// requests to the street.
var centreTargets = map[string]detour{
	"wage.arrears":  {level: category.LevelDepartment, code: "renshe"},
	"other.request": {level: category.LevelStreet},
}
