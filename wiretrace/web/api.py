"""The JSON API: thin routes over `Service`, answers shaped by `wiretrace.schema`.

Sync routes on purpose: comparing is CPU work, so FastAPI runs each request in its thread pool.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Query, Request, Response
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic.json_schema import models_json_schema
from starlette.exceptions import HTTPException

from wiretrace.errors import InputError
from wiretrace.export import MEDIA_TYPES
from wiretrace.ingest import indexed_articles, normalize_date
from wiretrace.model import Article
from wiretrace.readers import Rejected
from wiretrace.schema import add_dict, article_dict
from wiretrace.web.answers import (
    EXPORT_ROWS,
    AddOut,
    Answer,
    ArticleOut,
    CompareOut,
    QueryOut,
    SitesOut,
    StoriesOut,
    StoryOut,
)
from wiretrace.web.limits import check_token
from wiretrace.web.models import ArticleIn, ArticlesIn, CompareIn, ErrorOut
from wiretrace.web.service import Service, article_from_fields


def known_query(request: Request) -> None:
    """Dependency of every API route: a query parameter the route does not take is a 422 naming
    it, as an unknown field of a JSON body is (a misspelt `?sinse=` would return everything)."""
    _refuse_unknown(request, set(request.query_params))


#: Parameters a shared link picks up on its way (campaign tags, click ids), which a page ignores.
TRACKING_PARAMETER = re.compile(r"utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|_ga|_gl")


def known_page_query(request: Request) -> None:
    """Dependency of every page: as `known_query`, but the tags a link shared by mail or a social
    site gathers (`?utm_source=...`, `?fbclid=...`) are ignored; they had made the page a 422."""
    _refuse_unknown(request, {p for p in request.query_params if not TRACKING_PARAMETER.fullmatch(p)})


def _refuse_unknown(request: Request, given: set[str]) -> None:
    dependant = getattr(request.scope.get("route"), "dependant", None)
    known: set[str] = set()
    stack = [dependant] if dependant is not None else []
    while stack:
        d = stack.pop()
        known.update(p.alias for p in d.query_params)
        stack.extend(d.dependencies)
    unknown = sorted(given - known)
    if dependant is not None and unknown:
        raise HTTPException(422, f"unknown query parameter {unknown[0]!r}")


router = APIRouter(prefix="/api", tags=["api"], dependencies=[Depends(known_query)])

_ERRORS = {
    401: "Missing or wrong bearer token (when the server has one).",
    404: "No such article or story id.",
    413: "Request body or article count over the server's limits.",
    422: "Malformed JSON, a wrong type, an unknown field, a bad date or paging, or an unreadable article.",
    503: "The index cannot be written or opened now (busy: see Retry-After; read-only; failed): logged.",
    507: "The index's disk is full: the batches committed before the failure are kept; logged.",
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI `responses` of these error codes and 503 (any route may find the index failing):
    each `{"error": "..."}` (`ErrorOut`)."""
    return {code: {"model": ErrorOut, "description": _ERRORS[code]} for code in sorted({*codes, 503})}


def answers(model: type[Answer], *codes: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI `responses` of a JSON route: its answer's model (`wiretrace.web.answers`: the
    schema alone; the answer is sent as `wiretrace.schema` built it) and its errors (`errors`).

    Its route says `response_model=None`: FastAPI would otherwise take the route's return type,
    `dict[str, Any]`, for the response model, pass every answer through it, and write its schema
    (an open object titled 'Response Compare Api Compare Post') beside the model's `$ref`."""
    said = (model.__doc__ or "").strip().splitlines()[0]
    return {200: {"model": model, "description": said}, **errors(*codes)}


def service(request: Request) -> Service:
    return request.app.state.service


#: The write endpoints' token as the OpenAPI schema declares it (a scheme client generators send);
#: `check_token` checks it, so a missing one is not refused here.
_BEARER = HTTPBearer(auto_error=False, description="The server's token (`wiretrace serve --token`), for writes.")


