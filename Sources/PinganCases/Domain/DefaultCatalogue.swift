/// The departments and event categories a new installation starts with (the centre can edit
/// them later). Categories follow digital city-management practice (GB/T 30428: 市容环境,
/// 宣传广告, 施工管理, 街面秩序, 突发事件, 设施管理) plus social-governance groups. Limits are in
/// working minutes: a working day is 420 minutes with the standard hours, so normal events get
/// 1–5 working days (960 = 16 工作时) and urgent ones 2–4 working hours.
public enum DefaultCatalogue {
    public static let departments: [Department] = [
        Department(code: "cgj", name: "城市管理局"),
        Department(code: "zjj", name: "住房和城乡建设局"),
        Department(code: "hbj", name: "生态环境分局"),
        Department(code: "slj", name: "水利局"),
        Department(code: "gaj", name: "公安分局"),
        Department(code: "sfj", name: "司法局"),
        Department(code: "yjj", name: "应急管理局"),
        Department(code: "mzj", name: "民政局"),
        Department(code: "jtj", name: "交通运输局"),
        Department(code: "scj", name: "市场监督管理局"),
        Department(code: "gdj", name: "供电公司"),
        Department(code: "wjj", name: "卫生健康局"),
        Department(code: "rsj", name: "人力资源和社会保障局"),
        Department(code: "zrj", name: "自然资源局"),
    ]

    /// Group code → group name. 矛盾纠纷 and 治安 are the groups kept off Open311.
    public static let groups: [String: String] = [
        "01": "市容环境", "02": "宣传广告", "03": "施工管理", "04": "街面秩序", "05": "突发事件",
        "06": "设施管理", "07": "矛盾纠纷", "08": "安全隐患", "09": "治安", "10": "民生服务", "99": "扩展",
    ]

    /// Groups whose categories are never public (personal disputes, police matters).
    public static let privateGroups: Set<String> = ["07", "09"]

    private static let day = 420, hours = 60

    public static let categories: [EventCategory] = [
        item("0101", "暴露垃圾", "cgj", 960, 4 * hours, "道路、广场、绿地等公共场所有裸露堆放的生活垃圾或杂物。"),
        item("0102", "积存垃圾渣土", "cgj", 3 * day, 4 * hours, "公共区域长期积存垃圾、渣土，未及时清运。"),
        item("0103", "露天焚烧", "hbj", 1 * day, 2 * hours, "露天焚烧垃圾、秸秆、树叶等，产生烟尘污染。"),
        item("0201", "非法小广告", "cgj", 3 * day, 4 * hours, "墙体、电杆和公共设施上有张贴、涂写、喷涂的非法小广告。"),
        item("0202", "违规户外广告", "cgj", 5 * day, 4 * hours, "户外广告牌、招牌破损、倾斜或未经许可设置。"),
        item("0301", "施工扰民", "zjj", 2 * day, 3 * hours, "建筑工地夜间或午间违规施工，噪声扰民。"),
        item("0302", "工地扬尘", "hbj", 2 * day, 3 * hours, "施工工地未落实覆盖、洒水等措施，扬尘污染明显。"),
        item("0303", "违法建设", "cgj", 5 * day, 4 * hours, "未经规划许可擅自搭建建筑物或构筑物。"),
        item("0401", "占道经营", "cgj", 2 * day, 2 * hours, "商贩占用道路、人行道摆摊经营，影响通行。"),
        item("0402", "非机动车乱停放", "cgj", 2 * day, 3 * hours, "非机动车、共享单车乱停乱放，阻碍通行。"),
        item("0501", "道路塌陷", "zjj", 1 * day, 2 * hours, "路面出现塌陷或坑洞，危及行人和车辆安全。"),
        item("0502", "供水管道破裂", "slj", 1 * day, 2 * hours, "供水管道破裂漏水或路面冒水。"),
        item("0503", "路面积水", "slj", 1 * day, 2 * hours, "降雨后道路、下穿通道积水，影响通行。"),
        item("0601", "井盖缺失破损", "cgj", 1 * day, 2 * hours, "窨井盖缺失、破损或松动，存在安全隐患。"),
        item("0602", "路灯故障", "cgj", 3 * day, 4 * hours, "路灯不亮、白天常亮或灯杆损坏。"),
        item("0603", "电力设施损坏", "gdj", 2 * day, 2 * hours, "电线杆倾斜、电线低垂或变压器等电力设施损坏。"),
        item("0604", "道路破损", "jtj", 5 * day, 4 * hours, "农村公路或桥梁路面破损、坑洼，护栏缺失。"),
        item("0701", "邻里纠纷", "sfj", 5 * day, 4 * hours, "邻里之间因相邻关系、噪声、排水等引发的纠纷。"),
        item("0702", "劳资纠纷", "rsj", 5 * day, 4 * hours, "拖欠工资、劳动报酬等引发的劳动争议。"),
        item("0703", "土地山林纠纷", "zrj", 5 * day, 4 * hours, "土地承包经营、山林权属、宅基地等引发的纠纷。"),
        item("0801", "消防通道堵塞", "yjj", 1 * day, 2 * hours, "消防通道、安全出口被占用、堵塞或锁闭。"),
        item("0802", "危房隐患", "zjj", 2 * day, 2 * hours, "房屋出现开裂、倾斜等险情，存在倒塌风险。"),
        item("0803", "食品安全隐患", "scj", 2 * day, 3 * hours, "销售过期、变质食品或无证经营食品。"),
        item("0804", "地质灾害隐患", "zrj", 1 * day, 2 * hours, "山体出现裂缝、滑坡、崩塌或泥石流迹象。"),
        item("0901", "治安隐患", "gaj", 1 * day, 2 * hours, "可能引发治安案件或危害公共安全的情况。"),
        item("0902", "涉黄赌毒线索", "gaj", 2 * day, 2 * hours, "涉及卖淫嫖娼、赌博、吸贩毒的违法犯罪线索。"),
        item("1001", "困难群众求助", "mzj", 3 * day, 4 * hours, "困难群众、孤寡老人、留守儿童等需要救助帮扶。"),
        item("1002", "公共卫生问题", "wjj", 3 * day, 4 * hours, "病媒生物孳生、公共场所卫生不达标等公共卫生问题。"),
        item("9901", "其他", "cgj", 5 * day, 4 * hours, "不属于以上类别的其他城市管理和社会治理问题。"),
    ]

    public static func category(_ code: String) -> EventCategory? { categories.first { $0.code == code } }

    public static func department(_ code: String) -> Department? { departments.first { $0.code == code } }

    /// Group name and publicity follow from the code, so they cannot disagree with it.
    private static func item(_ code: String, _ name: String, _ department: String, _ normal: Int, _ urgent: Int,
                             _ description: String) -> EventCategory {
        let group = String(code.prefix(2))
        return EventCategory(code: code, name: name, group: groups[group] ?? "扩展", departmentCode: department,
                             isPublic: !privateGroups.contains(group), normalLimitMinutes: normal,
                             urgentLimitMinutes: urgent, description: description)
    }
}
