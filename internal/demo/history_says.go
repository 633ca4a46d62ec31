package demo

// saying is how a resident puts a matter, in their own words. Placeholders
// are filled per order (see filler): {c} community or village, {b} building
// (20号楼, 9号院), {u} unit, {f} floor, {r} room, {at} = {c}{b}, {home} =
// {c}{b}{u}, {dir} a side or gate, {shop}, {n}, {temp}, {days}, {since},
// {plate}, {money}, {employer}, {pole}.
type saying struct {
	text  string
	attrs map[string]string // the category's extra fields; values may hold placeholders
	urban bool              // speaks of 楼道, 单元, 楼上: not for a village 院
	cold  bool              // only November to March
	warm  bool              // only April to October
	// Consultations: what the operator answers on the spot, and where the
	// question goes when it cannot be answered ("street" or a department).
	answer, target string
}

type attrs = map[string]string

var says = map[string][]saying{
	"noise.disturb": {
		{urban: true, text: "{home}{f}，楼上这家最近搬来的，天天夜里洗衣机甩干，轰隆轰隆的，一两点了还在洗，跟他说了好几次也不改。", attrs: attrs{"source": "neighbour", "period": "night"}},
		{urban: true, text: "我们这个楼隔音特别差，{r}这家天天晚上吵架摔东西，孩子吓得直哭，也影响我们休息，希望社区给调解一下。", attrs: attrs{"source": "neighbour", "period": "night"}},
		{text: "{c}{dir}那个{shop}门口天天放大喇叭招揽生意，一遍一遍循环，吵得脑仁疼。", attrs: attrs{"source": "shop", "period": "day"}},
		{warm: true, text: "{c}广场上晚上有人拿音箱唱歌，麦克风声音开到最大，唱到十点多，{at}离得近，窗户关上都能听见。", attrs: attrs{"source": "square_dance", "period": "night"}},
		{text: "楼上{r}这家天天半夜不睡觉，又是蹦又是挪凳子，咣咣的，我家老人心脏不好，根本睡不着。上去敲门说过两回了，人家不搭理。", urban: true, attrs: attrs{"source": "neighbour", "period": "night"}},
		{text: "我家住{home}{f}，楼上装修都快俩月了，天天早上七点不到就开始电钻砸墙，周末也不停，孩子上网课根本没法学习。", urban: true, attrs: attrs{"source": "neighbour", "period": "day"}},
		{text: "隔壁邻居每天晚上十一二点还在屋里打麻将，哗啦哗啦的，说了也没用，麻烦网格员给协调一下。", urban: true, attrs: attrs{"source": "neighbour", "period": "night"}},
		{text: "我是{home}的住户，楼上孩子天天在屋里拍球跳绳，一直到晚上十点多，大家都是邻居也不想闹僵，能不能帮着说说。", urban: true, attrs: attrs{"source": "neighbour", "period": "night"}},
		{text: "{at}{dir}新开了个{shop}，音箱对着大街放，声音特别大，从早上放到晚上，我们临街住户受不了了。", attrs: attrs{"source": "shop", "period": "day"}},
		{urban: true, text: "楼下{shop}天天营业到后半夜，客人大声喧哗，还有人在门口划拳喝酒，凌晨两三点还吵。", attrs: attrs{"source": "shop", "period": "night"}},
		{text: "{at}底商{shop}的空调外机正对着我家卧室窗户，嗡嗡响一宿，能不能让他们挪一挪。", urban: true, attrs: attrs{"source": "shop", "period": "night"}},
		{text: "{c}小广场每天晚上跳广场舞，音响开得老大了，一直跳到九点多，家里老人孩子没法休息，希望管一管，把音量调小点。", warm: true, attrs: attrs{"source": "square_dance", "period": "day"}},
		{text: "早上五点多就有人在{at}楼前放音乐跳舞，天天被吵醒，太早了，能不能让他们晚点再跳。", warm: true, attrs: attrs{"source": "square_dance", "period": "day"}},
		{text: "{at}挨着主路，大货车半夜一趟一趟过，还老按喇叭，能不能设个禁鸣标志。", attrs: attrs{"source": "traffic", "period": "night"}},
		{text: "{c}的换热站水泵一开就嗡嗡响，晚上躺床上特别明显，震得脑袋疼，请供热单位来看看。", cold: true, attrs: attrs{"source": "other", "period": "night"}},
		{text: "{at}旁边有个小加工厂，机器白天黑夜都在响，我们住得近，实在受不了了。", attrs: attrs{"source": "shop", "period": "night"}},
		{urban: true, text: "楼下有人天天半夜坐在车里放音乐，声音开得特别大，一放就是一两个小时。", attrs: attrs{"source": "other", "period": "night"}},
	},
	"cooking.fumes": {
		{text: "{c}{dir}那家{shop}的抽油烟机对着人行道排，走到那儿一身味儿，还往下滴油。", attrs: attrs{"business": "{shop}"}},
		{urban: true, text: "{at}一楼的{shop}后厨排风扇正对着我们单元门，进门就是一股子油烟味，楼道墙上全是油。", attrs: attrs{"business": "{shop}"}},
		{text: "我家楼下{shop}天天晚上油烟太大了，窗户都不敢开，屋里全是烧烤味，衣服都没法在阳台晾。", urban: true, attrs: attrs{"business": "{shop}"}},
		{text: "{at}一楼开了个{shop}，烟筒直接从后窗伸出来，油烟全往我们楼上灌，家里老人咳嗽好几天了。", urban: true, attrs: attrs{"business": "{shop}"}},
		{text: "{at}{dir}的{shop}在店门口支炉子烤串，烟大得跟着火了似的，路过都呛得慌。", attrs: attrs{"business": "{shop}"}},
		{text: "{shop}的排烟管道离居民窗户太近了，也没装油烟净化器，晚上一开窗就是一屋子油烟味。"},
		{text: "楼下饭店中午晚上炒菜的油烟顺着楼道往上走，{u}整个楼道都是味儿，墙都熏黄了。", urban: true},
	},
	"garbage.uncollected": {
		{text: "{c}的垃圾车每天早上六点来收，还不收干净，剩一半在地上，环卫工人说车装不下了。"},
		{text: "{at}{dir}那个垃圾点天天满，一到晚上野猫野狗扒得满地都是，能不能多放几个桶。"},
		{text: "{at}{dir}的垃圾箱满了好几天了，没人来拉，垃圾都堆到地上了，味儿特别大，还招苍蝇。"},
		{text: "我们小区垃圾已经{days}没清运了，问物业说是环卫没来车，到底归谁管啊？", urban: true},
		{text: "{c}门口垃圾点天天往外溢，清运车一天就来一趟，根本不够，麻烦增加清运次数。"},
		{urban: true, text: "{at}楼后有一堆装修垃圾，放了快一个月了也没人拉走，小孩在上面爬，太危险了。"},
	},
	"litter.exposed": {
		{text: "{at}{dir}的空地成了垃圾场了，有人往这儿扔装修垃圾和旧沙发，一下雨全是味儿。"},
		{text: "{at}{dir}空地上不知道谁倒的生活垃圾，越堆越多，都有味儿了。"},
		{text: "{c}路边绿化带里全是塑料袋、饭盒，好长时间没人收拾了。"},
		{text: "{c}村口的河沟边上有人往里倒垃圾，都堆成小山了。"},
	},
	"corridor.clutter": {
		{urban: true, text: "{home}楼道窗台、台阶上摆满了花盆和旧自行车，楼道灯也坏了，晚上下楼特别容易摔着。"},
		{text: "{home}楼道里堆了好多纸壳子、旧家具，还有人在楼道里给电动车充电，万一着火了我们都跑不出去。", urban: true},
		{text: "我们{u}一楼有户人家把楼道当仓库，破烂堆得人都过不去，说他也不听，麻烦社区管管。", urban: true},
		{text: "{at}有人从窗户往下飞线给电动车充电，电线就耷拉在楼道口，太吓人了。", urban: true},
		{text: "{home}楼梯拐角堆着好几袋子白菜土豆，还有腌酸菜的大缸，上下楼都得侧着身子走。", urban: true, cold: true},
	},
	"parking.illegal": {
		{text: "{c}{dir}的公交站台让私家车占了，公交车停不进站，乘客只能到马路中间上车，太危险了。"},
		{text: "有辆大货车长期停在{at}{dir}路边，把路占了一半，晚上也不开灯，差点撞上。", attrs: attrs{"plate": "{plate}"}},
		{text: "{at}{dir}消防通道天天被私家车堵着，有个车牌{plate}的车停了好几天了，万一着火消防车都进不来。", attrs: attrs{"plate": "{plate}"}},
		{text: "{c}门口那条路两边全停满了车，早晚上下班堵得走不动，能不能来管管违停。"},
		{text: "有辆车（{plate}）把我们{at}楼门口堵死了，车上电话打了也不接，我要出门送孩子上学，着急！", attrs: attrs{"plate": "{plate}"}},
		{text: "{at}附近人行道上全停的是车，推婴儿车都得走机动车道，太危险了。"},
	},
	"parking.shortage": {
		{text: "{c}是老小区，车位太少，每天晚上回来都找不着地方停车，能不能把楼后那块空地规划成停车位。", urban: true},
		{text: "小区里车越来越多，消防通道都占上了，希望街道和物业协调一下，划一划停车位。", urban: true},
	},
	"streetlight.out": {
		{text: "{c}进出的那条路晚上一盏灯都不亮，下夜班回来黑灯瞎火的，一个女同志走着害怕。", attrs: attrs{"lamps": "{n}"}},
		{text: "{at}{dir}路灯白天亮着晚上反而不亮，是不是时控坏了，麻烦来看看。"},
		{text: "{at}{dir}的路灯坏了{days}了，晚上黑咕隆咚的，老人下楼遛弯都不敢出门。", attrs: attrs{"lamps": "1"}},
		{text: "{c}主路上一排路灯有{n}盏不亮，晚上走夜路心里发毛，希望尽快修一修。", attrs: attrs{"lamps": "{n}"}},
		{text: "{at}门口那根路灯一闪一闪的，好几天了，晃得人眼睛难受。"},
	},
	"road.pothole": {
		{text: "{c}那段路冬天修的，开春就又坏了，坑里都是碎石子，电动车一压就打滑。"},
		{text: "{at}{dir}的路面有个大坑，下雨积水看不出来，昨天有个骑电动车的就摔了，赶紧给填上吧。"},
		{text: "进{c}那段路坑坑洼洼的，车一过泥水溅一身，好几年了都没人管。"},
		{text: "{c}的村路让拉石头的重车压坏了，坑连着坑，三轮车都不好走。"},
	},
	"manhole.cover": {
		{text: "{at}{dir}人行道上的井盖没了，就剩个黑窟窿，晚上看不见非常危险，我先拿树枝挡上了。"},
		{text: "{c}路口的井盖碎了一半，车一压就咣当响，就怕哪天掉下去人。"},
	},
	"sewer.blocked": {
		{text: "{home}下水道堵了，一楼地漏往外返脏水，屋里全是污水，臭得没法住人了！", urban: true, attrs: attrs{"overflow": "yes"}},
		{text: "{at}楼前的下水井冒水了，污水流得满地都是，都流到楼道口了。", urban: true, attrs: attrs{"overflow": "yes"}},
		{text: "{c}{dir}的排水沟堵了，一下雨就积水，能没过脚脖子。", attrs: attrs{"overflow": "no"}},
	},
	"hydrant.damaged": {
		{urban: true, text: "{at}楼前的消防栓被车撞歪了，一直往外渗水，冬天一冻路面全是冰。"},
	},
	"power.line": {
		{text: "{at}{dir}有根电线耷拉下来了，离地就一人多高，小孩一伸手就能够着，太危险了。"},
		{text: "{c}的电线杆歪了，上面的电线缠着树枝，一刮风就冒火花。"},
	},
	"traffic.signal": {
		{text: "{c}路口的红绿灯坏了{days}了，早晚高峰车和人抢着过，特别危险。"},
	},
	"sidewalk.damaged": {
		{text: "{at}{dir}人行道地砖翘起来好几块，老人走路容易绊倒，前两天就有人摔了。"},
	},
	"bikes.shared": {
		{text: "{c}门口共享单车堆了一大片，把人行道都堵死了，推轮椅过不去。"},
	},
	"trashbin.damaged": {
		{text: "{at}{dir}的垃圾桶盖子坏了，桶也破了个大洞，垃圾漏一地，野猫野狗天天扒。"},
	},
	"toilet.public": {
		{text: "{c}附近的公共厕所水箱坏了，冲不了水，臭得进不去人。"},
	},
	"tree.fallen": {
		{text: "{at}{dir}有棵大树昨晚让风刮倒了，正好横在路上，车过不去，还挂着电线！"},
		{urban: true, text: "{at}楼前的树有根大枝子断了，挂在半空中，随时可能掉下来砸着人。"},
	},
	"greenbelt.damaged": {
		{text: "{at}{dir}的绿地让人开荒种菜了，草坪全刨了，还浇粪水，味儿特别大。"},
	},
	"tree.pruning": {
		{urban: true, text: "{at}楼前的树长得太高太密了，把我家{f}的窗户全挡住了，白天屋里都得开灯，能不能修剪一下。"},
		{text: "{at}旁边的树枝都伸到电线上了，刮风的时候直打火，请园林部门来修一修。"},
	},
	"building.dangerous": {
		{text: "{at}外墙出现好几道大裂缝，越来越宽，住户都担心楼有没有危险，请派人来鉴定一下。", urban: true},
		{text: "{c}有户老房子墙都裂了，房梁也歪了，里面还住着个老人，太危险了。"},
	},
	"facade.falling": {
		{text: "{at}外墙的瓷砖一块一块往下掉，昨天差点砸着人，楼下就是小区出入口！"},
		{text: "{at}外墙保温层让风刮开了一大块，在那呼扇呼扇的，楼下天天有人过。"},
	},
	"fitness.equipment": {
		{text: "{c}广场上的健身器材坏了好几个，有个漫步机的踏板断了，孩子玩的时候容易受伤。"},
	},
	"ad.flyers": {
		{text: "{at}楼道和单元门上贴满了开锁、通下水的小广告，撕了又贴，能不能管管。", urban: true},
		{text: "{c}{dir}电线杆上、墙上全是小广告，还有喷的办证电话，太影响市容了。"},
	},
	"ad.outdoor": {
		{text: "{at}{dir}新挂了一个大广告牌，就在我家窗户外面，晚上灯箱亮得屋里跟白天一样。"},
	},
	"construction.noise": {
		{text: "{at}{dir}的工地晚上十点多还在施工，打桩咣咣的，整栋楼都能感觉到震，根本睡不着。", attrs: attrs{"period": "night"}},
		{text: "{c}旁边的工地天天早上六点就开工，搅拌机一直响，周末也不停。", attrs: attrs{"period": "day"}},
		{text: "附近修路晚上连夜施工，切割机声音特别刺耳，一直干到后半夜，他们有没有夜间施工许可？", attrs: attrs{"period": "night"}},
	},
	"construction.dust": {
		{text: "{at}{dir}的工地土方也不盖防尘网，一刮风全是灰，窗台上一层土，衣服都没法晾。"},
	},
	"muck.spill": {
		{text: "{c}路上渣土车掉了一路的土，下雨全成泥了，车一过尘土飞扬。"},
	},
	"gas.leak": {
		{text: "{home}楼道里燃气味特别大，不知道谁家漏气了，快派人来看看！", urban: true, attrs: attrs{"valve_closed": "no"}},
		{text: "我家厨房闻着有煤气味，我已经把阀门关了，窗户也开了，赶紧来人检查一下！", attrs: attrs{"valve_closed": "yes"}},
		{text: "{at}{dir}路边有股很冲的燃气味，好像是地下管道漏了，我们都不敢在附近待。", attrs: attrs{"valve_closed": "no"}},
	},
	"water.main_burst": {
		{text: "{at}{dir}自来水管爆了，水哗哗往外冒，路上都成河了，赶紧派人来关阀门！"},
		{text: "{c}主路底下跑水了，水从地面往上涌，已经漫到{at}门口了。"},
	},
	"road.collapse": {
		{text: "{at}{dir}路面突然塌了个坑，一米多深，我们拿砖头先围上了，赶紧来人处理！"},
	},
	"power.outage_area": {
		{text: "{c}一大片全停电了，{since}到现在还没来电，冰箱里的东西都要坏了，也没看到通知。"},
	},
	"vending.street": {
		{text: "{c}{dir}晚上有人开着三轮车卖水果，喇叭一直喊，摊子把路口占了，车都拐不过去。"},
		{text: "{c}门口早市的摊子都摆到马路中间了，车过不去，还特别吵，早上五点就开始吆喝。"},
		{text: "{at}{dir}人行道上天天有卖菜卖水果的流动摊贩，占道经营，走了以后垃圾也不收拾。"},
	},
	"building.illegal": {
		{text: "{at}{f}有户人家在阳台外面私自加盖了个铁皮房，正在施工，挡楼下采光，还有安全隐患。", urban: true, attrs: attrs{"stage": "building"}},
		{text: "{home}一楼住户把楼前的地圈起来盖了个小房，占了公共绿地，已经盖好了。", urban: true, attrs: attrs{"stage": "built"}},
		{text: "{c}有人在村道边上私搭乱建，盖了一排彩钢房，路都窄了。", attrs: attrs{"stage": "built"}},
		{text: "{at}{dir}有人拉来砖头水泥，看样子要在空地上盖房子，这块地是公共的。", attrs: attrs{"stage": "building"}},
	},
	"water.outage": {
		{urban: true, text: "我家水龙头出来的水发黄，还有一股铁锈味，放了半天也不清，不敢喝了，是不是管子有问题。", attrs: attrs{"extent": "household"}},
		{text: "{at}附近在修路把水管挖断了，我们这片{since}就没水了，施工队说不归他们管。", attrs: attrs{"extent": "area"}},
		{text: "{home}从{since}就停水了，也没看到停水通知，家里老人做饭都没水，什么时候能来水啊？", urban: true, attrs: attrs{"extent": "building"}},
		{text: "我家水压特别低，{f}的水龙头就滴答滴答的，热水器都打不着火。", urban: true, attrs: attrs{"extent": "household"}},
		{text: "{c}一大片都停水了，问谁都说不清楚，能不能给个准话什么时候恢复。", attrs: attrs{"extent": "area"}},
	},
	"heating.cold": {
		{urban: true, cold: true, text: "{home}，暖气白天还行，一到后半夜就凉了，早上起来屋里{temp}度，是不是夜里降温了？", attrs: attrs{"indoor_temp": "{temp}"}},
		{urban: true, text: "我家是{f}，屋里就{temp}度，楼上楼下都挺热乎，就我们家不热，热力公司来人看了说是我们家的问题，我不认可。", attrs: attrs{"indoor_temp": "{temp}"}},
		{urban: true, text: "{at}这个楼每年冬天暖气都不好，今年还是老样子，屋里最多{temp}度，家里有刚出生的孩子，实在冻得不行。", attrs: attrs{"indoor_temp": "{temp}"}},
		{text: "我家住{home}{f}，暖气摸着就是温乎的，屋里才{temp}度，老人孩子都冻感冒了，交了供暖费就这样？", urban: true, attrs: attrs{"indoor_temp": "{temp}"}},
		{text: "{at}整栋楼暖气都不热，前几天找热力公司来放过气，还是不行，晚上睡觉得穿棉袄。", urban: true},
		{text: "我们家是顶楼，暖气上热下凉，屋里就{temp}度左右，能不能派人来看看是不是管道堵了。", urban: true, attrs: attrs{"indoor_temp": "{temp}"}},
		{text: "开始供暖到现在我家暖气就没热过，{home}{f}，打供热公司电话一直占线，只能打12345了。", urban: true},
		{text: "家里暖气片漏水了，滴了一地，关了阀门屋里就冷，现在才{temp}度，急需来人维修。", urban: true, attrs: attrs{"indoor_temp": "{temp}"}},
		{text: "{home}{f}，屋里{temp}度，孩子写作业都得穿羽绒服，邻居家也一样，请供热单位给个说法。", urban: true, attrs: attrs{"indoor_temp": "{temp}"}},
	},
	"gas.supply": {
		{text: "我家燃气表显示有气，可灶就是打不着火，{since}开始的，麻烦燃气公司来人看看。"},
		{text: "{at}{since}开始停气了，也没接到通知，什么时候恢复供气？"},
		{text: "燃气卡充了钱插表上不显示，跑营业厅两趟了还没解决。"},
	},
	"power.outage": {
		{text: "{home}{since}开始停电，邻居家有电就我们单元没电，是不是线路出问题了。", urban: true},
		{text: "我家老是跳闸，电工看过说是楼里的线路老化，得供电公司来处理。"},
		{text: "{at}{since}停电了，家里有老人用制氧机，着急！"},
	},
	"property.dispute": {
		{urban: true, text: "{at}的物业合同到期了，物业说要撤，也不交接，垃圾没人收，楼道灯坏了也没人修，我们该找谁？"},
		{urban: true, text: "交了物业费，单元门坏了一个多月，物业一直说等配件，冬天门关不上楼道里冷得要命。"},
		{text: "我们{c}的物业光收费不干活，楼道没人打扫，门禁坏了半年也不修，请街道给管一管。", urban: true},
		{text: "{at}电梯坏了物业说没钱修，让业主自己凑钱，可我们每年物业费一分不少交。", urban: true},
		{text: "物业要涨物业费，也不开业主大会，贴个通知就涨了，这合理吗？", urban: true},
		{text: "物业把小区里的公共绿地改成收费停车场，收的钱也不公开，我们业主有意见。", urban: true},
	},
	"neighbour.dispute": {
		{urban: true, text: "对门邻居把鞋柜、杂物都放到我家门口了，我说了几次就吵起来，现在见面都不说话，请社区帮着说和说和。"},
		{text: "我家住{home}{f}，楼上{r}卫生间漏水，我家棚顶都泡了，找他们好几次不给修，想请社区帮忙调解一下。", urban: true},
		{text: "邻居在楼道里安了个摄像头正对着我家门，我觉得侵犯隐私，沟通不了，请网格员帮忙协调。", urban: true},
		{text: "邻居家盖房子占了我家的地界，两家吵了好几回了，想请村里给调解一下。"},
		{text: "楼下邻居说我家漏水，非让我赔钱，我家检查过根本没漏，双方谈不拢。", urban: true},
	},
	"elevator.fault": {
		{text: "{at}{u}的电梯又坏了，停那不动了，我家老人腿脚不好住高层，下不了楼了。", urban: true, attrs: attrs{"trapped": "no"}},
		{text: "有人被困在{home}电梯里了，按报警按钮没人应，物业电话打不通，快来人！", urban: true, attrs: attrs{"trapped": "yes"}},
		{text: "{at}的电梯运行的时候晃得厉害，还有异响，大家都不敢坐了，请有关部门检查一下。", urban: true, attrs: attrs{"trapped": "no"}},
	},
	"dog.nuisance": {
		{urban: true, text: "{at}楼下有人遛狗不拴绳，大狗见人就扑，孩子都吓哭了，狗主人还说不咬人。"},
		{text: "隔壁养了两条大狗，天天晚上叫，一叫就是大半宿，跟他们说了也不管。"},
		{text: "{c}小区里狗屎到处都是，遛狗的都不捡，一不注意就踩一脚。"},
	},
	"mediation.request": {
		{text: "我和前夫因为孩子抚养费的事一直谈不拢，想申请人民调解，请问怎么办？"},
		{text: "家里老人去世后，兄弟姐妹因为房子怎么分闹矛盾，想找司法所给调解一下。"},
	},
	"consumer.dispute": {
		{text: "我在{shop}办了{money}元的预付卡，现在店关门了人也找不着，钱退不回来了。", attrs: attrs{"merchant": "{shop}", "amount": "{money}"}},
		{text: "在{shop}买的东西有质量问题，去找说法商家不给退也不给换，态度还特别差。", attrs: attrs{"merchant": "{shop}"}},
		{text: "{shop}说好七天无理由退款，现在就是拖着不退，一共{money}块钱。", attrs: attrs{"merchant": "{shop}", "amount": "{money}"}},
	},
	"food.safety": {
		{text: "在{c}附近{shop}买的熟食，吃完全家拉肚子，怀疑东西变质了。"},
		{text: "{shop}后厨特别脏，有老鼠，菜都堆在地上，希望有关部门去检查检查。"},
		{text: "{c}附近超市卖过期牛奶，生产日期都过了半个月了还在货架上摆着。"},
	},
	"wage.arrears": {
		{text: "我在{employer}干活，干了{n}个多月，老板一直拖着不给工钱，一共欠我{money}元。", attrs: attrs{"employer": "{employer}"}},
		{text: "我们{n}个工友在{employer}的工地上干了大半年，到现在工资还没结，家里等着用钱。", attrs: attrs{"employer": "{employer}", "workers": "{n}"}},
		{text: "离职两个月了，{employer}最后一个月工资一直不给发，找了好几次都说再等等。", attrs: attrs{"employer": "{employer}"}},
	},
	"other.request": {
		{text: "{c}附近的公交站撤了，老人去医院得走好远，希望能恢复站点。"},
		{text: "{at}附近没有无障碍坡道，我坐轮椅出门特别不方便，希望能修一个。"},
		{text: "{c}的大门口没有路灯也没有监控，晚上不安全，希望能装个监控。"},
	},
	"consult.policy": {
		{text: "请问今年给60岁以上老人的免费体检在哪做？需要预约吗？", target: "minzheng", answer: "已告知来电人：老年人健康体检由社区卫生服务中心组织，携带身份证前往即可，具体时间可提前电话询问。"},
		{text: "我是退役军人，想问问有什么优待政策，去哪咨询？", target: "street", answer: "已告知来电人可到户籍所在街道退役军人服务站咨询相关优待政策。"},
		{text: "我想问问城乡居民医保今年什么时候交，在哪交？", target: "street",
			answer: "已告知来电人：城乡居民医保按年度集中缴费，可通过辽宁医保公共服务平台、手机银行或社区代缴办理，缴费期限和标准以医保部门当年公告为准。"},
		{text: "家里老人八十多了，听说有高龄补贴，请问怎么申请？", target: "minzheng",
			answer: "已告知来电人：高龄津贴由户籍所在社区受理，携带老人身份证、户口本和银行卡到社区申请，审核通过后按月发放。"},
		{text: "我家收入不高，家里还有病人，想了解一下低保怎么申请。", target: "minzheng",
			answer: "已告知来电人低保申请条件及所需材料，可到户籍所在街道便民服务中心提交申请，由街道入户核查。"},
		{text: "老旧小区改造今年有没有我们{c}？什么时候开始改？", target: "zhujian",
			answer: "已告知来电人可关注区住建局及街道公示的年度改造计划，改造清单以公示为准。"},
		{text: "今年供暖费标准有没有变化？低保户有没有减免？", target: "zhujian",
			answer: "已告知来电人：供暖收费标准按物价部门核定执行，低保等困难家庭可向社区申请供暖补贴。"},
	},
	"consult.service": {
		{text: "我家老房子要过户给孩子，需要去哪办，带什么材料？", target: "zhujian", answer: "已告知来电人：房屋过户到市不动产登记中心办理，需双方身份证、户口本、不动产权证书等材料，具体以窗口一次性告知为准。"},
		{text: "身份证丢了，补办要去哪？多长时间能拿到？", target: "gongan", answer: "已告知来电人：身份证补领到户籍所在地或居住地派出所办理，一般20个工作日左右可领取，急用可同时申请临时身份证。"},
		{text: "请问在哪办居住证？需要带什么材料？", target: "gongan",
			answer: "已告知来电人：居住证到居住地派出所户籍窗口办理，需携带身份证、居住证明（房产证或租房合同）及近期照片。"},
		{text: "孩子明年上小学，我们户口在{c}，应该去哪个学校报名？", target: "street",
			answer: "已告知来电人学区划分以教育部门当年招生公告为准，可向区教育局招生办咨询。"},
		{text: "供暖费在哪交？能不能在手机上交？", target: "zhujian",
			answer: "已告知来电人可通过供热公司营业厅、微信公众号或银行代收点缴纳供暖费。"},
		{text: "我想给家里老人办残疾证，需要什么手续？", target: "minzheng",
			answer: "已告知来电人：残疾证由户籍所在街道受理，需携带身份证、户口本及近期照片，到指定医院评定。"},
		{text: "退休人员养老金资格认证在哪做？", target: "street",
			answer: "已告知来电人可通过手机APP人脸识别认证，也可到社区服务站现场认证。"},
		{text: "想开个小吃店，营业执照去哪儿办？", target: "shichang",
			answer: "已告知来电人：营业执照到区政务服务中心市场监管窗口办理，也可网上申请；经营餐饮还需办理食品经营许可。"},
	},
	"consult.other": {
		{text: "请问{c}归哪个街道管？社区办公室在哪？", target: "street",
			answer: "已告知来电人所属街道及社区办公地址、联系电话。"},
		{text: "我看楼下贴了个停水通知没看清，明天{c}停不停水？", target: "shuiwu",
			answer: "已查询停水计划，告知来电人停水时间和影响范围。"},
		{text: "请问出租车拒载怎么投诉？", target: "jiaotong",
			answer: "已告知来电人可向交通运输部门投诉，并提供车牌号、时间、地点等信息。"},
	},
}