def writer(request: Request, _: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)] = None) -> None:
    """Dependency of write endpoints: the bearer token, when the server has one."""
    check_token(request, service(request).config.token)


def iso_date(value: str | None, name: str) -> str | None:
    """`value` if it is an ISO date or datetime (or a year, or a month); 422 otherwise."""
    if value is None or normalize_date(value) is not None:
        return value
    raise HTTPException(422, f"{name}: expected an ISO date such as 2024-05-01 (or 2024-05, 2024), not {value!r}")


def resolve(svc: Service, item: ArticleIn, where: str) -> Article:
    """The article a request names: extracted from its text/HTML, or looked up by id. An indexed
    id beside a text of its own is refused: the report would carry that id over other words."""
    if item.inline():
        if item.id is not None and svc.has(item.id):
            raise HTTPException(
                422, f"{where}: {item.id!r} is an indexed article; give its id alone, or the text without it"
            )
        try:
            return article_from_fields(item.fields(), where)
        except InputError as exc:
            raise HTTPException(422, str(exc)) from None
    if item.id is None:
        raise HTTPException(422, f"{where}: give 'text' or 'html', or the 'id' of an indexed article")
    if given := [k for k in ("title", "byline", "published", "site", "url") if getattr(item, k) is not None]:
        if not svc.has(item.id):  # 'give the id alone' led to a 404: the text is what is missing
            raise HTTPException(422, f"{where}: no 'text' or 'html', and {item.id!r} is not an indexed article")
        raise HTTPException(  # an indexed article is as stored: its metadata would be silently ignored
            422, f"{where}: {', '.join(given)} given with an indexed 'id' and no text: give the id alone"
        )
    try:
        return svc.find(item.id, where)
    except LookupError as exc:
        raise HTTPException(404, str(exc)) from None


@router.post(
    "/compare",
    summary="Compare two articles (schema wiretrace.compare/1)",
    response_model=None,
    responses=answers(CompareOut, 404, 413, 422),
)
def compare(body: CompareIn, request: Request) -> dict[str, Any]:
    """Explain how `target` derives from `source`: verdict, sentence links, changed and unsupported facts.

    Each side is `{"text": ...}` or `{"html": ...}` with optional metadata, or `{"id": ...}` for an
    indexed article.
    """
    svc = service(request)
    sides, refused = [], []
    for item, where in ((body.source, "source"), (body.target, "target")):
        try:
            sides.append(resolve(svc, item, where))
        except HTTPException as exc:
            refused.append(exc)
    if refused:  # both sides' problems in one answer, as a body missing both names both
        worst = max(exc.status_code for exc in refused)  # a 422 before a 404: the request itself is wrong
        raise HTTPException(worst, "; ".join(str(exc.detail) for exc in refused))
    return svc.compare(*sides)


@router.post(
    "/articles",
    summary="Add articles to the index",
    dependencies=[Depends(writer)],
    response_model=None,
    responses=answers(AddOut, 401, 413, 422, 503, 507),
)
def add_articles(body: ArticlesIn, request: Request) -> dict[str, Any]:
    """Extract and index one or many articles; later queries and stories see them at once.

    Needs `Authorization: Bearer TOKEN` when the server has a token. Articles that cannot be read
    are listed under `rejected` with the reason; the others are added.
    """
    svc = service(request)
    if len(body.articles) > svc.config.max_articles:
        raise HTTPException(413, f"too many articles in one request ({len(body.articles)}; the limit is "
                                 f"{svc.config.max_articles}): send them in several requests")  # fmt: skip
    items: list[Article | Rejected] = []
    for n, item in enumerate(body.articles):
        where = f"articles[{n}]" + (f" ({item.id})" if item.id else "")
        if not item.inline():
            items.append(Rejected(where, "no 'text' or 'html' to index"))
            continue
        try:
            items.extend(indexed_articles(article_from_fields(item.fields(), where)))  # a live page's updates
        except InputError as exc:
            items.append(Rejected(exc.where, exc.reason))
    articles = [a for a in items if isinstance(a, Article)]
    report = svc.add(items, versions=body.keep_versions)
    # an article refused while adding is named by its `where`; a duplicate skipped under an id not stored
    # (the same page address again) is named in `duplicate_of` only, with the id holding its text
    left_out = {r.where for r in report.rejected}
    left_out |= {where for where, article_id, holder in report.skipped_duplicates
                 if article_id != holder and not svc.has(article_id)}  # fmt: skip
    return {
        **add_dict(report),
        # a new version under its `ID#vN`
        "ids": [report.renamed.get(a.where or a.id or "", a.id) for a in articles if (a.where or a.id) not in left_out],
    }


