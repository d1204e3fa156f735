"""The FastAPI application: routes, error shapes, size limit, security headers, lifespan.

Every error is a 4xx (or, for a bug, a 500) with a JSON body `{"error": "..."}` under `/api`
and a small HTML page elsewhere; bad input never reaches a 500.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.types import Scope

from wiretrace import __version__, report
from wiretrace.errors import WiretraceError
from wiretrace.store import IndexBusy, StoreError
from wiretrace.web import api, pages
from wiretrace.web.limits import BodyLimit, HeadAsGet, error_message, wants_html
from wiretrace.web.service import Service, WebConfig

log = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
#: HTML pages run only the service's own scripts and styles: article text can never bring its own.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


def create_app(index_dir: str | Path, token: str | None = None, **options: Any) -> FastAPI:
    """The web application over the index in `index_dir` (created if missing).

    The app holds the index open; call `app.state.service.close()` when done with it.

    Args:
        token: bearer token for write endpoints (None: writes are open, as on a loopback-only service).
        options: the other `WebConfig` fields (`max_body`, `max_articles`, `model`, `feeds`, `every`,
            `allowed_hosts`).
    """
    config = WebConfig(index=Path(index_dir), token=token, **options)
    service = Service(config)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The index stays open as long as the app object lives (a test client may run the lifespan
        # once per request); whoever made the app closes it: `app.state.service.close()`.
        service.start_watch()
        try:
            yield
        finally:
            service.stop_watch()

    app = FastAPI(
        title="wiretrace",
        version=__version__,
        summary="Trace copied, edited and AI-rewritten news articles back to their source.",
        lifespan=lifespan,
        docs_url=None,  # Swagger UI and ReDoc load their scripts from a CDN: /docs is a page of ours
        redoc_url=None,
    )
    app.state.service = service
    app.add_middleware(
        BodyLimit,
        limit=config.max_body,
        html=lambda status, message, path: bytes(pages.error_page(message, status, back=path).body),
        denied=_unauthorised_scope,
    )
    app.middleware("http")(_security_headers)
    if config.allowed_hosts is not None:
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        app.add_middleware(TrustedHostMiddleware, allowed_hosts=config.allowed_hosts)
    app.add_middleware(HeadAsGet)  # outermost: every route and guard sees a GET
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(WiretraceError, _wiretrace_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _internal_error)
    app.include_router(api.router)
    api.with_row_schemas(app)
    app.include_router(pages.router)
    app.add_api_route("/static/compare.css", _asset(report.COMPARE_CSS, "text/css"), include_in_schema=False)
    app.add_api_route("/static/compare.js", _asset(report.COMPARE_JS, "text/javascript"), include_in_schema=False)
    app.add_api_route("/favicon.ico", _asset(_FAVICON, "image/svg+xml"), include_in_schema=False)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


#: The tab icon: a browser asks for /favicon.ico on every page, and a 404 filled its console.
_FAVICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#1d1f23"/>'
    '<path d="M3 5l2 7 3-5 3 5 2-7" fill="none" stroke="#fff59d" stroke-width="1.6"/></svg>'
)


def _asset(content: str, media_type: str) -> Callable[[], Response]:
    def serve() -> Response:
        return Response(content, media_type=media_type, headers={"Cache-Control": "max-age=3600"})

    return serve


async def _security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    response = await call_next(request)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    if response.headers.get("content-type", "").startswith("text/html") and not _is_docs(request):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Frame-Options", "DENY")
    return response


def _is_docs(request: Request) -> bool:
    return request.url.path in ("/docs", "/redoc", "/docs/oauth2-redirect")


def _wants_json(request: Request) -> bool:
    return not wants_html(request.url.path, request.headers.get("accept", ""))


def _error(request: Request, status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": message}, status_code=status, headers=dict(headers or {}))
    return pages.error_page(message, status, dict(headers or {}))


async def _http_error(request: Request, exc: HTTPException) -> Response:
    message = str(exc.detail)
    if exc.status_code == 404 and message == "Not Found":
        message = f"not found: {request.url.path}"
    elif exc.status_code == 405:
        message = f"method {request.method} not allowed on {request.url.path}"
    elif exc.status_code == 400 and message == _UNREADABLE_BODY:  # FastAPI's words for an undecodable body
        if (denied := _unauthorised(request)) is not None:
            return denied
        return _error(request, 422, "body: not readable as JSON (bytes that are not UTF-8, or nested too deeply)")
    return _error(request, exc.status_code, message, exc.headers)


#: What FastAPI says of a body it cannot decode (invalid UTF-8, recursion too deep): a 400 of its own.
_UNREADABLE_BODY = "There was an error parsing the body"


def _unauthorised(request: Request) -> Response | None:
    """The 401 of a write endpoint called without its token, for a body FastAPI refused before the
    endpoint's token check could run: a caller without the token learns nothing of the body."""
    exc = _unauthorised_scope(request.scope)
    return None if exc is None else _error(request, exc.status_code, str(exc.detail), exc.headers)


def _unauthorised_scope(scope: Scope) -> HTTPException | None:
    """The 401 of a write request without its token, read from its headers alone (`BodyLimit`
    asks before it looks at the body's size, the error handlers once FastAPI refused the body)."""
    if (scope.get("method"), scope.get("path")) not in api.WRITES:
        return None
    try:
        api.writer(Request(scope))
    except HTTPException as exc:
        return exc
    return None


async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
    if (denied := _unauthorised(request)) is not None:
        return denied
    errors = exc.errors()
    declared = request.headers.get("content-type", "")
    if "json" not in declared and any(tuple(e.get("loc", ())) == ("body",) for e in errors):
        # without the header the body is not read as JSON at all, and the model error says nothing of why
        message = f"body: send JSON with the header Content-Type: application/json (got {declared or 'none'})"
        return _error(request, 422, message)
    if any(e.get("type") == "json_invalid" for e in errors) and not _utf8(await request.body()):
        # JSON read as UTF-16 by its first bytes ('\xff\xfe{}') failed as 'Expecting value': say why
        return _error(request, 422, "body: not readable as JSON (bytes that are not UTF-8)")
    return _error(request, 422, error_message(errors))


def _utf8(body: bytes) -> bool:
    """Whether a request body is UTF-8 text, as JSON must be sent (RFC 8259)."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


async def _wiretrace_error(request: Request, exc: WiretraceError) -> Response:
    """An input the server cannot read is the client's (422); an index it cannot write or open is
    the server's: 507 when its disk is full, 503 otherwise (busy, read-only, failed), logged, and
    without the server's path to the index."""
    if not isinstance(exc, StoreError):
        return _error(request, 422, str(exc))
    log.error("%s %s: %s", request.method, request.url.path, exc)
    full = "No space left on device" in str(exc) or "Disk quota exceeded" in str(exc)
    said = str(exc).split(": ", 1)[-1]  # the message after the index's path, which it opens with
    busy = {"Retry-After": "5"} if isinstance(exc, IndexBusy) else None
    return _error(request, 507 if full else 503, f"the index: {said}", busy)


async def _internal_error(request: Request, exc: Exception) -> Response:
    log.exception("internal error on %s %s", request.method, request.url.path)
    return JSONResponse({"error": f"internal error ({type(exc).__name__}); see the server log"}, status_code=500)
