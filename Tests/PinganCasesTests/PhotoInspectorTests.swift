import Foundation
import PinganKernel
import Testing
@testable import PinganCases

/// Real files written by real encoders (CPython's imghdr test images, 16 × 16 per `file(1)`).
private enum RealFiles {
    static let jpeg = decode("/9j/4AAQSkZJRgABAQEAAQABAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/2wBDAQMDAwQDBAgEBAgQCwkLEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBD/wAARCAAQABADASIAAhEBAxEB/8QAFgABAQEAAAAAAAAAAAAAAAAABwQF/8QAJBAAAQQBBAICAwAAAAAAAAAAAQIDBAYFBwgSExEiABQJMTL/xAAVAQEBAAAAAAAAAAAAAAAAAAAABv/EACMRAAECBQMFAAAAAAAAAAAAAAECEQMEBQYhABIxFRZhgeH/2gAMAwEAAhEDEQA/ABSm0mobc8HmExLUlRzzEWPkJWW+ulrsaUVAseUgslSlH9LKuPryIKuWPZdskzXmm3fX5m2nF4GlVxx/HOpx4ks51+MiU/Iaad7UcUo4tILoS4kqcWkezS0hO/HvuRp0rO6hWnWO1UisZVuFi4GFeyEpmGepa5S5SWVPuciFKRFLgSrwetnyPIB+Vb4N9mKhQMzo5po9XLdDs9d6ZVix2VEhiL9kuNPxw2gEKcDQ/rs8AuA8VAe0vdl7VOYn+27flGAUgmITjbhSmCg3BYlyeWDkMolvw4KOp1KM6iCNvngZHwetf//Z")
    static let png = decode("iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAMAAAAoLQ9TAAAAIGNIUk0AAHomAACAhAAA+gAAAIDoAAB1MAAA6mAAADqYAAAXcJy6UTwAAAHFUExURQAAAE6NwEqGujxxnjdolgAAAAAAAAAAAAAAAAAAAE6PxEyKv0iFtkN9rT10oTlsljZmkAAAAAAAAFKRxv3dSvnVPgAAADJghwAAAP3VNgAAADVokgAAAOzORQAAADZpkxsxRQAAAAAAAOLDRf3ZQQAAAEaBsjZnkQAAAPLhbv3pav3LG0N9rhwyS/Xjb/PBGkB1oz1zogAAAMKaEgAAAAAAAAAAAAAAAAAAAOjHPevFNOvCKuu+Ieu7GMabEgAAAAAAAAAAAAAAAAAAAAAAAAAAAP3eTgAAAAAAAAAAAAAAAPHQP/rTOf3SL/rHGcCXEgAAAAAAAAAAAAAAAAAAAAAAAEiDtER+rUB4p0yKvP///0V/r0F5qD50ojpvmzZplEmFt0aAsUJ7qj51oztwnTdqljhsl0+NwUuIu0R9rUB4pj1zoDltmf/iVVCPw0yJvEiEtT10of/eS//aQU2LvkaAsDtwnP/aQv/WN//TLUqHuUeBskN8qz92pf/XOP/PI//mYf/jV//fTf/bQv/TLv/PJP/rbP/nYf/bQ//XOf/MHDpwnP/nYv/jWP/fTv/TL//bRP/XOv/TMP/QJf/YOv/UMP/QJpJJAAIAAABWdFJOUwCv7feSCwMoQRV+oKGjp6qqSBi994IKtkPtJPdPiD22XExHa/dG96pOpvf311uzwm/3S3o0CCE8NaqpqampeSACCRMSLB73QBwFAUzM99h7Ox1CRTgf+DIQcQAAAAFiS0dEWgO7paIAAAD1SURBVBjTY2AAAkamsPAIZhZWNgYoiIyKjomNi2dnhQkkJCYlp6TGc3CCeVzcPLx8/AJp8fGCQiC+cHpGWGZWdk48UCBXRFSMIS+/IDqmMA7IF5coKpaUYihJKE1KLkuNlxaXkS2vqJRjqKquqZVXUBRU4lBWqausV2VQy8xS19DUamhsaq5radVWYtCJKdTVa2tvbOrobGnt0udgMDDsNmrr6e3r6Oxv7eoyNmEwNTO3APItraxtbG3tOOwZHBydnHv7JkycNLmLw8LFFeJ6twlTpk6L0nb3cPT0Agt4+/hO6/LzD3CGec400CJIKTgk1BTIBgBAYkJ/yC2b5QAAACV0RVh0ZGF0ZTpjcmVhdGUAMjAxNC0wMS0yNlQyMDo1OTozNyswMjowMPuaB3cAAAAldEVYdGRhdGU6bW9kaWZ5ADIwMTQtMDEtMjZUMjA6NTk6MDArMDI6MDDB74amAAAAAElFTkSuQmCC")
    /// VP8X + ALPH + lossy VP8.
    static let webp = decode("UklGRqgBAABXRUJQVlA4WAoAAAAQAAAADwAADwAAQUxQSMMAAAABJ6KokSTleucYX+ffKpmImP90cY3gJjDi4Yt3MsjBEVyDKzDosHgVjnhRNcEIDAJPkqBqsFUZHNa2bUYvTsZ2PLbtd/uvKa4hov9J0f2PkPe6REkkGzolkTTzFG0Ox9PlFiD0CxS+kOGDtxoynjaCfx0pfk52CPuInrOR75lzRugygtv4zEiy90UwfSD9NheMITJWLaXWayO8XeOlWRXVnIGk2W6WdYoYMQ+KqixQNPowgt+6a1BSKbUtz+lUFAoBAAAAVlA4IL4AAACQAgCdASoQABAAAwA0JbACdDBPCIUMfAMdCCz96AD+/XSg/QKbH4r3Q3ycN/bSDK/T/zVo4u6nvclvG/SqxWOuup+XhN9BojvaW+Tv+MvxvX/hr/o/5Qns9LtmX/+qKdl/yWznhuasl7nkxvSTI4xf3Y85VSB/lU/8Ofj/b9JrA+ifvIOYZm2x1RP/dhfmsf5diuSfR7+z+r/+HR3zEo/+XM/B+vkYw73Pzx+ROaAB/ZoBSzEs3rzZe6qsAAAA")
    static let gif = decode("R0lGODlhEAAQAPU/AOu7GOu+IfPBGvrHGf3LG//MHOvCKv/PI//PJP/QJf/TLevFNOjHPf/TMP/UMP3VNvrTOf/XOfnVPv/YOuzORf/aQf/bRP/eS//fTv/iVf/jWP/nYvLhbvXjb/3pav/rbDJghzZmkDZnkTZpkzdoljdqljlsljpvmzpwnDtwnDxxnj1zoj50oj92pUB4pkJ7qkN8q0N9rUV/r0aAsUeBskiDtEiFtkqGukyJvEyKvEyKv0+NwVCPw1KRxv///wAAACH/C0ltYWdlTWFnaWNrB2dhbW1hPTAAIfkEBQAAPwAsAAAAABAAEAAABpvAn/C3u81iLRVpyBTmfLMXC1VqMm1RVqo0sv50thjLFDKVqszeDleTuVSn0fmXuUh+PB1N9oKP/iA/FxUPXzY0UipnIoEUhAo/hzAuXU0VEQoHP0cuIj8cHhsZGBUTCggEPzFSPx0fGxoYFhENCAUCQispP6+xpacFBVawGAwLBgEAAF6xsw0Jwl4/shEOCT6p0j8QzwUD2uBDQQA7")
    static let bmp = decode("Qk2KBAAAAAAAAIoAAAB8AAAAEAAAABAAAAABACAAAwAAAAAEAAAAAAAAAAAAAAAAAAAAAAAAAAD/AAD/AAD/AAAAAAAA/0JHUnOAwvUoYLgeFSCF6wFAMzMTgGZmJkBmZgagmZkJPArXAyRcjzIAAAAAAAAAAAAAAAAEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAgAAAAdAAAANQAAAEIAAABHAAAARQAAADgAAAAfAAAACAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/0PFMOdP6zC/S/fcm0P//HMz//xnH+tgSl8B7AAAAOwAAABIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAATt7990Tb//862P//MNT//ybQ////////G8v99wAAAEAAAAAcAAAACQAAAAUAAAABAAAAAgAAAAkAAAATAAAAEljj//9O3///RNv//zrX//8w0///JdD//xzM//8AAABBAAAANQAAACwAAAAeAAAACwAAAAgAAAAhAAAAPAAAADVi5///WOP//07f//89x+iqNMXrqSrC66khvuupGLvrqRi766kSm8Z5AAAAQQAAACCjdUBvonM995xwOv8AAABLbOv//2Ln//9Y4///Tt///0Pb//851///L9P//yTP//8czP//HMz//xKawnoAAAA0rn1D16h5Qf+hdD3/SzIcW2/j9bNs6///Yef//1fj//9N3///Q9v//znX//8u0///JM///xzM//8awfPCAAAAQbKBRvetfUT/pnhA/5FnNqoAAABObuHypmrp/fdh5v//V+P//03f//9C2///ONf//y7T//8kz///G8v99wAAAEe5h0r/soFH/6t8Q/+ldj//k2k2tkUxG1wAAABMAAAASAAAAEcAAABBRcPia0HZ/fc41///LdP//yPP//8AAABGvotN/7eFSf+wgEb/qntC/6N1Pv+ccDv/lmo3/5RpNv+SaDX3h2AytgAAAE9FzuyIQtr//zfW//8t0///AAAAPcOPUP+8iUz/tYRI/69/Rf+oeUH/oXQ9/5tvOv+UaTb/lGk2/5RpNv+HYDK2AAAAQ0ve//9B2v//NtX97QAAACTGkVK9wY1P/7uIS/+0g0j/rX1E/6Z4QP+gcz3/mW05/5RpNv+UaTb/lGk2/wAAAEhV4v//St399z7V+YIAAAAKAAAAAMSPTn6/ikygtoVIoa19Q6OhdD2nlmw5qpBmNqqXbDj/lGk2/5RpNv8AAABIAAAAGAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAC3hUn/sYBG/6p7Qv+jdT7/nXA7/5ZqN/+UaTb/AAAAQQAAABUAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAvIpM//////+vf0X/qHlB/6J0Pv+bbzr/lGk2/wAAACgAAAALAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAMCNTq+6hkrttINI/61+RP+neED/nnE895ZoN5IAAAALAAAAAwAAAAAAAAAAAAAAAA==")

