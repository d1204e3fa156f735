"""Request guards: the body size limit and the bearer token for write endpoints; HEAD answered
wherever GET is.

The size limit is an ASGI middleware so it holds for every route and every body kind (JSON,
forms, uploads): a declared `Content-Length` over the limit is refused before anything is
read, and a body that turns out longer while it streams in (chunked, or a lying header) is
cut off as soon as it passes the limit.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable, Mapping
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadAsGet:
    """Answer HEAD as GET without the body, on every route: FastAPI's routes take only the methods
    they name, so monitors and proxies asking HEAD of a page or an API answer got 405 (and a
    stylesheet, 404: the request fell through to the static files)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b"", "more_body": False})
                return
            await send(message)  # the GET's headers, its Content-Length included

        await self.app({**scope, "method": "GET"}, receive, headers_only)


class BodyTooLarge(HTTPException):
    """The request body passed the limit; FastAPI re-raises HTTPExceptions from body reading."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body too large: the limit is {limit} bytes ({round(limit / 2**20, 2):g} MiB)")


def wants_html(path: str, accept: str) -> bool:
    """Whether a request gets its errors as a page (a browser on the web pages) rather than as
    `{"error": ...}` JSON (the API, the schema, and clients that do not ask for HTML)."""
    return not path.startswith("/api") and path != "/openapi.json" and "text/html" in accept


class BodyLimit:
    """Refuse request bodies larger than `limit` bytes with a 413: JSON, or the page `html`
    renders (status, message, the path posted to -> bytes) for a browser posting a form."""

    def __init__(
        self,
        app: ASGIApp,
        limit: int,
        html: Callable[[int, str, str], bytes] | None = None,
        denied: Callable[[Scope], HTTPException | None] | None = None,
    ) -> None:
        """`denied` is asked first, before any size check: a caller refused (a write without its
        token) learns nothing of the limits, as of the body."""
        self.app = app
        self.limit = limit
        self.html = html
        self.denied = denied

    def _error(
        self, scope: Scope, status: int, message: str, headers: Mapping[str, str] | None = None
    ) -> tuple[Message, Message]:
        accept = dict(scope.get("headers") or []).get(b"accept", b"").decode("latin-1")
        if self.html is not None and wants_html(scope.get("path", ""), accept):
            body, kind = self.html(status, message, scope.get("path", "")), b"text/html; charset=utf-8"
        else:
            body, kind = json.dumps({"error": message}).encode(), b"application/json"
        extra = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()]
        start = {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode()), *extra],
        }
        return start, {"type": "http.response.body", "body": body}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        refused = self.denied(scope) if self.denied is not None else None  # sized or chunked alike
        if refused is not None:
            for message in self._error(scope, refused.status_code, str(refused.detail), refused.headers):
                await send(message)
            return
        if declared is not None:
            problem = None
            if not declared.strip().isdigit():
                problem = (400, "invalid Content-Length header")
            elif int(declared) > self.limit:
                problem = (413, BodyTooLarge(self.limit).detail)
            if problem:
                for message in self._error(scope, *problem):
                    await send(message)
                return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge as exc:  # raised outside a route's error handling (e.g. while streaming)
            if started:
                raise
            for message in self._error(scope, 413, str(exc.detail)):
                await send(message)


def check_token(request: Request, expected: str | None) -> None:
    """Raise 401 unless the request carries `Authorization: Bearer <expected>` (no-op without a token)."""
    if expected is None:
        return
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise HTTPException(
            401,
            "this endpoint writes to the index and needs the server's token: send 'Authorization: Bearer TOKEN'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise HTTPException(401, "wrong bearer token", headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})


def error_message(errors: Any) -> str:
    """One readable line from pydantic/FastAPI validation errors: 'where: what; where: what'."""
    parts = []
    for e in errors:
        loc = [str(x) for x in e.get("loc", ()) if x not in ("body", "query", "path")]
        if e.get("type") == "json_invalid":
            ctx = e.get("ctx") or {}
            parts.append(f"invalid JSON body ({ctx.get('error', 'cannot parse')})")
            continue
        where = ".".join(loc) or "body"
        parts.append(
            f"{where}: {str(e.get('msg', 'invalid')).removeprefix('Value error, ')}"
        )  # a validator's own words
    return "; ".join(parts[:5]) + (f" (and {len(parts) - 5} more)" if len(parts) > 5 else "")
