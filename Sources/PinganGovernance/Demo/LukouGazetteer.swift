/// Fixed facts of the demo district, modelled on 渌口区 (Lukou district, Zhuzhou, Hunan; GB/T 2260
/// code 430212). Counts follow what the district reports: 8 towns, 139 villages/communities and
/// 260 unit grids. Town positions are approximate real seats (WGS 84); sizes are in unit grids.
enum LukouGazetteer {
    static let districtCode = "430212"
    static let districtName = "渌口区"
    static let policeBureauName = "株洲市公安局渌口分局"
    /// The district seat; the demo county must contain it.
    static let seat = (latitude: 27.702, longitude: 113.1427)
    /// Where the hexagon blob is centred: the middle of the real district's extent.
    static let blobCenter = (latitude: 27.655, longitude: 113.165)

    struct Town: Sendable {
        /// 9-digit statistical code: district + 3 digits, 1xx for 镇, 2xx for 乡.
        var code: String
        var name: String
        /// The name without 镇/乡, used for the police station and the seat community.
        var stem: String
        var latitude: Double
        var longitude: Double
        var unitGrids: Int
        var villages: Int
        var communities: Int
        var areas: Int
    }

    /// The eight towns. 渌口镇 (the seat) is carved last, so it keeps whatever lies around the seat.
    static let towns: [Town] = [
        Town(code: "430212100", name: "渌口镇", stem: "渌口", latitude: 27.702, longitude: 113.143,
             unitGrids: 44, villages: 24, communities: 6, areas: 4),
        Town(code: "430212101", name: "南洲镇", stem: "南洲", latitude: 27.790, longitude: 113.080,
             unitGrids: 30, villages: 16, communities: 1, areas: 3),
        Town(code: "430212102", name: "淦田镇", stem: "淦田", latitude: 27.600, longitude: 113.020,
             unitGrids: 38, villages: 20, communities: 2, areas: 4),
        Town(code: "430212103", name: "古岳峰镇", stem: "古岳峰", latitude: 27.615, longitude: 113.175,
             unitGrids: 32, villages: 17, communities: 1, areas: 3),
        Town(code: "430212104", name: "龙潭镇", stem: "龙潭", latitude: 27.790, longitude: 113.225,
             unitGrids: 28, villages: 15, communities: 1, areas: 2),
        Town(code: "430212105", name: "龙船镇", stem: "龙船", latitude: 27.700, longitude: 113.320,
             unitGrids: 30, villages: 16, communities: 1, areas: 3),
        Town(code: "430212106", name: "朱亭镇", stem: "朱亭", latitude: 27.490, longitude: 113.050,
             unitGrids: 34, villages: 18, communities: 2, areas: 3),
        Town(code: "430212200", name: "南阳桥乡", stem: "南阳桥", latitude: 27.570, longitude: 113.300,
             unitGrids: 24, villages: 13, communities: 1, areas: 2),
    ]

    /// Names for town-seat communities beyond the first (which takes the town's own name).
    static let communityNames = [
        "渌湘", "湘江", "建设", "新华", "东升", "滨江", "育红", "文化", "向阳", "站前",
        "南岸", "人民", "和平", "花园", "幸福", "兴隆", "解放", "红旗", "城南", "渌江",
    ]

    /// First characters of two-character village names (plants, animals, colours, directions).
    static let villagePrefixes = Array("石枫杨竹松梅荷花桃樟柏青白金银龙凤马牛狮鹤新东西南北上下大小高长清仙太和兴永福安丰茶桐雷柳双三五八")
    /// Second characters: the landforms Hunan place names are made of.
    static let villageSuffixes = Array("塘冲坪山桥湾田岭江洲港坝垅铺园峰口溪湖林源坡岗井亭泉河")
    /// Surnames for "X家Y" names, the commonest pattern in the Xiang valley.
    static let surnames = Array("王张刘陈李易唐罗彭谭周黄邓曾肖文袁贺胡谢朱龙")
}
