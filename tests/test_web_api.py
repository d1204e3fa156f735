"""The JSON API with FastAPI's TestClient over a real index: shapes, errors, limits, tokens."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.webtools import l2r_pairs
from wiretrace.schema import COMPARE_SCHEMA
from wiretrace.web import create_app
from wiretrace.web.service import WebConfig

SMALL_LIMIT = 64 * 1024


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with TestClient(create_app(tmp_path_factory.mktemp("api-index"), max_body=SMALL_LIMIT)) as c:
        yield c


@pytest.fixture(scope="module")
def pair() -> tuple[str, str]:
    (source, rewrites), *_ = l2r_pairs(1)
    return source["text"], rewrites[0]["text"]


def test_compare_returns_the_compare_object(client: TestClient, pair: tuple[str, str]) -> None:
    source, target = pair
    r = client.post("/api/compare", json={"source": {"text": source, "title": "Wire"}, "target": {"text": target}})
    assert r.status_code == 200, r.text
    doc = r.json()
    assert doc["schema"] == COMPARE_SCHEMA
    assert doc["verdict"]["relation"] in ("rewrite", "edited-copy")
    assert doc["source"]["title"] == "Wire" and doc["links"]


def test_compare_reads_html_pages(client: TestClient, pair: tuple[str, str]) -> None:
    source, target = pair
    page = "<html><head><title>Floods</title></head><body><article>{}</article></body></html>"
    paras = lambda text: "".join(f"<p>{s}.</p>" for s in text.split(". "))  # noqa: E731
    r = client.post(
        "/api/compare",
        json={"source": {"html": page.format(paras(source))}, "target": {"html": page.format(paras(target))}},
    )
    assert r.status_code == 200, r.text
    assert r.json()["source"]["title"] == "Floods"


@pytest.mark.parametrize(
    ("body", "status", "needle"),
    [
        (b"{", 422, "invalid JSON"),
        (b"[]", 422, "body"),
        (b'{"source": {"text": "A sentence here."}}', 422, "target: Field required"),
        (b'{"source": {}, "target": {"text": "x"}}', 422, "source: give 'text' or 'html'"),
        (b'{"source": {"text": "   "}, "target": {"text": "Fine text."}}', 422, "source: give 'text' or 'html'"),
        (b'{"source": {"text": "..."}, "target": {"text": "Fine text."}}', 422, "source: no article text"),
        (b'{"source": {"html": "<p>too short</p>"}, "target": {"text": "x."}}', 422, "no article text found"),
        (b'{"source": {"text": 5}, "target": {"text": "x."}}', 422, "source.text"),
        (b'{"source": {"text": "a.", "bogus": 1}, "target": {"text": "x."}}', 422, "source.bogus"),
        (b'{"source": {"id": "nope"}, "target": {"text": "Fine text."}}', 404, "no article with id 'nope'"),
        (b'{"source": {"id": "pasted:0000"}, "target": {"text": "Fine."}}', 404, "paste it again"),
    ],
)
def test_bad_compare_requests_get_a_clear_4xx(client: TestClient, body: bytes, status: int, needle: str) -> None:
    r = client.post("/api/compare", content=body, headers={"content-type": "application/json"})
    assert r.status_code == status, r.text
    assert needle in r.json()["error"]


def test_body_limit_by_header_and_while_streaming(client: TestClient) -> None:
    big = b'{"source": {"text": "' + b"a" * SMALL_LIMIT + b'"}}'
    r = client.post("/api/compare", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413 and "too large" in r.json()["error"]
    # chunked, no Content-Length: cut off once the limit is passed
    r = client.post(
        "/api/compare", content=iter([big[:1000], big[1000:]]), headers={"content-type": "application/json"}
    )
    assert r.status_code == 413 and f"limit is {SMALL_LIMIT} bytes" in r.json()["error"]
    r = client.post("/api/compare", content=b"{}", headers={"content-type": "application/json", "content-length": "x"})
    assert r.status_code == 400


def test_unknown_routes_and_methods_are_json_errors(client: TestClient) -> None:
    r = client.get("/api/nothing")
    assert r.status_code == 404 and r.json() == {"error": "not found: /api/nothing"}
    r = client.get("/api/compare")
    assert r.status_code == 405 and "GET" in r.json()["error"]


def test_pages_escape_and_forbid_inline_scripts(client: TestClient, pair: tuple[str, str]) -> None:
    r = client.get("/")
    assert r.status_code == 200 and "script-src 'self'" in r.headers["content-security-policy"]
    evil = "Evil <b>bold</b> title\n\n" + pair[1].replace(". ", ". <script>alert(1)</script> ", 1)
    r = client.post("/compare", data={"source_text": pair[0], "target_text": evil}, files={"none": ("", b"")})
    assert r.status_code == 200
    assert "<script>alert(1)" not in r.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    assert "Evil &lt;b&gt;bold&lt;/b&gt; title" in r.text
    r = client.post("/compare", data={"source_text": "", "target_text": "x"}, files={"none": ("", b"")})
    assert r.status_code == 422 and "paste the article" in r.text


def test_compare_page_reads_uploaded_files(client: TestClient, pair: tuple[str, str]) -> None:
    files = {"source_file": ("wire.txt", pair[0].encode()), "target_file": ("copy.html", b"\x89PNG....")}
    r = client.post("/compare", files=files)
    assert r.status_code == 422 and "binary content (a PNG image)" in r.text
    files["target_file"] = ("copy.txt", pair[1].encode("utf-16"))
    r = client.post("/compare", files=files)
    assert r.status_code == 200 and 'class="sent' in r.text


def test_config_is_checked(tmp_path: Path) -> None:
    from wiretrace.errors import ConfigError

    with pytest.raises(ConfigError, match="token is empty"):
        WebConfig(index=tmp_path, token=" ")
    with pytest.raises(ConfigError, match="max_body"):
        WebConfig(index=tmp_path, max_body=10)