    static func decode(_ text: String) -> [UInt8] { [UInt8](Data(base64Encoded: text)!) }
}

/// Tiny images assembled byte by byte from the format specifications.
private enum Build {
    static func be16(_ v: Int) -> [UInt8] { [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    static func be32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    static func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
    static func le24(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF)] }
    static func le32(_ v: Int) -> [UInt8] { le16(v & 0xFFFF) + le16(v >> 16) }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    static func pngChunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        return be32(data.count) + body + be32(Int(crc32(body)))
    }

    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    static func png(width: Int, height: Int, depth: UInt8 = 8, colour: UInt8 = 2, first: [UInt8]? = nil,
                    data: Bool = true, end: Bool = true) -> [UInt8] {
        let header = pngChunk("IHDR", be32(width) + be32(height) + [depth, colour, 0, 0, 0])
        // zlib stream of one filtered scanline of a 1×1 RGB image (content is not decoded).
        let idat = pngChunk("IDAT", [0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0x00, 0x00, 0x03, 0x01, 0x01, 0x00])
        return pngSignature + (first ?? []) + header + pngChunk("tEXt", Array("Title\0网格".utf8))
            + (data ? idat : []) + (end ? pngChunk("IEND", []) : [])
    }

    static func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] { [0xFF, marker] + be16(payload.count + 2) + payload }

    static func jpeg(width: Int, height: Int, frame: UInt8 = 0xC0, sofFirst: Bool = true, padding: Int = 0) -> [UInt8] {
        let app0 = segment(0xE0, Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0])
        let dqt = segment(0xDB, [0] + [UInt8](repeating: 1, count: 64))
        let sof = segment(frame, [8] + be16(height) + be16(width) + [3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1])
        let dht = segment(0xC4, [0x00] + [1] + [UInt8](repeating: 0, count: 15) + [0])
        let sos = segment(0xDA, [3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0])
        // Entropy-coded data with a stuffed 0xFF 0x00 and a restart marker inside.
        let scan: [UInt8] = [0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0x78] + [UInt8](repeating: 0x5A, count: padding)
        let headers = sofFirst ? dqt + sof + dht + sos : dqt + dht + sos
        return [0xFF, 0xD8] + app0 + headers + scan + (sofFirst ? [] : sof) + [0xFF, 0xD9]
    }

    static func riff(_ chunks: [UInt8]) -> [UInt8] { Array("RIFF".utf8) + le32(chunks.count + 4) + Array("WEBP".utf8) + chunks }

    static func webpChunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        Array(type.utf8) + le32(data.count) + data + (data.count % 2 == 1 ? [0] : [])
    }

    static func vp8lData(width: Int, height: Int) -> [UInt8] {
        [0x2F] + le32((width - 1) | (height - 1) << 14) + [0x00, 0x00, 0x00]
    }

    static func webpLossless(width: Int, height: Int) -> [UInt8] { riff(webpChunk("VP8L", vp8lData(width: width, height: height))) }

    static func webpLossy(width: Int, height: Int, startCode: [UInt8] = [0x9D, 0x01, 0x2A]) -> [UInt8] {
        riff(webpChunk("VP8 ", [0x50, 0x02, 0x00] + startCode + le16(width) + le16(height) + [0x01, 0x02, 0x03, 0x04]))
    }

    static func webpExtended(width: Int, height: Int, image: Bool = true) -> [UInt8] {
        let vp8x = webpChunk("VP8X", [0, 0, 0, 0] + le24(width - 1) + le24(height - 1))
        return riff(vp8x + (image ? webpChunk("VP8L", vp8lData(width: width, height: height)) : webpChunk("EXIF", [1, 2, 3])))
    }
}

