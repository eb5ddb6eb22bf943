import PinganKernel

/// An organisation before it has a name, people and a house.
struct OrganisationDraft {
    var kind: OrganisationKind
    /// Credit code characters 1–2: registration authority and category.
    var category: String
    /// Its own building (shop, factory, public building) or `.mixed`: the ground floor of a home.
    var use: HouseUse
    var cooperative = false
}

/// Kinds, names and sizes of organisations. Communities hold shops and companies; villages
/// co-operatives, schools and village associations.
enum PopulationOrganisations {
    static func drafts(count: Int, isCommunity: Bool, dice: inout PopulationDice) -> [OrganisationDraft] {
        (0..<count).map { _ in
            switch dice.weighted(isCommunity ? [55, 35, 6, 4] : [48, 26, 16, 10]) {
            case 0:
                return OrganisationDraft(kind: .soleTrader, category: "92", use: dice.chance(0.55) ? .mixed : .shop)
            case 1:
                if !isCommunity, dice.chance(0.3) {
                    return OrganisationDraft(kind: .enterprise, category: "93", use: dice.chance(0.5) ? .factory : .shop, cooperative: true)
                }
                return OrganisationDraft(kind: .enterprise, category: "91", use: dice.chance(isCommunity ? 0.3 : 0.55) ? .factory : .shop)
            case 2:
                return OrganisationDraft(kind: .publicInstitution, category: "12", use: .publicBuilding)
            default:
                return OrganisationDraft(kind: .socialOrganisation, category: dice.chance(0.6) ? "51" : "52", use: .publicBuilding)
            }
        }
    }

    static let district = "株洲市渌口区"
    static let trades = ["五金店", "便利店", "副食店", "餐馆", "理发店", "农资店", "米粉店", "家电维修部", "药店", "服装店",
                         "建材店", "水果店", "超市", "小吃店", "手机店", "烟酒商行", "粮油店", "摩托车修理店", "早餐店",
                         "快递服务站", "茶楼", "照相馆", "日用百货店", "鲜肉店", "蔬菜店", "电动车行", "装饰材料店"]
    static let shopWords = ["兴旺", "鑫源", "佳佳", "福满", "顺发", "金鑫", "好又多", "惠民", "便民", "盛达", "红红", "乐乐",
                            "万家", "丰源", "湘味", "老街", "平价", "诚信", "旺旺", "开心", "聚福", "益民", "家家乐", "新时代"]
    static let brandWords = ["华鑫", "恒达", "宏远", "金峰", "湘渌", "锦程", "宏泰", "兴盛", "瑞丰", "永兴", "众诚", "联创",
                             "盛世", "德润", "鼎力", "汇通", "新源", "长盛", "凯达", "昌盛", "顺达", "亿丰", "中天", "金源",
                             "恒昌", "福瑞", "宏兴", "博远", "盈丰", "天翔", "渌江", "南洲", "湘龙", "富民", "晟通", "振华"]
    static let industries = ["机械制造", "陶瓷", "建材", "服饰", "农业开发", "电子科技", "新材料", "物流", "建筑工程", "食品",
                             "竹木制品", "商贸", "汽车零部件", "米业", "生态农业", "环保科技", "混凝土", "包装", "纺织", "家具",
                             "油茶", "劳务", "置业", "电力工程", "塑胶", "五金制品", "医疗器械", "农机"]
    static let coopProducts = ["水稻种植", "油茶种植", "蔬菜种植", "生猪养殖", "水产养殖", "果蔬", "茶叶", "中药材种植",
                               "农机", "养蜂", "黄桃种植", "葡萄种植"]
    static let villageInstitutions = ["小学", "幼儿园", "卫生室", "党群服务中心"]
    static let townInstitutions = ["中心小学", "中学", "卫生院", "中心幼儿园", "农业综合服务中心", "水利站", "林业站", "财政所",
                                   "敬老院", "文化站", "便民服务中心", "社会事务综合服务中心", "退役军人服务站", "畜牧水产站",
                                   "自然资源所", "综治中心", "村镇建设服务站", "广播电视站"]
    static let districtInstitutions = ["第一中学", "第二中学", "第三中学", "第五中学", "人民医院", "中医医院", "妇幼保健计划生育服务中心",
                                       "疾病预防控制中心", "图书馆", "文化馆", "职业中专", "实验小学", "特殊教育学校", "融媒体中心",
                                       "档案馆", "农业技术推广中心", "城市管理综合服务中心", "不动产登记中心", "政务服务中心",
                                       "园林绿化中心", "公路建设养护中心", "社会福利院", "教师发展中心", "水利水电建设服务中心"]
    static let villageAssociations = ["老年人协会", "红白理事会", "乡贤理事会", "志愿服务队", "老年人体育协会", "人民调解协会"]
    static let townAssociations = ["商会", "养殖协会", "志愿者协会", "慈善会", "青年创业协会", "广场舞协会", "书法协会"]
}

