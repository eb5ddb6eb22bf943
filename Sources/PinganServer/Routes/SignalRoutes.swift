import Foundation
import Hummingbird
import PinganAccess
import PinganKernel
import PinganSignals

/// Smart signals (智慧交管): arterials and their green waves, intersections and their plans, evaluations.
struct SignalRoutes {
    let signals: SignalService
    let audit: AuditLog
    let clock: any PinganClock
    var reads: ReadAudit { ReadAudit(audit: audit, clock: clock) }

    struct PeriodRequest: StrictDecodable {
        static let fields: Set<String> = ["period", "cycle"]
        var period: String?
        var cycle: Double?
    }

    struct NetworkRequest: StrictDecodable {
        static let fields: Set<String> = ["period", "cycle"]
        var period: String?
        var cycle: Double?
    }

    /// The period of a network request: `?period=` or the body's `period` (they must agree), the morning peak when neither.
    static func networkRequest(_ request: Request) async throws -> (period: DayPeriod, cycle: Double?) {
        let buffer = try await request.collectBody(.small)
        let data = Data(buffer.readableBytesView)
        let empty = data.allSatisfy({ [0x20, 0x09, 0x0a, 0x0d].contains($0) })
        if !empty { try StrictJSON.requireJSONContentType(request) }
        let body = empty ? NetworkRequest() : try StrictJSON.decode(NetworkRequest.self, from: data)
        let query = request.uri.queryParameters.get("period")
        if let query, let inBody = body.period, query != inBody {
            throw Problem.invalid("period", "查询参数与请求体中的时段不一致")
        }
        return (try SignalService.period(query ?? body.period), body.cycle)
    }

    struct PhaseRequest: Decodable {
        var name: String?
        var movements: [String]
        var green: Double
        var amber: Double
        var allRed: Double
        var pedestrianMinimum: Double?
    }

    struct PlanRequest: StrictDecodable {
        static let fields: Set<String> = ["cycle", "offset", "phases"]
        var cycle: Double
        var offset: Double
        var phases: [PhaseRequest]
    }

    struct Items<Item: Encodable>: Encodable { var items: [Item] }

    /// A list request writes one audit entry with its query and the ids it returned (batched).
    func add(to group: RouterGroup<AppRequestContext>) {
        group.get("signals/arterials") { request, context in
            let period = try SignalService.period(request.uri.queryParameters.get("period"))
            let items = try await signals.arterials(period: period, for: try context.requireIdentity())
            await reads.record(context, "signals.arterials", query: "\(request.uri)", ids: items.map(\.id))
            return try JSONResponse.make(Items(items: items))
        }
        group.get("signals/arterials/{id}") { request, context in
            let period = try SignalService.period(request.uri.queryParameters.get("period"))
            let id = try context.parameters.require("id")
            let arterial = try await signals.arterial(id: id, period: period, for: try context.requireIdentity())
            await reads.record(context, "signals.arterial", query: "\(request.uri)", ids: [id])
            return try JSONResponse.make(arterial)
        }
        group.post("signals/arterials/{id}/optimize") { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.signalsWrite)
            let body = try await StrictJSON.decode(PeriodRequest.self, from: request, limit: .small)
            return try JSONResponse.make(try await signals.optimize(
                id: try context.parameters.require("id"), period: try SignalService.period(body.period), cycle: body.cycle,
                for: identity, client: context.client))
        }
        group.post("signals/arterials/{id}/apply") { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.signalsWrite)
            let body = try await StrictJSON.decode(PeriodRequest.self, from: request, limit: .small)
            if body.cycle != nil { throw Problem.invalid("cycle", "应用方案时不能指定周期") }
            return try JSONResponse.make(try await signals.apply(
                id: try context.parameters.require("id"), period: try SignalService.period(body.period), for: identity, client: context.client))
        }
        group.get("signals/network") { request, context in
            let period = try SignalService.period(request.uri.queryParameters.get("period"))
            let network = try await signals.network(period: period, for: try context.requireIdentity())
            await reads.record(context, "signals.network", query: "\(request.uri)", ids: [])
            return try JSONResponse.make(network)
        }
        group.post("signals/network/optimize") { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.signalsWrite)
            let (period, cycle) = try await Self.networkRequest(request)
            return try JSONResponse.make(try await signals.optimizeNetwork(period: period, cycle: cycle, for: identity, client: context.client))
        }
        group.post("signals/network/apply") { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.signalsWrite)
            let (period, cycle) = try await Self.networkRequest(request)
            if cycle != nil { throw Problem.invalid("cycle", "应用方案时不能指定周期") }
            return try JSONResponse.make(try await signals.applyNetwork(period: period, for: identity, client: context.client))
        }
        group.get("signals/intersections") { request, context in
            let items = try await signals.intersections(arterial: request.uri.queryParameters.get("arterial"), for: try context.requireIdentity())
            await reads.record(context, "signals.intersections", query: "\(request.uri)", ids: items.map(\.id))
            return try JSONResponse.make(Items(items: items))
        }
        group.get("signals/intersections/{id}") { request, context in
            let period = try SignalService.period(request.uri.queryParameters.get("period"))
            let id = try context.parameters.require("id")
            let intersection = try await signals.intersection(id: id, period: period, for: try context.requireIdentity())
            await reads.record(context, "signals.intersection", query: "\(request.uri)", ids: [id])
            return try JSONResponse.make(intersection)
        }
        group.put("signals/intersections/{id}/plans/{period}") { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.signalsWrite)
            let period = try SignalService.period(try context.parameters.require("period"))
            let body = try await StrictJSON.decode(PlanRequest.self, from: request, limit: .small)
            let phases = body.phases.enumerated().map { k, p in
                SignalPhase(name: p.name.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 } ?? "相位 \(k + 1)",
                            movements: p.movements, green: p.green, amber: p.amber, allRed: p.allRed, pedestrianMinimum: p.pedestrianMinimum ?? 0)
            }
            return try JSONResponse.make(try await signals.updatePlan(
                id: try context.parameters.require("id"), period: period, cycle: body.cycle, offset: body.offset, phases: phases,
                for: identity, client: context.client))
        }
        group.get("signals/evaluations/latest") { request, context in
            let latest = try await signals.latestEvaluation(for: try context.requireIdentity())
            await reads.record(context, "signals.evaluation", query: "\(request.uri)", ids: [])
            return try JSONResponse.make(latest)
        }
        group.post("signals/evaluations") { request, context in
            let identity = try context.requireIdentity()
            try identity.require(.signalsWrite)
            let record = try await StrictJSON.decode(SignalEvaluationRecord.self, from: request, limit: .json)
            return try JSONResponse.make(try await signals.recordEvaluation(record, for: identity, client: context.client), status: .created)
        }
    }
}

extension SignalEvaluationRecord: StrictDecodable {}