private func rejection(_ bytes: [UInt8], maxBytes: Int = PhotoInspector.maxBytes) -> String? {
    do {
        _ = try PhotoInspector.inspect(bytes, maxBytes: maxBytes)
        return nil
    } catch {
        return error.message
    }
}

private let notAnImage = "不是 JPEG、PNG 或 WebP 图片"
private let truncated = "图片文件不完整"
private let corrupt = "图片文件已损坏"

@Suite("Photo inspector")
struct PhotoInspectorTests {
    @Test func realFilesFromRealEncoders() throws {
        #expect(try PhotoInspector.inspect(RealFiles.jpeg) == PhotoInfo(contentType: "image/jpeg", fileExtension: "jpg", width: 16, height: 16))
        #expect(try PhotoInspector.inspect(RealFiles.png) == PhotoInfo(contentType: "image/png", fileExtension: "png", width: 16, height: 16))
        #expect(try PhotoInspector.inspect(RealFiles.webp) == PhotoInfo(contentType: "image/webp", fileExtension: "webp", width: 16, height: 16))
        // JPEG without the JFIF segment (raw DQT straight after SOI).
        let raw = Array(RealFiles.jpeg[0..<2]) + Array(RealFiles.jpeg[20...])
        #expect(try PhotoInspector.inspect(raw).width == 16)
    }

