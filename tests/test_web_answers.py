"""The JSON API's answers against the models its OpenAPI document declares for them
(`wiretrace.web.answers`), over the small real index of the web tests.

Each real answer is validated, as the JSON text a client receives, against the model its route
declares, strict (no int for a bool, no string for a number, no value outside a fixed set) and
closed (`extra="forbid"`, every field required): a field `wiretrace.schema` adds, renames, drops or
types otherwise fails here until the model, and so the document, says so.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from httpx import Response
from pydantic import ValidationError

from tests.webtools import api_client, corpus_records, indexed_copy
from wiretrace import model
from wiretrace.web import answers, pages
from wiretrace.web.answers import EXPORT_ROWS, Answer
from wiretrace.web.api import router

TOKEN = "answers-token-93a0"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

#: A wire story and a farm's edit of it: a figure and a day changed in the lede and the headline, a
#: claim of its own, page furniture, the wire credited; every list of the compare object filled.
WIRE = {
    "title": "BP profits soar 26% in first quarter", "site": "reuters.com", "published": "2024-05-01",
    "text": "LONDON (Reuters) - BP said on Tuesday its first-quarter profit rose 26% to $5 billion, beating "
            "forecasts. The oil company said higher crude prices and strong trading lifted its results. Chief "
            "executive Bernard Looney said the company would keep investing in new energy. Shares in BP rose 3% in "
            "early trading in London. The company also raised its dividend by 10% for the quarter.",
}  # fmt: skip
EDIT = {
    "title": "BP profits soar 62% in first quarter", "site": "farm.example", "published": "2024-05-02",
    "text": "BP said on Wednesday its first-quarter profit rose 62% to $5 billion, beating forecasts, Reuters "
            "reported. The oil company said higher crude prices and strong trading lifted its results. Chief "
            "executive Bernard Looney said the company would keep investing in new energy. Shares in BP rose 3% in "
            "early trading in London. Analyst Jane Smith of Barclays said the results were \"very strong\".\n"
            "Share this article\nAdvertisement",
}  # fmt: skip

#: A notice and the same notice for another week: the rule `template`; the second credits AFP, not Reuters.
NOTICE = {
    "site": "reuters.com", "published": "2024-05-01",
    "text": "Smith Road will be closed on 3 May for resurfacing. Drivers should use the A40 instead. Works start at "
            "9pm and end at 6am.",
}  # fmt: skip
REFILLED = {
    "byline": "Jane Smith", "url": "https://local.example/roads/smith-road", "published": "2024-05-08",
    "text": "Smith Road will be closed on 10 May for resurfacing. Drivers should use the A40 instead. Works start at "
            "11pm and end at 5am.\nSource: AFP",
}  # fmt: skip


#: A family whose members join through other members, added to the index for the story and query
#: answers' `via`, `source_of` and credit fields, null in every family of the small index: the wire;
#: a client's edit of it crediting Reuters (EDIT) and a mirror's identical copy of that edit, a day
#: later (joined `via` the client's); an article of the same day on another subject, and a farm's
#: story merging it with the wire's, which joins it to the family as the source of the merge only
#: (`source_of`).
OTHER = {
    "title": "BP names new head of trading", "site": "energy.example", "published": "2024-05-02",
    "text": "BP has named Carol Howle as the new head of its trading division, the company said in a statement. "
            "Howle, who joined BP in 1991, will take up the post in June. She replaces Nigel Wardle, who is retiring "
            "after three decades at the firm. The trading arm made record profits last year as energy prices swung. "
            "Analysts said the appointment signalled continuity at the unit.",
}  # fmt: skip
FAMILY = [
    {**WIRE, "id": "wire"},
    {**EDIT, "id": "client"},
    {**EDIT, "id": "client-mirror", "site": "mirror.example", "published": "2024-05-03"},
    {**OTHER, "id": "other"},
    {"id": "merged", "title": "BP profits jump as it names new trading chief", "site": "farm2.example",
     "published": "2024-05-03", "text": WIRE["text"].removeprefix("LONDON (Reuters) - ") + " " + OTHER["text"]},
]  # fmt: skip


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """Reads only: a client over a copy of the small real index."""
    with api_client(indexed_copy(tmp_path_factory, tmp_path_factory.mktemp("answers") / "index")) as c:
        yield c


@pytest.fixture(scope="module")
def family(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """Reads only: a client over a copy of the small real index with `FAMILY` added."""
    with api_client(indexed_copy(tmp_path_factory, tmp_path_factory.mktemp("family") / "index")) as c:
        got = c.post("/api/articles", json={"articles": FAMILY})
        assert got.status_code == 200 and got.json()["added"] == len(FAMILY), got.text
        yield c


@pytest.fixture()
def writable(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A client over a fresh copy of the index, for adds."""
    with api_client(indexed_copy(tmp_path_factory, tmp_path / "index"), token=TOKEN) as c:
        yield c


