import Foundation
import PinganKernel
import SQLKit

/// The current plan versions a proposal was optimised from, per intersection, for its period. A proposal
/// is applied only onto those plans: if any of them changed since (a plan edit, another arterial's
/// proposal or the network's applied over a shared intersection), applying it would silently undo that
/// change and time the intersection against volumes and neighbours it no longer has. After an apply the
/// basis becomes the versions the proposal itself put in place, so applying it again changes nothing.
public enum ProposalBasis {
    /// The current plan version of each of `ids` for `period` (0 where there is none).
    static func current(_ ids: [String], period: DayPeriod, on db: any SQLDatabase) async throws -> [String: Int] {
        let plans = try await SignalStore.currentPlans(ids, period: period, on: db)
        return Dictionary(ids.map { ($0, plans[$0]?[period]?.version ?? 0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Why a proposal optimised from `basis` no longer fits the plans running now, in Chinese; nil when it fits.
    /// A proposal stored before bases were recorded has none and must be optimised again.
    static func staleness(_ basis: [String: Int]?, current: [String: Int], names: [String: String] = [:]) -> String? {
        guard let basis else { return "该方案生成时未记录所依据的现行配时，请重新优化。" }
        let changed = current.keys.sorted().filter { basis[$0] != current[$0] }
        guard !changed.isEmpty else { return nil }
        let shown = changed.prefix(3).map { names[$0] ?? $0 }.joined(separator: "、")
        return "优化之后，\(changed.count) 个路口（\(shown)\(changed.count > 3 ? "等" : "")）的现行配时已被修改或另行下发，请重新优化。"
    }
}
