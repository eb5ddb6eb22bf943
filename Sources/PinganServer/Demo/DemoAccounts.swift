import Foundation
import PinganAccess
import PinganCases
import PinganGovernance
import PinganKernel

/// The demo's accounts, named as the conventions say: admin, auditor, secadmin, centre,
/// leader, traffic, town-<9 digits>, village-<12 digits>, grid-<15 digits>, police-<station>.
enum DemoAccounts {
    struct Result {
        var users: [NewUser]
        var workers: [GridStore.WorkerAssignment]
    }

    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
    static let givenChars = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅林玲志文辉斌宇浩凯鹏飞丹蕾琳晨欣怡婷佳慧俊峰海波亮成龙燕萍")

    static func personName(_ rng: inout SeededGenerator) -> String {
        let surname = surnames[Int(rng.next() % UInt64(surnames.count))]
        let n = rng.next() % 3 == 0 ? 1 : 2
        var name = String(surname)
        for _ in 0..<n { name.append(givenChars[Int(rng.next() % UInt64(givenChars.count))]) }
        return name
    }

    /// The departments whose data the demo imports, each bound to the source its files carry:
    /// the household register (name and ID), housing and real-estate registers, the market regulator.
    static let importSources: [String: String?] = [
        "dept-gaj": "公安户籍", "dept-zjj": "住建局", "dept-zrj": "不动产登记中心", "dept-scj": "市场监管局", "dept-mzj": "民政局",
    ]

    static func make(nodes: [GridNode], seed: UInt64) -> Result {
        var rng = SeededGenerator(seed: seed).fork("accounts")
        let governance = nodes.filter { $0.layer == .governance }
        let police = nodes.filter { $0.layer == .police }
        guard let district = governance.first(where: { $0.level == 1 }) else { return Result(users: [], workers: []) }
        func root(_ n: GridNode) -> Scope.Root { Scope.Root(layer: n.layer.rawValue, code: n.code, path: n.path) }
        let countyScope = Scope(roots: [root(district)] + police.filter { $0.level == 1 }.map(root))

        var users: [NewUser] = [
            NewUser(username: "admin", displayName: "系统管理员", role: .systemAdministrator, scope: Scope(roots: [root(district)])),
            NewUser(username: "secadmin", displayName: "安全管理员", role: .securityAdministrator),
            NewUser(username: "auditor", displayName: "安全审计员", role: .securityAuditor),
            NewUser(username: "centre", displayName: "\(district.name)综治中心", role: .districtOperator, scope: countyScope),
            NewUser(username: "leader", displayName: "\(district.name)领导", role: .leader, scope: countyScope),
            NewUser(username: "traffic", displayName: "\(district.name)交警大队信号工程师", role: .trafficEngineer, scope: Scope(roots: [root(district)])),
        ]
        for town in governance where town.level == 2 {
            users.append(NewUser(username: "town-\(town.code)", displayName: "\(town.name)综治中心", role: .townOperator,
                                 scope: Scope(roots: [root(town)])))
        }
        for village in governance where village.level == 4 {
            users.append(NewUser(username: "village-\(village.code)", displayName: "\(village.name)综治中心", role: .villageOperator,
                                 scope: Scope(roots: [root(village)])))
        }
        var workers: [GridStore.WorkerAssignment] = []
        for grid in governance where grid.level == 5 {
            let name = personName(&rng)
            let username = "grid-\(grid.code)"
            users.append(NewUser(username: username, displayName: "\(name)（\(grid.name)网格员）", role: .gridWorker,
                                 scope: Scope(roots: [root(grid)])))
            workers.append(.init(layer: .governance, code: grid.code, path: grid.path, worker: GridWorker(username: username, displayName: name)))
        }
        // One officer account per department: they see what is dispatched to their department.
        for department in DefaultCatalogue.departments {
            users.append(NewUser(username: "dept-\(department.code)", displayName: "\(department.name)承办人", role: .departmentOfficer,
                                 department: department.code, scope: Scope(roots: [root(district)])))
        }
        for station in police where station.level == 2 {
            users.append(NewUser(username: "police-\(station.code)", displayName: "\(station.name)民警", role: .policeOfficer,
                                 scope: Scope(roots: [root(station)])))
        }
        return Result(users: users, workers: workers)
    }
}
