"""Collection readers: JSON Lines, Parquet, WARC/WET, feeds, directories and globs, and damaged inputs.

Every test writes real files (gzip, Parquet, WARC, RSS, Atom) to a temp dir; the article text is
`l2r-src-001` and `l2r-src-002` from `examples/l2r` (CC BY 3.0, see `examples/README.md`).
"""

from __future__ import annotations

import functools
import gzip
import io
import json
import re
import time
import zlib
from collections.abc import Iterator
from html import escape as html_escape
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.conftest import EXAMPLES
from wiretrace.errors import ConfigError, InputError
from wiretrace.ingest import (
    MAX_BYTES,
    checked_fields,
    field_map,
    fields_named,
    from_html,
    from_record,
    from_text,
    prolog_end,
    read_bytes,
    site_titled_text,
)
from wiretrace.model import Article
from wiretrace.readers import (
    MAX_RECORD_BYTES,
    Item,
    Rejected,
    Skipped,
    entry_date,
    expand,
    read_all,
    read_collection,
    read_stream,
    record_columns,
)
from wiretrace.sites import UNKNOWN_SITE, same_site, site_of

SOURCE_1 = (EXAMPLES / "l2r" / "001-source.txt").read_text(encoding="utf-8").strip()
SOURCE_2 = (EXAMPLES / "l2r" / "002-source.txt").read_text(encoding="utf-8").strip()
URI_1 = "https://coast-gazette.example/news/belfast-bus-fire"
URI_2 = "https://shire-courier.example/news/scout-leader-trial"


def paragraphs(text: str) -> str:
    """The article as HTML paragraphs of three sentences each."""
    sentences = [s if s.endswith((".", '"')) else s + "." for s in text.split(". ")]
    return "".join(f"<p>{' '.join(sentences[i : i + 3])}</p>" for i in range(0, len(sentences), 3))


def page(text: str, title: str) -> str:
    return f"<html><head><title>{title}</title></head><body><article>{paragraphs(text)}</article></body></html>"


def split(items: list[Item]) -> tuple[list[Article], list[Rejected]]:
    """The articles and rejections of a reader stream, its counts of skipped records set aside."""
    articles = [i for i in items if isinstance(i, Article)]
    rejected = [i for i in items if isinstance(i, Rejected)]
    assert len(articles) + len(rejected) + sum(isinstance(i, Skipped) for i in items) == len(items)
    return articles, rejected


def read(items: list[Item]) -> list[Item]:
    """A reader stream without its counts of skipped records (which come after a file's articles)."""
    return [i for i in items if not isinstance(i, Skipped)]


# --- JSON Lines -------------------------------------------------------------------------------


def jsonl_lines() -> list[str]:
    return [
        json.dumps({"id": "a1", "text": SOURCE_1, "title": "Buses burn", "date": "2016-07-02", "author": "M. O'Neill"}),
        json.dumps({"url": URI_2, "html": page(SOURCE_2, "Trial"), "site": "Shire Courier"}),
        "",
        '{"id": "broken", "text": "no closing brace"',
        json.dumps({"id": "empty", "title": "No body here", "text": "  "}),
        json.dumps({"text": SOURCE_2}),
    ]


@pytest.mark.parametrize("name", ["articles.jsonl", "articles.jsonl.gz", "articles.ndjson"])
def test_jsonl_reads_good_lines_and_rejects_bad_ones_by_line(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    data = "\n".join(jsonl_lines()).encode("utf-8")
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)

    articles, rejected = split(list(read_collection(path)))

    assert [a.id for a in articles] == ["a1", URI_2, f"{path}:6"]
    first = articles[0]
    assert (first.title, first.published, first.byline) == ("Buses burn", "2016-07-02", "M. O'Neill")
    assert first.sentences[0].text.startswith("A fire alarm went off")
    assert articles[1].url == URI_2 and articles[1].site == "Shire Courier"
    assert [r.where for r in rejected] == [f"{path}:4", f"{path}:5"]
    assert "invalid JSON" in rejected[0].reason
    assert "'text' or 'html'" in rejected[1].reason
    # the blank line is counted (a data team's review: the lines did not add up to the summary)
    assert [(i.kind, i.records) for i in read_collection(path) if isinstance(i, Skipped)] == [("blank line", 1)]


