"""Test helpers: a TCP proxy that can cut or refuse connections, and a call recorder."""

import asyncio
import socket
import threading

import grpc


class TcpProxy:
    """Forwards 127.0.0.1:port to the server. `cut()` closes every open connection (as a network
    drop does: the client sees its calls fail UNAVAILABLE and reconnects through the proxy, which
    keeps listening); with `refusing` set, new connections are closed at once."""

    def __init__(self, target_port):
        self._target = ("127.0.0.1", target_port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.address = f"127.0.0.1:{self.port}"
        self.refusing = False
        self.accepted = 0
        self.refused = 0
        self._lock = threading.Lock()
        self._open = []
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                if self.refusing:
                    self.refused += 1
                    client.close()
                    continue
                self.accepted += 1
            upstream = socket.create_connection(self._target)
            with self._lock:
                self._open += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()

    @staticmethod
    def _pump(source, destination):
        try:
            while data := source.recv(65536):
                destination.sendall(data)
        except OSError:
            pass
        for sock in (source, destination):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cut(self):
        """Drops every open connection."""
        with self._lock:
            sockets, self._open = self._open, []
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def close(self):
        self._listener.close()
        self.cut()


class CallRecorder(grpc.aio.UnaryUnaryClientInterceptor):
    """Records every unary call the client makes (method name and request), and how many are in
    flight at most; `sent(name)` is set when a call of that method goes out, `failed(name)` when
    one fails."""

    def __init__(self):
        self.calls = []
        self.in_flight = 0
        self.max_in_flight = {}
        self._in_flight_by_method = {}
        self._events = {}

    def sent(self, name):
        return self._events.setdefault(("sent", name), asyncio.Event())

    def failed(self, name):
        return self._events.setdefault(("failed", name), asyncio.Event())

    def count(self, name):
        return sum(1 for method, _ in self.calls if method == name)

    def requests(self, name):
        return [request for method, request in self.calls if method == name]

    async def intercept_unary_unary(self, continuation, client_call_details, request):
        method = client_call_details.method
        name = (method.decode() if isinstance(method, bytes) else method).rsplit("/", 1)[-1]
        self.calls.append((name, request))
        current = self._in_flight_by_method.get(name, 0) + 1
        self._in_flight_by_method[name] = current
        self.max_in_flight[name] = max(self.max_in_flight.get(name, 0), current)
        self.sent(name).set()
        try:
            call = await continuation(client_call_details, request)
            try:
                await call  # the response (or the failure) arrives here
            except grpc.aio.AioRpcError:
                self.failed(name).set()
            return call
        finally:
            self._in_flight_by_method[name] -= 1


def awaiting(job):
    """A task that awaits the job (asyncio.ensure_future(job) would return the job itself)."""

    async def wait():
        return await job

    return asyncio.ensure_future(wait())
