"""The HTTP API and web page over a corpus index (`wiretrace serve`).

FastAPI routes for the JSON API, server-rendered Jinja2 pages for people, the same compare
core and index engine as the CLI. FastAPI and uvicorn come with the `web` extra; importing
`create_app` without them raises `MissingDependencyError` naming the pip command.

Example:
    >>> from wiretrace.web import create_app  # doctest: +SKIP
    >>> app = create_app("wiretrace-index", token="s3cret")  # then: uvicorn.run(app)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wiretrace.errors import MissingDependencyError

if TYPE_CHECKING:
    from fastapi import FastAPI

INSTALL_HINT = "the web service needs the web extra: pip install 'wiretrace[web]'"


def require_web() -> None:
    """Raise `MissingDependencyError` unless FastAPI, uvicorn and python-multipart are importable."""
    try:
        import fastapi  # noqa: F401
        import python_multipart  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        raise MissingDependencyError(INSTALL_HINT) from exc


def create_app(index_dir: Any, token: str | None = None, **options: Any) -> FastAPI:
    """The web application over the index in `index_dir` (see `wiretrace.web.app.create_app`)."""
    require_web()
    from wiretrace.web.app import create_app as _create_app

    return _create_app(index_dir, token=token, **options)
