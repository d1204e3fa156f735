"""The web page: server-rendered HTML (Jinja2, autoescape on) for people at a browser.

Article text is untrusted: templates escape every value; the one pre-rendered fragment, the
compare view, comes from `wiretrace.report`, which escapes each piece itself. Pages carry no
inline scripts, so the Content-Security-Policy set in `app.py` can forbid them outright.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup, escape
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException

from wiretrace import cluster, report
from wiretrace.errors import ConfigError, InputError
from wiretrace.ingest import normalize_date, read_bytes, read_string
from wiretrace.model import Article
from wiretrace.schema import article_dict, link_dict
from wiretrace.web.api import iso_date, known_page_query
from wiretrace.web.graphs import sites_svg, timeline_svg
from wiretrace.web.models import published_date
from wiretrace.web.service import Service

router = APIRouter(include_in_schema=False, dependencies=[Depends(known_page_query)])

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _compare_url(source: str, target: str) -> str:
    return "/compare?" + urlencode({"source": source, "target": target})


_env.globals["compare_url"] = _compare_url
# a link's compare view in the order its verdict was judged (a link the dates orient against the content reversed)
_env.globals["judged_url"] = lambda source, target, reason: _compare_url(*cluster.judged_pair(source, target, reason))

_env.globals["member_pair"] = report.member_compare_pair
_env.globals["lang_attr"] = lambda article: Markup(report.language_attr(article))
_env.globals["credit_note"] = report.match_credit_note
_env.globals["member_coverage_header"] = Markup(report.MEMBER_COVERAGE_HEADER)


def story_url(story_id: str) -> str:
    return "/story?" + urlencode({"id": story_id})


_env.globals["story_url"] = story_url
_env.globals["article_url"] = lambda article_id: "/article?" + urlencode({"id": article_id})
_env.filters["when"] = lambda v, missing="": Markup(report.date_html(v, missing))
_env.filters["pct"] = lambda v: "—" if v is None else f"{float(v) * 100:.0f}%"
PAGE = 25  # stories per page
IdParam = Annotated[str, Query(min_length=1, max_length=2048, description="An article or story id.")]


def render(template: str, code: int = 200, headers: dict[str, str] | None = None, **context: Any) -> HTMLResponse:
    """A template rendered as an HTML response with status `code`; a form given back with an error
    says so in its title, which a screen reader reads first."""
    if context.get("error") and context.get("title"):
        context["title"] = f"Error: {context['title']}"
    return HTMLResponse(_env.get_template(template).render(**context), status_code=code, headers=headers)


#: Where an error page leads back to, by the path that failed: the form the browser posted.
_BACK = {"/compare": ("/compare", "Back to the compare form")}


def error_page(message: str, status: int, headers: dict[str, str] | None = None, back: str = "") -> HTMLResponse:
    """An error as a page; `back`, the path that failed, chooses the link back (the form posted
    from, whose text the browser's Back button keeps; else the search page)."""
    href, label = _BACK.get(back, ("/", "Back to the search page"))
    return render("error.html", status, headers, title=f"Error {status}", message=message, status=status,
                  back_href=href, back_label=label)  # fmt: skip


def _service(request: Request) -> Service:
    return request.app.state.service


async def _form(request: Request) -> FormData:
    """The posted form, parsed once (Starlette keeps it): its parts may be as large as the body
    limit. Starlette's default part limit is 1 MiB, and the first parse sets it for the request."""
    return await request.form(max_part_size=_service(request).config.max_body)


async def _posted(request: Request, *fields: tuple[str, str]) -> list[Article]:
    """The articles of a posted form, one per (field prefix, name for messages); when several
    are missing or unreadable, one error names every one of them, not only the first."""
    form = await _form(request)
    articles: list[Article] = []
    problems: list[InputError] = []
    for prefix, where in fields:
        try:
            articles.append(await article_from_form(form, prefix, where))
        except InputError as exc:
            problems.append(exc)
    if len(problems) > 1 and len({p.reason for p in problems}) == 1:
        raise InputError(" and ".join(p.where for p in problems), problems[0].reason)
    if len(problems) > 1:
        raise InputError(problems[0].where, f"{problems[0].reason}; {problems[1]}")
    if problems:
        raise problems[0]
    return articles


async def _pasted(request: Request, field: str) -> str:
    """What was pasted into a form's text box, '' if nothing."""
    value = (await _form(request)).get(field)
    return value if isinstance(value, str) else ""


async def article_from_form(form: FormData, prefix: str, where: str) -> Article:
    """The article in a form's `{prefix}file` upload, else its `{prefix}text` field.

    Raises:
        InputError: neither given, or nothing that reads as an article.
    """
    upload = form.get(f"{prefix}file")
    text = form.get(f"{prefix}text")
    pasted = isinstance(text, str) and bool(text.strip())
    if isinstance(upload, UploadFile) and upload.filename:
        name = Path(upload.filename).name
        if pasted:
            raise InputError(where, f"both a file ({name}) and pasted text were given: clear one of them")
        data = await upload.read()
        if not data.strip():
            raise InputError(f"{where}: uploaded file {name}", "the file is empty")
        # extraction, the query and the compare run in a worker thread, as the API routes' do: run
        # here, a 430 KB page held every other request for the 11 s it took
        return await run_in_threadpool(read_bytes, data, f"{where}: uploaded file {name}", Path(name).suffix.lower())
    if pasted:
        return await run_in_threadpool(read_string, str(text), where)
    raise InputError(where, "paste the article's text or HTML, or choose a file")


@router.get("/", response_class=HTMLResponse)
def home(request: Request, again: bool = False) -> HTMLResponse:
    note = AGAIN if again else None
    return render("home.html", title="Search", count=_service(request).count(), error=None, note=note)


#: The search page's note for a search result's address opened again.
AGAIN = (
    "A search's results are not kept in its address (the article is sent with the form, not in "
    "the link): paste or choose the article again to see them. A compare view of two indexed "
    "articles, a story and an article page have addresses of their own to share."
)


@router.get("/query", include_in_schema=False)
def query_reloaded() -> RedirectResponse:
    """A search result reloaded, bookmarked or shared (its form was posted): the search page, not
    a 405, saying why the result is not there (an empty form alone read as a lost result)."""
    return RedirectResponse("/?again=1", status_code=303)


@router.post("/query", response_class=HTMLResponse)
async def query_posted(request: Request) -> HTMLResponse:
    """Matches and family of a pasted or uploaded article; the article is kept for the compare links."""
    svc = _service(request)
    published = (await _pasted(request, "published")).strip()
    try:
        (article,) = await _posted(request, ("", "your article"))
        try:
            typed = published_date(published) if published else None
        except ValueError as exc:
            raise InputError("date published", str(exc)) from None
        if typed and not article.published:  # the page's own date wins over the one typed
            article.published = typed
    except InputError as exc:  # the pasted text and date come back in the form, not lost
        pasted = await _pasted(request, "text")
        return render(
            "home.html", 422, title="Search", count=svc.count(), error=str(exc), text=pasted, published=published
        )
    article.id = svc.remember(article)
    result = await run_in_threadpool(svc.query, article)
    return render("query.html", title="Matches", article=article, result=result)


@router.get("/docs", response_class=HTMLResponse)
def api_page(request: Request) -> HTMLResponse:
    """The API's routes, parameters, bodies and answers, read from the OpenAPI schema and rendered here:
    Swagger UI would load its scripts from a CDN, and this server runs without a network."""
    routes = []
    spec = request.app.openapi()
    schemas = spec.get("components", {}).get("schemas", {})
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            content = (op.get("requestBody") or {}).get("content", {})
            ref = next((c.get("schema", {}).get("$ref", "") for c in content.values()), "")
            body = ref.rsplit("/", 1)[-1]
            parameters = [{**p, "values": _values(p.get("schema", {}))} for p in op.get("parameters", [])]
            ok = op.get("responses", {}).get("200", {}).get("content", {}).get("application/json", {})
            answer = ok.get("schema", {}).get("$ref", "").rsplit("/", 1)[-1]
            routes.append({
                "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                "description": op.get("description", ""), "parameters": parameters,
                "body": body or ("form" if content else ""), "fields": _fields(schemas.get(body, {}), schemas),
                "answer": answer, "answer_fields": _fields(schemas.get(answer, {}), schemas),
                "responses": sorted(op.get("responses", {})),
            })  # fmt: skip
    return render("api.html", title="API", routes=routes)


def _values(schema: dict[str, Any]) -> str:
    """What a parameter takes, for the API page: its values or type, its range, its default
    ('integer, 1 to 500, default 50'; 'one of jsonl, csv, parquet, default jsonl')."""
    said = []
    for kind in (k for k in schema.get("anyOf", [schema]) if k.get("type") != "null"):
        if "enum" in kind:
            said.append(_one_of(kind["enum"]))
            continue
        said.append(str(kind.get("type", "any")))
        low, high = kind.get("minimum"), kind.get("maximum")
        if low is not None:
            said.append(f"{low} to {high}" if high is not None else f"at least {low}")
        elif high is not None:
            said.append(f"at most {high}")
        if "maxLength" in kind:
            said.append(f"at most {kind['maxLength']} characters")
    if (default := schema.get("default")) is not None:
        said.append(f"default {str(default).lower() if isinstance(default, bool) else default}")
    return ", ".join(said)


def _one_of(values: list[Any]) -> str:
    """A fixed set's values as the API page lists them ('one of jsonl, csv, parquet')."""
    return "one of " + ", ".join(map(str, values))


def _fields(schema: dict[str, Any], schemas: dict[str, Any]) -> list[dict[str, Any]]:
    """A request body's or an answer's fields for the API page: name, type, whether required, meaning.
    A field of a fixed value set shows its values, as `_values` shows a parameter's (`schemas`: the
    document's named schemas, where a set is named: 'MatchRole: one of source, derived, ...')."""
    required = set(schema.get("required", []))

    def kind(prop: dict[str, Any]) -> str:
        if "$ref" in prop:
            name = str(prop["$ref"]).rsplit("/", 1)[-1]
            named = schemas.get(name, {})
            return f"{name}: {kind(named)}" if "enum" in named or "const" in named else name
        if "anyOf" in prop:
            return " or ".join(kind(p) for p in prop["anyOf"])
        if prop.get("type") == "array":
            return f"array of {kind(prop.get('items', {}))}"
        if "const" in prop:
            return f"{prop.get('type', 'any')}, always {prop['const']}"
        if "enum" in prop:
            return _one_of(prop["enum"])
        return str(prop.get("type", "any"))

    return [
        {"name": name, "type": kind(prop), "required": name in required, "description": prop.get("description", "")}
        for name, prop in schema.get("properties", {}).items()
    ]


def _inline_code(text: str) -> Markup:
    """Text from the API's own docstrings with `backticks` shown as code (the rest escaped)."""
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text))))


