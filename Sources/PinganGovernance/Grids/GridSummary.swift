import Foundation
import PinganKernel

/// A node without its boundary: what lists, trees and paths need.
public struct GridSummary: Sendable, Hashable {
    public var layer: GridLayer
    public var code: String
    public var name: String
    public var level: Int
    public var parentCode: String?
    public var path: String
    public var bbox: BoundingBox
    public var labelPoint: GeoPoint
    public var validFrom: Date
    public var validTo: Date?
}
