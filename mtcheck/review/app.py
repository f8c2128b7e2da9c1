"""The review web app: a page, its bundled assets, and a small JSON API.

Every request must carry the session token: as ``?token=`` for the page and its
assets (a browser cannot add headers to those), as the ``X-Mtcheck-Token`` header
for the API. Writes must also be JSON (``Content-Type: application/json``), which
together with the custom header forces a CORS preflight that this app never
grants, and they are refused when the browser says they come from another origin.
The Host header must name this server, so a rebound DNS name cannot reach it.

Writes carry the revision the page last saw; one that would overwrite a change made
since in another window is answered 409 with the record as it is now. The page
polls ``/api/changes?since=REVISION`` to pick up what others decided.
"""

from __future__ import annotations

import json
import secrets
from importlib import resources
from typing import Any, Awaitable, Callable

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from mtcheck.errors import InputError, OutputError
from mtcheck.review.session import ReviewError, ReviewSession

TOKEN_HEADER = "x-mtcheck-token"
MAX_BODY = 1_000_000
ASSETS = {"app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8"}
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
SECURITY_HEADERS = {
    # No inline script, nothing from elsewhere: injected markup could not run even if it got in.
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _asset(name: str) -> str:
    return resources.files("mtcheck.review").joinpath("static", name).read_text(encoding="utf-8")


def _error(status: int, problem: str) -> JSONResponse:
    return JSONResponse({"error": problem}, status_code=status, headers=SECURITY_HEADERS)


def _host_name(host_header: str) -> str:
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def create_app(session: ReviewSession, token: str, bind_host: str = "127.0.0.1") -> Starlette:
    """The Starlette app serving ``session``; ``token`` guards every request."""
    # Bound to all interfaces, the Host is whatever name reaches the machine: the token still guards.
    any_host = bind_host in ("0.0.0.0", "::", "")
    allowed_hosts = LOOPBACK | {bind_host.lower()}

    def refuse(request: Request, *, api: bool, write: bool = False) -> Response | None:
        host = request.headers.get("host", "")
        if not any_host and _host_name(host) not in allowed_hosts:
            return _error(403, "unknown Host")
        given = request.headers.get(TOKEN_HEADER, "") if api else request.query_params.get("token", "")
        if not secrets.compare_digest(given.encode(), token.encode()):
            return _error(403, "missing or wrong session token (open the URL mtcheck printed)")
        if write:
            origin = request.headers.get("origin")
            if origin is not None and origin != f"{request.url.scheme}://{host}":
                return _error(403, "cross-origin write refused")
            site = request.headers.get("sec-fetch-site")
            if site is not None and site not in ("same-origin", "none"):
                return _error(403, "cross-site write refused")
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype != "application/json":
                return _error(415, "writes must be JSON (Content-Type: application/json)")
        return None

    async def page(request: Request) -> Response:
        if (denied := refuse(request, api=False)) is not None:
            return denied
        # The token is URL-safe base64, so it goes into the asset URLs as it is.
        html = _asset("index.html").replace("{{TOKEN}}", token)
        return Response(html, media_type="text/html; charset=utf-8", headers=SECURITY_HEADERS)

    async def asset(request: Request) -> Response:
        if (denied := refuse(request, api=False)) is not None:
            return denied
        name = request.path_params["name"]
        if name not in ASSETS:
            return _error(404, "no such asset")
        return Response(_asset(name), media_type=ASSETS[name], headers=SECURITY_HEADERS)

    async def state(request: Request) -> Response:
        if (denied := refuse(request, api=True)) is not None:
            return denied
        return JSONResponse(session.state(), headers=SECURITY_HEADERS)

    def action(handler: Callable[[dict[str, Any]], dict[str, Any]]) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            if (denied := refuse(request, api=True, write=True)) is not None:
                return denied
            body = await request.body()
            if len(body) > MAX_BODY:
                return _error(413, "request too large")
            try:
                data = json.loads(body)
            except (json.JSONDecodeError, UnicodeDecodeError):
                return _error(400, "body is not valid JSON")
            if not isinstance(data, dict):
                return _error(400, "body must be a JSON object")
            try:
                # Saving fsyncs and a recheck runs the checks: keep both off the event loop.
                result = await run_in_threadpool(handler, data)
            except ReviewError as exc:
                return JSONResponse({"error": str(exc), **exc.details}, status_code=exc.status, headers=SECURITY_HEADERS)
            except (OutputError, InputError, OSError) as exc:
                return _error(500, f"could not save the review: {exc}")
            return JSONResponse(result, headers=SECURITY_HEADERS)

        return endpoint

    async def changes(request: Request) -> Response:
        if (denied := refuse(request, api=True)) is not None:
            return denied
        try:
            since = int(request.query_params.get("since", ""))
            # Reading the file another process may have written is I/O: off the event loop.
            result = await run_in_threadpool(session.changes, since)
        except ValueError:  # int() of a bad number, or ReviewError (a ValueError) for a negative one
            return _error(400, "since must be a revision number")
        return JSONResponse(result, headers=SECURITY_HEADERS)

    async def no_icon(request: Request) -> Response:
        # Browsers ask for it without the token; there is nothing to hide, and nothing to give.
        return Response(status_code=204, headers=SECURITY_HEADERS)

    routes = [
        Route("/", page),
        Route("/favicon.ico", no_icon),
        Route("/static/{name}", asset),
        Route("/api/state", state),
        Route("/api/changes", changes),
        Route(
            "/api/decision",
            action(lambda d: session.decide(d.get("fingerprint"), d.get("verdict"), d.get("revision"))),
            methods=["POST"],
        ),
        Route("/api/note", action(lambda d: session.note(d.get("fingerprint"), d.get("note"), d.get("revision"))), methods=["POST"]),
        Route(
            "/api/correction",
            action(lambda d: session.correct(d.get("segment"), d.get("mt"), d.get("revision"))),
            methods=["POST"],
        ),
        Route("/api/position", action(lambda d: session.move(d.get("segment"), d.get("finding"))), methods=["POST"]),
    ]
    return Starlette(routes=routes)
