import Hummingbird
import Metrics
import Prometheus
import PinganKernel

/// `GET /healthz` (open) and `GET /metrics` (Prometheus text; loopback or `--metrics-allow` only).
struct OperationsRoutes {
    let registry: PrometheusCollectorRegistry
    /// Besides loopback, the networks a scraper may call from (`--metrics-allow`).
    var metricsAllow: [IPNetwork] = []

    func add(to router: Router<AppRequestContext>) {
        router.get("healthz") { _, _ in
            JSONResponse.raw(Data(#"{"status":"ok"}"#.utf8))
        }
        router.get("metrics") { _, context in
            // Scrapers run on the host (or a configured network); the numbers are not for anyone
            // else. `context.client` is the forwarded client behind a trusted proxy, so a public
            // request relayed by the local nginx is not "loopback".
            guard (IPNetwork.loopback + metricsAllow).containsAddress(context.client) else { throw Problem.notFound }
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
        }
    }
}

import Foundation

/// swift-metrics can be bootstrapped once per process; tests build many applications.
enum MetricsBootstrap {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}