def declared(method: str, path: str) -> type[Answer]:
    """The model the route at `path` (as the OpenAPI document writes it) declares for its 200 answer."""
    for route in router.routes:
        if isinstance(route, APIRoute) and route.path_format == path and method in (route.methods or ()):
            model = route.responses[200]["model"]
            assert issubclass(model, Answer), (method, path)
            return model
    raise AssertionError(f"no route {method} {path}")


def valid(client: TestClient, method: str, path: str, response: Response) -> dict[str, Any]:
    """The JSON answer, once its text is validated against the model its route declares (strict JSON
    mode: a fixed set's value is a string on the wire, which an enum of the models accepts)."""
    assert response.status_code == 200, response.text
    declared(method, path).model_validate_json(response.text)
    return response.json()


def exported(client: TestClient, what: str) -> list[dict[str, Any]]:
    """The JSON Lines export's rows of `what`, each line once validated against its declared row model."""
    spec = client.get("/openapi.json").json()
    jsonl = spec["paths"]["/api/export"]["get"]["responses"]["200"]["content"]["application/x-ndjson"]
    name = jsonl["x-row-schema"][what]["$ref"].rsplit("/", 1)[-1]
    model = getattr(answers, name)
    assert model is EXPORT_ROWS[what] and name in spec["components"]["schemas"]
    got = client.get("/api/export", params={"what": what, "format": "jsonl"})
    assert got.status_code == 200, got.text
    lines = got.text.splitlines()
    assert lines and len(lines) == int(got.headers["x-rows"])
    for line in lines:
        model.model_validate_json(line)
    return [json.loads(line) for line in lines]


def test_compare_answers_are_as_declared(indexed: TestClient) -> None:
    compare = "/api/compare"
    doc = valid(indexed, "POST", compare, indexed.post(compare, json={"source": WIRE, "target": EDIT}))
    assert doc["changes"] and doc["unsupported"] and doc["title_changes"] and doc["links"]
    assert doc["credit"]["credited"] is True and doc["target"]["dropped_chrome"]
    # by ids: an indexed wire story and its rewrite; a short unrelated pair: a caveat, no links, no credit
    wire, farm = (r["id"] for r in corpus_records()[0][:2])
    valid(indexed, "POST", compare, indexed.post(compare, json={"source": {"id": wire}, "target": {"id": farm}}))
    short = {"source": {"text": "Rain fell on the town."}, "target": {"text": "Cats like milk."}}
    doc = valid(indexed, "POST", compare, indexed.post(compare, json=short))
    assert doc["verdict"]["caveat"] and doc["credit"] is None
    # the fields left null above, filled: a rule, a byline and an address, another agency credited
    doc = valid(indexed, "POST", compare, indexed.post(compare, json={"source": NOTICE, "target": REFILLED}))
    assert doc["verdict"]["rule"] == "template" and doc["target"]["byline"] and doc["target"]["url"]
    assert doc["credit"]["instead"] == "AFP"