// finds are what a grid worker writes on patrol (未诉先办).
var finds = map[string][]string{
	"litter.exposed":    {"巡查发现{at}{dir}有暴露垃圾约{n}立方米，已拍照留存。", "巡查发现{c}{dir}绿化带内有散落生活垃圾、塑料袋，需清理。"},
	"corridor.clutter":  {"巡查发现{home}楼道内堆放纸箱、旧家具等杂物，占用疏散通道，存在消防隐患。", "巡查发现{at}楼道内有电动自行车停放充电，已现场劝离并告知住户。"},
	"streetlight.out":   {"巡查发现{at}{dir}路灯不亮{n}盏，灯杆编号{pole}。"},
	"road.pothole":      {"巡查发现{at}{dir}路面破损坑洼约{n}平方米，影响通行。"},
	"manhole.cover":     {"巡查发现{at}{dir}井盖破损，存在安全隐患，已设置临时警示。"},
	"hydrant.damaged":   {"巡查发现{at}{dir}消火栓损坏漏水。"},
	"power.line":        {"巡查发现{at}{dir}架空线缆下垂，距地面不足2米，存在安全隐患。"},
	"sidewalk.damaged":  {"巡查发现{at}{dir}人行道地砖破损松动约{n}平方米。"},
	"bikes.shared":      {"巡查发现{c}{dir}共享单车乱停放，占用盲道。"},
	"trashbin.damaged":  {"巡查发现{at}{dir}垃圾桶破损{n}个。"},
	"toilet.public":     {"巡查发现{c}公厕洗手池损坏，冲水设施故障。"},
	"tree.fallen":       {"巡查发现{at}{dir}树木断枝悬挂，存在坠落风险。"},
	"greenbelt.damaged": {"巡查发现{at}{dir}绿地被毁种菜约{n}平方米。"},
	"facade.falling":    {"巡查发现{at}外墙保温层局部脱落，已设置警戒。"},
	"fitness.equipment": {"巡查发现{c}健身广场漫步机、扭腰器等器材损坏{n}件。"},
	"garbage.uncollected": {
		"巡查发现{at}{dir}垃圾箱满溢未及时清运。",
	},
	"ad.flyers":        {"巡查发现{at}{dir}墙面、电线杆张贴小广告约{n}处。"},
	"ad.outdoor":       {"巡查发现{at}{dir}违规设置户外广告牌1处。"},
	"muck.spill":       {"巡查发现{c}{dir}道路渣土遗撒约{n}0米。"},
	"vending.street":   {"巡查发现{at}{dir}有流动摊贩占道经营{n}处。"},
	"building.illegal": {"巡查发现{at}{dir}有私搭乱建彩钢房一处，正在施工，已要求停工。"},
	"parking.illegal":  {"巡查发现{at}{dir}车辆（{plate}）占用消防通道停放。"},
}

