"""The JSON API: thin routes over `Service`, answers shaped by `wiretrace.schema`.

Sync routes on purpose: comparing is CPU work, so FastAPI runs each request in its thread pool.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.exceptions import HTTPException

from wiretrace.errors import InputError
from wiretrace.model import Article
from wiretrace.web.models import ArticleIn, CompareIn
from wiretrace.web.service import Service, article_from_fields

router = APIRouter(prefix="/api", tags=["api"])


def service(request: Request) -> Service:
    return request.app.state.service


def resolve(svc: Service, item: ArticleIn, where: str) -> Article:
    """The article a request names: extracted from its text/HTML, or looked up by id."""
    if item.inline():
        try:
            return article_from_fields(item.fields(), where)
        except InputError as exc:
            raise HTTPException(422, str(exc)) from None
    if item.id is None:
        raise HTTPException(422, f"{where}: give 'text' or 'html', or the 'id' of an indexed article")
    try:
        return svc.find(item.id, where)
    except LookupError as exc:
        raise HTTPException(404, str(exc)) from None


@router.post("/compare", summary="Compare two articles (schema wiretrace.compare/1)")
def compare(body: CompareIn, request: Request) -> dict[str, Any]:
    """Explain how `target` derives from `source`: verdict, sentence links, changed and unsupported facts.

    Each side is `{"text": ...}` or `{"html": ...}` with optional metadata, or `{"id": ...}` for an
    indexed article.
    """
    svc = service(request)
    return svc.compare(resolve(svc, body.source, "source"), resolve(svc, body.target, "target"))
