"""The web page: server-rendered HTML (Jinja2, autoescape on) for people at a browser.

Article text is untrusted: templates escape every value; the one pre-rendered fragment, the
compare view, comes from `wiretrace.report`, which escapes each piece itself. Pages carry no
inline scripts, so the Content-Security-Policy set in `app.py` can forbid them outright.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup
from starlette.datastructures import FormData, UploadFile

from wiretrace import report
from wiretrace.errors import InputError
from wiretrace.ingest import read_bytes, read_string
from wiretrace.model import Article
from wiretrace.web.service import Service

router = APIRouter(include_in_schema=False)

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render(template: str, code: int = 200, headers: dict[str, str] | None = None, **context: Any) -> HTMLResponse:
    """A template rendered as an HTML response with status `code`."""
    return HTMLResponse(_env.get_template(template).render(**context), status_code=code, headers=headers)


def error_page(message: str, status: int, headers: dict[str, str] | None = None) -> HTMLResponse:
    return render("error.html", status, headers, title=f"Error {status}", message=message, status=status)


def _service(request: Request) -> Service:
    return request.app.state.service


async def _form(request: Request) -> FormData:
    # Form parts may be as large as the body limit (Starlette's default part limit is 1 MiB).
    return await request.form(max_part_size=_service(request).config.max_body)


async def article_from_form(form: FormData, prefix: str, where: str) -> Article:
    """The article in a form's `{prefix}file` upload, else its `{prefix}text` field.

    Raises:
        InputError: neither given, or nothing that reads as an article.
    """
    upload = form.get(f"{prefix}file")
    if isinstance(upload, UploadFile) and upload.filename:
        data = await upload.read()
        if data.strip():
            name = Path(upload.filename).name
            return read_bytes(data, f"{where} ({name})", suffix=Path(name).suffix.lower())
    text = form.get(f"{prefix}text")
    if isinstance(text, str) and text.strip():
        return read_string(text, where)
    raise InputError(where, "paste the article's text or HTML, or choose a file")


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    return render("home.html", title="Search")


@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request, source: str | None = None, target: str | None = None) -> HTMLResponse:
    if not source and not target:
        return render("compare_form.html", title="Compare two articles", error=None)
    if not source or not target:
        return error_page("a compare view needs both 'source' and 'target' ids", 422)
    svc = _service(request)
    try:
        pair = svc.find(source, "source"), svc.find(target, "target")
    except LookupError as exc:
        return error_page(str(exc), 404)
    return _compare_view(svc, *pair)


@router.post("/compare", response_class=HTMLResponse)
async def compare_posted(request: Request) -> HTMLResponse:
    svc = _service(request)
    form = await _form(request)
    try:
        source = await article_from_form(form, "source_", "source")
        target = await article_from_form(form, "target_", "target")
    except InputError as exc:
        return render("compare_form.html", 422, title="Compare two articles", error=str(exc))
    svc.remember(source)
    svc.remember(target)
    return _compare_view(svc, source, target)


def _compare_view(svc: Service, source: Article, target: Article) -> HTMLResponse:
    doc = svc.compare(source, target)
    # compare_body escapes every article-derived value itself (wiretrace.report).
    return render("compare.html", title=report.compare_title(doc), body=Markup(report.compare_body(doc)))