// findAttrs are the extra fields of patrol finds that need them.
var findAttrs = map[string]attrs{
	"streetlight.out":  {"pole_number": "{pole}", "lamps": "{n}"},
	"building.illegal": {"stage": "building"},
	"parking.illegal":  {"plate": "{plate}"},
}

// Shops, employers and merchants (made up) for the placeholders.
var (
	fumeShops    = []string{"老王烧烤", "东北家常菜馆", "串吧", "李记烧烤", "冷面馆", "麻辣烫店", "鸡架店", "炸串店"}
	noisyShops   = []string{"KTV", "棋牌室", "超市", "健身房", "烧烤店", "手机店"}
	merchants    = []string{"力美健身", "丽人美容院", "启航教育培训", "金桥家电", "诚信手机店", "喜乐洗浴", "名剪理发店", "好运来家具城"}
	foodShops    = []string{"熟食店", "早餐店", "饭店", "小超市", "外卖店"}
	employers    = []string{"恒通劳务公司", "鑫盛装修队", "宏运物流", "兴旺饭店", "华丰建筑工地", "顺达保洁公司"}
	directions   = []string{"东侧", "西侧", "南门", "北门", "楼后", "楼前", "路口", "门口"}
	villageSides = []string{"门口", "东边", "西边", "村口", "路边", "房后"}
	durations    = []string{"三四天", "一个多礼拜", "半个多月", "好几天", "两天"}
	sinceWhen    = []string{"昨天晚上", "今天早上", "昨天下午", "前天", "今天中午"}
	shopsFor     = map[string][]string{"cooking.fumes": fumeShops, "noise.disturb": noisyShops, "consumer.dispute": merchants, "food.safety": foodShops}
	plateLetters = []rune("ABCDEFGHJKLMNPQRSTUVWXYZ")
	askOpeners   = []string{"您好，", "你好，", "麻烦问一下，", "我想咨询个事儿，"}
	callOpeners  = []string{"您好，", "你好，我想反映个事儿，", "我是{c}的居民，", "喂，是12345吧？", "我要投诉，", "麻烦帮我反映一下，"}
	webOpeners   = []string{"您好，", "我是{c}的居民，", "反映一个问题：", "你好，"}
	callClosers  = []string{"希望有关部门尽快处理。", "麻烦尽快派人来看看吧。", "都反映好几次了也没人管！", "谢谢了。", "希望能给个答复。", "实在没办法了才打的12345。", "急！"}
	webClosers   = []string{"希望有关部门尽快处理，谢谢！", "请尽快解决。", "望回复。", "谢谢。"}
)