def test_article_and_query_answers_are_as_declared(indexed: TestClient) -> None:
    indexed_records, held_out = corpus_records()
    article = indexed_records[0]["id"]
    doc = valid(indexed, "GET", "/api/articles/{article_id}", indexed.get(f"/api/articles/{article}"))
    assert doc["sentences"] and doc["site"] == "wire.example"
    query = "/api/query"
    doc = valid(indexed, "POST", query, indexed.post(query, json={"text": held_out[0]["text"]}))
    assert doc["matches"] and doc["story"] is not None
    doc = valid(indexed, "POST", query, indexed.post(query, json={"id": article}))
    assert {m["role"] for m in doc["matches"]} == {"derived"}
    alone = {"text": "Cats like milk more than water. Dogs prefer meat, vets say.", "title": "Pets"}
    doc = valid(indexed, "POST", query, indexed.post(query, json=alone))
    assert doc["matches"] == [] and doc["story"] is None


def test_story_and_sites_answers_are_as_declared(indexed: TestClient) -> None:
    doc = valid(indexed, "GET", "/api/stories", indexed.get("/api/stories", params={"limit": 500}))
    assert doc["stories"] and doc["total"] == len(doc["stories"])
    for story in doc["stories"]:
        got = indexed.get(f"/api/stories/{story['id']}")
        assert valid(indexed, "GET", "/api/stories/{story_id}", got) == story
    member = doc["stories"][0]["members"][-1]["id"]  # a member's id answers with its family
    valid(indexed, "GET", "/api/stories/{story_id}", indexed.get(f"/api/stories/{member}"))
    for credits in (False, True):  # credited and uncredited: counts with `credits`, null without
        doc = valid(indexed, "GET", "/api/sites", indexed.get("/api/sites", params={"credits": credits}))
        assert doc["edges"] and all((e["credited"] is None) is not credits for e in doc["edges"])


def test_add_answers_are_as_declared(writable: TestClient) -> None:
    wire, farm = corpus_records()[0][:2]
    add = "/api/articles"
    given = [
        {"id": "new-1", "text": "Rain hit the town on Monday. Roads were closed. Police said three were hurt."},
        {"id": "copy-1", "text": wire["text"]},  # an identical copy under its own id
        {"id": wire["id"], "text": wire["text"]},  # a duplicate
        {"id": farm["id"], "text": "Other text under a taken id. It is kept as a version."},
        {"text": " "},  # rejected
    ]
    got = writable.post(add, headers=AUTH, json={"articles": given, "keep_versions": True})
    doc = valid(writable, "POST", add, got)
    assert (doc["added"], doc["identical"], doc["duplicates"]) == (3, 1, 1)
    assert doc["duplicate_of"] and doc["versions"] and doc["rejected"] and len(doc["ids"]) == 4


@pytest.mark.parametrize("what", sorted(EXPORT_ROWS))
def test_the_json_lines_export_rows_are_as_declared(indexed: TestClient, what: str) -> None:
    """The export is a file, but its JSON Lines rows are declared too, one schema for each `what`."""
    exported(indexed, what)


def test_members_joined_through_other_members_and_credited_matches_are_as_declared(family: TestClient) -> None:
    """A member's `via` and `source_of`, and a match's credit fields, were null in every answer the
    tests above validate, so `wiretrace.schema` could have sent them as any other type unnoticed."""
    doc = valid(family, "GET", "/api/stories/{story_id}", family.get("/api/stories/wire"))
    joined = {m["id"]: (m["via"], m["source_of"]) for m in doc["members"]}
    assert joined["client-mirror"] == ("client", None) and joined["other"] == (None, "merged")
    rows = {r["member"]: r for r in exported(family, "stories") if r["story"] == "wire"}
    assert (rows["client-mirror"]["via"], rows["other"]["source_of"]) == ("client", "merged")
    credited = [r for r in exported(family, "links") if r["credit_where"]]
    assert {(r["source"], r["target"]) for r in credited} >= {("wire", "client")}
    assert all(r["credit_passage"] for r in credited)
    # later copies of the wire asked about: one crediting Reuters in its dateline, one crediting AFP instead
    query = "/api/query"
    later = {"site": "later.example", "published": "2024-05-04", "text": WIRE["text"].replace("Tuesday", "Wednesday")}
    for text, instead in ((later["text"], None), (later["text"].replace("Reuters", "AFP"), "AFP")):
        doc = valid(family, "POST", query, family.post(query, json={**later, "text": text}))
        match = next(m for m in doc["matches"] if m["id"] == "wire")
        assert match["role"] == "source" and match["credit_where"] == "dateline" and match["credit_passage"]
        assert match["credits_instead"] == instead


