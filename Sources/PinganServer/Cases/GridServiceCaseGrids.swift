import PinganCases
import PinganGovernance
import PinganKernel

/// The grid part, seen through the narrow window the events part needs (from memory).
struct GridServiceCaseGrids: CaseGrids {
    let grids: GridService

    func locate(_ point: GeoPoint) -> GridPlace? {
        grids.locateLeaf(point).flatMap { place(code: $0) }
    }

    func place(code: String) -> GridPlace? {
        grids.summary(code: code).map { GridPlace(code: $0.code, name: $0.name, level: $0.level, path: $0.path) }
    }

    func children(of code: String) -> [GridPlace] {
        grids.childSummaries(of: code).map { GridPlace(code: $0.code, name: $0.name, level: $0.level, path: $0.path) }
    }
}