    @Test(arguments: [
        (Build.jpeg(width: 640, height: 480), "image/jpeg", 640, 480),
        (Build.jpeg(width: 4032, height: 3024, frame: 0xC2), "image/jpeg", 4032, 3024),  // progressive
        (Build.png(width: 1, height: 1), "image/png", 1, 1),
        (Build.png(width: 20_000, height: 3, depth: 16, colour: 6), "image/png", 20_000, 3),
        (Build.webpLossless(width: 300, height: 200), "image/webp", 300, 200),
        (Build.webpLossy(width: 1920, height: 1080), "image/webp", 1920, 1080),
        (Build.webpExtended(width: 5000, height: 7), "image/webp", 5000, 7),
    ])
    func handBuiltImages(bytes: [UInt8], type: String, width: Int, height: Int) throws {
        let info = try PhotoInspector.inspect(bytes)
        #expect(info.contentType == type)
        #expect(info.fileExtension == ["image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"][type])
        #expect(info.width == width && info.height == height)
    }

    @Test func otherFormatsAndRenamedFilesAreRefused() {
        #expect(rejection(RealFiles.gif) == notAnImage)
        #expect(rejection(Array("GIF89a".utf8) + [UInt8](repeating: 0, count: 20)) == notAnImage)
        #expect(rejection(RealFiles.bmp) == notAnImage)
        #expect(rejection([0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0, 0, 0, 0, 0]) == notAnImage)  // TIFF
        #expect(rejection(Array("这是一段被改名为 photo.jpg 的文字。".utf8)) == notAnImage)
        #expect(rejection(Array("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8)) == notAnImage)
        #expect(rejection(Array("%PDF-1.7\n".utf8)) == notAnImage)
        #expect(rejection(Array("RIFF\u{24}\0\0\0WAVEfmt ".utf8)) == notAnImage)
        #expect(rejection([]) == "图片文件为空")
    }

