"""A discard OTLP/HTTP endpoint for bench/telemetry.sh: reads each POST, answers 200 with an empty
protobuf body, and writes the posts and bytes it received (per path) to OUT_FILE on exit or SIGUSR1.
usage: telemetry_sink.py PORT OUT_FILE"""
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
        with lock:
            posts, total = counts.get(self.path, (0, 0))
            counts[self.path] = (posts + 1, total + n)
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


signal.signal(signal.SIGUSR1, dump)
signal.signal(signal.SIGTERM, lambda *_: (dump(), sys.exit(0)))
http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
