/// What a photo turned out to be, judged from its bytes (never from its name).
public struct PhotoInfo: Sendable, Hashable {
    /// `image/jpeg`, `image/png` or `image/webp`
    public var contentType: String
    /// `jpg`, `png` or `webp`
    public var fileExtension: String
    public var width: Int
    public var height: Int

    public init(contentType: String, fileExtension: String, width: Int, height: Int) {
        self.contentType = contentType
        self.fileExtension = fileExtension
        self.width = width
        self.height = height
    }
}

/// Why a photo was refused, in Chinese for the person who uploaded it.
public struct PhotoRejection: Error, Sendable, Equatable {
    public var message: String

    public init(_ message: String) { self.message = message }

    static let notAnImage = PhotoRejection("不是 JPEG、PNG 或 WebP 图片")
    static let empty = PhotoRejection("图片文件为空")
    static let truncated = PhotoRejection("图片文件不完整")
    static let corrupt = PhotoRejection("图片文件已损坏")
    static let noSize = PhotoRejection("图片宽度或高度为 0")
    static let tooManyPixels = PhotoRejection("图片宽度或高度超过 \(PhotoInspector.maxDimension) 像素")

    static func tooLarge(_ limit: Int) -> PhotoRejection {
        let size = limit % (1 << 20) == 0 ? "\(limit >> 20) MB" : "\(limit) 字节"
        return PhotoRejection("图片超过 \(size)")
    }
}

/// Checks an uploaded photo by content: JPEG, PNG or WebP, structurally whole (segments,
/// chunks and container sizes add up, the end marker is there) and of a sane size. It reads
/// headers only and decodes no pixels, so an 8 MB photo costs one pass over its bytes at most.
public enum PhotoInspector {
    /// 8 MB: a phone photo fits, a video renamed to .jpg does not.
    public static let maxBytes = 8 << 20
    /// Larger sides are not photos of a street (and would be costly to thumbnail).
    public static let maxDimension = 20_000

    public static func inspect(_ bytes: [UInt8], maxBytes: Int = PhotoInspector.maxBytes) throws(PhotoRejection) -> PhotoInfo {
        guard bytes.count <= maxBytes else { throw .tooLarge(maxBytes) }
        guard !bytes.isEmpty else { throw .empty }
        let reader = ByteReader(bytes)
        let info: PhotoInfo
        if reader.matches([0xFF, 0xD8, 0xFF], at: 0) {
            info = try jpeg(reader)
        } else if reader.matches(pngSignature, at: 0) {
            info = try png(reader)
        } else if reader.matches(Array("RIFF".utf8), at: 0) && reader.matches(Array("WEBP".utf8), at: 8) {
            info = try webp(reader)
        } else if bytes.count < 12 && isPrefixOfSignature(bytes) {
            throw .truncated
        } else {
            throw .notAnImage
        }
        guard info.width > 0, info.height > 0 else { throw .noSize }
        guard info.width <= maxDimension, info.height <= maxDimension else { throw .tooManyPixels }
        return info
    }

    private static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// A few bytes that could still become an image were cut off, rather than being something else.
    private static func isPrefixOfSignature(_ bytes: [UInt8]) -> Bool {
        [[0xFF, 0xD8, 0xFF], pngSignature, Array("RIFF".utf8)].contains { signature in
            let n = min(signature.count, bytes.count)
            return bytes.prefix(n).elementsEqual(signature.prefix(n))
        }
    }
}

// MARK: - JPEG

extension PhotoInspector {
    /// Walks marker segments from SOI: dimensions come from the SOFn frame header, which must
    /// precede the first scan; then the entropy-coded data is skipped (0xFF is always followed by
    /// 0x00 or RSTn inside it) until EOI, whose absence means the upload was cut short.
    private static func jpeg(_ r: ByteReader) throws(PhotoRejection) -> PhotoInfo {
        var pos = 2
        var size: (width: Int, height: Int)?
        while true {
            let (marker, next) = try nextMarker(r, from: pos)
            pos = next
            switch marker {
            case 0xD9:  // EOI
                guard let size else { throw .corrupt }
                return PhotoInfo(contentType: "image/jpeg", fileExtension: "jpg", width: size.width, height: size.height)
            case 0x01, 0xD0...0xD7:  // TEM, RSTn: no length
                continue
            case 0xD8:
                throw .corrupt
            default:
                guard let length = r.uint16BE(at: pos) else { throw .truncated }
                guard length >= 2 else { throw .corrupt }
                guard pos + length <= r.count else { throw .truncated }
                if isStartOfFrame(marker) {
                    guard length >= 8, let height = r.uint16BE(at: pos + 3), let width = r.uint16BE(at: pos + 5) else { throw .corrupt }
                    size = (width, height)
                }
                pos += length
                if marker == 0xDA {  // SOS: entropy-coded data follows
                    guard size != nil else { throw .corrupt }
                    pos = try skipEntropyData(r, from: pos)
                }
            }
        }
    }

