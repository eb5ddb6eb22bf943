import Foundation
import PinganKernel

/// Mediation cases for the demo: most dispute events (矛盾纠纷) the village committees took up,
/// with parties, "五老" mediators, one to three sessions, agreements (≈ 95 % of concluded
/// cases, as committees report) and their fulfilment. Deterministic for a seed and `now`.
public enum DemoMediation {
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚")
    static let given = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅林玲志文辉斌")

    static func kind(for category: String) -> DisputeKind {
        switch category {
        case "0701": .neighbour
        case "0702": .family
        case "0703": .land
        case "0704": .labour
        default: .other
        }
    }

    public static func generate(seed: UInt64, now: Date, events: [DemoEventHistory.Event], villageNames: [String: String]) -> [MediationCase] {
        var rng = SeededGenerator(seed: seed).fork("mediation")
        func pick<T>(_ a: [T]) -> T { a[Int(rng.next() % UInt64(a.count))] }
        func name() -> String { String(pick(surnames)) + String(pick(given)) + (rng.next() % 2 == 0 ? String(pick(given)) : "") }
        func phone() -> String { "13" + String(format: "%09d", Int(rng.next() % 1_000_000_000)) }
        var out: [MediationCase] = []
        var perDay: [String: Int] = [:]
        for event in events where event.record.categoryCode.hasPrefix("07") && event.record.stage != .cancelled {
            guard rng.next() % 100 < 70 else { continue }
            let e = event.record
            let opened = (e.registeredAt ?? e.reportedAt).addingTimeInterval(Double(3600 + Int(rng.next() % 20000)))
            guard opened < now else { continue }
            let day = CountyTimeFormatting.day(opened, zone: TimeZone(identifier: "Asia/Shanghai")!).replacingOccurrences(of: "-", with: "")
            let n = (perDay[day] ?? 0) + 1
            perDay[day] = n
            let village = String(e.gridCode.prefix(12))
            let committee = "\(villageNames[village] ?? village)人民调解委员会"
            let kind = kind(for: e.categoryCode)
            let applicant = name(), respondent = name()
            let mediators = [Mediator(name: name(), kind: .cadre),
                             Mediator(name: name(), kind: pick([.retiredCadre, .retiredTeacher, .veteran, .partyMember, .deputy]))]
            var c = MediationCase(id: String(format: "TJ%@-%04d", day, n), title: "\(applicant)与\(respondent)\(kind.chineseName)", kind: kind,
                                  summary: e.description, status: .accepted, gridCode: e.gridCode, gridPath: e.gridPath, committee: committee,
                                  eventID: e.id, openedAt: opened, createdBy: "village-\(village)",
                                  parties: [MediationParty(name: applicant, role: "applicant", phone: phone()),
                                            MediationParty(name: respondent, role: "respondent", phone: phone())],
                                  mediators: mediators, sessions: [])
            var t = opened
            for seq in 1...(1 + Int(rng.next() % 3)) {
                t = t.addingTimeInterval(Double(86400 + Int(rng.next() % 259_200)))
                guard t < now else { break }
                c.sessions.append(MediationSession(seq: seq, at: t, mediators: mediators.map(\.name),
                                                   notes: seq == 1 ? "分别听取双方陈述，释法明理。" : "组织双方面对面协商，提出调解方案。",
                                                   recordedBy: "village-\(village)"))
                c.status = .mediating
            }
            let concludeAt = t.addingTimeInterval(3600)
            if c.sessions.count >= 1, concludeAt < now, rng.next() % 100 < 85 {
                let agreed = rng.next() % 100 < 95
                c.status = agreed ? .agreed : .failed
                c.agreed = agreed
                c.closedAt = concludeAt
                if agreed {
                    c.agreementText = "双方自愿达成协议：\(respondent)于约定期限内履行相应义务，双方不再就此事发生争执。"
                    c.amountCents = kind == .neighbour || kind == .family ? nil : Int64(500 + Int(rng.next() % 20000)) * 100
                    let deadline = concludeAt.addingTimeInterval(30 * 86400)
                    c.fulfilDeadline = CountyTimeFormatting.day(deadline, zone: TimeZone(identifier: "Asia/Shanghai")!)
                    c.fulfilment = "pending"
                    let doneAt = concludeAt.addingTimeInterval(Double(86400 * (3 + Int(rng.next() % 25))))
                    if doneAt < now {
                        let kept = rng.next() % 100 < 96
                        c.fulfilment = kept ? "fulfilled" : "breached"
                        c.fulfilledAt = doneAt
                        c.fulfilmentNote = kept ? "已按协议履行完毕。" : "被申请人未按期履行，已告知申请人可申请司法确认。"
                        if kept { c.status = .fulfilled }
                    }
                }
            }
            out.append(c)
        }
        return out
    }
}