def test_truncated_jsonl_gz_keeps_what_was_read_then_names_the_file(tmp_path: Path) -> None:
    lines = [json.dumps({"id": f"r{i}", "text": f"Story {i}. {SOURCE_1 if i % 2 else SOURCE_2}"}) for i in range(60)]
    whole = gzip.compress("\n".join(lines).encode("utf-8"))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(whole[: len(whole) // 2])

    items = list(read_collection(path))

    articles, rejected = split(items)
    assert 0 < len(articles) < 60
    assert [a.id for a in articles] == [f"r{i}" for i in range(len(articles))]
    assert items[-1] == rejected[-1]
    assert rejected[-1].where == str(path) and "truncated" in rejected[-1].reason
    assert f"(after {len(articles)} record" in rejected[-1].reason  # the records before the cut were read


@pytest.mark.parametrize(("name", "data", "what"), [
    ("noise.jsonl", bytes(range(256)) * 400, "NUL bytes"),
    ("logo.jsonl", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "a PNG image"),
    ("noise.jsonl.gz", gzip.compress(bytes(range(256)) * 400), "NUL bytes"),
])  # fmt: skip
def test_a_binary_file_named_jsonl_is_one_rejection(tmp_path: Path, name: str, data: bytes, what: str) -> None:
    """Not one rejection per newline byte of the blob: the rejected count is records lost."""
    path = tmp_path / name
    path.write_bytes(data)
    assert list(read_collection(path)) == [Rejected(str(path), f"binary content ({what}), not JSON Lines")]


def test_a_stray_nul_byte_costs_its_record_only(tmp_path: Path) -> None:
    lines = [json.dumps({"id": f"r{i}", "text": SOURCE_1}) for i in range(3)]
    path = tmp_path / "dump.jsonl"
    path.write_bytes((lines[0] + "\n" + lines[1][:20] + "\x00" + lines[1][20:] + "\n" + lines[2] + "\n").encode())
    articles, rejected = split(list(read_collection(path)))
    assert [a.id for a in articles] == ["r0", "r2"] and [r.where for r in rejected] == [f"{path}:2"]


@pytest.mark.parametrize(("name", "data"), [("e.jsonl", b"\n \n"), ("e.jsonl.gz", gzip.compress(b"")), ("e.warc", b"")])
def test_collection_without_records_is_rejected_as_empty(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    [item] = read_collection(path)
    assert isinstance(item, Rejected) and item.where == str(path) and item.reason.startswith("empty file")


def test_jsonl_gz_that_is_not_gzip_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "plain.jsonl.gz"
    path.write_text(json.dumps({"text": SOURCE_1}), encoding="utf-8")
    [item] = read_collection(path)
    assert isinstance(item, Rejected) and "gzip" in item.reason


# --- Parquet ----------------------------------------------------------------------------------


def test_parquet_rows_become_articles_and_a_row_without_text_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "articles.parquet"
    table = pa.table(
        {
            "id": ["p1", "p2", None],
            "url": [URI_1, None, URI_2],
            "text": [SOURCE_1, None, SOURCE_2],
            "title": ["Buses burn", "Nothing", None],
            "published": pa.array([pa.scalar(0, pa.date32()).as_py(), None, None], pa.date32()),
            "views": [1, 2, 3],  # an unknown column is not read
        }
    )
    pq.write_table(table, path, row_group_size=2)

    articles, rejected = split(list(read_collection(path)))

    assert [a.id for a in articles] == ["p1", URI_2]
    assert articles[0].title == "Buses burn" and articles[0].published == "1970-01-01"
    assert articles[1].sentences[0].text.startswith("John Edward Bates")
    assert [r.where for r in rejected] == [f"{path}#row-2"]
    assert rejected[0].reason.startswith("record has no non-empty 'text' or 'html' field")
    assert rejected[0].reason.endswith("its fields with a value: 'id', 'title'")  # the row's, not its empty columns
    # a text of spaces alone is no value (a batch review's record listed 'text' among them)
    with pytest.raises(InputError, match=re.escape("its fields with a value: 'id', 'title'") + "$"):
        from_record({"id": "x", "text": "  \n ", "title": "T"}, "dump.jsonl:5")


def test_records_without_id_or_url_are_named_the_same_under_any_spelling_of_their_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Named `path:N`, a dump added again as 'dump.jsonl' and '/abs/dump.jsonl' must not store twice."""
    (tmp_path / "sub").mkdir()
    dump = tmp_path / "dump.jsonl"
    dump.write_text(json.dumps({"text": SOURCE_1}) + "\n" + json.dumps({"text": SOURCE_2}) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "sub")

    spellings = [Path("../dump.jsonl"), dump, tmp_path / "sub" / ".." / "dump.jsonl"]
    ids = [[a.id for a in split(list(read_collection(p)))[0]] for p in spellings]

    assert ids[0] == ids[1] == ids[2] == [f"{dump}:1", f"{dump}:2"]


def test_parquet_binary_text_and_float_ids_read_as_a_json_record_would(tmp_path: Path) -> None:
    """Some writers store strings as `binary`, and pandas writes nullable integer ids as floats."""
    path = tmp_path / "binary.parquet"
    texts = [SOURCE_1.encode(), b"\xff\xfe not text", SOURCE_2.encode()]
    table = pa.table({"id": pa.array([7.0, 8.0, 9.5]), "text": pa.array(texts)})
    pq.write_table(table, path)

    articles, rejected = split(list(read_collection(path)))

    assert [a.id for a in articles] == ["7", "9.5"] and articles[0].text.startswith(SOURCE_1[:40])
    assert rejected == [Rejected(f"{path}#row-2", "the record's 'text' field holds bytes that are not UTF-8 text")]


def test_parquet_timestamps_at_midnight_are_days(tmp_path: Path) -> None:
    """A data team's review: the same day delivered as a tz-aware Parquet timestamp (pandas writes
    day-only dates as midnight) outranked it given as text, as 'the copy stating its date more
    precisely'. Midnight exactly is the day; any other time is kept."""
    import datetime as dt

    path = tmp_path / "dated.parquet"
    for zone, kept in [(dt.UTC, "2005-03-08T16:47:53Z"), (None, "2005-03-08T16:47:53")]:
        stamps = [dt.datetime(2005, 3, 8, tzinfo=zone), dt.datetime(2005, 3, 8, 16, 47, 53, tzinfo=zone)]
        pq.write_table(pa.table({"id": ["a", "b"], "text": [SOURCE_1] * 2, "published": stamps}), path)
        articles, _ = split(list(read_collection(path)))
        assert [a.published for a in articles] == ["2005-03-08", kept]
    # a midnight in another zone is a moment: 00:00 in Berlin is 23:00 UTC the day before
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Europe/Berlin")
    berlin = [dt.datetime(2016, 3, 1, tzinfo=zone), dt.datetime(2016, 3, 1, 0, 30, tzinfo=zone)]
    pq.write_table(pa.table({"id": ["a", "b"], "text": [SOURCE_1] * 2, "published": berlin}), path)
    articles, _ = split(list(read_collection(path)))
    assert [a.published for a in articles] == ["2016-02-29T23:00:00Z", "2016-02-29T23:30:00Z"]


def test_a_parquet_date_past_what_python_reads_costs_its_row_only(tmp_path: Path) -> None:
    """A fuzzing review: one date32 or timestamp cell past year 9999 (written by another tool) refused
    the whole file, 'unexpected error', its good rows lost and no row named."""
    path = tmp_path / "dated.parquet"
    for far in (pa.array([0, 2**31 - 1, 0], pa.date32()), pa.array([0, 2**62, 0], pa.timestamp("us", tz="UTC"))):
        pq.write_table(pa.table({"id": ["a", "b", "c"], "text": [SOURCE_1, SOURCE_2, SOURCE_1 + " More."],
                                 "published": far}), path)  # fmt: skip
        articles, rejected = split(list(read_collection(path)))
        assert [a.id for a in articles] == ["a", "c"]
        assert [(r.where, r.reason) for r in rejected] == [
            (f"{path}#row-2", "its 'published' value is out of the range of dates Python reads (years 1 to 9999)")]
    # a review of that fix: a string that is not UTF-8 (pyarrow reads it unchecked) was called a date out of range
    texts = pa.array([SOURCE_1.encode(), b"bad \xff text. " + SOURCE_2.encode(), SOURCE_2.encode()], pa.binary())
    pq.write_table(pa.table({"id": ["a", "b", "c"], "text": pa.Array.from_buffers(pa.string(), 3, texts.buffers())}),
                   path)  # fmt: skip
    articles, rejected = split(list(read_collection(path)))
    assert [a.id for a in articles] == ["a", "c"]
    assert [(r.where, r.reason) for r in rejected] == [
        (f"{path}#row-2", "its 'text' value is not UTF-8 (invalid start byte at byte 4)")]


def test_a_parquet_row_group_too_big_to_decompress_is_refused_from_its_metadata(tmp_path: Path) -> None:
    """A security review: a Parquet file of 33 KB holding two cells of 1 GB was refused for their
    size only once decompressed, at 7 GB of memory. The row group is refused by its metadata; the
    file's other row groups are read."""
    path = tmp_path / "bomb.parquet"
    table = pa.table({"id": ["a", "b", "c"], "text": ["x" * (25 * 1024 * 1024), "y", SOURCE_1]})
    pq.write_table(table, path, row_group_size=2, compression="zstd")
    assert path.stat().st_size < 100_000
    articles, rejected = split(list(read_collection(path)))
    assert [a.id for a in articles] == ["c"]
    assert [(r.where, r.reason.split(" for ")[0]) for r in rejected] == [
        (f"{path}#rows-1-2", "its 'text' column holds 26 MB")]  # fmt: skip


def test_parquet_without_a_text_column_or_not_parquet_is_rejected(tmp_path: Path) -> None:
    no_text = tmp_path / "meta.parquet"
    pq.write_table(pa.table({"id": ["x"], "title": ["t"]}), no_text)
    fake = tmp_path / "fake.parquet"
    fake.write_text("id,text\n1,hello\n", encoding="utf-8")
    empty = tmp_path / "empty.parquet"
    pq.write_table(pa.table({"text": pa.array([], pa.string())}), empty)

    [first] = read_collection(no_text)
    [second] = read_collection(fake)
    [third] = read_collection(empty)

    assert isinstance(first, Rejected) and "no 'text' or 'html' column" in first.reason
    assert isinstance(second, Rejected) and second.where == str(fake) and "unreadable Parquet" in second.reason
    assert isinstance(third, Rejected) and "no rows" in third.reason


# --- WARC and WET -----------------------------------------------------------------------------


@functools.cache
def warc_bytes(gzipped: bool) -> bytes:
    """A small crawl, byte for byte the same each time: two article pages, a PNG, a 404 page, their requests."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzipped)
    count = iter(range(1, 100))

    def headers(date: str) -> dict[str, str]:
        return {"WARC-Date": date, "WARC-Record-ID": f"<urn:uuid:00000000-0000-0000-0000-{next(count):012d}>"}

    def response(uri: str, body: bytes, content_type: str, date: str, status: str = "200 OK") -> None:
        request = StatusAndHeaders("GET / HTTP/1.1", [("Host", uri.split("/")[2])], is_http_request=True)
        writer.write_record(
            writer.create_warc_record(uri, "request", http_headers=request, warc_headers_dict=headers(date))
        )
        http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            uri, "response", payload=io.BytesIO(body), http_headers=http, warc_headers_dict=headers(date)
        )
        writer.write_record(record)

    title_1 = "Tour buses destroyed in Belfast café car park fire"
    response(URI_1, page(SOURCE_1, title_1).encode("cp1252"), "text/html; charset=windows-1252", "2016-07-02T10:00:00Z")
    png = b"\x89PNG\r\n\x1a\n" + bytes(200)
    response("https://coast-gazette.example/logo.png", png, "image/png", "2016-07-02T10:00:01Z")
    response(URI_2, page(SOURCE_2, "Trial").encode("utf-8"), "text/html", "2016-08-03T11:00:00Z")
    gone = page(SOURCE_1, "Gone").encode("utf-8")
    response("https://coast-gazette.example/gone", gone, "text/html", "2016-07-02T10:00:02Z", "404 Not Found")
    return buf.getvalue()


def write_warc(path: Path, gzipped: bool = True) -> bytes:
    data = warc_bytes(gzipped)
    path.write_bytes(data)
    return data


@functools.cache
def record_spans(gzipped: bool) -> list[tuple[int, int]]:
    """Where each record of `warc_bytes(gzipped)` starts and ends (blank lines between records excluded)."""
    records = ArchiveIterator(io.BytesIO(warc_bytes(gzipped)))
    return [(records.get_record_offset(), records.get_record_offset() + records.get_record_length()) for _ in records]


@pytest.mark.parametrize("label", ["ISO-8859-1", "us-ascii", "windows-1252"])
def test_a_cp1252_page_labelled_latin_1_keeps_its_quotes_and_dashes(tmp_path: Path, label: str) -> None:
    """Servers label Windows-1252 pages ISO-8859-1; read as Latin-1, 0x80-0x9F are control
    characters that cleaning deletes ('2003–04' -> '200304'). Browsers read such a label as cp1252."""
    text = "Britain’s tax take rose by £120m – up 5% on 2003–04 – in what the minister called an “excellent” year…"
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    http = StatusAndHeaders("200 OK", [("Content-Type", f"text/html; charset={label}")], protocol="HTTP/1.1")
    body = page(f"{text} {SOURCE_1}", "Tax take").encode("cp1252")
    writer.write_record(writer.create_warc_record(URI_1, "response", payload=io.BytesIO(body), http_headers=http))
    path = tmp_path / "labelled.warc.gz"
    path.write_bytes(buf.getvalue())

    [article] = split(list(read_collection(path)))[0]

    assert article.text.startswith(text)


def test_a_response_without_a_content_type_is_read_when_it_opens_as_html(tmp_path: Path) -> None:
    """A crawl review: a page served with no Content-Type header was counted as a 'non-HTML
    response' and its article lost; a body without the header that is no page stays skipped."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for uri, body in ((URI_1, b"\n<!DOCTYPE html>" + page(SOURCE_1, "Buses").encode()), (URI_2, b"%PDF-1.4 ...")):
        http = StatusAndHeaders("200 OK", [("Server", "nginx")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http))
    path = tmp_path / "untyped.warc.gz"
    path.write_bytes(buf.getvalue())
    items = list(read_collection(path))
    articles = [i for i in items if not isinstance(i, Skipped | Rejected)]
    assert [a.id for a in articles] == [URI_1] and articles[0].sentences[0].text.startswith("A fire alarm")
    assert [(i.kind, i.records) for i in items if isinstance(i, Skipped)] == [("non-HTML response", 1)]


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_warc_html_responses_become_articles_named_by_uri(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    write_warc(path, gzipped=name.endswith(".gz"))

    items = list(read_collection(path))

    articles, rejected = split(items)
    assert not rejected  # PNG, 404 and requests are skipped and counted, not rejected
    assert [a.id for a in articles] == [URI_1, URI_2]
    skipped = {(i.where, i.kind): i.records for i in items if isinstance(i, Skipped)}
    assert skipped == {(str(path), "request"): 4, (str(path), "non-HTML response"): 1,
                       (str(path), "response status 404"): 1}  # fmt: skip
    first, second = articles
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.url == URI_1 and first.published == "2016-07-02T10:00:00Z"
    assert first.title == "Tour buses destroyed in Belfast café car park fire"  # decoded as windows-1252
    assert first.sentences[0].text.startswith("A fire alarm went off")
    assert second.published == "2016-08-03T11:00:00Z" and second.sentences[-1].text.endswith("continues.")


@pytest.mark.parametrize("gzipped", [True, False])
@pytest.mark.parametrize("fraction", [0.03, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95])
def test_truncated_warc_keeps_the_articles_before_the_cut(tmp_path: Path, gzipped: bool, fraction: float) -> None:
    whole = write_warc(tmp_path / "whole.warc", gzipped)
    path = tmp_path / ("cut.warc.gz" if gzipped else "cut.warc")
    path.write_bytes(whole[: int(len(whole) * fraction)])

    items = list(read_collection(path))

    articles, rejected = split(items)
    assert [a.id for a in articles] == [URI_1, URI_2][: len(articles)]
    assert len(rejected) == 1 and read(items)[-1] == rejected[0]  # after the articles before the cut
    assert rejected[0].where == str(path) or rejected[0].where.startswith(f"{path}@")
    assert "truncated or corrupt WARC" in rejected[0].reason


@pytest.mark.parametrize("gzipped", [True, False])
def test_a_page_cut_short_is_reported_with_its_address(tmp_path: Path, gzipped: bool) -> None:
    """A crawl cut inside a page's body: its header was read, so the rejection names the record
    by offset and address (`file@offset uri`), as a damaged record is, and the page before it is kept."""
    whole = warc_bytes(gzipped)
    start, end = record_spans(gzipped)[5]  # the second page (each page follows its request)
    path = tmp_path / ("cut.warc.gz" if gzipped else "cut.warc")
    path.write_bytes(whole[: end - (end - start) // 5])

    articles, rejected = split(list(read_collection(path)))

    assert [a.id for a in articles] == [URI_1]
    assert [r.where for r in rejected] == [f"{path}@{start} {URI_2}"]
    assert "ends early" in rejected[0].reason


@pytest.mark.parametrize("fraction", [0.03, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95, 0.999])
def test_a_warc_gzipped_whole_and_cut_keeps_what_came_before_the_cut(tmp_path: Path, fraction: float) -> None:
    """`gzip crawl.warc`, then a download stopped: the pages before the cut, one rejection naming
    the file, and the records holding no article counted. (Reading on after the cut raised
    EOFError, which ended `index add` as 'Aborted.' with nothing indexed.)"""
    whole = gzip.compress(warc_bytes(False))
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(whole[: int(len(whole) * fraction)])

    items = list(read_collection(path))

    articles, rejected = split(items)
    readable = len(zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(path.read_bytes()))  # bytes before the cut
    spans = record_spans(False)  # the pages are records 1 and 5 (each after its request)
    assert [a.id for a in articles] == [uri for n, uri in ((1, URI_1), (5, URI_2)) if spans[n][1] <= readable]
    assert len(rejected) == 1 and (rejected[0].where == str(path) or rejected[0].where.startswith(f"{path}@"))
    assert "truncated" in rejected[0].reason
    requests = sum(i.records for i in items if isinstance(i, Skipped) and i.kind == "request")
    assert requests >= len(articles)  # each page's request came before it, and is counted


def test_an_error_no_reader_foresaw_rejects_the_file_after_what_was_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last line of defence: whatever a reader raises becomes one rejection naming the file,
    after the records it gave, so one file cannot end a run over thousands."""
    from wiretrace.readers import files

    def failing(path: Path) -> Iterator[Item]:
        yield from_text("A page read before the damage. It has two sentences.", str(path))
        raise RuntimeError("bytes no one\nforesaw")

    monkeypatch.setattr(files, "_read_jsonl", failing)  # where `_reader_for` finds it
    path = tmp_path / "dump.jsonl"
    path.write_text("{}\n")

    items = list(read_collection(path))

    articles, rejected = split(items)
    assert len(articles) == 1 and read(items)[-1] is rejected[0] and rejected[0].where == str(path)
    assert rejected[0].reason.endswith("(RuntimeError: bytes no one foresaw)")


def test_a_digest_header_naming_no_algorithm_is_one_damaged_record(tmp_path: Path) -> None:
    """A byte flipped to NUL in 'sha1' made hashlib raise TypeError out of the reader (found by the
    property test below): the record is rejected and the pages after it are read."""
    path = tmp_path / "flipped.warc"
    path.write_bytes(warc_bytes(False).replace(b"Digest: sha1:", b"Digest: sha\x00:", 1))

    items = list(read_collection(path))

    articles, rejected = split(items)
    assert [a.id for a in articles] == [URI_1, URI_2]
    assert len(rejected) == 1 and "a digest header names no hash algorithm" in rejected[0].reason


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(gzipped=st.booleans(), cut=st.floats(0, 1), flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255))))
def test_cut_warc_is_rejected_once_after_its_intact_articles_and_damage_never_raises(
    tmp_path: Path, gzipped: bool, cut: float, flips: list[tuple[float, int]]
) -> None:
    whole = warc_bytes(gzipped)
    size = int(len(whole) * cut)
    path = tmp_path / "damaged.warc"
    path.write_bytes(whole[:size])

    items = list(read_collection(path))

    articles, rejected = split(items)
    assert [a.id for a in articles] == [URI_1, URI_2][: len(articles)]
    assert len(rejected) <= 1 and (not rejected or read(items)[-1] is rejected[0])
    spans = record_spans(gzipped)
    gaps = list(zip([end for _, end in spans], [start for start, _ in spans[1:]] + [len(whole)]))
    # A cut between records loses no record and cannot be told from a shorter file. Inside a gzip
    # member, a cut in deflate's last bytes or the 8-byte CRC trailer loses no record bytes either.
    between = size > 0 and any(end <= size <= nxt for end, nxt in gaps)
    in_trailer = gzipped and any(end - 16 < size < end for _, end in spans)
    if not in_trailer:
        assert len(rejected) == (0 if between else 1)

    damaged = bytearray(whole)
    for where, byte in flips:
        damaged[int(where * (len(whole) - 1))] = byte
    path.write_bytes(bytes(damaged))
    assert all(isinstance(item, Article | Rejected | Skipped) for item in read_collection(path))


def test_a_damaged_gzip_member_is_rejected_in_one_line_without_zlib_noise(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """warcio writes 'Error -3 while decompressing data' to stderr for each block of a damaged
    member over one read block (a long page): the damage is one rejection naming the file, and
    nothing else reaches the terminal."""
    import random

    pick = random.Random(7).choices
    vocabulary = (SOURCE_1 + " " + SOURCE_2).split()
    body = "".join(f"<p>{' '.join(pick(vocabulary, k=30))}.</p>" for _ in range(2000))
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for uri in (URI_1, URI_2):
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        payload = io.BytesIO(page(body, "A long page").encode())
        writer.write_record(writer.create_warc_record(uri, "response", payload=payload, http_headers=http))
    damaged = bytearray(buf.getvalue())
    first_end = record_ends(bytes(damaged))[0]
    assert first_end > 40_000  # the first member spans several of warcio's read blocks
    for k in range(40_000, 40_050):
        damaged[k] ^= 0xFF
    path = tmp_path / "long.warc.gz"
    path.write_bytes(bytes(damaged))

    articles, rejected = split(list(read_collection(path)))

    assert [a.id for a in articles] == [URI_2]
    assert [r.where for r in rejected] == [f"{path}@0 {URI_1}"] and "corrupt WARC" in rejected[0].reason
    assert capfd.readouterr().err == ""


def record_ends(data: bytes) -> list[int]:
    """Where each record of a WARC ends."""
    records = ArchiveIterator(io.BytesIO(data))
    return [records.get_record_offset() + records.get_record_length() for _ in records]


def test_warc_with_garbage_after_the_records_is_rejected_after_them(tmp_path: Path) -> None:
    path = tmp_path / "tail.warc.gz"
    path.write_bytes(write_warc(tmp_path / "whole.warc.gz") + b"\x1f\x8b\x08\x00garbage")
    articles, rejected = split(list(read_collection(path)))
    assert len(articles) == 2 and len(rejected) == 1 and "corrupt WARC" in rejected[0].reason


def test_a_record_whose_digest_fails_is_rejected_and_the_others_read(tmp_path: Path) -> None:
    """A Content-Length 200 bytes short cuts a page's text: its WARC digests no longer match, so
    it is rejected (a cut story must not be indexed, nor block the intact one later), and the
    records after it are read."""
    raw = warc_bytes(False)
    length = re.search(rb"WARC-Type: response.*?Content-Length: (\d+)", raw, re.S)
    assert length is not None
    short = raw[: length.start(1)] + str(int(length.group(1)) - 200).encode() + raw[length.end(1) :]
    path = tmp_path / "short.warc"
    path.write_bytes(short)
    articles, rejected = split(list(read_collection(path)))
    assert [a.id for a in articles] == [URI_2]
    assert len(rejected) == 1 and URI_1 in rejected[0].where and "digest does not match" in rejected[0].reason


@pytest.mark.parametrize("gzipped", [True, False])
def test_a_record_with_a_garbled_digest_header_is_rejected_and_the_others_read(tmp_path: Path, gzipped: bool) -> None:
    """A digest header cut to an undecodable value ('sha1:S45IQ4FRACJXMLFLHW', found by the
    byte-flip property test) made warcio raise binascii.Error out of the reader."""
    raw = warc_bytes(False)
    digest = re.search(rb"WARC-Type: response.*?WARC-Payload-Digest: sha1:([A-Z0-9]+)", raw, re.S)  # URI_1's page
    assert digest is not None and URI_1.encode() in digest.group()
    garbled = raw[: digest.start(1)] + digest.group(1)[:18] + raw[digest.end(1) :]
    if gzipped:  # one gzip member per record, as crawlers write them
        records = [b"WARC/1.0\r\n" + part for part in garbled.split(b"WARC/1.0\r\n")[1:]]
        garbled = b"".join(gzip.compress(record) for record in records)
    path = tmp_path / ("garbled.warc.gz" if gzipped else "garbled.warc")
    path.write_bytes(garbled)
    articles, rejected = split(list(read_collection(path)))
    assert len(rejected) == 1 and "corrupt WARC" in rejected[0].reason
    assert [a.id for a in articles] == [URI_2]  # the page after it is read


def test_a_content_length_of_more_digits_than_any_file_is_one_damaged_record(tmp_path: Path) -> None:
    """A hostile-input review: 'Content-Length: 99999999999999999999' made warcio raise
    OverflowError, and the file's later records were lost with it."""
    raw = warc_bytes(False)
    first = re.search(rb"WARC-Type: response.*?Content-Length: (\d+)", raw, re.S)  # URI_1's record
    assert first is not None and URI_1.encode() in first.group()
    path = tmp_path / "huge.warc"
    path.write_bytes(raw[: first.start(1)] + b"9" * 20 + raw[first.end(1) :])
    articles, rejected = split(list(read_collection(path)))
    assert [a.id for a in articles] == [URI_2]
    assert len(rejected) == 1 and "read on from the next record" in rejected[0].reason


def _without_digests_one_length_changed(by: int) -> list[bytes]:
    """The test crawl's records, uncompressed, without WARC digests and with the first response's
    Content-Length changed `by` bytes (as a crawler with a length bug writes them)."""
    raw = re.sub(rb"WARC-(Block|Payload)-Digest: [^\r\n]*\r\n", b"", warc_bytes(False))
    records = [b"WARC/1.0\r\n" + part for part in raw.split(b"WARC/1.0\r\n")[1:]]
    first = next(i for i, record in enumerate(records) if b"WARC-Type: response" in record)
    length = re.search(rb"Content-Length: (\d+)", records[first])
    assert length is not None
    records[first] = (
        records[first][: length.start(1)] + str(int(length.group(1)) + by).encode() + records[first][length.end(1) :]
    )
    return records


@pytest.mark.parametrize("by", [-200, 150])
@pytest.mark.parametrize("layout", ["plain", "gzip members", "one gzip stream"])
def test_a_record_with_a_wrong_length_and_no_digest_is_rejected(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], by: int, layout: str
) -> None:
    """Without digests a Content-Length 200 bytes short would index the story cut mid-sentence:
    the bytes after the record are not the next record, so it is rejected in one line (warcio's
    own multi-line warning is not printed), and a record after it is still read when it can be."""
    records = _without_digests_one_length_changed(by)
    data = {
        "plain": b"".join(records),
        "gzip members": b"".join(gzip.compress(record) for record in records),
        "one gzip stream": gzip.compress(b"".join(records)),
    }[layout]
    path = tmp_path / ("crawl.warc" if layout == "plain" else "crawl.warc.gz")
    path.write_bytes(data)
    articles, rejected = split(list(read_collection(path)))
    assert [a.id for a in articles] == [URI_2]  # a run-on record no longer swallows the one after it
    assert len(rejected) == 1 and (URI_1 in rejected[0].where or "ends early" in rejected[0].reason)
    assert "read on from the next record" in rejected[0].reason
    assert "WARNING" not in capfd.readouterr().err


@pytest.mark.parametrize("gzipped", [True, False])
def test_bytes_that_are_no_record_are_rejected_once_and_the_records_after_them_read(
    tmp_path: Path, gzipped: bool
) -> None:
    """Junk between two records (a crawler's failed write, a disk error), here three pieces that
    each look like the start of a record, is one rejection naming where it starts; the pages
    before and after it are still articles."""
    whole = warc_bytes(gzipped)
    spans = record_spans(gzipped)
    first_page = whole.index(b"\x1f\x8b", spans[1][0]) if gzipped else whole.index(URI_1.encode())
    cut = next(start for start, _ in spans if start > first_page)  # a record start after the first page
    junk = (b"\x1f\x8b\x08\x00junk" if gzipped else b"WARC/1.0\r\nnot a header at all\r\n\r\n") * 3
    path = tmp_path / ("junk.warc.gz" if gzipped else "junk.warc")
    path.write_bytes(whole[:cut] + junk + whole[cut:])

    articles, rejected = split(list(read_collection(path)))

    assert [a.id for a in articles] == [URI_1, URI_2]
    assert len(rejected) == 1 and rejected[0].where == str(path)
    assert re.search(rf"at offset {cut}\b", rejected[0].reason)
    assert f"read on from the next record, at offset {cut + len(junk)}" in rejected[0].reason


def test_a_warc_gzipped_as_one_stream_is_read_whole(tmp_path: Path) -> None:
    """`gzip crawl.warc` gives one gzip stream, not a member per record; warcio refuses to
    seek in it, so it is read decompressed: the same articles as the record-by-record file."""
    whole = tmp_path / "crawl.warc.gz"
    whole.write_bytes(gzip.compress(warc_bytes(False)))
    members = tmp_path / "members.warc.gz"
    write_warc(members)
    articles, rejected = split(list(read_collection(whole)))
    assert rejected == [] and [a.id for a in articles] == [a.id for a in split(list(read_collection(members)))[0]]
    assert len(articles) == 2


def test_a_page_stating_a_date_after_its_capture_is_dated_by_its_capture(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A crawl researcher's review: a page whose markup states a day after the crawler fetched it
    (2016-02-10 on a page captured 2016-01-02) kept that date, and a farm's rewrite of it dated
    2016-01-05 became its source. A date on the capture's day or before is the page's own."""
    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for uri, stated in ((URI_1, "2016-02-10T09:00:00Z"), (URI_2, "2016-01-01T08:00:00Z")):
            head = f'<meta property="article:published_time" content="{stated}">'
            body = page(SOURCE_1 if uri == URI_1 else SOURCE_2, "Title").replace("<head>", f"<head>{head}")
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            captured = {"WARC-Date": "2016-01-02T12:00:00Z"}
            record = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body.encode()), http_headers=http, warc_headers_dict=captured
            )
            writer.write_record(record)
    with caplog.at_level("WARNING", logger="wiretrace"):
        articles, _ = split(list(read_collection(path)))
    assert [(a.id, a.published) for a in articles] == [
        (URI_1, "2016-01-02T12:00:00Z"),
        (URI_2, "2016-01-01T08:00:00Z"),
    ]
    assert "states 2016-02-10T09:00:00Z, after it was captured (2016-01-02T12:00:00Z)" in caplog.text


def test_a_folder_a_thousand_deep_is_walked(tmp_path: Path) -> None:
    """A hostile-input review: `os.walk` recurses, and a tree 1,100 folders deep ended the add in a
    RecursionError, the files named beside it unread."""
    deep = tmp_path / "tree"
    chain = [deep]
    deep.mkdir()
    for _ in range(1_100):  # one at a time: `mkdir(parents=True)` recurses too
        chain.append(chain[-1] / "d")
        chain[-1].mkdir()
    (chain[-1] / "story.txt").write_text(SOURCE_1)
    (deep / "top.txt").write_text(SOURCE_2)
    try:
        articles, rejected = split(list(read_all([str(deep)])))
        assert rejected == [] and [a.text[:20] for a in articles] == [SOURCE_2[:20], SOURCE_1[:20]]  # top down
    finally:  # taken down here: pytest's own clean-up of old runs recurses, and would fail on it
        (chain[-1] / "story.txt").unlink()
        (deep / "top.txt").unlink()
        for folder in reversed(chain):
            folder.rmdir()


def test_json_served_as_html_is_skipped_not_rejected(tmp_path: Path) -> None:
    """A crawl researcher's review: an API's JSON answer labelled text/html was rejected as a page
    without an article, so any realistic crawl exited 1, as a damaged archive does."""
    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        body = io.BytesIO(b' {"forecast": [{"day": "Mon", "high": 12}]}')
        writer.write_record(writer.create_warc_record("https://bbc.example/api/weather", "response", payload=body,
                                                      http_headers=http))  # fmt: skip
    items = list(read_collection(path))
    assert [(type(i).__name__, getattr(i, "kind", None)) for i in items] == [("Skipped", "non-HTML response")]


def test_a_crawl_padded_with_zeros_is_read_to_its_records_and_the_rest_reported(tmp_path: Path) -> None:
    """A hostile-input review: zero bytes after a crawl's records (a writer that crashed with its
    file preallocated) or a gzip of zeros named .warc took minutes and GBs: warcio read the
    newline-less run as one header line, joining block after block. A header line is now read to
    at most `_MAX_HEADER_LINE` bytes; the records before the zeros are read, the zeros reported."""
    from wiretrace.readers.warc import _MAX_HEADER_LINE, _quiet_reader_class

    reader = _quiet_reader_class()(io.BytesIO(bytes(3 * _MAX_HEADER_LINE)))
    assert 0 < len(reader.readline()) <= _MAX_HEADER_LINE
    crawl = tmp_path / "padded.warc"
    crawl.write_bytes(warc_bytes(False) + bytes(4 * _MAX_HEADER_LINE))
    articles, rejected = split(list(read_collection(crawl)))
    assert [a.id for a in articles] == [URI_1, URI_2]
    assert len(rejected) == 1 and f"corrupt WARC at offset {len(warc_bytes(False))}" in rejected[0].reason


def test_wet_conversion_records_are_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.wet.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        # capture times as crawlers write them: stored as every date is, ISO 8601 in UTC
        dates = ("Sat, 02 Jul 2016 10:00:00 GMT", "2016-07-02T12:00:00.250+02:00", "2016-07-02T10:00:00Z")
        for (uri, text), date in zip(((URI_1, SOURCE_1), (URI_2, SOURCE_2), ("https://x.example/", "   ")), dates):
            record = writer.create_warc_record(
                uri,
                "conversion",
                payload=io.BytesIO(text.encode("utf-8")),
                warc_content_type="text/plain",
                warc_headers_dict={"WARC-Date": date},
            )
            writer.write_record(record)

    articles, rejected = split(list(read_collection(path)))

    assert [(a.id, a.url, a.published) for a in articles] == [
        (URI_1, URI_1, "2016-07-02T10:00:00Z"),
        (URI_2, URI_2, "2016-07-02T10:00:00Z"),
    ]
    assert [a.site for a in articles] == ["coast-gazette.example", "shire-courier.example"]  # named by the address
    assert len(rejected) == 1 and rejected[0].where.endswith(" https://x.example/") and "@" in rejected[0].where


# --- RSS and Atom -----------------------------------------------------------------------------

RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Coast Gazette</title><link>https://coast-gazette.example/</link>
<item><title>Tour buses destroyed in Belfast hotel car park fire</title><link>{URI_1}</link>
<guid isPermaLink="false">cg-1001</guid><pubDate>Sat, 02 Jul 2016 09:15:00 GMT</pubDate>
<author>desk@coast-gazette.example (Gazette Desk)</author>
<description>Two tour buses were destroyed.</description>
<content:encoded><![CDATA[{paragraphs(SOURCE_1)}]]></content:encoded></item>
<item><title>Former scout leader denies abuse charges</title><link>{URI_2}</link>
<pubDate>Wed, 03 Aug 2016 11:00:00 GMT</pubDate><description>{SOURCE_2}</description></item>
<item><title>Teaser</title><link>https://coast-gazette.example/teaser</link>
<description>Read the full story on our site.</description></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire Service</title><id>urn:wire</id>
<updated>2016-08-03T12:00:00Z</updated>
<entry><title>Buses burn in Belfast</title><id>urn:wire:1</id><link href="{URI_1}"/>
<published>2016-07-02T08:00:00+01:00</published><updated>2016-07-02T12:00:00Z</updated>
<content type="html">{paragraphs(SOURCE_1).replace("&", "&amp;").replace("<", "&lt;")}</content></entry>
<entry><title>Scout leader trial</title><id>urn:wire:2</id><link href="{URI_2}"/>
<updated>2016-08-03T11:30:00Z</updated><summary>{SOURCE_2}</summary></entry>
</feed>"""


def test_rss_items_become_articles_and_a_teaser_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "gazette.rss"
    path.write_text(RSS, encoding="utf-8")

    articles, rejected = split(list(read_collection(path)))

    assert [(a.id, a.url, a.site) for a in articles] == [
        ("cg-1001", URI_1, "coast-gazette.example"),  # each entry's site is its link's host
        (URI_2, URI_2, "shire-courier.example"),
    ]
    first, second = articles
    assert first.title == "Tour buses destroyed in Belfast hotel car park fire"
    assert first.byline == "Gazette Desk"  # RSS 2.0 writes the address first, the name in brackets
    assert first.published == "2016-07-02T09:15:00Z"
    assert first.sentences[0].text.startswith("A fire alarm went off")  # the full content, not the teaser
    assert second.title == "Former scout leader denies abuse charges" and second.published == "2016-08-03T11:00:00Z"
    assert second.sentences[0].text.startswith("John Edward Bates")
    assert [r.where for r in rejected] == [f"{path}#https://coast-gazette.example/teaser"]
    assert "teaser" in rejected[0].reason


@pytest.mark.parametrize("wrap", ["<p>{}</p>", "<div>{}</div>", "<div><span>{}</span></div>"])
def test_feed_content_in_one_element_is_read(tmp_path: Path, wrap: str) -> None:
    """Many feeds carry a story as one paragraph or one div: a fragment, not a page, which
    trafilatura alone finds no article in."""
    path = tmp_path / "one.rss"
    item = RSS.split("<item>")[1].replace(paragraphs(SOURCE_1), wrap.format(SOURCE_1))
    path.write_text(RSS.split("<item>")[0] + "<item>" + item + "</channel></rss>", encoding="utf-8")
    articles, rejected = split(list(read_collection(path)))
    assert not rejected and len(articles) == 1
    assert articles[0].sentences[0].text.startswith("A fire alarm went off")
    assert articles[0].text == from_text(SOURCE_1).text


def test_a_feeds_html_escaped_twice_is_read_as_html(tmp_path: Path) -> None:
    """A crawl review: a CMS feed escaping its description twice ('&amp;lt;p&amp;gt;US interest rates')
    was stored as markup in words ('&lt;p&gt;US interest rates ... &lt;/p&gt;'); it reads as the
    once-escaped feed does."""
    once = RSS.split("<item>")[1].replace(f"<![CDATA[{paragraphs(SOURCE_1)}]]>", html_escape(paragraphs(SOURCE_1)))
    twice = once.replace(html_escape(paragraphs(SOURCE_1)), html_escape(html_escape(paragraphs(SOURCE_1))))
    texts = []
    for name, item in (("once.rss", once), ("twice.rss", twice)):
        path = tmp_path / name
        path.write_text(RSS.split("<item>")[0] + "<item>" + item + "</channel></rss>", encoding="utf-8")
        articles, rejected = split(list(read_collection(path)))
        assert not rejected and len(articles) == 1, name
        texts.append(articles[0].text)
    assert texts[1] == texts[0] and texts[1].startswith("A fire alarm went off") and "&lt;" not in texts[1]


def test_utf8_read_as_windows_1252_is_repaired_in_every_format(tmp_path: Path) -> None:
    """'Â£113m' (UTF-8 read as Windows-1252, as in the L2R data itself): feedparser repaired it in
    feeds and nothing did in JSON Lines, HTML or text, so one text read from a feed and from a
    dump was an edited copy with a changed quote."""
    story = "Welsh Water is investing in a Â£113m programme, it said on Monday. It calls it â€œoverdueâ€\x9d, fixâ€¦"
    repaired = "Welsh Water is investing in a £113m programme, it said on Monday. It calls it “overdue”, fix…"
    record = {"id": "a", "text": story, "title": "Â£113m for the estuary"}
    (tmp_path / "a.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(story, encoding="utf-8")
    (tmp_path / "c.html").write_text(f"<html><body><article><p>{story}</p></article></body></html>", encoding="utf-8")
    item = RSS.split("<item>")[1].replace(paragraphs(SOURCE_1), f"<p>{story}</p>")
    (tmp_path / "d.rss").write_text(RSS.split("<item>")[0] + "<item>" + item + "</channel></rss>", encoding="utf-8")
    articles, rejected = split(list(read_all([str(tmp_path)])))
    assert not rejected and len(articles) == 4
    assert {a.text for a in articles} == {repaired}  # the closing quote's lost byte is no dagger
    assert next(a for a in articles if a.id == "a").title == "£113m for the estuary"


@pytest.mark.parametrize("name", ["wire.atom", "wire.xml", "wire-feed"])
def test_atom_entries_become_articles_whatever_the_file_name(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(ATOM, encoding="utf-8")

    articles, rejected = split(list(read_collection(path)))

    assert rejected == []
    assert [(a.id, a.url, a.site, a.published) for a in articles] == [
        ("urn:wire:1", URI_1, "coast-gazette.example", "2016-07-02T07:00:00Z"),  # not the feed's title
        ("urn:wire:2", URI_2, "shire-courier.example", "2016-08-03T11:30:00Z"),
    ]
    assert [a.title for a in articles] == ["Buses burn in Belfast", "Scout leader trial"]
    assert articles[1].sentences[-1].text.endswith("continues.")


def json_feed(version: str = "1.1") -> dict:
    """A JSON Feed (jsonfeed.org) of the two sources: one as HTML with its authors and a tag URI
    for its id, one as plain text with a 1.0 author and a numeric id (unique in its feed alone:
    its address names it), an unreadable date before a readable one, a teaser and an item that is
    no object."""
    return {
        "version": f"https://jsonfeed.org/version/{version}",
        "title": "Latest News",
        "home_page_url": "https://coast-gazette.example/",
        "items": [
            {"id": "tag:coast-gazette.example,2016:1001", "url": f"{URI_1}?utm_source=feed",
             "title": "Tour buses destroyed in Belfast fire",
             "content_html": paragraphs(SOURCE_1), "date_published": "2016-07-02T10:15:00+01:00",
             "authors": [{"name": "Gazette Desk", "url": "https://coast-gazette.example/desk"}]},
            {"id": 1002, "url": URI_2, "external_url": "https://other.example/", "title": "Scout leader trial",
             "content_text": SOURCE_2, "date_published": "soon", "date_modified": "2016-08-03",
             "author": {"name": "Courier Staff"}},
            {"id": "cg-1003", "url": "https://coast-gazette.example/teaser", "summary": "Council meets again..."},
            "not an item",
        ],
    }  # fmt: skip


@pytest.mark.parametrize("name", ["feed.json", "feed.json.gz", "-"])
def test_json_feed_items_become_articles_as_feed_entries_do(tmp_path: Path, name: str) -> None:
    """A JSON Feed had been refused as an API's answer, with jq to give its items: its items are
    read as RSS and Atom entries are, from a file, a gzipped file and standard input."""
    data = json.dumps(json_feed(), indent=2).encode("utf-8")
    if name == "-":
        items = list(read_stream(io.BufferedReader(io.BytesIO(data))))
        where = "stdin"
    else:
        path = tmp_path / name
        path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
        items, where = list(read_collection(path)), str(path)
    articles, rejected = split(items)
    assert [(a.id, a.url, a.site, a.byline, a.published) for a in articles] == [
        ("tag:coast-gazette.example,2016:1001", URI_1, "coast-gazette.example", "Gazette Desk", "2016-07-02T09:15:00Z"),
        (URI_2, URI_2, "shire-courier.example", "Courier Staff", "2016-08-03"),
    ]
    assert articles[0].title == "Tour buses destroyed in Belfast fire"
    for article, source in zip(articles, (SOURCE_1, SOURCE_2)):
        assert [x.text for x in article.sentences] == [x.text for x in from_text(source).sentences]
    assert [r.where for r in rejected] == [f"{where}#https://coast-gazette.example/teaser", f"{where}#entry-4"]
    assert "summary cut short" in rejected[0].reason and "not an object" in rejected[1].reason


def test_json_feeds_as_servers_write_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A review: a feed on one line (as most are served) piped in, one with sorted keys (its
    version after its items), one with PHP's escaped slashes, were refused; items without an id or
    address piped in were named by their place, so a second feed's collided with the first's."""
    feed = json_feed()
    compact = json.dumps(feed).encode("utf-8")
    assert len(split(list(read_stream(io.BufferedReader(io.BytesIO(compact)))))[0]) == 2
    (tmp_path / "sorted.json").write_text(json.dumps(feed, sort_keys=True, indent=1), encoding="utf-8")
    (tmp_path / "php.json").write_text(json.dumps(feed).replace("/", "\\/"), encoding="utf-8")
    for name in ("sorted.json", "php.json"):
        assert [a.url for a in split(list(read_collection(tmp_path / name)))[0]] == [URI_1, URI_2]
    plain = {"version": feed["version"], "items": [{"content_text": SOURCE_1}]}
    other = {"version": feed["version"], "items": [{"content_text": SOURCE_2}]}
    ids = [a.id for f in (plain, other) for a in read_stream(io.BufferedReader(io.BytesIO(json.dumps(f).encode())))]
    assert len(set(ids)) == 2 and all(re.fullmatch(r"stdin:[0-9a-f]{12}", i) for i in ids)  # named by their text
    monkeypatch.setattr("wiretrace.readers.records.MAX_FEED_BYTES", 1000)  # where `_read_json` reads it
    assert [r.reason for r in read_collection(tmp_path / "php.json")] == ["feed too large (the limit is 0 MB)"]


def test_a_json_feed_of_version_1_0_or_without_items_is_told(tmp_path: Path) -> None:
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(json_feed("1")), encoding="utf-8")
    assert len(split(list(read_collection(path)))[0]) == 2
    path.write_text(json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "x"}), encoding="utf-8")
    assert [r.reason for r in read_collection(path)] == ["JSON Feed without a list of 'items'"]
    path.write_text(json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": []}), encoding="utf-8")
    assert [r.reason for r in read_collection(path)] == ["feed has no entries"]


def test_a_feed_entry_without_a_link_has_no_site(tmp_path: Path) -> None:
    """A feed's title is no site's name: two farms' feeds both titled 'Latest News' were one
    site in `sites`, reusing its own articles (a feed-watch review). Without a link, no site."""
    path = tmp_path / "wire.atom"
    path.write_text(ATOM.replace(f'<link href="{URI_2}"/>', ""), encoding="utf-8")
    articles, _ = split(list(read_collection(path)))
    assert [a.site for a in articles] == ["coast-gazette.example", None]


def test_gzipped_feed_and_page_are_read_by_their_inner_name(tmp_path: Path) -> None:
    (tmp_path / "wire.atom.gz").write_bytes(gzip.compress(ATOM.encode("utf-8")))
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(page(SOURCE_1, "Fire").encode("utf-8")))

    feed_articles, _ = split(list(read_collection(tmp_path / "wire.atom.gz")))
    [article] = read_collection(tmp_path / "page.html.gz")

    assert len(feed_articles) == 2
    assert isinstance(article, Article) and article.id == str(tmp_path / "page.html.gz")


@pytest.mark.parametrize(
    ("content", "reason"),
    [('<rss version="2.0"><channel><title>x', "not a parseable feed"), ("<rss><channel/></rss>", "no entries")],
)
def test_broken_or_empty_feed_is_rejected(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "bad.rss"
    path.write_text(content, encoding="utf-8")
    assert [(r.where, reason in r.reason) for r in split(list(read_collection(path)))[1]] == [(str(path), True)]


@pytest.mark.parametrize(
    "prolog",
    ["<!-- " + "licence terms " * 400 + "-->\n",
     "<!DOCTYPE feed [\n" + "".join(f'<!ENTITY e{i} "value {i}">\n' for i in range(300)) + "]>\n"],
    ids=["comment", "doctype"],
)
def test_a_feed_whose_root_follows_a_long_prolog_is_read_as_a_feed(tmp_path: Path, prolog: str) -> None:
    """A fuzzer's finding: a feed whose root element comes after 4 KB of XML prolog (a licence
    comment, a DOCTYPE's entities) was refused as 'no feed' when named .xml, and stored as one
    article of markup when named otherwise or piped in. Its entries are read, however it comes."""
    feed = ATOM.split("\n", 1)[1]  # its root, after the declaration
    data = f'<?xml version="1.0" encoding="utf-8"?>\n{prolog}{feed}'.encode()
    assert prolog_end(data) == data.index(b"<feed") > 4096 and prolog_end(data[:3000]) is None
    assert prolog_end(b"Police said on Monday") == 0 and prolog_end(b"<!doctype html><p>x") == 15
    (tmp_path / "wire.xml").write_bytes(data)
    (tmp_path / "wire").write_bytes(data)
    (tmp_path / "wire.gz").write_bytes(gzip.compress(data))
    for path in ("wire.xml", "wire", "wire.gz"):
        articles, rejected = split(list(read_collection(tmp_path / path)))
        assert (len(articles), rejected) == (2, []), path
    for raw in (data, gzip.compress(data)):
        articles, rejected = split(list(read_stream(io.BufferedReader(io.BytesIO(raw)))))
        assert (len(articles), rejected) == (2, [])
    with pytest.raises(InputError, match="feed"):
        read_bytes(data, "wire")


def test_an_xml_file_that_is_no_feed_is_refused_not_stored(tmp_path: Path) -> None:
    """A researcher's review: a configuration file among the feeds was stored as an article made of
    its markup. An XHTML page saved as .xml is still read."""
    config = tmp_path / "not-a-feed.xml"
    config.write_text('<?xml version="1.0"?><config><setting name="x">1</setting></config>', encoding="utf-8")
    xhtml = tmp_path / "page.xml"
    xhtml.write_text(page(SOURCE_1, "Trial"), encoding="utf-8")
    articles, rejected = split([*read_collection(config), *read_collection(xhtml)])
    assert [(r.where, r.reason) for r in rejected] == [
        (str(config), "an XML file that is no RSS or Atom feed (nor an XHTML page)")
    ]
    assert [a.id for a in articles] == [str(xhtml)]


# --- Files, directories, globs ----------------------------------------------------------------


def make_tree(root: Path) -> None:
    (root / "a" / "b").mkdir(parents=True)
    (root / ".cache").mkdir()
    (root / "a" / "one.txt").write_text(SOURCE_1, encoding="utf-8")
    (root / "a" / "b" / "two.html").write_text(page(SOURCE_2, "Trial"), encoding="utf-8")
    (root / "a" / "b" / "three.json").write_text(json.dumps({"id": "j3", "text": SOURCE_2}), encoding="utf-8")
    (root / "a" / ".hidden.txt").write_text(SOURCE_1, encoding="utf-8")
    (root / ".cache" / "four.txt").write_text(SOURCE_1, encoding="utf-8")
    (root / "top.md").write_text(SOURCE_2, encoding="utf-8")


def test_expand_walks_directories_sorted_skips_hidden_and_lists_each_file_once(tmp_path: Path) -> None:
    make_tree(tmp_path)
    files, missing = expand([str(tmp_path / "a"), str(tmp_path / "**" / "*.md"), str(tmp_path / "a" / "one.txt")])
    assert files == [
        tmp_path / "a" / "one.txt",
        tmp_path / "a" / "b" / "three.json",
        tmp_path / "a" / "b" / "two.html",
        tmp_path / "top.md",
    ]
    assert missing == []


def test_a_directory_walk_reads_article_formats_only_and_a_named_file_always(tmp_path: Path) -> None:
    """A saved site or a data folder holds style sheets, images and tables beside its pages."""
    folder = tmp_path / "site"
    folder.mkdir()
    for name in ("page.html", "story", "feed.xml", "wire.jsonl.gz", "style.css", "data.csv", "logo.png", "notes.PDF"):
        (folder / name).write_bytes(b"x")
    files, missing = expand([str(folder), str(folder / "data.csv")])
    assert [f.name for f in files] == ["feed.xml", "page.html", "story", "wire.jsonl.gz", "data.csv"]
    assert missing == []
    files, missing = expand([str(folder / "*")])  # a pattern is walked like a directory
    assert [f.name for f in files] == ["feed.xml", "page.html", "story", "wire.jsonl.gz"]


def test_a_mirrors_server_pages_are_read_when_html_and_other_files_counted(tmp_path: Path) -> None:
    """A licence-desk review: a `wget -r` mirror keeps pages under their script's name ('story.php',
    'index.aspx?id=3') and a directory walk skipped them without a word in the summary. Pages that
    open as HTML are read; a script's source and the site's images are counted as files not read."""
    folder = tmp_path / "mirror"
    folder.mkdir()
    page = "<!DOCTYPE html><html><head><title>Rain</title></head><body><p>Rain hit the town.</p></body></html>"
    for name in ("story.php", "index.aspx?id=3", "old.shtml", "news.php?date=2024.05.01"):
        (folder / name).write_text(page)
    (folder / "lib.php").write_text("<?php echo 'hello'; ?>")
    (folder / "template.php").write_text("<?php $title = 'Rain'; ?>\n" + page)  # a script's source, HTML in it
    (folder / "logo.png").write_bytes(b"\x89PNG")
    other: list[Path] = []
    files, _ = expand([str(folder)], other_kinds=other)
    assert [f.name for f in files] == ["index.aspx?id=3", "news.php?date=2024.05.01", "old.shtml", "story.php"]
    assert [f.name for f in other] == ["lib.php", "logo.png", "template.php"]
    skipped = [i for i in read_all([str(folder)]) if isinstance(i, Skipped)]
    assert [(Path(i.where).name, i.kind, i.records) for i in skipped] == [
        ("lib.php", ".php file", 1), ("logo.png", ".png file", 1), ("template.php", ".php file", 1)]  # fmt: skip


def test_a_directory_walk_skips_links_to_files_outside_it(tmp_path: Path) -> None:
    """A security review: an unpacked dump's link to a private file pulled the file into the index,
    where the read API served it. A link within the folder is read; the outside file named is too."""
    folder, private = tmp_path / "dump", tmp_path / "private_note.txt"
    folder.mkdir()
    private.write_text("The password is hunter2.")
    (folder / "story.txt").symlink_to(private)
    (folder / "real.txt").write_text("Rain hit the town on Monday.")
    (folder / "alias.txt").symlink_to(folder / "real.txt")
    files, _ = expand([str(folder)])
    assert [f.name for f in files] == ["alias.txt"]  # the folder's one file (listed once, by its first name)
    assert expand([str(private)])[0] == [private]


def test_read_all_reads_a_tree_and_reports_missing_paths_first(tmp_path: Path) -> None:
    make_tree(tmp_path)
    missing = str(tmp_path / "nope" / "*.txt")

    items = list(read_all([str(tmp_path / "a"), missing, str(tmp_path / "*.md"), str(tmp_path / "absent.txt")]))

    articles, rejected = split(items)
    assert rejected == [
        Rejected(missing, "no such file or pattern"),
        Rejected(str(tmp_path / "absent.txt"), "no such file or pattern"),
    ]
    assert items[:2] == rejected
    a, b = tmp_path / "a", tmp_path / "a" / "b"
    assert [x.id for x in articles] == [str(a / "one.txt"), "j3", str(b / "two.html"), str(tmp_path / "top.md")]


@pytest.mark.parametrize("name", ["logo.png", "logo.dat", "logo"])
def test_binary_file_is_rejected_as_binary(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    [item] = read_collection(path)
    assert isinstance(item, Rejected) and item.where == str(path) and "binary" in item.reason


def test_unreadable_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "vanished.dat"
    [item] = read_collection(path)
    assert isinstance(item, Rejected) and item.where == str(path) and "cannot read" in item.reason


def test_one_bad_file_never_stops_the_stream(tmp_path: Path) -> None:
    make_tree(tmp_path)
    (tmp_path / "a" / "0-broken.jsonl.gz").write_bytes(b"\x1f\x8b\x08\x00\x00")
    (tmp_path / "a" / "0-broken.warc.gz").write_bytes(b"\x1f\x8b\x08\x00\x00")
    (tmp_path / "a" / "0-broken.parquet").write_bytes(b"PAR1 nope")
    (tmp_path / "a" / "0-broken.rss").write_bytes(b"\x00\x01")
    (tmp_path / "a" / "0-empty.txt").write_bytes(b"")

    articles, rejected = split(list(read_all([str(tmp_path / "a")])))

    assert len(articles) == 3
    assert sorted(Path(r.where).name for r in rejected) == sorted(
        ["0-broken.jsonl.gz", "0-broken.warc.gz", "0-broken.parquet", "0-broken.rss", "0-empty.txt"]
    )


def test_an_oversized_or_mistyped_record_is_rejected_alone(tmp_path: Path) -> None:
    """A 25 MB line and a 12 MB text are refused with their size (a 60 MB record had been
    embedded whole, and took 19 GB); a text that is a number says so; the records around them
    are read."""
    path = tmp_path / "dump.jsonl"
    lines = [
        json.dumps({"id": "a", "text": SOURCE_2}),
        json.dumps({"id": "huge", "text": "word " * (5 * 1024 * 1024)}),
        json.dumps({"id": "big", "text": "word " * (12 * 1024 * 1024 // 5)}),
        json.dumps({"id": "n", "text": 5}),
        json.dumps({"id": "b", "text": SOURCE_2 + " Updated."}),
    ]
    path.write_text("\n".join(lines) + "\n")
    articles, rejected = split(list(read_collection(path)))
    assert [a.id for a in articles] == ["a", "b"]
    assert [(r.where, r.reason) for r in rejected] == [
        (f"{path}:2", "record too large (over 21 MB; the limit is 10 MB of text)"),
        (f"{path}:3", "the record's 'text' field is too large (12.6 MB; the limit is 10 MB)"),
        (f"{path}:4", "the record's 'text' field must be text, not a number"),
    ]


def test_hostile_json_lines_are_rejected_alone_and_the_file_reads_on(tmp_path: Path) -> None:
    """A hostile-input review: a line nested 100,000 deep or an id of 5,000 digits ended the file's
    reading (the records after it lost); a lone surrogate ('\\ud800', valid JSON) crashed the add;
    a gzip of one 4 GB line was read whole before its size was checked. Each costs its line only."""
    path = tmp_path / "dump.jsonl.gz"
    good = [json.dumps({"id": f"ok{i}", "text": SOURCE_2}) for i in range(3)]
    lines = [
        good[0],
        "[" * 100_000 + "]" * 100_000,
        '{"id": ' + "9" * 5000 + ', "text": "Snow fell."}',
        '{"id": "s\\ud800", "title": "T\\ud800", "text": "The council met \\ud800 on Tuesday. It agreed a budget."}',
        good[1],
        "x" * (MAX_RECORD_BYTES + 10),
        good[2],
    ]
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    articles, rejected = split(list(read_collection(path)))
    assert [a.id for a in articles] == ["ok0", "s\ufffd", "ok1", "ok2"]
    assert "\ufffd" in articles[1].text and articles[1].title == "T\ufffd"
    assert [(r.where, r.reason.split(" (")[0]) for r in rejected] == [
        (f"{path}:2", "JSON nested too deeply to read"),
        (f"{path}:3", "a JSON number too long to read"),
        (f"{path}:6", "record too large"),
    ]


def test_json_too_deep_or_with_too_long_a_number_is_named_wherever_it_is_read(tmp_path: Path) -> None:
    """A fuzzing review: an array element nested 100,000 deep or holding a 5,000-digit number was a
    traceback on standard input, 'unexpected error' for the whole file, and in `compare` a traceback
    with Python's advice to call sys.set_int_max_str_digits(). Each is now named, the records before kept."""
    from wiretrace.batch import compare_record

    good = {"id": "ok", "text": SOURCE_2}
    for bad, reason in (("[" * 100_000 + "]" * 100_000, "JSON nested too deeply to read"),
                        ("9" * 5000, "a JSON number too long to read (over 4,300 digits)")):  # fmt: skip
        array = tmp_path / "dump.json"
        array.write_text(f'[{json.dumps(good)}, {{"id": "x", "published": {bad}, "text": "Snow fell."}}, '
                         f'{json.dumps({**good, "id": "lost"})}]')  # fmt: skip
        items = list(read_collection(array))
        assert [getattr(i, "id", None) for i in items[:1]] == ["ok"] and len(items) == 2
        assert items[1].where == f"{array}:2" and items[1].reason == f"{reason}: the input from it on is not read"
        with pytest.raises(InputError, match=re.escape(f"one.json: {reason}")):
            read_bytes(f'{{"id": {bad}, "text": "Snow fell."}}'.encode(), "one.json", suffix=".json")
        line = json.dumps({"id": "p", "source": SOURCE_2, "target": SOURCE_2})[:-1] + f', "x": {bad}}}'
        assert compare_record(line, "pairs.jsonl:1")["error"] == f"pairs.jsonl:1: {reason}"


def test_a_json_line_with_a_control_character_says_where_once(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"id": "x", "text": "tab\x01here"}\n')
    [rejected] = read_collection(path)
    assert isinstance(rejected, Rejected) and rejected.reason == "invalid JSON (Invalid control character at column 25)"


def test_a_json_line_cut_inside_a_string_is_an_unterminated_string(tmp_path: Path) -> None:
    """The line's own break was reported as 'an invalid control character' at the end of the line."""
    path = tmp_path / "cut.jsonl"
    path.write_bytes(b'{"id": "x", "text": "the story was cut\r\n{"id": "y", "text": "x"}\n')
    rejected = next(iter(read_collection(path)))
    assert isinstance(rejected, Rejected) and rejected.reason.startswith("invalid JSON (Unterminated string")


def test_a_malformed_address_names_no_site_and_raises_nothing(tmp_path: Path) -> None:
    """A target URI with a stray '[' (a flipped byte in a crawl) made urllib raise 'Invalid IPv6
    URL' out of the reader; the page is read, with no site."""
    assert site_of(None, "https://[coast-gazette.example/news") == UNKNOWN_SITE
    assert same_site("https://[broken", "wire.example") is False
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"url": "https://[coast-gazette.example/news", "text": SOURCE_2}) + "\n")
    [article] = read_collection(path)
    assert isinstance(article, Article) and article.site is None  # the index names it "unknown"


def test_a_record_with_an_address_and_no_site_is_named_by_its_host(tmp_path: Path) -> None:
    """A JSON Lines page whose HTML calls its outlet 'Farm B Daily' (og:site_name) belongs to the
    site its address names, as the same page crawled or in a feed does; a given `site` wins."""
    html = page(SOURCE_2, "Trial").replace("<head>", '<head><meta property="og:site_name" content="Farm B Daily">')
    assert "og:site_name" in html
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"url": "https://www.farmb.example/x", "html": html}) + "\n"
                    + json.dumps({"url": URI_2, "html": html, "site": "Shire Courier"}) + "\n")  # fmt: skip
    assert [a.site for a in read_collection(path)] == ["farmb.example", "Shire Courier"]


