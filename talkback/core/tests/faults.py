"""A TCP proxy the fault tests cut and restore: a network failure between Talkback and a server."""

from __future__ import annotations

import contextlib
import socket
import threading

from talkback.core.tests.conftest import free_port


class TcpProxy:
    """Forward 127.0.0.1:`port` to 127.0.0.1:`target`. `cut()` drops every connection and
    refuses new ones, as an unreachable server does, until `restore()`."""

    def __init__(self, target: int) -> None:
        self.target = target
        self.port = free_port()
        self.listener: socket.socket | None = None
        self.open: set[socket.socket] = set()
        self.lock = threading.Lock()

    def restore(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", self.port), reuse_port=True)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def cut(self) -> None:
        assert self.listener is not None
        with self.lock:
            for sock in {self.listener, *self.open}:
                _close(sock)
            self.open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # Cut.
            upstream = socket.create_connection(("127.0.0.1", self.target))
            with self.lock:
                self.open |= {client, upstream}
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                _close(sock)


def _close(sock: socket.socket) -> None:
    """Close `sock`, waking any thread blocked on it (close alone does not, on Linux)."""
    with contextlib.suppress(OSError):  # Not connected, or already closed.
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