    @Test func everyProperPrefixOfAValidImageIsRefused() throws {
        let images = [RealFiles.jpeg, RealFiles.png, RealFiles.webp, Build.jpeg(width: 8, height: 8),
                      Build.png(width: 2, height: 2), Build.webpLossy(width: 9, height: 9), Build.webpExtended(width: 3, height: 3)]
        for image in images {
            _ = try PhotoInspector.inspect(image)
            for length in 1..<image.count {
                let message = rejection(Array(image.prefix(length)))
                #expect(message != nil, "prefix \(length) of \(image.count) accepted")
                if length > 12 { #expect(message == truncated, "prefix \(length): \(message ?? "")") }
            }
        }
    }

    @Test func sizeLimit() throws {
        #expect(PhotoInspector.maxBytes == 8 * 1024 * 1024)
        let oversize = [0xFF, 0xD8, 0xFF] + [UInt8](repeating: 0, count: PhotoInspector.maxBytes - 2)
        #expect(rejection(oversize) == "图片超过 8 MB")
        #expect(rejection(RealFiles.png, maxBytes: 1000) == "图片超过 1000 字节")
        #expect(rejection(RealFiles.png, maxBytes: RealFiles.png.count) == nil)
        // Exactly at the limit is fine: a JPEG followed by trailing data (as motion photos append video).
        let padded = RealFiles.jpeg + [UInt8](repeating: 0x20, count: PhotoInspector.maxBytes - RealFiles.jpeg.count)
        #expect(padded.count == PhotoInspector.maxBytes)
        #expect(try PhotoInspector.inspect(padded).height == 16)
        // A full-size photo whose scan data must be walked to the end to find EOI.
        let big = Build.jpeg(width: 4000, height: 3000, padding: PhotoInspector.maxBytes - 400)
        let clock = ContinuousClock()
        var width = 0
        let elapsed = clock.measure { width = (try? PhotoInspector.inspect(big).width) ?? 0 }
        #expect(width == 4000)
        #expect(elapsed < .seconds(5), "\(elapsed)")
        #expect(rejection(Array(big.dropLast(2))) == truncated)
    }

    @Test func dimensionsMustBeSane() {
        #expect(rejection(Build.png(width: 0, height: 10)) == "图片宽度或高度为 0")
        #expect(rejection(Build.png(width: 10, height: 0)) == "图片宽度或高度为 0")
        #expect(rejection(Build.png(width: 20_001, height: 10))?.contains("20000") == true)
        #expect(rejection(Build.png(width: 1 << 31, height: 10)) != nil)
        #expect(rejection(Build.jpeg(width: 0, height: 480)) == "图片宽度或高度为 0")
        #expect(rejection(Build.jpeg(width: 30_000, height: 480))?.contains("20000") == true)
        #expect(rejection(Build.webpExtended(width: 20_001, height: 5))?.contains("20000") == true)
        #expect(rejection(Build.webpLossy(width: 0, height: 5)) == "图片宽度或高度为 0")
    }

    @Test func brokenStructureIsRefused() {
        // PNG: IHDR not first, impossible depth for RGB, no image data, an IHDR-sized lie.
        #expect(rejection(Build.png(width: 4, height: 4, first: Build.pngChunk("tEXt", [65]))) == corrupt)
        #expect(rejection(Build.png(width: 4, height: 4, depth: 4, colour: 2)) == corrupt)
        #expect(rejection(Build.png(width: 4, height: 4, data: false)) == corrupt)
        var badLength = Build.png(width: 4, height: 4)
        badLength[11] = 12
        #expect(rejection(badLength) == corrupt)
        // JPEG: scan before any frame header, garbage between segments, a second SOI.
        #expect(rejection(Build.jpeg(width: 8, height: 8, sofFirst: false)) == corrupt)
        var garbage = Build.jpeg(width: 8, height: 8)
        garbage.insert(0x42, at: 20)  // right after the 18-byte APP0 segment
        #expect(rejection(garbage) == corrupt)
        #expect(rejection([0xFF, 0xD8] + [0xFF, 0xD8] + Array(Build.jpeg(width: 8, height: 8).dropFirst(2))) == corrupt)
        #expect(rejection([0xFF, 0xD8, 0xFF, 0xD9]) == corrupt)  // SOI, EOI, nothing in between
        // WebP: RIFF size too large (cut) or too small (trailing bytes), unknown first chunk, no start code, no image.
        var tooLong = Build.webpLossless(width: 4, height: 4)
        tooLong[4] &+= 2
        #expect(rejection(tooLong) == truncated)
        #expect(rejection(Build.webpLossless(width: 4, height: 4) + [0, 0]) == corrupt)
        #expect(rejection(Build.riff(Build.webpChunk("ABCD", [1, 2, 3, 4]))) == corrupt)
        #expect(rejection(Build.webpLossy(width: 4, height: 4, startCode: [0x9D, 0x01, 0x2B])) == corrupt)
        #expect(rejection(Build.webpExtended(width: 4, height: 4, image: false)) == corrupt)
    }

    @Test func mangledBytesNeverCrashAndNeverPassAsSomethingElse() {
        var random = SeededGenerator(seed: 311)
        let seeds = [RealFiles.jpeg, RealFiles.png, RealFiles.webp, Build.jpeg(width: 8, height: 8),
                     Build.webpExtended(width: 3, height: 3), Build.png(width: 2, height: 2)]
        var accepted = 0, refused = 0
        for round in 0..<6000 {
            var bytes = seeds[round % seeds.count]
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let i = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[i] = UInt8.random(in: 0...255, using: &random)
                case 1: bytes.remove(at: i)
                default: bytes.insert(UInt8.random(in: 0...255, using: &random), at: i)
                }
            }
            do {
                let info = try PhotoInspector.inspect(bytes)
                accepted += 1
                #expect((1...20_000).contains(info.width) && (1...20_000).contains(info.height))
                let expected = bytes.starts(with: [0xFF, 0xD8, 0xFF]) ? "image/jpeg" : bytes.starts(with: Build.pngSignature) ? "image/png" : "image/webp"
                #expect(info.contentType == expected)
            } catch {
                refused += 1
                #expect(!error.message.isEmpty)
            }
        }
        // Both outcomes happen: the checks are neither blind nor paranoid.
        #expect(accepted > 0 && refused > 0, "accepted \(accepted), refused \(refused)")
    }
}