def test_dumps_of_common_news_crawlers_are_read_by_their_own_field_names(tmp_path: Path) -> None:
    """news-please (and Common Crawl News) write `maintext`, `date_publish`, `source_domain` and
    `authors`; the 'All the News' corpus `content` and `publication`; a CMS export its page in
    `body` and its publisher as a schema.org object; feeds `link` and `pubDate`. Every record of
    such a dump had been rejected for want of a `text` field."""
    records = [
        {"url": URI_1, "title": "Buses burn", "maintext": SOURCE_1, "date_publish": "2017-01-02 10:00:00",
         "source_domain": "coast-gazette.example", "authors": ["Jane Doe", "John Roe"], "date_download": "x"},
        {"id": 7, "content": SOURCE_2, "publication": "Shire Courier", "date": "2016-05-01", "author": "A. Writer"},
        {"link": URI_2 + "?utm_source=rss", "body": page(SOURCE_2, "Trial"), "pubDate": "Sun, 01 May 2016 09:00:00 GMT",
         "publisher": {"@type": "Organization", "name": "Shire Courier"}, "headline": "Scout leader on trial"},
    ]  # fmt: skip
    path = tmp_path / "dump.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))

    a, b, c = read_collection(path)

    assert isinstance(a, Article) and isinstance(b, Article) and isinstance(c, Article)
    assert (a.id, a.title, a.published, a.site, a.byline) == (
        URI_1, "Buses burn", "2017-01-02T10:00:00", "coast-gazette.example", "Jane Doe, John Roe")
    assert a.sentences[0].text.startswith(SOURCE_1.split(". ")[0])
    assert (b.id, b.site, b.published, b.byline) == ("7", "Shire Courier", "2016-05-01", "A. Writer")
    # the body holds the page's markup: read as HTML, so no tag reaches the text
    assert (c.id, c.site, c.title, c.published[:10]) == (URI_2, "Shire Courier", "Scout leader on trial", "2016-05-01")
    assert "<" not in c.text and c.text.startswith(SOURCE_2[:40])