def test_openapi_names_a_schema_for_every_json_answer(indexed: TestClient) -> None:
    """An API integrator's review: every answer was `dict[str, Any]`, so the document said nothing
    of its fields and a generated client had no types for them."""
    spec = indexed.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    named = set()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            content = operation["responses"]["200"]["content"]
            if path == "/api/export":  # a file; its JSON Lines rows are named by `what`
                refs = list(content["application/x-ndjson"]["x-row-schema"].values())
            else:
                assert set(content) == {"application/json"}, (method, path)
                refs = [content["application/json"]["schema"]]
                # the model's schema alone: not merged with the open object of the route's `dict[str, Any]`
                assert refs == [{"$ref": f"#/components/schemas/{declared(method.upper(), path).__name__}"}]
            for ref in refs:
                named.add(ref["$ref"].rsplit("/", 1)[-1])
    assert named <= set(schemas)
    assert {"CompareOut", "AddOut", "ArticleOut", "QueryOut", "StoriesOut", "StoryOut", "SitesOut"} <= named
    # every model of `answers` is in the document, and none closed: fields may be added within /1
    models = {n for n, m in vars(answers).items() if isinstance(m, type) and issubclass(m, Answer) and m is not Answer}
    assert models <= set(schemas)
    assert [n for n in models if "additionalProperties" in schemas[n]] == []
    assert schemas["VerdictOut"]["properties"]["rule"]["anyOf"][1] == {"type": "null"}
    assert "rule" in schemas["VerdictOut"]["required"]  # present, though null
    # the /docs page lists an answer's fields as it lists a body's
    page = indexed.get("/docs", headers={"accept": "text/html"}).text
    compare = page[page.index("POST /api/compare") :]
    compare = compare[: compare.index("</section>")]
    assert "<code>CompareOut</code>" in compare and "<td><code>verdict</code></td><td>VerdictOut</td>" in compare


#: The fixed value sets of the answers, each one named schema, and fields that take it.
VALUE_SETS = {
    "Relation": (["copy", "edited-copy", "rewrite", "unrelated"],
                 [("VerdictOut", "relation"), ("MatchOut", "relation")]),
    "DerivedRelation": (["copy", "edited-copy", "rewrite"],
                        [("StoryLinkOut", "relation"), ("ExportLinkRow", "relation")]),
    "MemberRelation": (["origin", "copy", "edited-copy", "rewrite"],
                       [("StoryMemberOut", "relation"), ("ExportMemberRow", "relation")]),
    "LinkKind": (["verbatim", "edited", "paraphrase"], [("SentenceLinkOut", "kind")]),
    "MatchRole": (["source", "derived", "identical", "shares-passages"], [("MatchOut", "role")]),
}  # fmt: skip


def test_each_fixed_value_set_is_one_named_schema(indexed: TestClient) -> None:
    """An API integrator's review: the sets were written inline in each field, so a client
    generator made a type per field (`Relation1` ... `Relation5`); each is now one named schema."""
    schemas = indexed.get("/openapi.json").json()["components"]["schemas"]
    for name, (values, uses) in VALUE_SETS.items():
        assert schemas[name]["enum"] == values, name
        for owner, field in uses:
            assert schemas[owner]["properties"][field]["$ref"] == f"#/components/schemas/{name}", (owner, field)
    inline = [(n, f) for n, s in schemas.items() for f, p in s.get("properties", {}).items()
              if "enum" in json.dumps(p)]  # fmt: skip
    assert inline == []


