"""Serving the review app: a listening socket first (so the printed URL works at once), then uvicorn."""

from __future__ import annotations

import os
import socket
import sys
import threading
import webbrowser
from dataclasses import dataclass

from starlette.applications import Starlette

from mtcheck.errors import ConfigError


@dataclass
class Listener:
    sock: socket.socket
    host: str
    port: int

    def url(self, token: str) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        if self.host in ("0.0.0.0", "::"):
            host = "127.0.0.1"
        return f"http://{host}:{self.port}/?token={token}"


def listen(host: str = "127.0.0.1", port: int = 0) -> Listener:
    """Bind and listen on ``host:port`` (``port`` 0: a free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        if os.name != "nt":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(64)
    except OSError as exc:
        sock.close()
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}", key="--host/--port") from None
    return Listener(sock, host, sock.getsockname()[1])


def can_open_browser() -> bool:
    """False where only a text-mode browser could open (it would take over the terminal)."""
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def open_browser(url: str) -> None:
    # Some browser launchers block until the browser exits: never hold up the server.
    threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()


def serve(app: Starlette, listener: Listener) -> None:
    """Run until interrupted (Ctrl-C)."""
    import uvicorn

    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    uvicorn.Server(config).run(sockets=[listener.sock])