def test_our_own_field_names_win_and_errors_name_the_field_the_dump_gave(tmp_path: Path) -> None:
    """A record giving `text` is read by it, whatever else it holds under other names; a bad date
    given as `date_publish` is refused by that name; a record holding no article text under any
    name is refused with the fields it does give, so the producer sees what to rename."""
    path = tmp_path / "dump.jsonl"
    path.write_text(json.dumps({"id": "a", "text": SOURCE_1, "maintext": SOURCE_2, "content": SOURCE_2}) + "\n"
                    + json.dumps({"id": "b", "maintext": SOURCE_1, "date_publish": "03/04/2016"}) + "\n"
                    + json.dumps({"id": "c", "headline_str": "Buses burn", "words": 412, "summary": None}) + "\n"
                    + json.dumps({"id": "d", "content": {"rendered": "<p>a page</p>"}}) + "\n")  # fmt: skip

    a, b, c, d = read_collection(path)

    assert isinstance(a, Article) and a.text.startswith(SOURCE_1[:40])
    assert isinstance(b, Rejected) and "the record's 'date_publish' is not a date wiretrace reads" in b.reason
    assert isinstance(c, Rejected) and c.reason.endswith("its fields with a value: 'id', 'headline_str', 'words'")
    assert "'maintext', 'content', 'body'" in c.reason
    assert isinstance(d, Rejected) and "the record's 'content' field must be text, not an object" in d.reason