extension PopulationBuilder {
    /// Creates the grid's organisations: each gets its house (its own building, or a home's
    /// ground floor for half the sole traders, run by the family that owns it), a legal
    /// representative and some employees from the people of the grid.
    mutating func addOrganisations(_ drafts: [OrganisationDraft], context: PopulationGridContext, gridIndex: Int, firstHouse: Int,
                                   residential: Int, registeredHeads: [Int], dice: inout PopulationDice) {
        guard !drafts.isEmpty else { return }
        let range = gridPeople[gridIndex]
        // Adults living here, with ages, for representatives and staff.
        var adults: [(person: Int, age: Int)] = []
        for i in range where people[i].residency != .away {
            let age = age(of: i)
            if age >= 18, age <= 75 { adults.append((i, age)) }
        }
        var staffPool = adults.filter { $0.age <= 60 }.map(\.person)
        for i in staffPool.indices.reversed() { staffPool.swapAt(i, dice.below(i + 1)) }
        // Homes with a resident owner can open a shop downstairs.
        var homes = (firstHouse..<(firstHouse + residential)).filter { houses[$0].ownerPersonID != nil }
        var nextStandalone = firstHouse + residential
        for draft in drafts {
            var use = draft.use
            var houseIndex: Int
            if use == .mixed, !homes.isEmpty {
                houseIndex = homes.remove(at: dice.below(homes.count))
                houses[houseIndex].use = .mixed
            } else {
                if use == .mixed { use = .shop }
                guard nextStandalone < houses.count else { continue }
                houseIndex = nextStandalone
                nextStandalone += 1
            }
            var representative: Int?
            if use == .mixed, let owner = houseOwners[houseIndex] {
                representative = owner
            } else {
                representative = pickRepresentative(kind: draft.kind, adults: adults, dice: &dice)
            }
            let name = organisationName(draft, context: context, representative: representative, dice: &dice)
            let id = PopulationText.code("o-", organisations.count + 1)
            switch houses[houseIndex].use {
            case .factory, .publicBuilding:
                houses[houseIndex].ownerName = name
            case .shop where !registeredHeads.isEmpty:
                setOwner(house: houseIndex, person: registeredHeads[dice.below(registeredHeads.count)])
            default:
                break
            }
            let division = dice.chance(0.45) ? PopulationIdentity.districtCode : PopulationIdentity.oldCountyCode
            // Shops give the owner's mobile; others (and owners without one) a landline.
            let phone = (draft.kind == .soleTrader ? representative.flatMap { people[$0].phone } : nil)
                ?? PopulationIdentity.landline(dice: &dice)
            organisations.append(OrganisationRecord(
                id: id, name: name, creditCode: identity.creditCode(category: draft.category, division: division, dice: &dice),
                kind: draft.kind, legalRepresentative: representative.map { people[$0].name }, phone: phone,
                address: houses[houseIndex].address, houseID: houses[houseIndex].id, point: houses[houseIndex].point,
                gridCode: context.grid.code, gridPath: context.grid.path))
            if let representative, people[representative].workplaceOrganisationID == nil {
                people[representative].workplaceOrganisationID = id
            }
            for _ in 0..<staffCount(draft, isCommunity: context.grid.isCommunity, dice: &dice) {
                guard let person = staffPool.popLast() else { break }
                if people[person].workplaceOrganisationID == nil { people[person].workplaceOrganisationID = id }
            }
        }
    }