    /// SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    private static func isStartOfFrame(_ marker: UInt8) -> Bool {
        (0xC0...0xCF).contains(marker) && marker != 0xC4 && marker != 0xC8 && marker != 0xCC
    }

    /// The marker at `pos` (fill bytes 0xFF allowed) and the position after it.
    private static func nextMarker(_ r: ByteReader, from start: Int) throws(PhotoRejection) -> (UInt8, Int) {
        var pos = start
        guard let first = r.byte(at: pos) else { throw .truncated }
        guard first == 0xFF else { throw .corrupt }
        while let b = r.byte(at: pos), b == 0xFF { pos += 1 }
        guard let marker = r.byte(at: pos) else { throw .truncated }
        guard marker != 0x00 else { throw .corrupt }
        return (marker, pos + 1)
    }

    /// Position of the first real marker after entropy-coded data.
    private static func skipEntropyData(_ r: ByteReader, from start: Int) throws(PhotoRejection) -> Int {
        var pos = start
        while pos + 1 < r.count {
            if r.bytes[pos] == 0xFF {
                let next = r.bytes[pos + 1]
                if next == 0x00 || (0xD0...0xD7).contains(next) || next == 0xFF {
                    pos += next == 0xFF ? 1 : 2
                    continue
                }
                return pos
            }
            pos += 1
        }
        throw .truncated
    }
}

// MARK: - PNG

extension PhotoInspector {
    /// IHDR must come first with a valid header; chunks must fit the file; image data must
    /// appear and IEND must close the file.
    private static func png(_ r: ByteReader) throws(PhotoRejection) -> PhotoInfo {
        var pos = 8
        var size: (width: Int, height: Int)?
        var sawData = false
        while true {
            guard let length = r.uint32BE(at: pos), let type = r.slice(pos + 4, 4) else { throw .truncated }
            guard length <= 0x7FFF_FFFF else { throw .corrupt }
            let dataStart = pos + 8
            guard dataStart + length + 4 <= r.count else { throw .truncated }
            guard type.allSatisfy({ (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) else { throw .corrupt }
            let name = String(decoding: type, as: UTF8.self)
            if size == nil {
                guard name == "IHDR", length == 13 else { throw .corrupt }
                size = try pngHeader(r, at: dataStart)
            } else if name == "IHDR" {
                throw .corrupt
            }
            if name == "IDAT" { sawData = true }
            if name == "IEND" {
                guard sawData, let size else { throw .corrupt }
                return PhotoInfo(contentType: "image/png", fileExtension: "png", width: size.width, height: size.height)
            }
            pos = dataStart + length + 4
        }
    }

    /// Width, height, and a bit depth / colour type pair the PNG specification allows.
    private static func pngHeader(_ r: ByteReader, at pos: Int) throws(PhotoRejection) -> (width: Int, height: Int) {
        guard let width = r.uint32BE(at: pos), let height = r.uint32BE(at: pos + 4),
              let depth = r.byte(at: pos + 8), let colour = r.byte(at: pos + 9),
              let compression = r.byte(at: pos + 10), let filter = r.byte(at: pos + 11),
              let interlace = r.byte(at: pos + 12) else { throw .truncated }
        let allowedDepths: [UInt8: Set<UInt8>] = [0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16]]
        guard allowedDepths[colour]?.contains(depth) == true, compression == 0, filter == 0, interlace <= 1 else { throw .corrupt }
        return (width, height)
    }
}

// MARK: - WebP

extension PhotoInspector {
    /// The RIFF size must match the file; the first chunk must be VP8, VP8L or VP8X and carry
    /// the dimensions; every chunk must fit, and an extended file must contain image data.
    private static func webp(_ r: ByteReader) throws(PhotoRejection) -> PhotoInfo {
        guard let riffSize = r.uint32LE(at: 4) else { throw .truncated }
        guard riffSize + 8 <= r.count else { throw .truncated }
        guard riffSize + 8 == r.count, riffSize >= 4 else { throw .corrupt }
        var pos = 12
        var size: (width: Int, height: Int)?
        var sawImage = false
        while pos < r.count {
            guard let type = r.slice(pos, 4), let length = r.uint32LE(at: pos + 4) else { throw .truncated }
            let dataStart = pos + 8
            guard dataStart + length <= r.count else { throw .truncated }
            let name = String(decoding: type, as: UTF8.self)
            if size == nil {
                switch name {
                case "VP8 ": size = try vp8Size(r, at: dataStart, length: length)
                case "VP8L": size = try vp8lSize(r, at: dataStart, length: length)
                case "VP8X": size = try vp8xSize(r, at: dataStart, length: length)
                default: throw .corrupt
                }
            }
            if ["VP8 ", "VP8L", "ANMF"].contains(name) { sawImage = true }
            pos = dataStart + length + (length & 1)  // chunks are padded to an even size
        }
        guard pos == r.count, sawImage, let size else { throw .corrupt }
        return PhotoInfo(contentType: "image/webp", fileExtension: "webp", width: size.width, height: size.height)
    }