def test_a_record_giving_our_page_is_read_by_it_whatever_other_names_hold(tmp_path: Path) -> None:
    """A dump's `content` beside the page it gave as `html` may be a teaser: the page is read, as
    before other names were read. A `link` that is no address (a feed's list of links) is not
    one, and an address that is no text is refused by name."""
    teaser = "Quarterly profits at the firm rose. Read more"
    path = tmp_path / "dump.jsonl"
    path.write_text(json.dumps({"id": "p", "html": page(SOURCE_2, "Trial"), "content": teaser}) + "\n"
                    + json.dumps({"id": "l", "text": SOURCE_1, "link": [{"href": URI_1}]}) + "\n"
                    + json.dumps({"id": "u", "text": SOURCE_1, "url": 12345}) + "\n")  # fmt: skip

    p, linked, numbered = read_collection(path)

    assert isinstance(p, Article) and p.text.startswith(SOURCE_2[:40]) and "Read more" not in p.text
    assert isinstance(linked, Article) and (linked.id, linked.url) == ("l", None)
    assert numbered == Rejected(f"{path}:3", "the record's 'url' must be an address as text, not 12345")


def test_trafilatura_and_newsapi_records_are_read_as_those_tools_write_them(tmp_path: Path) -> None:
    """trafilatura's JSON gives the address as `source` and the site's name as `source-hostname`;
    NewsAPI gives `source` as {id, name} and `content` as a snippet cut short ('[+1595 chars]'),
    which is no article; schema.org gives authors as Person objects; a host a dump names its site by
    is read as an address's host names it."""
    import trafilatura

    html = page(SOURCE_2, "Scout leader on trial").replace(
        "<head>", f'<head><link rel="canonical" href="{URI_2}"><meta property="og:site_name" content="Shire Courier">'
    )
    extracted = json.loads(trafilatura.extract(html, output_format="json", with_metadata=True, url=URI_2))
    assert "source" in extracted and "url" not in extracted  # what this tool writes
    records = [
        extracted,
        {"source": {"id": "bbc-news", "name": "BBC News"}, "url": URI_1, "content": SOURCE_1[:200] + "… [+1595 chars]"},
        {"source": {"id": None, "name": "BBC News"}, "url": URI_1, "content": SOURCE_1,
         "author": [{"@type": "Person", "name": "Jane Doe"}, {"@type": "Person", "name": "Ed Roe"}]},
        {"id": "cc", "text": SOURCE_2, "domain": "WWW.Shire-Courier.example"},
    ]  # fmt: skip
    path = tmp_path / "dump.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))

    traf, snippet, news, cc = read_collection(path)

    assert isinstance(traf, Article) and (traf.id, traf.url, traf.site) == (URI_2, URI_2, "Shire Courier")
    assert traf.title == "Scout leader on trial"
    assert snippet == Rejected(f"{path}:2", "the record's 'content' is a snippet cut short ('[+1595 chars]' ends it), "
                               "not the article")  # fmt: skip
    assert isinstance(news, Article) and (news.site, news.byline) == ("BBC News", "Jane Doe, Ed Roe")
    assert isinstance(cc, Article) and cc.site == "shire-courier.example"


def test_markup_under_another_name_is_read_as_a_page_and_a_blob_is_no_title(tmp_path: Path) -> None:
    """A `content` of links and emphasis only, or a list, is markup too; a 'headline' of a megabyte
    is a dump's columns gone astray, not a title."""
    items = "".join(f"<li>{s}.</li>" for s in SOURCE_1.split(". ")[:6])
    path = tmp_path / "dump.jsonl"
    path.write_text(json.dumps({"id": "m", "content": f"<ul>{items}</ul> and <a href='x'>more</a>"}) + "\n"
                    + json.dumps({"id": "h", "maintext": SOURCE_1, "headline": "x" * 1_000_000}) + "\n")  # fmt: skip

    marked, blob = read_collection(path)

    assert isinstance(marked, Article) and "<" not in marked.text and "more" in marked.text
    assert blob == Rejected(f"{path}:2", "the record's 'headline' is too long for a title (1,000,000 characters; the "
                            "limit is 10,000)")  # fmt: skip


def test_a_parquet_dump_reads_only_the_columns_its_records_use(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A table keeping huge cells in a column beside `text` (here `content`) had its row groups
    refused for that column, which is never read: ours win, so it is not decompressed at all."""
    monkeypatch.setattr("wiretrace.readers.parquet.MAX_BYTES", 20_000)
    path = tmp_path / "t.parquet"
    pq.write_table(pa.table({"id": ["a", "b"], "text": [SOURCE_1, SOURCE_2], "content": ["x" * 50_000] * 2}), path)
    assert [a.id for a in read_collection(path) if isinstance(a, Article)] == ["a", "b"]
    assert record_columns(["content", "text", "id", "maintext", "domain", "date_publish"]) == [
        "id", "text", "date_publish", "domain"]  # fmt: skip


def test_a_parquet_dump_with_its_own_column_names_is_read(tmp_path: Path) -> None:
    """A news-please table (`maintext`, `date_publish`, `source_domain`) is read; one with no column
    of article text under any name is refused whole, naming the names it looked for."""
    path = tmp_path / "np.parquet"
    pq.write_table(pa.table({"url": [URI_1], "maintext": [SOURCE_1], "date_publish": ["2017-01-02"],
                             "source_domain": ["coast-gazette.example"]}), path)  # fmt: skip
    other = tmp_path / "other.parquet"
    pq.write_table(pa.table({"url": [URI_1], "words": [SOURCE_1]}), other)

    (article,) = read_collection(path)
    (refused,) = read_collection(other)

    assert isinstance(article, Article)
    assert (article.id, article.published, article.site) == (URI_1, "2017-01-02", "coast-gazette.example")
    assert isinstance(refused, Rejected) and "no 'text' or 'html' column (nor one named" in refused.reason


def test_a_file_is_the_same_article_however_its_path_is_spelled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder indexed as 'coll', then as its absolute path or through '..', gives the same ids:
    adding it again stores nothing new (the id of a file is its absolute path)."""
    (tmp_path / "coll").mkdir()
    (tmp_path / "coll" / "story.html").write_text(page(SOURCE_2, "Trial"))
    (tmp_path / "coll" / "note.txt").write_text(SOURCE_2)
    monkeypatch.chdir(tmp_path / "coll")

    def ids(where: str) -> list[str]:
        return sorted(a.id or "" for a in read_all([where]) if isinstance(a, Article))

    assert ids("../coll") == ids(str(tmp_path / "coll")) == ids(".") == [
        str((tmp_path / "coll" / "note.txt").resolve()), str((tmp_path / "coll" / "story.html").resolve())]  # fmt: skip


def test_an_html_file_with_an_address_is_named_by_its_host_like_the_same_page_crawled(tmp_path: Path) -> None:
    """A saved page calling its outlet 'Valley Herald' (og:site_name) with its canonical address
    is the site of that address, as the same page in a WARC or a feed is: one outlet, one site.
    Without an address the page's own name for its site is all there is."""
    html = page(SOURCE_2, "Trial").replace("<head>", '<head><meta property="og:site_name" content="Valley Herald">')
    (tmp_path / "saved.html").write_text(
        html.replace("<head>", '<head><link rel="canonical" href="https://www.valleyherald.example/trial">')
    )
    (tmp_path / "bare.html").write_text(html)
    sites = {Path(a.id).name: a.site for a in read_all([str(tmp_path)]) if isinstance(a, Article)}
    assert sites == {"saved.html": "valleyherald.example", "bare.html": "Valley Herald"}


def test_pages_stating_one_address_stay_apart(tmp_path: Path) -> None:
    """A syndicated copy states the original's address (rel=canonical), a template a section's:
    named by that address, different pages collided and one was rejected. Each file is its path."""
    canonical = '<head><link rel="canonical" href="https://wire.example/2024/05/story">'
    (tmp_path / "wire.html").write_text(page(SOURCE_2, "Trial").replace("<head>", canonical))
    (tmp_path / "partner.html").write_text(page(SOURCE_1, "Fire").replace("<head>", canonical))
    found = {a.id: a.url for a in read_all([str(tmp_path)]) if isinstance(a, Article)}
    assert found == {str(tmp_path / "wire.html"): "https://wire.example/2024/05/story",
                     str(tmp_path / "partner.html"): "https://wire.example/2024/05/story"}  # fmt: skip


def _csv(rows: list[list[str]], delimiter: str = ",") -> str:
    import csv

    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


@pytest.mark.parametrize("name", ["articles.csv", "articles.csv.gz", "articles.tsv"])
def test_a_table_of_articles_is_read_a_row_an_article(tmp_path: Path, name: str) -> None:
    """Many published news sets are CSV ('All the News': an unnamed index column, `content`,
    `publication`). Cells hold commas, quotes and line breaks; a UTF-8 byte-order mark opens the
    file as spreadsheets write it. A table had been refused whole."""
    rows = [["", "id", "title", "publication", "author", "date", "content", "url"],
            ["0", "17283", 'Buses burn, "again"', "Coast Gazette", "Jane Doe", "2016-12-31", SOURCE_1, URI_1],
            ["1", "17284", "Trial", "Shire Courier", "", "", SOURCE_2.replace(". ", ".\n\n", 2), ""]]  # fmt: skip
    data = ("\ufeff" + _csv(rows, "\t" if name.endswith(".tsv") else ",")).encode("utf-8")
    path = tmp_path / name
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)

    a, b = read_collection(path)

    assert isinstance(a, Article) and isinstance(b, Article)
    assert (a.id, a.title, a.site, a.byline, a.published, a.url) == (
        "17283", 'Buses burn, "again"', "Coast Gazette", "Jane Doe", "2016-12-31", URI_1)
    assert a.text.startswith(SOURCE_1[:60]) and len(a.sentences) > 5
    assert (b.id, b.site, b.byline, b.published, b.url) == ("17284", "Shire Courier", None, None, None)
    assert b.sentences[0].text.startswith("John Edward Bates")


def test_a_table_in_a_spreadsheets_own_dialect_and_broken_rows(tmp_path: Path) -> None:
    """Semicolons separate a CSV saved by a spreadsheet in many languages; a row with more cells
    than the header is rejected alone, by its row; the others are read."""
    path = tmp_path / "news.csv"
    rows = [["id", "text", "site"], ["a", SOURCE_1, "x.example"], ["b", SOURCE_2, "y.example", "stray"],
            ["c", SOURCE_2, "y.example"]]  # fmt: skip
    path.write_text(_csv(rows, ";"), encoding="utf-8")

    items = list(read_collection(path))

    assert [(i.id, i.site) for i in items if isinstance(i, Article)] == [("a", "x.example"), ("c", "y.example")]
    assert [(r.where, r.reason) for r in items if isinstance(r, Rejected)] == [
        (f"{path}#row-2", "row has 4 cells where the header names 3 columns (a cell's quotes or line breaks broken?)")]


def test_a_table_that_holds_no_articles_is_refused_naming_its_columns(tmp_path: Path) -> None:
    """A links export or a list of addresses named on the command line is refused in one line
    (it had been read as one article made of its cells); in a folder it is skipped, as a style
    sheet is, while a table of articles there is read."""
    links = tmp_path / "links.csv"
    links.write_text(_csv([["source", "target", "relation", "score"], ["a", "b", "rewrite", "0.9"]]))
    latin = tmp_path / "latin.csv"
    latin.write_bytes(_csv([["id", "text"], ["a", SOURCE_1.replace("the", "thé")]]).encode("cp1252"))
    (folder := tmp_path / "folder").mkdir()
    (folder / "urls.csv").write_text("url\nhttps://a.example/x\n")
    (folder / "news.csv").write_text(_csv([["id", "maintext"], ["n1", SOURCE_2]]))

    [refused] = read_collection(links)
    [not_utf8] = read_collection(latin)
    files, _ = expand([str(folder)])

    assert refused == Rejected(str(links), "a table with no column of article text ('text', 'html', "
                               "'maintext', 'content', 'body', ...); its columns: 'source', 'target', "
                               "'relation', 'score' (--field text=NAME reads another)")  # fmt: skip
    offset = latin.read_bytes().index(bytes([0xE9]))
    assert not_utf8 == Rejected(str(latin), f"not UTF-8 text: byte 0xe9 on line 2 (offset {offset}); save the "
                                "table as UTF-8")  # fmt: skip
    assert [f.name for f in files] == ["news.csv"]


def test_a_table_damaged_or_ambiguous_is_refused_or_read_to_the_damage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A data team's hostile tables: a row short of cells (a line break left unquoted) is rejected
    alone; a cell too large for an article is rejected alone and the rows after it read; one too
    large to read, or a quoted cell left open by a cut, ends the reading there, naming the row; a
    byte of another encoding on line 16 refuses the table whole (rows 1-13 had been indexed); a
    header naming 'text' twice is refused; a quoted name holding commas does not make them the
    separator; names in capitals are the fields; pandas' float ids are the ids."""
    monkeypatch.setattr("wiretrace.readers.tables._MAX_CELL", 30_000)
    monkeypatch.setattr("wiretrace.ingest.records.MAX_BYTES", 12_000)  # what `from_record` checks a cell by

    def rejected(path: Path) -> list[tuple[str, str]]:
        return [(r.where.removeprefix(str(path)), r.reason) for r in read_collection(path) if isinstance(r, Rejected)]

    def ids(path: Path) -> list[str]:
        return [a.id or "" for a in read_collection(path) if isinstance(a, Article)]

    short = tmp_path / "short.csv"
    short.write_text(_csv([["id", "text", "site"], ["a", SOURCE_1], ["b", SOURCE_2, "x.example"]]))
    big = tmp_path / "big.csv"
    big.write_text(_csv([["id", "text"], ["a", SOURCE_1], ["huge", "word " * 4_000], ["b", SOURCE_2]]))
    huge = tmp_path / "huge.csv"
    huge.write_text(_csv([["id", "text"], ["a", SOURCE_1], ["huge", "word " * 8_000], ["b", SOURCE_2]]))
    cut = tmp_path / "cut.csv"
    cut.write_text(_csv([["id", "text"], ["a", SOURCE_1], ["b", SOURCE_2]])[:-300])
    late = tmp_path / "late.csv"
    rows = [["id", "text"]] + [[f"r{i}", SOURCE_1] for i in range(14)] + [["x", "café"]]
    late.write_bytes(_csv(rows).encode("cp1252"))
    twice = tmp_path / "twice.csv"
    twice.write_text(_csv([["id", "text", "title", "text"], ["a", SOURCE_1, "T", ""]]))
    quoted = tmp_path / "quoted.csv"
    quoted.write_text('ID;Text;"keywords, a, b"\r\n' + _csv([["1.0", SOURCE_1, "x"]], ";"))

    assert ids(short) == ["b"] and rejected(short)[0][0] == "#row-1"
    assert ids(big) == ["a", "b"] and [w for w, _ in rejected(big)] == ["#row-2"]
    assert ids(huge) == ["a"]
    assert rejected(huge) == [("#row-2", "unreadable table from this row on (field larger than field limit "
                               "(30000)); the rows after it are not read")]  # fmt: skip
    assert ids(cut) == ["a"] and rejected(cut)[0][0] == "#row-2"
    offset = late.read_bytes().index(bytes([0xE9]))
    assert ids(late) == []
    assert rejected(late) == [("", f"not UTF-8 text: byte 0xe9 on line 16 (offset {offset}); save the table as UTF-8")]
    assert rejected(twice) == [("", "the header names 'text' more than once: rename the column not to read")]
    assert ids(quoted) == ["1"]


def _raw(rows: list[list[str]]) -> str:
    """A careless exporter's CSV: a cell quoted only when it holds a comma or a line break, so a
    cell holding quotes and no comma is written raw."""
    def cell(value: str) -> str:
        return '"' + value.replace('"', '""') + '"' if "," in value or "\n" in value else value

    return "".join(",".join(map(cell, row)) + "\n" for row in rows)