_env.filters["inline_code"] = _inline_code


@router.get("/stories", response_class=HTMLResponse)
def stories_page(
    request: Request,
    site: Annotated[str | None, Query(max_length=2048)] = None,
    since: Annotated[str | None, Query(max_length=64)] = None,
    until: Annotated[str | None, Query(max_length=64)] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    """Story families, filtered as `GET /api/stories` filters them (a bad date is a 422, the form
    given back with the dates as typed and what is wrong with them)."""
    site = (site or "").strip() or None
    kept: dict[str, Any] = {"site": site or "", "since": since or "", "until": until or ""}
    try:
        lo, hi = _filter_dates(since, until)
        total, stories = _service(request).stories(site, lo, hi, PAGE, (page - 1) * PAGE)
    except (HTTPException, ConfigError) as exc:
        return render("stories.html", 422, None, title="Stories", stories=[], total=0, page=1, pages=1, nav={},
                      error=getattr(exc, "detail", None) or str(exc), bad=_bad_date(since, until), **kept)  # fmt: skip
    pages = max(1, -(-total // PAGE))
    if page > pages:
        return error_page(f"no page {page}: there {'is' if pages == 1 else 'are'} {pages} page(s) of stories", 404)
    nav = {n: "/stories?" + urlencode({k: v for k, v in {**kept, "page": n}.items() if v})
           for n in (page - 1, page + 1)}  # fmt: skip
    return render("stories.html", 200, None, title="Stories", stories=stories, total=total, page=page,
                  pages=pages, error=None, nav=nav, **kept)  # fmt: skip


@router.get("/story", response_class=HTMLResponse)
def story_page(request: Request, id: IdParam) -> Response:
    svc = _service(request)
    story = svc.story(id)
    if story is None and (family := svc.story_of(id)) is not None:  # a member's id: its family
        return RedirectResponse(story_url(family["id"]), status_code=303)
    if story is None:
        return error_page(f"no story with id {id!r}", 404)
    return render("story.html", title=story.get("headline") or f"Story {id}", story=story, timeline=timeline_svg(story))


@router.get("/article", response_class=HTMLResponse)
def article_page(request: Request, id: IdParam) -> HTMLResponse:
    svc = _service(request)
    try:
        article = svc.find(id, "article")
    except LookupError as exc:
        return error_page(str(exc), 404)
    story = svc.story_of(id)  # None for a pasted article not in the index, or one in no family
    indexed = [id] if story is None and svc.has(id) else []
    return render("article.html", title=article.title or id, article=article_dict(article), story=story,
                  indexed_ids=indexed)  # fmt: skip


@router.get("/sites", response_class=HTMLResponse)
def sites_page(
    request: Request,
    site: Annotated[str | None, Query(max_length=2048)] = None,
    since: Annotated[str | None, Query(max_length=64)] = None,
    until: Annotated[str | None, Query(max_length=64)] = None,
    credits: Annotated[bool, Query()] = False,
) -> HTMLResponse:
    """Who copies whom, filtered as `GET /api/sites` filters it (a bad date is a 422, the form given
    back with the dates as typed and what is wrong with them); `credits` counts, per pair, the
    copies naming the original's outlet and those that do not, as `wiretrace sites --credits`."""
    site = (site or "").strip() or None
    kept: dict[str, Any] = {"site": site or "", "since": since or "", "until": until or "", "credits": credits}
    try:
        lo, hi = _filter_dates(since, until)
        sites = _service(request).sites(credits, site, lo, hi)  # a sync route: run in a worker thread
    except (HTTPException, ConfigError) as exc:
        return render("sites.html", 422, None, title="Sites", sites=None, graph="",
                      error=getattr(exc, "detail", None) or str(exc), bad=_bad_date(since, until), **kept)  # fmt: skip
    return render("sites.html", 200, None, title="Sites", sites=sites, graph=sites_svg(sites), error=None, **kept)


def _bad_date(since: str | None, until: str | None) -> str:
    """The date filter a listing's error is about, as its form names the input: the first that is
    no date, else `until` when both are given (a range that ends before it starts), else none."""
    for name, value in (("since", since), ("until", until)):
        if value and normalize_date(value) is None:
            return name
    return "until" if since and until else ""


def _filter_dates(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """A listing's date filters as typed in its form: the error names the field as labelled."""
    return iso_date(since or None, "published from"), iso_date(until or None, "to")


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
    try:
        source, target = await _posted(request, ("source_", "source"), ("target_", "target"))
    except InputError as exc:  # both pasted texts come back in their boxes, not lost
        source_text, target_text = await _pasted(request, "source_text"), await _pasted(request, "target_text")
        named = exc.where.split(":", 1)[0]  # 'source', 'target', 'source and target'
        return render(
            "compare_form.html", 422, title="Compare two articles", error=str(exc),
            source_text=source_text, target_text=target_text,
            bad=[side for side in ("source", "target") if side in named] or ["source", "target"],
        )  # fmt: skip
    svc.remember(source)
    svc.remember(target)
    return await run_in_threadpool(_compare_view, svc, source, target)


def _compare_view(svc: Service, source: Article, target: Article) -> HTMLResponse:
    doc = svc.compare(source, target)
    # compare_body escapes every article-derived value itself (wiretrace.report).
    shown_reversed = svc.judged_other_way(target, source)  # a story's member shown as its link was judged
    stitched = svc.stitched(source, target)  # as `wiretrace compare` notes it
    return render(
        "compare.html", title=report.compare_title(doc), body=Markup(report.compare_body(doc)),
        provenance=Markup(report.provenance_html(doc, report.made_now())),
        other_way=svc.judged_other_way(source, target),
        reversed_note=report.reversed_note(link_dict(shown_reversed)) if shown_reversed else None,
        roundup_note=report.roundup_note(link_dict(stitched)) if stitched else None,
    )  # fmt: skip