    /// Heads of companies are mostly men of 30–65; of institutions 35–58; associations 45–75.
    private func pickRepresentative(kind: OrganisationKind, adults: [(person: Int, age: Int)], dice: inout PopulationDice) -> Int? {
        guard !adults.isEmpty else { return nil }
        let ages: ClosedRange<Int> = switch kind {
        case .soleTrader: 25...62
        case .enterprise: 30...65
        case .publicInstitution: 35...58
        case .socialOrganisation: 45...75
        }
        let preferMale = kind == .enterprise || kind == .publicInstitution
        for attempt in 0..<40 {
            let candidate = adults[dice.below(adults.count)]
            guard ages.contains(candidate.age) else { continue }
            if preferMale, attempt < 20, people[candidate.person].sex == .female, dice.chance(0.6) { continue }
            return candidate.person
        }
        return adults[dice.below(adults.count)].person
    }

    private func staffCount(_ draft: OrganisationDraft, isCommunity: Bool, dice: inout PopulationDice) -> Int {
        switch draft.kind {
        case .soleTrader: dice.int(0...2)
        case .enterprise: draft.cooperative ? dice.int(2...8) : isCommunity ? dice.int(4...40) : dice.int(2...20)
        case .publicInstitution: dice.int(4...25)
        case .socialOrganisation: dice.int(0...1)
        }
    }

    /// A registered name, unique in the district.
    private mutating func organisationName(_ draft: OrganisationDraft, context: PopulationGridContext, representative: Int?,
                                           dice: inout PopulationDice) -> String {
        typealias O = PopulationOrganisations
        let townStem = PopulationNaming.stem(context.town), villageStem = PopulationNaming.stem(context.village)
        for attempt in 0..<24 {
            let candidate: String
            switch draft.kind {
            case .soleTrader:
                // Many shops carry the owner's given name: 株洲市渌口区小芳五金店.
                let given = representative.map { String(people[$0].name.dropFirst()) } ?? ""
                let word = attempt < 4 && given.count >= 2 && dice.chance(0.4) ? given : dice.pick(O.shopWords)
                candidate = O.district + (attempt >= 8 ? townStem : "") + word + dice.pick(O.trades)
            case .enterprise where draft.cooperative:
                candidate = O.district + (attempt >= 8 ? townStem : "") + villageStem + dice.pick(O.coopProducts) + "专业合作社"
            case .enterprise:
                let region = dice.pick(["湖南", "湖南", "株洲", "株洲", "株洲市渌口区"])
                candidate = region + dice.pick(O.brandWords) + dice.pick(O.industries) + (dice.chance(0.9) ? "有限公司" : "有限责任公司")
            case .publicInstitution:
                switch dice.weighted(context.grid.isCommunity ? [2, 5, 3] : [6, 3, 1]) {
                case 0: candidate = "渌口区" + townStem + villageStem + dice.pick(O.villageInstitutions)
                case 1: candidate = "渌口区" + context.town + dice.pick(O.townInstitutions)
                default: candidate = "渌口区" + dice.pick(O.districtInstitutions)
                }
            case .socialOrganisation:
                candidate = O.district + (dice.chance(0.6) ? context.village + dice.pick(O.villageAssociations)
                                                            : townStem + dice.pick(O.townAssociations))
            }
            if organisationNames.insert(candidate).inserted { return candidate }
        }
        // Every pattern is taken: number it like a branch.
        var n = 2
        while true {
            let candidate = O.district + context.village + PopulationText.chineseNumeral(n) + "号服务点"
            if organisationNames.insert(candidate).inserted { return candidate }
            n += 1
        }
    }
}
