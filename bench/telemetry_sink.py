"""A discard OTLP endpoint for bench/telemetry.sh: reads each export, answers with an empty
protobuf body, and writes the posts and bytes it received (per path: /v1/traces, /v1/metrics) to
OUT_FILE on exit or SIGUSR1. OTLP/HTTP protobuf by default; with "grpc", OTLP/gRPC (the
TraceService and MetricsService Export calls, counted under the same paths).
usage: telemetry_sink.py PORT OUT_FILE [grpc]"""
import http.server
import signal
import sys
import threading

PORT, OUT = int(sys.argv[1]), sys.argv[2]
counts = {}
lock = threading.Lock()


def dump(*_):
    with lock:
        text = ", ".join(f"{path}: {n} posts, {b} bytes" for path, (n, b) in sorted(counts.items())) or "no posts"
    with open(OUT, "w") as f:
        f.write(text + "\n")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(n)
        count(self.path, n)
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def count(path, n):
    with lock:
        posts, total = counts.get(path, (0, 0))
        counts[path] = (posts + 1, total + n)


def serve_grpc():
    from concurrent import futures
    import grpc

    paths = {"TraceService/Export": "/v1/traces", "MetricsService/Export": "/v1/metrics"}

    class Generic(grpc.GenericRpcHandler):
        def service(self, details):
            path = next((p for suffix, p in paths.items() if details.method.endswith(suffix)), details.method)

            def export(request, _context):
                count(path, len(request))
                return b""

            return grpc.unary_unary_rpc_method_handler(export)

    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4), handlers=[Generic()])
    server.add_insecure_port(f"127.0.0.1:{PORT}")
    server.start()
    server.wait_for_termination()


signal.signal(signal.SIGUSR1, dump)
signal.signal(signal.SIGTERM, lambda *_: (dump(), sys.exit(0)))
if sys.argv[3:] == ["grpc"]:
    serve_grpc()
else:
    http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
