import HTTPTypes
import Hummingbird

/// Reads a `/v1` request body up to `limits.max_api_body_bytes`, the one body reader of every API route.
///
/// A declared `Content-Length` over the limit is refused before any byte is read; a body without one (chunked) is
/// read part by part and refused as soon as the next part would pass the limit, so no more than the limit is ever
/// held. The part not read is discarded by the server, never buffered. The refusal is `413 too_large` in the
/// API's problem JSON.
struct APIBodyReader: Sendable {
    /// The most bytes a body may have.
    let limit: Int

    /// The whole body, or the answer to give instead (413 over the limit, 400 when the body cannot be read).
    func read(_ request: Request) async -> Result<[UInt8], ResponseProblem> {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            return .failure(tooLarge)
        }
        var body: [UInt8] = []
        do {
            for try await buffer in request.body {
                guard buffer.readableBytes <= limit - body.count else { return .failure(tooLarge) }
                body.append(contentsOf: buffer.readableBytesView)
            }
        } catch {
            return .failure(
                ResponseProblem(APIProblem.response(.badRequest, "unreadable_body", "the request body could not be read")))
        }
        return .success(body)
    }

    /// `413 too_large`, naming the limit.
    var tooLarge: ResponseProblem {
        ResponseProblem(
            APIProblem.response(
                .contentTooLarge, "too_large", "the body is larger than \(limit) bytes",
                remedy: "send a smaller body (the gateway's limits.max_api_body_bytes)"))
    }
}