@router.get(
    "/articles/{article_id:path}",
    summary="One indexed article",
    response_model=None,
    responses=answers(ArticleOut, 404, 422),
)
def get_article(article_id: str, request: Request) -> dict[str, Any]:
    """The indexed article with this id: metadata, text and sentences (as `wiretrace extract` prints)."""
    try:
        return article_dict(service(request).find(article_id, "article"))
    except LookupError as exc:
        raise HTTPException(404, str(exc)) from None


@router.post(
    "/query",
    summary="Match an article against the index (schema wiretrace.query/1)",
    response_model=None,
    responses=answers(QueryOut, 404, 413, 422),
)
def query(body: ArticleIn, request: Request) -> dict[str, Any]:
    """What the article derives from, what derives from it, and its story family. Nothing is added.
    An indexed article named by `id` is not listed among its own matches (its identical copies are)."""
    svc = service(request)
    return svc.query(resolve(svc, body, "article"))


@router.get(
    "/stories",
    summary="Story families, paginated and filtered",
    response_model=None,
    responses=answers(StoriesOut, 422),
)
def stories(
    request: Request,
    site: Annotated[str | None, Query(max_length=2048, description="Families with a member from this site.")] = None,
    since: Annotated[str | None, Query(description="Families with a member published on or after (ISO).")] = None,
    until: Annotated[str | None, Query(description="Families with a member published on or before (ISO).")] = None,
    limit: Annotated[int, Query(ge=1, le=500, description="How many families to answer with.")] = 50,
    offset: Annotated[int, Query(ge=0, le=2**53, description="How many of the first families to skip.")] = 0,
) -> dict[str, Any]:
    """Story families, largest first, each a `wiretrace.story/1` object; `total` counts all that match."""
    total, page = service(request).stories(site, iso_date(since, "since"), iso_date(until, "until"), limit, offset)
    return {"total": total, "limit": limit, "offset": offset, "stories": page}


@router.get(
    "/stories/{story_id:path}",
    summary="One story family (schema wiretrace.story/1)",
    response_model=None,
    responses=answers(StoryOut, 404, 422),
)
def story(story_id: str, request: Request) -> dict[str, Any]:
    """The story with this id (its origin's article id), or the story the article with this id
    belongs to (its `id` then names the story: the origin the dates or content point to)."""
    found = service(request).story(story_id) or service(request).story_of(story_id)
    if found is None:
        raise HTTPException(404, f"no story with id {story_id!r}, nor an article in one")
    return found


@router.get(
    "/sites",
    summary="Who copies whom (schema wiretrace.sites/1)",
    response_model=None,
    responses=answers(SitesOut, 422),
)
def sites(
    request: Request,
    credits: Annotated[
        bool,
        Query(description="Also count, per site pair, the derived articles crediting the source's outlet "
                          "and those that do not (`credited`, `uncredited`); reads every linked article."),
    ] = False,
    site: Annotated[
        str | None, Query(max_length=2048, description="Only the site pairs this site is either side of.")
    ] = None,
    since: Annotated[str | None, Query(description="Count only the articles published on or after (ISO).")] = None,
    until: Annotated[str | None, Query(description="Count only the articles published on or before (ISO).")] = None,
) -> dict[str, Any]:
    """Per site pair, how many articles of one derive from the other; per site, the derived share;
    with `credits`, as `wiretrace sites --credits`; `site`, `since` and `until` as its options."""
    return service(request).sites(credits, site, iso_date(since, "since"), iso_date(until, "until"))