def test_a_stray_quote_opening_a_cell_does_not_swallow_the_rows_after_it(tmp_path: Path) -> None:
    """A cell written raw that opens with a quote ('"Quoted" headline, says X', a quotation never
    closed) had `csv` read on across lines to the next quote: rows 3-4 joined into row 2's title
    and row 2 took row 4's text without a word (the cells added up), or the table's reading
    stopped there. The quote is read as text and the rows after it as rows; a line that then has
    too many cells is rejected alone, naming its line."""
    body = " ".join(SOURCE_1.split()).replace(",", "").replace('"', "")
    texts = [body, *(f"{body} Story {n}." for n in range(2, 6))]
    silent = tmp_path / "silent.csv"  # bodies raw (no comma): the stray quote closes at row 4's inch mark
    silent.write_text(_raw([["id", "title", "text"], ["s-1", "Markets rise", texts[0]],
                            ["s-2", '"Markets fall', texts[1]], ["s-3", "Oil up", texts[2]],
                            ["s-4", 'Sets over 65"', texts[3]], ["s-5", "Gold flat", texts[4]]]))  # fmt: skip
    bodies = [SOURCE_1, SOURCE_2.replace(". ", ".\n\n", 3), SOURCE_1 + "\n\nMore.", SOURCE_2]
    quoted = tmp_path / "quoted.csv"  # bodies quoted across lines, titles raw
    quoted.write_text(_raw([["id", "title", "text"], ["q-1", "Bus fire", bodies[0]],
                            ["q-2", '"Quoted" headline says X', bodies[1]],
                            ["q-3", '"Scout leader trial', bodies[2]], ["q-4", "Trial", bodies[3]]]))  # fmt: skip
    comma = tmp_path / "comma.csv"
    comma.write_text(_raw([["id", "title", "text"], ["c-1", "Bus fire", bodies[0]]])
                     + 'c-2,"Quoted" headline, says X,' + texts[1] + "\n"
                     + _raw([["c-3", "Trial", bodies[3]]]))  # fmt: skip

    def read(path: Path) -> list[tuple[str, str, str] | tuple[str, str]]:
        return [(i.id or "", i.title or "", i.text) if isinstance(i, Article)
                else (i.where.removeprefix(str(path)), i.reason) for i in read_collection(path)]  # fmt: skip

    assert [(i, t) for i, t, *_ in read(silent)] == [("s-1", "Markets rise"), ("s-2", '"Markets fall'),
                                                    ("s-3", "Oil up"), ("s-4", 'Sets over 65"'),
                                                    ("s-5", "Gold flat")]  # fmt: skip
    assert [x[2] for x in read(silent)] == [a.text for a in read_collection(silent) if isinstance(a, Article)]
    assert [x[2].endswith(f"Story {n}.") for n, x in enumerate(read(silent)[1:], 2)] == [True] * 4
    got = read(quoted)
    assert [(i, t) for i, t, *_ in got] == [("q-1", "Bus fire"), ("q-2", '"Quoted" headline says X'),
                                            ("q-3", '"Scout leader trial'), ("q-4", "Trial")]  # fmt: skip
    assert got[1][2].startswith("John Edward Bates") and "More." in got[2][2]
    assert read(comma)[0][0] == "c-1" and read(comma)[2][0] == "c-3"
    assert read(comma)[1] == ("#row-2", "line 3: a quote opens a cell and CSV quoting does not close it (a stray "
                              "quote?); read as text, the row has 4 cells where the header names 3 columns (a "
                              "cell's quotes or line breaks broken?)")  # fmt: skip


def test_quoted_cells_across_lines_read_as_csv_reads_them(tmp_path: Path) -> None:
    """Article bodies quoted across lines (the normal case) are read exactly as `csv` reads them,
    those whose paragraphs are lines of commas ('Peoria,41.50') and short ones too, whatever the
    columns' order; a table cut inside a quoted cell still ends there, naming its row."""
    texts = ["LONDON\n\nThe PM, in a speech, said so.", "Hog prices rose at\nPeoria,41.50\nOmaha,42.00",
             SOURCE_1.replace(". ", ".\n\n"), "Net 12.3 mln vs 6,438,000\nRevs 1,2,3"]  # fmt: skip
    import csv

    for columns in (["id", "title", "text"], ["text", "id", "title"], ["id", "text"]):
        rows = [columns] + [[{"id": f"r-{n}", "title": f"T{n}", "text": t}[c] for c in columns]
                            for n, t in enumerate(texts * 2)]  # fmt: skip
        path = tmp_path / "t.csv"
        path.write_text(_csv(rows))
        got = [a.text for a in read_collection(path) if isinstance(a, Article)]
        with path.open(newline="") as fh:
            wanted = [r[columns.index("text")] for r in list(csv.reader(fh))[1:]]
        assert len(got) == len(wanted) == 8, columns
    cut = tmp_path / "cut.csv"
    cut.write_text(_csv([["id", "text"], ["a", SOURCE_1], ["b", SOURCE_1.replace(". ", ".\n\n")]])[:-300])
    assert [i.where.removeprefix(str(cut)) for i in read_collection(cut) if isinstance(i, Rejected)] == ["#row-2"]


def test_a_body_quoted_across_lines_whose_paragraphs_read_as_rows_is_read_as_csv_reads_it(tmp_path: Path) -> None:
    """A well-quoted body in the last column whose paragraphs each read as a row ('2,500 workers
    walked out, the union said.' under numeric ids, 'However, officials said, ...' under a column
    of one word) was taken for a stray quote: the body cut at its first line and a second article
    '2' made of its paragraph. `csv` read the record whole; a quote opening its last cell is
    never a stray one."""
    import csv

    first = " ".join(SOURCE_2.split()).replace(",", "")  # no comma on the line the quote opens
    for ids, rows in ((["1", "2"], "2,500 workers walked out, the union said.\n12,000 marched, police said."),
                      (["Reuters", "AP"], "However, officials said, it stays shut.\nStill, he said, it was calm.")):
        bodies = [SOURCE_1, f"{first}\n\n{rows}"]
        for quoting in (csv.QUOTE_MINIMAL, csv.QUOTE_ALL):
            path = tmp_path / "t.csv"
            with path.open("w", newline="") as fh:
                writer = csv.writer(fh, quoting=quoting)
                writer.writerow(["id" if ids[0] == "1" else "site", "title", "text"])
                writer.writerows([[ids[0], "Bus fire in town", bodies[0]], [ids[1], "Scout leader trial", bodies[1]]])
            got = list(read_collection(path))
            assert [(a.title, a.text.endswith(rows[-12:])) for a in got if isinstance(a, Article)] == [
                ("Bus fire in town", False), ("Scout leader trial", True)], (ids, quoting)  # fmt: skip
            assert len(got) == 2, (ids, quoting)


def test_two_stray_quotes_on_a_line_are_each_read_as_text(tmp_path: Path) -> None:
    """A row whose title and text both open with a quote written raw ('"Quoted" title,"Quoted"
    body') stopped the table's reading at its second quote, every later row lost; each is read as
    text in turn. A line of more such quotes than the columns is not read again each time (one
    of 4,000 took 2.4 s, quadratic), and ends the reading there."""
    body = " ".join(SOURCE_1.split()).replace(",", "").replace('"', "")
    path = tmp_path / "two.csv"
    path.write_text(f"id,title,text\nr-1,Markets rise,{body}\nr-2,\"Quoted\" title,\"Quoted\" {body}\n"
                    f"r-3,Oil up,{body} More.\n")  # fmt: skip
    got = list(read_collection(path))
    assert [(a.id, a.title, a.text.startswith('"Quoted"')) for a in got if isinstance(a, Article)] == [
        ("r-1", "Markets rise", False), ("r-2", '"Quoted" title', True), ("r-3", "Oil up", False)]  # fmt: skip
    assert len(got) == 3
    # a stray quote never closed in the table's last rows: csv reads to the end, and that row and
    # those after it were lost; a body quoted in the last column and cut short still ends the reading
    end = tmp_path / "end.csv"
    end.write_text(f"id,title,text\nr-1,Markets rise,{body}\nr-2,\"Markets fall,{body}\nr-3,Oil up,{body}\n")
    assert [(a.id, a.title) for a in read_collection(end) if isinstance(a, Article)] == [
        ("r-1", "Markets rise"), ("r-2", '"Markets fall'), ("r-3", "Oil up")]  # fmt: skip
    cut = tmp_path / "cut.csv"
    cut.write_text(f"id,title,text\nr-1,Markets rise,{body}\nr-2,Markets fall,\"{body}\nr-3,Oil up,{body}\n")
    assert [type(i).__name__ for i in read_collection(cut)] == ["Article", "Rejected"]
    many = tmp_path / "many.csv"
    many.write_text(f"id,title,text\nr-1,Markets rise,{body}\nr-2," + ",".join(['"a" b'] * 4000) + "\n")
    assert [type(i).__name__ for i in read_collection(many)] == ["Article", "Rejected"]


def test_a_folder_walk_reads_tables_of_articles_and_skips_other_tables(tmp_path: Path) -> None:
    """A binary file or a spreadsheet in another encoding named .csv is skipped in a folder, as a
    table of other things is (it had been rejected); a header of 8,000 columns is still read there."""
    (tmp_path / "binary.csv").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "latin.csv").write_bytes("id,título\n1,é\n".encode("cp1252"))
    wide = ",".join(f"c{i}" for i in range(8_000)) + ",id,text\n"
    (tmp_path / "wide.csv").write_text(wide + _csv([[""] * 8_000 + ["w", SOURCE_1]]))
    files, _ = expand([str(tmp_path)])
    assert [f.name for f in files] == ["wide.csv"]
    assert [a.id for a in read_all([str(tmp_path)]) if isinstance(a, Article)] == ["w"]


def test_an_articles_csv_export_is_read_back_as_it_was(tmp_path: Path) -> None:
    """`export --what articles --format csv` opens a cell a spreadsheet would run as a formula
    with an apostrophe; read back, the cell is the text it marks."""
    path = tmp_path / "a.csv"
    path.write_text(_csv([["id", "title", "site", "text"], ["farm", "'=HYPERLINK(1)", "'-farm.example", SOURCE_1],
                          ["plain", "'Tis the season", "z.example", SOURCE_2],
                          ["home", "''@home' brand sold", "z.example", SOURCE_2 + " More."]]))  # fmt: skip
    a, b, c = read_collection(path)
    assert isinstance(a, Article) and isinstance(b, Article) and isinstance(c, Article)
    assert (a.title, a.site) == ("=HYPERLINK(1)", "-farm.example")
    assert (b.title, c.title) == ("'Tis the season", "'@home' brand sold")


@pytest.mark.parametrize("name", ["export-2016", "dump.data"])
def test_a_json_lines_dump_without_its_suffix_is_read_as_one(tmp_path: Path, name: str) -> None:
    """Named without `.jsonl`, a dump was read as one plain-text article of its JSON markup; its
    lines are JSON objects, so it is read as JSON Lines (a first record longer than a sniff's 4 KiB too)."""
    rows = [{"id": "a", "text": "One story. " + "It goes on. " * 600}, {"id": "b", "text": "Another story."}]
    path = tmp_path / name
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    articles, rejected = split(list(read_collection(path)))
    assert [a.id for a in articles] == ["a", "b"] and not rejected