    /// Lossy: a key-frame tag, the start code 9D 01 2A, then 14-bit width and height.
    private static func vp8Size(_ r: ByteReader, at pos: Int, length: Int) throws(PhotoRejection) -> (width: Int, height: Int) {
        guard length >= 10, let tag = r.byte(at: pos), r.matches([0x9D, 0x01, 0x2A], at: pos + 3),
              let w = r.uint16LE(at: pos + 6), let h = r.uint16LE(at: pos + 8) else { throw .corrupt }
        guard tag & 1 == 0 else { throw .corrupt }  // bit 0 set = inter frame, not a still image
        return (w & 0x3FFF, h & 0x3FFF)
    }

    /// Lossless: signature 0x2F, then width−1 and height−1 in 14 bits each, version 0.
    private static func vp8lSize(_ r: ByteReader, at pos: Int, length: Int) throws(PhotoRejection) -> (width: Int, height: Int) {
        guard length >= 5, r.byte(at: pos) == 0x2F, let bits = r.uint32LE(at: pos + 1) else { throw .corrupt }
        guard bits >> 29 == 0 else { throw .corrupt }
        return ((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
    }

    /// Extended: flags, 3 reserved bytes, canvas width−1 and height−1 in 24 bits each.
    private static func vp8xSize(_ r: ByteReader, at pos: Int, length: Int) throws(PhotoRejection) -> (width: Int, height: Int) {
        guard length >= 10, let w = r.uint24LE(at: pos + 4), let h = r.uint24LE(at: pos + 7) else { throw .corrupt }
        return (w + 1, h + 1)
    }
}

/// Bounds-checked reads: every accessor answers nil past the end instead of trapping, so a
/// hostile upload can only be refused, never crash the server.
private struct ByteReader {
    let bytes: [UInt8]
    var count: Int { bytes.count }

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func byte(at i: Int) -> UInt8? { i >= 0 && i < count ? bytes[i] : nil }

    func slice(_ start: Int, _ length: Int) -> ArraySlice<UInt8>? {
        start >= 0 && length >= 0 && start <= count - length ? bytes[start..<start + length] : nil
    }

    func matches(_ pattern: [UInt8], at start: Int) -> Bool { slice(start, pattern.count).map { $0.elementsEqual(pattern) } ?? false }

    private func unsigned(at start: Int, _ length: Int, bigEndian: Bool) -> Int? {
        guard let s = slice(start, length) else { return nil }
        return (bigEndian ? Array(s) : s.reversed()).reduce(0) { $0 << 8 | Int($1) }
    }

    func uint16BE(at i: Int) -> Int? { unsigned(at: i, 2, bigEndian: true) }
    func uint32BE(at i: Int) -> Int? { unsigned(at: i, 4, bigEndian: true) }
    func uint16LE(at i: Int) -> Int? { unsigned(at: i, 2, bigEndian: false) }
    func uint24LE(at i: Int) -> Int? { unsigned(at: i, 3, bigEndian: false) }
    func uint32LE(at i: Int) -> Int? { unsigned(at: i, 4, bigEndian: false) }
}