#: Where an OpenAPI document's named schemas are.
COMPONENTS = "#/components/schemas/"

#: The JSON Lines export as OpenAPI 3.1 can say it: a file (its whole body is no JSON value), one
#: object a line, each line's schema by `what` in `x-row-schema` (OpenAPI 3.2 has `itemSchema` for it,
#: which a 3.1 document cannot carry); the row schemas are in the components (`with_row_schemas`).
_JSONL = {
    "schema": {
        "type": "string",
        "format": "binary",
        "description": "JSON Lines, one object a line: "
        + "; ".join(f"`{m.__name__}` for `what={what}`" for what, m in EXPORT_ROWS.items()),
    },
    "x-row-schema": {what: {"$ref": f"{COMPONENTS}{m.__name__}"} for what, m in EXPORT_ROWS.items()},
}


@router.get(
    "/export",
    summary="The index's articles, links or story members as one file (as `wiretrace export`)",
    response_class=Response,
    responses={
        200: {
            "description": "The file, in the format asked for.",
            "content": {media: {"schema": {"type": "string", "format": "binary"}} for media in MEDIA_TYPES.values()}
            | {MEDIA_TYPES["jsonl"]: _JSONL},
            "headers": {"x-rows": {"description": "How many rows the file holds.", "schema": {"type": "integer"}}},
        },
        **errors(422),
    },
)
def export(
    request: Request,
    what: Annotated[
        Literal["articles", "links", "stories"], Query(description="The table (docs/cli.md, `export`).")
    ] = "links",
    format: Annotated[
        Literal["jsonl", "csv", "parquet"], Query(description="The file format (header `x-rows`: its rows).")
    ] = "jsonl",
    drop: Annotated[
        Literal["copies", "edited", "derived"] | None,
        Query(description="Articles only: leave out derived articles, for a de-duplicated corpus (as `--drop`)."),
    ] = None,
) -> Response:
    """The whole table, read at once: a consistent copy while articles are being added (paging
    through `/api/stories` meanwhile may skip or repeat families), and no need to stop the server
    for `wiretrace export`. Rows are those of `wiretrace export --what WHAT [--drop LEVEL]` (docs/cli.md)."""
    if drop is not None and what != "articles":
        raise HTTPException(422, f"drop: only the articles export leaves derived articles out, not the {what} export")
    body, rows = service(request).export(what, format, drop)
    name = f"{what}-drop-{drop}" if drop else what
    return Response(
        body,
        media_type=MEDIA_TYPES[format],
        headers={"content-disposition": f'attachment; filename="{name}.{format}"', "x-rows": str(rows)},
    )


#: The write endpoints (those depending on `writer`), read from the routes, for the errors FastAPI
#: finds in a body before any dependency runs (JSON that does not parse): the token is checked
#: first there too (see `app`).
WRITES = frozenset(
    (method, route.path)
    for route in router.routes
    if isinstance(route, APIRoute) and any(d.dependency is writer for d in route.dependencies)
    for method in route.methods or ()
)


def row_schemas() -> dict[str, dict[str, Any]]:
    """The JSON Lines export's row schemas and the schemas they refer to (an enum, a nested
    object), by name, each `$ref` written as the OpenAPI document's components hold them."""
    _, defs = models_json_schema(
        [(m, "serialization") for m in EXPORT_ROWS.values()], ref_template=f"{COMPONENTS}{{model}}"
    )
    return dict(defs.get("$defs", {}))


def with_row_schemas(app: FastAPI) -> None:
    """Have `app`'s OpenAPI document name the JSON Lines export's row schemas in its components:
    no route's JSON answer refers to them, so FastAPI would leave them out."""
    made = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schemas = made().setdefault("components", {}).setdefault("schemas", {})
            for name, schema in row_schemas().items():
                # a schema a route's answer names already (an enum) is FastAPI's, and must be the same one
                if schemas.setdefault(name, schema) != schema:
                    raise RuntimeError(f"two OpenAPI schemas named {name!r}: rename one of the models")
        return app.openapi_schema or made()

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's way to extend its document