def test_feed_summaries_cut_short_dates_of_a_day_and_bylines(tmp_path: Path) -> None:
    """A feed-watch review: a summary-only feed file was indexed as 200-character articles ending
    in '...' and linked as edited copies; a `pubDate` of a day alone became midnight UTC (a farm's
    copy then dated before the wire it copied at 09:00); a feed author 'By Content Team' kept its
    'By'."""
    teaser = " ".join(SOURCE_2.split()[:40]) + " [&#8230;]"
    path = tmp_path / "farm.rss"
    path.write_text(
        f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Latest News</title>
<item><title>Trial</title><link>{URI_2}</link><pubDate>2016-08-03</pubDate>
<author>x@farm.example (By Content Team)</author><description>{SOURCE_2}</description></item>
<item><title>Cut</title><link>{URI_1}</link><pubDate>Wed, 03 Aug 2016</pubDate>
<description>{teaser}</description></item>
</channel></rss>""",
        encoding="utf-8",
    )
    articles, rejected = split(list(read_collection(path)))
    assert [(a.published, a.byline) for a in articles] == [("2016-08-03", "Content Team")]
    assert [r.reason for r in rejected] == [
        "feed entry holds only a summary cut short ('...'), not the article ('watch' fetches pages)"
    ]
    day = time.strptime("2016-08-03", "%Y-%m-%d")
    assert entry_date({"published": "Wed, 03 Aug 2016", "published_parsed": day}) == "2016-08-03"


def test_a_feed_entry_is_its_page_again_and_a_one_line_summary_is_not_an_article(tmp_path: Path) -> None:
    """A crawl researcher's review: WordPress's footer ('The post X appeared first on Daily Trend
    Feed.') under each entry made it other text than its own page, indexed as that page's copy; the
    entry's link kept its '?utm_source=rss'; an Atom entry holding a one-sentence <summary> was
    indexed as an article (the page's text then rejected as other content for the same id)."""
    footer = f'<p>The post <a href="{URI_2}">Trial</a> appeared first on Daily Trend Feed.</p>'
    path = tmp_path / "farm.rss"
    path.write_text(
        f"""<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Daily Trend Feed</title>
<item><title>Trial</title><link>{URI_2}?utm_source=rss&amp;utm_medium=rss</link>
<content:encoded><![CDATA[{paragraphs(SOURCE_2)}{footer}]]></content:encoded></item>
<item><title>One line</title><link>{URI_1}</link>
<description>Two tour buses were destroyed in a fire at a hotel car park in Belfast.</description></item>
</channel></rss>""",
        encoding="utf-8",
    )
    articles, rejected = split(list(read_collection(path)))
    [entry] = articles
    assert (entry.id, entry.url) == (URI_2, URI_2)
    assert entry.text == from_html(paragraphs(SOURCE_2), "page").text  # the page's own text, as its page gives it
    assert [(c.text, c.reason) for c in entry.dropped_chrome] == [
        ("The post Trial appeared first on Daily Trend Feed.", "feed-footer")
    ]
    assert [r.reason for r in rejected] == [
        "feed entry holds only a one-sentence summary, not the article ('watch' fetches pages)"
    ]


def test_a_job_title_split_off_as_a_second_author_is_put_back() -> None:
    """trafilatura split 'By Jane Mackay, Wire Reporter' into 'Jane Mackay; Wire Reporter'."""
    page = (
        '<html><head><meta name="author" content="Jane Mackay, Wire Reporter"></head><body><article>'
        f"<h1>Scout leader trial</h1><p>{SOURCE_2}</p></article></body></html>"
    )
    assert read_bytes(page.encode(), "p.html", suffix=".html").byline == "Jane Mackay, Wire Reporter"


def test_a_crawl_front_page_is_skipped_and_a_small_front_is_no_article(tmp_path: Path) -> None:
    """A churnalism review: a small site's home page (two or three headline links) was indexed as
    an article, lowering its site's derived share; a crawl's fronts, which every crawl holds, were
    counted as rejected inputs, so every realistic crawl exited 1."""
    links = "".join(
        f'<li><a href="https://farm.example/2024/01/{n}">{title}</a></li>'
        for n, title in enumerate(["Meet James, a 23-year-old from Colwyn Bay who is defying",
                                   "Veronica Vanessa Chango-Alverez, 31, tragically lost her life in"])
    )  # fmt: skip
    front = f"<html><head><title>TrendFeed</title></head><body><h1>TrendFeed</h1><ul>{links}</ul></body></html>"
    with pytest.raises(InputError, match="a list of links"):
        read_bytes(front.encode(), "front.html", suffix=".html")
    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        page = f"<html><body><article><p>{SOURCE_1}</p></article></body></html>"
        for uri, body in (("https://farm.example/", front), ("https://farm.example/2024/01/0", page)):
            writer.write_record(
                writer.create_warc_record(uri, "response", payload=io.BytesIO(body.encode()), http_headers=http)
            )
    items = list(read_collection(path))
    assert [type(i).__name__ for i in items] == ["Skipped", "Article"]
    assert items[0].kind == "list page (front, section or tag)" and items[0].where == str(path)


def test_a_wet_text_loses_the_site_name_after_its_title_and_its_masthead(tmp_path: Path) -> None:
    """A churnalism review: WET titles kept the site's name ('... | TrendFeed'), where a page's
    HTML title loses it, and the masthead line 'TrendFeed' was the text's first sentence."""
    text = f"Scout leader trial | TrendFeed\nAccept all\nTrendFeed\n{SOURCE_2}\n"
    path = tmp_path / "crawl.warc.wet.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        writer.write_record(writer.create_warc_record(
            "https://www.trendfeed.net/2024/02/trial", "conversion", payload=io.BytesIO(text.encode()),
            warc_content_type="text/plain",
        ))  # fmt: skip
    (article,) = list(read_collection(path))
    assert article.title == "Scout leader trial" and article.sentences[0].text.startswith(SOURCE_2[:30])
    assert "TrendFeed" not in article.text
    # a crawl researcher's review: a consent button, the headline again and a footer's 'Cookies' were kept
    banner = f"Scout leader trial | TrendFeed\nAccept and continue\nScout leader trial\n{SOURCE_2}\nCookies\nContact\n"
    text, title = site_titled_text(banner, "trendfeed.net")
    assert from_text(text, "wet", title=title).text == from_text(SOURCE_2).text
    # a first line naming no site the address names is left alone
    plain = site_titled_text(f"Trial | The Herald\n{SOURCE_2}", "trendfeed.net")
    assert plain == (f"Trial | The Herald\n{SOURCE_2}", None)


def test_the_wet_conversion_of_a_crawl_also_given_is_skipped(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A churnalism review: a crawl added with its own WET conversion (Common Crawl ships both)
    gave each page twice, two texts under one address: rejected as ids given earlier with other
    content, or with `--keep-versions` each page a version of itself."""
    crawl = tmp_path / "crawl"
    crawl.mkdir()
    for name in ("CC-0001.warc.gz", "CC-0001.warc.wet.gz", "CC-0002.warc.wet.gz"):
        (crawl / name).write_bytes(b"")
    with caplog.at_level("WARNING", logger="wiretrace.readers"):
        files, _ = expand([str(crawl)])
    assert [f.name for f in files] == ["CC-0001.warc.gz", "CC-0002.warc.wet.gz"]  # a WET alone is read
    assert any("CC-0001.warc.wet.gz: skipped, the WET conversion of" in r.message for r in caplog.records)
    # and as Common Crawl lays them out, in sibling folders (a crawl review: 30 pages rejected twice over)
    segment = tmp_path / "cc" / "segments" / "1"
    for folder, name in (("warc", "CC-3.warc.gz"), ("wet", "CC-3.warc.wet.gz"), ("wet", "CC-4.warc.wet.gz")):
        (segment / folder).mkdir(parents=True, exist_ok=True)
        (segment / folder / name).write_bytes(b"")
    files, _ = expand([str(tmp_path / "cc")])
    assert [f.name for f in files] == ["CC-3.warc.gz", "CC-4.warc.wet.gz"]


# --- standard input (`index add -`) -----------------------------------------------------------


def from_stream(data: bytes) -> list[Item]:
    return list(read_stream(io.BufferedReader(io.BytesIO(data))))


def test_a_stream_is_read_as_a_file_of_its_content_and_named_stdin(tmp_path: Path) -> None:
    """`... | index add -`: JSON Lines (gzip too), a crawl, a feed and one page read as their files
    are, every message naming the stream, never the temporary file a crawl is spooled to."""
    lines = [{"id": "wire-1", "text": SOURCE_1}, {"url": URI_2, "text": SOURCE_2}]
    dump = b"".join(json.dumps(r).encode() + b"\n" for r in lines) + b'{"text": "cut\n'
    for data in (dump, gzip.compress(dump)):
        articles, rejected = split(from_stream(data))
        assert [(a.id, a.where) for a in articles] == [("wire-1", "stdin:1"), (URI_2, "stdin:2")]
        assert [r.where for r in rejected] == ["stdin:3"] and "invalid JSON" in rejected[0].reason
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc)
    for data in (warc_bytes(True), warc_bytes(False)):
        streamed = from_stream(data)
        filed = list(read_collection(warc))
        assert [a.id for a in streamed if isinstance(a, Article)] == [URI_1, URI_2]
        assert [a.text for a in streamed if isinstance(a, Article)] == [a.text for a in filed if isinstance(a, Article)]
        others = [x for x in streamed if not isinstance(x, Article)]
        assert others and all(x.where.startswith("stdin") and "wiretrace-stdin" not in x.where for x in others)
    articles, rejected = split(from_stream(RSS.encode()))
    assert [a.id for a in articles] == ["cg-1001", URI_2]
    assert [r.where for r in rejected] == ["stdin#https://coast-gazette.example/teaser"]
    articles, _ = split(from_stream(page(SOURCE_1, "Tour buses destroyed").encode()))
    assert articles[0].title == "Tour buses destroyed" and articles[0].where == "stdin"


def test_a_streamed_text_without_an_id_is_named_by_its_content() -> None:
    """The same page piped twice is one id (stored once); two pages, or two records without ids on
    the same line of two dumps, never share one (a line number would)."""
    [first] = from_stream(SOURCE_1.encode())
    [again] = from_stream(SOURCE_1.encode())
    [other] = from_stream(SOURCE_2.encode())
    assert isinstance(first, Article) and isinstance(again, Article) and isinstance(other, Article)
    assert first.id == again.id != other.id and re.fullmatch(r"stdin:[0-9a-f]{12}", first.id or "")
    one, two = (from_stream(json.dumps({"text": t}).encode() + b"\n")[0] for t in (SOURCE_1, SOURCE_2))
    assert isinstance(one, Article) and isinstance(two, Article) and one.where == two.where == "stdin:1"
    assert one.id != two.id and (one.id or "").startswith("stdin:")


@pytest.mark.parametrize(
    ("data", "reason"),
    [(bytes(range(256)) * 8, "binary content"), (b"[]", "an empty JSON array: no records"),
     (gzip.compress(b'{"id": "a", "text": "x"}\n')[:-12], "truncated or corrupt gzip"),
     (b"\x1f\x8b\x08\x00garbagegarbage", "truncated or corrupt gzip")],
)  # fmt: skip
def test_bad_streams_are_one_rejection_naming_stdin(data: bytes, reason: str) -> None:
    rejected = [x for x in from_stream(data) if isinstance(x, Rejected)]
    assert rejected and rejected[-1].where == "stdin" and reason in rejected[-1].reason


@pytest.mark.parametrize("how", ["file", "gzipped file", "stdin"])
def test_a_json_array_of_records_is_read_a_record_an_element(tmp_path: Path, how: str) -> None:
    """Scrapy's `-o items.json` and many exports write one JSON array; it had been refused with a
    hint to convert it. Its elements are records `NAME:N`, a non-object rejected alone, one that
    is not valid JSON ending the reading there, and a cut before `]` named."""
    items = [{"url": URI_1, "title": "Buses burn", "body": SOURCE_1}, 7, {"id": "b", "maintext": SOURCE_2}]
    good = json.dumps(items, indent=2).encode()
    broken = json.dumps(items[:2], indent=2).encode()[:-1] + b', {"id": "c", "text": "Rain fell\n'
    cut = good[: good.rindex(b"}") + 1]  # the last element whole, the array not closed

    def read(data: bytes, name: str) -> tuple[list[Item], str]:
        if how == "stdin":
            return from_stream(data), "stdin"
        path = tmp_path / (name + (".json.gz" if how == "gzipped file" else ".json"))
        path.write_bytes(gzip.compress(data) if how == "gzipped file" else data)
        return list(read_collection(path)), str(path)

    items_read, where = read(good, "good")
    assert [(type(i).__name__, i.where) for i in items_read] == [
        ("Article", f"{where}:1"), ("Rejected", f"{where}:2"), ("Article", f"{where}:3")]  # fmt: skip
    first = items_read[0]
    assert isinstance(first, Article) and (first.id, first.title) == (URI_1, "Buses burn")
    broken_read, where = read(broken, "broken")
    assert [r.where for r in broken_read if isinstance(r, Rejected)] == [f"{where}:2", f"{where}:3"]
    assert broken_read[-1].reason == (  # type: ignore[union-attr]
        "the JSON array is cut short inside this element: the array's elements from it on are not read")
    cut_read, where = read(cut, "cut")
    assert isinstance(cut_read[-1], Rejected) and cut_read[-1].where == f"{where}:4"
    assert "ends before its closing ']'" in cut_read[-1].reason
    assert sum(isinstance(i, Article) for i in cut_read) == 2


@pytest.mark.parametrize("how", ["file", "stdin"])
def test_a_json_error_names_the_inputs_own_line_and_a_wrong_element_is_not_a_cut(tmp_path: Path, how: str) -> None:
    """A review: the line of an error counted from the last record read, not from the input's
    first line (a data team looked for it on line 3 of a 10 MB file), and an element wrong near the
    end of an array was said to be cut short."""
    objects = (f'{{"id": "a",\n "text": {json.dumps(SOURCE_1)}}}\n{{"id": "b",\n "text": "x" "y"}}\n'
               f'{{"id": "c", "text": {json.dumps(SOURCE_2)}}}\n')  # fmt: skip
    array = f'[\n {{"id": "a",\n  "text": {json.dumps(SOURCE_1)}}},\n {{"id": "b",\n  "text": "x" "y"}}\n]\n'

    def rejected(data: str) -> list[tuple[str, str]]:
        if how == "stdin":
            return [(r.where, r.reason) for r in from_stream(data.encode()) if isinstance(r, Rejected)]
        path = tmp_path / "dump.json"
        path.write_text(data)
        read = read_collection(path)
        return [(r.where.replace(str(path), "stdin"), r.reason) for r in read if isinstance(r, Rejected)]

    delimiter = "invalid JSON (Expecting ',' delimiter at line"
    for blank in ("", "\n\n"):  # blank lines before the first object count too
        assert rejected(blank + objects) == [
            ("stdin:2", f"{delimiter} {4 + len(blank)}); give one object a line (jq -c)")]
        assert rejected(blank + array) == [
            ("stdin:2", f"{delimiter} {5 + len(blank)}): the array's elements from it on are not read")]
    opened = array.rsplit("{", 1)[0]
    cut_short = "the JSON array is cut short inside this element: the array's elements from it on are not read"
    for cut in ('{"id": "b", "ok": tr', '{"id": "b", "text": "caf\\u00', '{"id": "b", "n": 1e', '{"id": "b", "t": "R'):
        assert rejected(opened + cut) == [("stdin:2", cut_short)]  # cut inside a token, a string


def test_an_invalid_object_longer_than_a_read_is_rejected_once(tmp_path: Path) -> None:
    """A review: an invalid object longer than one read (1 MiB) was found again when the reading
    went on, rejected twice, and the records after it took the wrong numbers."""
    bad = '{"id": "b" "oops", "text": "' + "word " * 300_000 + '"}'  # wrong at once, the next object 1.5 MB on
    path = tmp_path / "dump.json"
    records = [json.dumps({"id": "a", "text": SOURCE_1}), bad, json.dumps({"text": SOURCE_2})]
    path.write_text("\n".join(records) + "\n")
    items = list(read_collection(path))
    assert [(type(i).__name__, i.where) for i in items] == [
        ("Article", f"{path}:1"), ("Rejected", f"{path}:2"), ("Article", f"{path}:3")]  # fmt: skip


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_json_lines_exported_in_utf16_are_read_as_they_are_in_utf8(tmp_path: Path, encoding: str) -> None:
    """PowerShell's `>` writes UTF-16: such a dump had every line rejected as invalid UTF-8 and
    JSON, and on standard input was one article of JSON markup. Read as UTF-8 is (a file, gzipped
    or not, and standard input), by its byte-order mark; one cut inside a character keeps the
    records before the cut and says what is wrong."""
    lines = json.dumps({"id": "a", "text": SOURCE_1}) + "\n" + json.dumps({"id": "b", "text": SOURCE_2}) + "\n"
    data = (b"\xfe\xff" + lines.encode(encoding)) if encoding == "utf-16-be" else lines.encode(encoding)
    for name, payload in (("dump.jsonl", data), ("dump.jsonl.gz", gzip.compress(data))):
        (tmp_path / name).write_bytes(payload)
        assert [(type(i).__name__, i.id) for i in read_collection(tmp_path / name)] == [  # type: ignore[union-attr]
            ("Article", "a"), ("Article", "b")]  # fmt: skip
        assert [i.id for i in from_stream(payload) if isinstance(i, Article)] == ["a", "b"]
    body = {"utf-16": "utf-16-le", "utf-32": "utf-32-le"}.get(encoding, encoding)  # no mark: what follows it
    array = json.dumps([{"id": "a", "text": SOURCE_1}, {"id": "b", "text": SOURCE_2}], indent=2)
    (tmp_path / "items.json").write_bytes(array.encode(encoding) if encoding != "utf-16-be" else
                                          b"\xfe\xff" + array.encode(encoding))  # fmt: skip
    assert [i.id for i in read_collection(tmp_path / "items.json") if isinstance(i, Article)] == ["a", "b"]
    cut = tmp_path / "cut.jsonl"
    cut.write_bytes(data + '{"id": "c", "te'.encode(body) + b"\x00")  # a last line cut inside a character
    *records, last = read_collection(cut)
    assert [i.id for i in records] == ["a", "b"] and isinstance(last, Rejected)  # type: ignore[union-attr]
    assert last.reason.startswith(f"not valid UTF-{encoding[4:6]}") and "after 2 records" in last.reason
    if encoding.startswith("utf-16"):  # a lone surrogate (a bad unit) far into a big file: its line alone
        many = [json.dumps({"id": f"r{n}", "text": SOURCE_1}) for n in range(400)]
        many[300] = many[300].replace("Police", "Pol\ud800ice")
        damaged = tmp_path / "damaged.jsonl"
        mark = b"\xff\xfe" if body == "utf-16-le" else b"\xfe\xff"
        damaged.write_bytes(mark + ("\n".join(many) + "\n").encode(body, "surrogatepass"))
        read = list(read_collection(damaged))
        assert sum(isinstance(i, Article) for i in read) == 399
        assert [r.where for r in read if isinstance(r, Rejected)] == [f"{damaged}:301"]


def test_scrapys_json_lines_suffix_is_json_lines_in_a_folder_too(tmp_path: Path) -> None:
    """Scrapy names JSON Lines `.jl` (`-o items.jl`): read as records, in a folder walk too (it had
    been skipped there, and read as one article of markup when named)."""
    (tmp_path / "items.jl").write_text(json.dumps({"url": URI_1, "maintext": SOURCE_1}) + "\n"
                                       + json.dumps({"url": URI_2, "maintext": SOURCE_2}) + "\n")  # fmt: skip
    assert [a.id for a in read_all([str(tmp_path)]) if isinstance(a, Article)] == [URI_1, URI_2]


def test_a_big_json_array_is_read_whole_whatever_its_reads_cut(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A review: a valid 2,225-record array lost 1,737 records when a 1 MiB read ended inside an
    escape ('\\u00a3') or a 'null', taken for invalid JSON. Two arrays one after the other (a
    crawler appending to its export) are read both; text after the last ']' is named as such; an
    element over the record limit is too large, not invalid."""
    records = [{"id": f"r{i}", "author": None, "text": f"Prices rose to £{i} in Spain, officials said. {SOURCE_1}"}
               for i in range(1_500)]  # fmt: skip
    data = json.dumps(records, indent=4).encode()
    for token, into in ((b"\\u00a3", 3), (b"null", 2)):  # the first read (1 MiB) ends inside the token
        at = data.rfind(token, 0, (1 << 20) - into)
        shifted = b"[" + b" " * ((1 << 20) - into - at) + data[1:]
        assert shifted[(1 << 20) - into :].startswith(token)
        path = tmp_path / "big.json"
        path.write_bytes(shifted)
        assert sum(isinstance(i, Article) for i in read_collection(path)) == 1_500

    two = tmp_path / "two.json"
    two.write_text(json.dumps(records[:2]) + "\n" + json.dumps(records[2:3]))
    assert [i.id for i in read_collection(two) if isinstance(i, Article)] == ["r0", "r1", "r2"]
    after = tmp_path / "after.json"
    after.write_text(json.dumps(records[:2]) + " garbage")
    assert [(r.where, r.reason) for r in read_collection(after) if isinstance(r, Rejected)] == [
        (f"{after}:3", "text after the JSON array's closing ']': not read")]  # fmt: skip
    monkeypatch.setattr("wiretrace.readers.records.MAX_RECORD_BYTES", 1_500_000)  # where `json_objects` reads it
    large = tmp_path / "large.json"
    large.write_text(json.dumps([records[0], {"id": "x", "text": "word " * 500_000}, records[1]], indent=1))
    items = list(read_collection(large))
    assert isinstance(items[0], Article) and items[1:] == [
        Rejected(f"{large}:2", "record too large (over 2 MB): the array's elements from it on are not read")]


def test_an_array_is_told_from_text_opening_with_a_bracket_wherever_it_comes(tmp_path: Path) -> None:
    """A gzipped array on standard input had been one article of JSON markup, as had one after a
    byte-order mark's line or in a file without a suffix; `extract -` stored one as an article
    titled '['. A text opening with '[Updated]' stays a text, and an API's answer holding its
    articles says how to give them."""
    array = json.dumps([{"id": "a", "text": SOURCE_1}, {"id": "b", "text": SOURCE_2}], indent=2).encode()
    assert [i.id for i in from_stream(gzip.compress(array)) if isinstance(i, Article)] == ["a", "b"]
    assert [i.id for i in from_stream(b"\xef\xbb\xbf\n" + array) if isinstance(i, Article)] == ["a", "b"]
    (tmp_path / "items").write_bytes(array)
    assert [i.id for i in read_collection(tmp_path / "items") if isinstance(i, Article)] == ["a", "b"]
    with pytest.raises(InputError, match=r"a JSON array of records, not one article"):
        read_bytes(array, "stdin")
    [text] = from_stream(("[Updated] " + SOURCE_1).encode())
    assert isinstance(text, Article) and text.text.startswith("[Updated]")
    people = json.dumps({"id": "p", "authors": [{"@type": "Person", "name": "Jane Doe"}]}).encode()
    (tmp_path / "people.json").write_bytes(people)
    [no_text] = read_collection(tmp_path / "people.json")
    assert isinstance(no_text, Rejected) and no_text.reason.endswith("its fields with a value: 'id', 'authors'")
    envelope = json.dumps({"status": "ok", "articles": [{"title": "A", "content": SOURCE_1}]}).encode()
    (tmp_path / "answer.json").write_bytes(envelope)
    assert list(read_collection(tmp_path / "answer.json")) == [Rejected(
        str(tmp_path / "answer.json"), "an object holding records in its 'articles' field, not one: give those "
        "(jq -c '.articles[]')")]  # fmt: skip


def test_an_empty_stream_holds_nothing_to_add() -> None:
    """A shell user's review: a filter that found nothing today exited 1 ('rejected stdin: empty
    input'), and cron mailed it every quiet day."""
    assert from_stream(b"") == [] and from_stream(b"\n \n\t\n") == []


def test_a_stream_opening_with_a_brace_is_json_lines_whatever_its_first_line() -> None:
    """A shell user's review: a first line cut or broken made the whole stream one junk article,
    stored with exit 0; a first record over the size limit lost the stream; `jq` without `-c`
    (one object over several lines) is one article."""
    good = [json.dumps({"id": f"w{n}", "text": t}).encode() for n, t in enumerate((SOURCE_1, SOURCE_2))]
    articles, rejected = split(from_stream(b'{"text": "broken\n' + b"\n".join(good) + b"\n"))
    assert [a.id for a in articles] == ["w0", "w1"] and [r.where for r in rejected] == ["stdin:1"]
    huge = b'{"id": "huge", "text": "' + b"x" * (MAX_RECORD_BYTES + 10) + b'"}\n'
    articles, rejected = split(from_stream(huge + b"\n".join(good) + b"\n"))
    assert [a.id for a in articles] == ["w0", "w1"] and [(r.where, r.reason[:16]) for r in rejected] == [
        ("stdin:1", "record too large")]  # fmt: skip
    pretty = json.dumps({"id": "p", "title": "Bus fire", "text": SOURCE_1}, indent=2).encode()
    [one] = from_stream(pretty)
    assert isinstance(one, Article) and one.id == "p" and one.title == "Bus fire"


def test_several_json_objects_over_several_lines_are_records_on_a_stream_and_in_a_file(tmp_path: Path) -> None:
    """A newcomer's review: `jq '{id, text}' dump.jsonl | index add -` (no `-c`) lost every record
    ('invalid JSON (Extra data ...)'), and so did the same output saved as a `.json` file; one object
    without an id was 'article has no id'."""
    records = [{"id": "w0", "text": SOURCE_1}, {"text": SOURCE_2}, {"id": "w2", "text": SOURCE_1 + " " + SOURCE_2}]
    pretty = b"\n".join(json.dumps(r, indent=2).encode() for r in records) + b"\n"
    long_sentence = " ".join(f"word{n}" for n in range(80)) + "."
    big = {"id": "big", "text": " ".join([long_sentence] * 2_500)}  # 1.6 MB: it spans the 1 MB chunks read
    for data in (pretty, pretty + json.dumps(big, indent=1).encode()):
        articles, rejected = split(from_stream(data))
        assert not rejected and [a.id for a in articles][:3:2] == ["w0", "w2"]
        assert [a.where for a in articles][:3] == ["stdin:1", "stdin:2", "stdin:3"]
        assert re.fullmatch(r"stdin:[0-9a-f]{12}", articles[1].id or "")  # named by its text, as a line is
    assert [a.id for a in split(from_stream(pretty + json.dumps(big, indent=1).encode()))[0]][3] == "big"
    articles, rejected = split(from_stream(pretty + b'{\n "text": "cut'))
    assert len(articles) == 3 and [(r.where, r.reason[:12]) for r in rejected] == [("stdin:4", "invalid JSON")]
    [alone] = from_stream(json.dumps({"text": SOURCE_1}, indent=2).encode())
    assert isinstance(alone, Article) and re.fullmatch(r"stdin:[0-9a-f]{12}", alone.id or "")
    saved = tmp_path / "dump.json"
    saved.write_bytes(pretty)
    articles, rejected = split(list(read_collection(saved)))
    assert not rejected and [a.id for a in articles] == ["w0", f"{saved}:2", "w2"]
    saved.write_bytes(b"".join(json.dumps(r).encode() + b"\n" for r in records))  # JSON Lines named .json
    assert [a.id for a in split(list(read_collection(saved)))[0]] == ["w0", f"{saved}:2", "w2"]
    # a review: one bad object ended the reading, and every object after it was lost
    lines = [json.dumps(r).encode() for r in records]
    saved.write_bytes(b"\n".join([lines[0], b'{"id": "bad", "text": "no end}', lines[1], lines[2]]) + b"\n")
    articles, rejected = split(list(read_collection(saved)))
    assert [a.id for a in articles] == ["w0", f"{saved}:3", "w2"] and [r.where for r in rejected] == [f"{saved}:2"]
    bad_middle = pretty.replace(b'"id": "w2"', b'"id": w2', 1)
    articles, rejected = split(from_stream(bad_middle))
    assert [a.where for a in articles] == ["stdin:1", "stdin:2"] and [r.where for r in rejected] == ["stdin:3"]
    (tmp_path / "dump.json.gz").write_bytes(gzip.compress(pretty))  # compressed, and over an article's size
    assert [a.id for a in split(list(read_collection(tmp_path / "dump.json.gz")))[0]][::2] == ["w0", "w2"]
    many = [{"id": f"m{n}", "text": SOURCE_1} for n in range(MAX_BYTES // len(SOURCE_1) + 10)]
    saved.write_bytes(b"\n".join(json.dumps(r, indent=1).encode() for r in many))
    assert saved.stat().st_size > MAX_BYTES and sum(1 for _ in read_collection(saved)) == len(many)


def test_a_cut_gzipped_crawl_on_a_stream_is_read_up_to_the_cut() -> None:
    """A shell user's review: a WARC gzipped and cut short lost every record from a pipe (read
    whole through the gzip stream), where the same file keeps those before the cut."""
    data = warc_bytes(True)
    cut = data[: record_spans(True)[-1][0] + 40]  # inside the last record
    articles, rejected = split(from_stream(cut))
    assert [a.id for a in articles] == [URI_1, URI_2] and rejected and rejected[0].where.startswith("stdin")


def test_a_page_piped_again_with_other_bytes_around_its_text_is_one_id() -> None:
    """A shell user's review: ids were hashed from the raw bytes, so a page with a fresh nonce in
    its script, or a record with other line endings, made a copy of itself on every pipe."""
    first = page(SOURCE_1, "Tour buses").replace("</head>", "<script>var n='1';</script></head>")
    again = page(SOURCE_1, "Tour buses").replace("</head>", "<script>var n='2';</script></head>")
    [a], [b] = from_stream(first.encode()), from_stream(again.encode())
    assert isinstance(a, Article) and isinstance(b, Article) and a.id == b.id
    record = json.dumps({"text": SOURCE_2}).encode()
    [c], [d] = from_stream(record + b"\n"), from_stream(record + b"\r\n")
    assert isinstance(c, Article) and isinstance(d, Article) and c.id == d.id


def test_warnings_on_a_spooled_stream_name_the_stream(caplog: pytest.LogCaptureFixture) -> None:
    """A shell user's review: a page cut short, piped in, was warned of by its temporary file's path."""
    cut = page(SOURCE_1, "Tour buses").encode()[:-30]
    with caplog.at_level("WARNING", logger="wiretrace"):
        [article] = from_stream(cut)
    assert isinstance(article, Article)
    warned = [r.getMessage() for r in caplog.records]
    assert any(m.startswith("stdin: the page ends before") for m in warned), warned
    assert not any("wiretrace-stdin" in m for m in warned)


def test_blank_lines_of_a_dump_are_counted_in_runs_and_records_keep_their_line_numbers(tmp_path: Path) -> None:
    """A hostile-input review: a gzip of 256 MB of line breaks took 78 s (a line at a time) to be
    called empty. Lines are now read in blocks, blank runs counted at once; records on either side
    of a block's end keep their numbers, and a line over the limit is still refused unread."""
    record = json.dumps({"id": "a", "text": SOURCE_1})
    too_long = json.dumps({"id": "big", "text": "word " * (MAX_RECORD_BYTES // 5 + 10)})
    data = "\n" * 1_500_000 + record + "\n" + " \t\n" * 400_000 + too_long + "\n\n" + record.replace('"a"', '"b"')
    path = tmp_path / "gaps.jsonl.gz"
    path.write_bytes(gzip.compress(data.encode(), 1))
    items = list(read_collection(path))
    named = {i.id if isinstance(i, Article) else i.where: i for i in items}
    assert named["a"].where == f"{path}:1500001"
    assert "record too large" in named[f"{path}:1900002"].reason
    assert named["b"].where == f"{path}:1900004"
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert [(s.kind, s.records) for s in skipped] == [("blank line", 1_500_000 + 400_000 + 1)]
    blank = tmp_path / "blank.jsonl"
    blank.write_text(" \n" * 3000)
    assert list(read_collection(blank)) == [Rejected(str(blank), "empty file: no JSON Lines records")]


# -- records whose dump names its fields otherwise (--field) ------------------------------------


def test_records_are_read_by_the_names_the_caller_gives_their_fields(tmp_path: Path) -> None:
    """A data team's dump names its fields its own way ('story_id', 'body_text'): every record
    was rejected for want of a 'text'. Named with `fields`, each format reads them, a mapped
    field from that name alone (the dump's 'text' teaser is not the article), the others by the
    names known ('headline' is a title, 'domain' a site)."""
    fields = {"text": "body_text", "id": "story_id"}
    record = {"story_id": "s-1", "body_text": SOURCE_1, "text": "A teaser of the story.", "headline": "Bus fire",
              "domain": "www.coast-gazette.example"}  # fmt: skip
    (tmp_path / "dump.jsonl").write_text(json.dumps(record) + "\n" + json.dumps({**record, "story_id": 7.0,
                                         "body_text": SOURCE_2}) + "\n")  # fmt: skip
    (tmp_path / "one.json").write_text(json.dumps({**record, "story_id": "s-3"}))
    (tmp_path / "dump.csv").write_text(_csv([["Story_ID", "Body_Text", "Text"], ["4.0", SOURCE_2, "A teaser."]]))
    pq.write_table(pa.table({"story_id": ["s-5"], "body_text": [SOURCE_1], "text": ["A teaser."]}),
                   tmp_path / "dump.parquet")  # fmt: skip

    def read(name: str, given: dict[str, str]) -> list:
        return list(read_all([str(tmp_path / name)], fields=given))

    jsonl = read("dump.jsonl", fields)
    assert [(a.id, a.title, a.site) for a in jsonl] == [("s-1", "Bus fire", "coast-gazette.example"),
                                                        ("7", "Bus fire", "coast-gazette.example")]  # fmt: skip
    assert jsonl[0].text == from_text(SOURCE_1).text and jsonl[1].text == from_text(SOURCE_2).text
    [one] = read("one.json", fields)
    assert (one.id, one.text) == ("s-3", jsonl[0].text)
    # a table's header as spelled: the caller's names exactly, the known ones in any case
    [row] = read("dump.csv", {"text": "Body_Text", "id": "Story_ID"})
    assert (row.id, row.text) == ("4", jsonl[1].text)
    [parquet] = read("dump.parquet", fields)
    assert (parquet.id, parquet.text) == ("s-5", jsonl[0].text)
    # without the names, the teasers are what the dump calls text
    assert [a.text for a in read("dump.jsonl", {})] == ["A teaser of the story."] * 2


def test_a_field_named_by_the_caller_and_missing_is_rejected_naming_it(tmp_path: Path) -> None:
    """A record without the field the caller named is rejected naming that name (not 'text', which
    it may well have), and so is a table or Parquet file without that column; reading stops
    using the names once the reading is done."""
    (tmp_path / "dump.jsonl").write_text(json.dumps({"id": "x", "text": SOURCE_1}) + "\n")
    (tmp_path / "dump.csv").write_text(_csv([["id", "text"], ["x", SOURCE_1]]))
    pq.write_table(pa.table({"id": ["x"], "text": [SOURCE_1]}), tmp_path / "dump.parquet")
    fields = {"text": "body_text"}

    [record] = read_all([str(tmp_path / "dump.jsonl")], fields=fields)
    [table] = read_all([str(tmp_path / "dump.csv")], fields=fields)
    [parquet] = read_all([str(tmp_path / "dump.parquet")], fields=fields)

    assert record == Rejected(f"{tmp_path / 'dump.jsonl'}:1", "record has no non-empty 'body_text' (--field "
                              "text=body_text); its fields with a value: 'id', 'text'")  # fmt: skip
    assert table == Rejected(str(tmp_path / "dump.csv"), "a table with no column of article text ('body_text' "
                             "(--field text=body_text)); its columns: 'id', 'text'")  # fmt: skip
    assert parquet == Rejected(str(tmp_path / "dump.parquet"), "Parquet file has no column of article text "
                               "('body_text' (--field text=body_text))")  # fmt: skip
    assert isinstance(next(iter(read_all([str(tmp_path / "dump.jsonl")]))), Article)  # the names are gone


def test_a_name_no_record_gives_is_warned_of_once_the_reading_ends(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """JSON records may leave a field out, so none is refused for want of a named one: a mistyped
    name (`id=storyid` for `story_id`) read every record by its place without a word. The reading
    now ends with a warning naming it; a name some record gives is no matter."""
    (tmp_path / "dump.jsonl").write_text("".join(json.dumps({"story_id": f"s{i}", "body_text": s}) + "\n"
                                                 for i, s in enumerate([SOURCE_1, SOURCE_2])))  # fmt: skip
    typo = list(read_all([str(tmp_path / "dump.jsonl")], fields={"text": "body_text", "id": "storyid"}))
    warned = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    caplog.clear()
    right = list(read_all([str(tmp_path / "dump.jsonl")], fields={"text": "body_text", "id": "story_id"}))

    assert [a.id for a in typo] == [f"{tmp_path / 'dump.jsonl'}:{n}" for n in (1, 2)]
    assert warned == ["no record read gave 'storyid' (--field id=storyid), so none took its id from it"]
    assert [a.id for a in right] == ["s0", "s1"] and not [r for r in caplog.records if r.levelname == "WARNING"]
    # no record read at all (a table piped in is read as text): the names were not used, and it says so
    caplog.clear()
    (tmp_path / "story.txt").write_text(SOURCE_1)
    [text] = read_all([str(tmp_path / "story.txt")], fields={"text": "body_text"})
    assert isinstance(text, Article) and [r.getMessage() for r in caplog.records] == [
        "--field names the fields of records, and none of the 1 articles read came from one (JSON, JSON Lines, "
        "CSV/TSV, Parquet): the names were not used"
    ]


def test_names_hold_only_while_their_reading_steps(tmp_path: Path) -> None:
    """The names are set around each step of the reading they were given to, so two readings
    driven in turn (as an add's reading process and a query might be) each keep their own."""
    (tmp_path / "a.jsonl").write_text("".join(json.dumps({"id": f"a{i}", "body": s}) + "\n"
                                              for i, s in enumerate([SOURCE_1, SOURCE_2])))  # fmt: skip
    (tmp_path / "b.jsonl").write_text("".join(json.dumps({"id": f"b{i}", "story": s, "body": "Short."}) + "\n"
                                              for i, s in enumerate([SOURCE_1, SOURCE_2])))  # fmt: skip
    plain = read_all([str(tmp_path / "a.jsonl")])
    named = read_all([str(tmp_path / "b.jsonl")], fields={"text": "story"})
    pairs = [(next(plain), next(named)) for _ in range(2)]
    assert [(a.id, a.text == b.text, b.id) for a, b in pairs] == [("a0", True, "b0"), ("a1", True, "b1")]


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        (["text"], "--field 'text': give FIELD=NAME"),
        (["text="], "--field 'text=': give FIELD=NAME"),
        (["body=content"], "no field 'body' to name: records give id, html, text, title, byline, published, site, url"),
        (["text=a", "text=b"], "--field text= given twice ('a' and 'b'): give one name"),
    ],
)
def test_a_field_setting_wiretrace_cannot_use_is_refused_saying_why(given: list[str], problem: str) -> None:
    with pytest.raises(ConfigError) as caught:
        field_map(given)
    assert str(caught.value).startswith(problem)
    with pytest.raises(ConfigError, match="no field 'body'"):
        read_all(["anything"], fields={"body": "content"})  # refused at once, before any reading


def test_a_table_without_a_column_the_caller_named_is_refused_whole(tmp_path: Path) -> None:
    """A review: `--field id=storyid` (for `story_id`) read every row, each named by its place,
    without a word. A table or Parquet file lacking any column named is refused whole, naming it;
    a known column named twice that the names leave unread no longer refuses the table."""
    (tmp_path / "dump.csv").write_text(_csv([["story_id", "body_text", "text", "text"], ["s1", SOURCE_1, "a", "b"]]))
    pq.write_table(pa.table({"story_id": ["s1"], "body_text": [SOURCE_1]}), tmp_path / "dump.parquet")
    typo = {"text": "body_text", "id": "storyid"}

    [table] = read_all([str(tmp_path / "dump.csv")], fields=typo)
    [parquet] = read_all([str(tmp_path / "dump.parquet")], fields=typo)
    [row] = read_all([str(tmp_path / "dump.csv")], fields={"text": "body_text", "id": "story_id"})

    assert table == Rejected(str(tmp_path / "dump.csv"), "a table with no column 'storyid' (--field id=storyid); its "
                             "columns: 'story_id', 'body_text', 'text', 'text'")  # fmt: skip
    assert parquet == Rejected(str(tmp_path / "dump.parquet"), "Parquet file has no column 'storyid' (--field "
                               "id=storyid)")  # fmt: skip
    assert isinstance(row, Article) and row.id == "s1"  # 'text' twice, and not read


def test_a_text_named_is_read_as_our_text_is(tmp_path: Path) -> None:
    """A review: naming the text dropped the page beside it (its title, byline and date, read where
    the text lacks them) and read markup in the text named as words. A text so named is now read as
    a record's own `text`: markup as a page, a page beside it for what it lacks; a page named is
    the article, whatever text is beside it. Errors name the dump's id field."""
    page = ("<html><head><title>Bridge to open</title><meta name='author' content='Jane Smith'>"
            "<meta property='article:published_time' content='2024-03-01'></head><body><article>"
            + paragraphs(SOURCE_1) + "</article></body></html>")  # fmt: skip
    with fields_named({"text": "body_text"}):
        beside = from_record({"body_text": SOURCE_1, "html": page})
        markup = from_record({"body_text": paragraphs(SOURCE_1), "text": "A teaser."})
    with fields_named({"html": "page"}):
        named_page = from_record({"page": page, "text": "A teaser of the story, this is."})
    with fields_named({"text": "b", "id": "story_id"}), pytest.raises(InputError, match="'story_id' must be text"):
        from_record({"b": SOURCE_1, "story_id": ["a"]})

    assert (beside.title, beside.byline, beside.published) == ("Bridge to open", "Jane Smith", "2024-03-01")
    assert beside.text == from_text(SOURCE_1).text
    assert "<p>" not in markup.text and markup.text == from_html(paragraphs(SOURCE_1)).text
    assert named_page.text == from_html(page).text


def test_names_given_in_a_settings_file_are_read_as_on_the_command_line() -> None:
    """`[fields] Text = " body_text "` in a batch settings file was refused ('no field Text') or
    read every record without text; it is `--field text=body_text`."""
    assert checked_fields({"Text": " body_text ", "ID ": "story"}) == {"text": "body_text", "id": "story"}
    with pytest.raises(ConfigError, match="named twice"):
        checked_fields({"text": "a", "Text": "b"})