def test_the_value_sets_are_the_cores_own() -> None:
    """The answer enums restate the core's value sets (`wiretrace.model`): a relation or link kind the
    core gains must be declared too, whether or not a tested answer carries it."""
    relations = set(get_args(model.Relation))
    assert {r.value for r in answers.Relation} == relations
    assert {r.value for r in answers.DerivedRelation} == relations - {"unrelated"}
    assert {r.value for r in answers.MemberRelation} == relations - {"unrelated"} | {"origin"}
    assert {k.value for k in answers.LinkKind} == set(get_args(model.LinkKind))


def test_every_ref_of_the_openapi_document_resolves(indexed: TestClient) -> None:
    """The export's row schemas were added as `model_json_schema()` writes them, whose references
    to a nested schema (an enum, an object) are `#/$defs/...`: nowhere in an OpenAPI document."""
    spec = indexed.get("/openapi.json").json()
    refs: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            refs.extend(v for k, v in node.items() if k == "$ref")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    for ref in refs:
        assert ref.startswith("#/"), ref
        node = spec
        for part in ref[2:].split("/"):
            key = part.replace("~1", "/").replace("~0", "~")
            assert isinstance(node, dict) and key in node, ref
            node = node[key]
    assert {"#/components/schemas/MemberRelation", "#/components/schemas/DerivedRelation"} <= set(refs)


def test_the_docs_page_lists_a_fixed_value_sets_values(indexed: TestClient) -> None:
    """A field of a fixed set or a constant read 'string' on /docs; its values are listed, as a
    parameter's are."""
    page = indexed.get("/docs", headers={"accept": "text/html"}).text
    compare = page[page.index("POST /api/compare") :]
    compare = compare[: compare.index("</section>")]
    assert "<td><code>schema</code></td><td>string, always wiretrace.compare/1</td>" in compare
    # the objects inside an answer are listed with their schema names; their sets' fields the same way
    schemas = indexed.get("/openapi.json").json()["components"]["schemas"]
    types = {f["name"]: f["type"] for f in pages._fields(schemas["MatchOut"], schemas)}
    assert types["role"] == "MatchRole: one of source, derived, identical, shares-passages"
    assert types["relation"] == "Relation: one of copy, edited-copy, rewrite, unrelated"
    assert types["credit_where"] == "string or null"


def test_the_answer_models_refuse_what_the_code_does_not_build(indexed: TestClient) -> None:
    """The checks above can fail: a field the models lack, a field missing and a wrong type are refused."""
    got = indexed.get("/api/sites", params={"credits": True})
    doc = got.json()
    model = declared("GET", "/api/sites")
    model.model_validate_json(got.text)
    edge = doc["edges"][0]
    for wrong in (
        {**doc, "generated": "2026-01-01"},  # a new field
        {k: v for k, v in doc.items() if k != "edges"},  # a field dropped
        {**doc, "edges": [{**edge, "links": float(edge["links"])}]},  # a count as a number
        {**doc, "edges": [{**edge, "credited": True}]},  # a count as a boolean
        {**doc, "schema": "wiretrace.sites/2"},  # another schema id
    ):
        with pytest.raises(ValidationError):
            model.model_validate_json(json.dumps(wrong))
    # a value outside a fixed set (an enum of the models)
    got = indexed.get(f"/api/stories/{corpus_records()[0][0]['id']}")
    story = got.json()
    declared("GET", "/api/stories/{story_id}").model_validate_json(got.text)
    for relation in ("derived", "Copy", 1):
        wrong = {**story, "links": [{**story["links"][0], "relation": relation}]}
        with pytest.raises(ValidationError):
            declared("GET", "/api/stories/{story_id}").model_validate_json(json.dumps(wrong))
