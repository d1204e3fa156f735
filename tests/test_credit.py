"""Credit: whether a derived article names the outlet its source was published by (`wiretrace.credit`).

The texts are an L2R source (a BBC story, CC BY 3.0; `examples/l2r`) and its GPT rewrite, given the
metadata and credit lines the pages of a wire, a licensed client and a content farm carry."""

from __future__ import annotations

import json

import pytest

from tests.conftest import DATASETS, EXAMPLES, need_datasets
from wiretrace.compare import compare
from wiretrace.credit import credit, outlet_names
from wiretrace.ingest import from_record
from wiretrace.schema import comparison_dict

STORY = (EXAMPLES / "l2r" / "000-source.txt").read_text()
REWRITE = (EXAMPLES / "l2r" / "000-rewrite-gpt.txt").read_text()
#: The story as the wire's own page gives it: the agency's dateline opening it.
WIRE = from_record({"id": "wire", "url": "https://apnews.com/article/floods-1", "text": f"EDINBURGH (AP) — {STORY}"})


def _page(text: str, **meta: str) -> dict:
    return {"id": meta.pop("id", "copy"), "text": text, **meta}


def test_outlet_names_read_the_site_its_domain_and_the_agency_in_a_dateline() -> None:
    assert outlet_names(WIRE) == ("apnews.com", "AP", "Associated Press", "apnews")
    reuters = from_record(_page(STORY, site="www.reuters.com", url="https://www.reuters.com/world/x"))
    assert outlet_names(reuters) == ("reuters.com", "Reuters", "Thomson Reuters")
    guardian = from_record(_page(STORY, url="https://www.theguardian.com/uk/x"))
    assert outlet_names(guardian) == ("theguardian.com", "Theguardian", "Guardian")
    assert outlet_names(from_record(_page(STORY, url="https://thehill.com/x"))) == ("thehill.com", "Thehill")
    assert outlet_names(from_record(_page(STORY, url="https://news.bbc.co.uk/1/hi/x.stm")))[:2] == ("bbc.co.uk", "BBC")
    sky = from_record(_page(STORY, url="https://news.sky.com/story/x"))
    assert outlet_names(sky) == ("sky.com", "Sky")  # not 'news'
    assert outlet_names(from_record(_page(STORY))) == ()  # a pasted text that names no one
    assert outlet_names(from_record(_page(f"BRUSSELS (REUTERS) - {STORY}")))[:1] == ("Reuters",)  # in capitals


@pytest.mark.parametrize(
    ("page", "where", "passage"),
    [
        # a client copy keeping the wire's dateline, or its agency without the place
        (_page(f"EDINBURGH (AP) — {STORY}", site="Valley Gazette"), "dateline", "EDINBURGH (AP) —"),
        (_page(f"(AP) — {STORY}", site="Valley Gazette"), "dateline", "(AP) —"),
        # crediting the reporter and the agency in its byline
        (_page(STORY, byline="By Jane Smith, Associated Press", site="Valley Gazette"), "byline",
         "Jane Smith, Associated Press"),
        # a licensed carry's credit line, read off as page chrome
        (_page(f"{STORY}\n\nThis story was provided by The Associated Press.", site="Valley Gazette"), "credit",
         "This story was provided by The Associated Press."),
        # in its own words, inside the story
        (_page(STORY.replace("First Minister", "The Associated Press reported that First Minister", 1)), "text", None),
    ],
)
def test_a_copy_that_names_the_wire_credits_it_and_says_where(page: dict, where: str, passage: str | None) -> None:
    found = credit(WIRE, from_record(page))
    assert found is not None and found.credited and found.where == where
    assert passage is None or found.passage == passage


def test_a_rewrite_that_names_no_one_credits_nothing_and_lowercase_ap_is_no_credit() -> None:
    farm = from_record(_page(REWRITE.replace("Repair efforts", "Lap after lap, repair efforts", 1),
                             url="https://dailybuzz.example/floods"))  # fmt: skip
    found = credit(WIRE, farm)
    assert found is not None and not found.credited
    assert found.names == ("apnews.com", "AP", "Associated Press", "apnews")
    assert found.where is None and found.passage is None


def test_a_hosts_name_in_a_common_word_is_no_credit_but_its_domain_in_any_case_is() -> None:
    """A site's name read off its address ('Guardian' of theguardian.com) credits it as a name is
    written, not as the common word of running text ('a legal guardian'); its domain counts in any
    case ('Read more at TheGuardian.com')."""
    source = from_record(_page(STORY, id="g", url="https://www.theguardian.com/uk-news/floods"))
    word = STORY.replace("First Minister", "A legal guardian of the First Minister", 1)
    assert not credit(source, from_record(_page(word, url="https://copy.example/a"))).credited
    named = from_record(_page(STORY.replace("First Minister", "The Guardian said First Minister", 1),
                              url="https://copy.example/b"))  # fmt: skip
    assert credit(source, named).where == "text"
    linked = from_record(_page(f"{STORY}\n\nRead more at TheGuardian.com", url="https://copy.example/c"))
    assert credit(source, linked).credited


def test_a_hosts_name_ending_another_outlets_name_is_no_credit() -> None:
    """A licence desk's review: the wire of wire.example is named 'Wire', and a farm crediting 'AP
    Wire' read as crediting it; so would 'Miami Herald' for herald.example. 'The Herald', 'Source:
    Wire' and an agency's own longer name ('Thomson Reuters') still credit."""
    wire = from_record(_page(STORY, id="w", url="https://wire.example/floods"))
    for line, credited in (("Source: AP Wire", False), ("Copyright Business Wire 2024", False),
                           ("Source: Wire", True), ("By Wire staff", True), ("Read it via Wire.", True)):  # fmt: skip
        found = credit(wire, from_record(_page(f"{REWRITE}\n\n{line}", url="https://farm.example/a")))
        assert found.credited is credited, line
    herald = from_record(_page(STORY, id="h", url="https://herald.example/floods"))
    for line, credited in (("Source: Miami Herald", False), ("Source: The Herald", True)):
        found = credit(herald, from_record(_page(f"{REWRITE}\n\n{line}", url="https://farm.example/b")))
        assert found.credited is credited, line
    reuters = from_record(_page(STORY, id="r", url="https://www.reuters.com/x"))
    signed = from_record(_page(f"{REWRITE}\n\n(c) Thomson Reuters", url="https://farm.example/c"))
    assert credit(reuters, signed).credited


def test_the_wires_own_mention_carried_into_a_copy_is_no_credit_a_sign_off_is() -> None:
    """A licensing review: 922 Reuters-21578 stories say '... told Reuters', and a pirate's copy of
    one read as crediting Reuters, so it never showed among `credited == false`. A mention the
    source's text has too, in the same words, is its sentence carried over; a sign-off is a credit."""
    need_datasets()
    story = next(r["text"] for r in map(json.loads, (DATASETS / "reuters21578" / "articles.jsonl").open())
                 if r["id"] == "reuters-79")  # fmt: skip
    assert "told Reuters" in story
    wire = from_record(_page(story, id="wire", url="https://www.reuters.com/business/quebecor"))
    pirate = from_record(_page(story.rsplit("\n    ", 1)[0], url="https://pirate.example/quebecor"))
    assert credit(wire, pirate).credited is False
    signed = from_record(_page(f"{story}\n\nSource: Reuters", url="https://client.example/quebecor"))
    assert (credit(wire, signed).where, credit(wire, signed).passage) == ("text", "Source: Reuters")
    # another agency credited instead: a misattribution, which a licensing desk pursues apart
    other = credit(wire, from_record(_page(f"{story}\n\nSource: AFP", url="https://globalfeed.example/q")))
    assert (other.credited, other.instead, other.where, other.passage) == (False, "AFP", "text", "Source: AFP")
    assert credit(wire, pirate).instead is None  # the wire's own 'told Reuters' is no other agency either


def test_a_client_dated_before_the_wire_still_carries_the_wires_name() -> None:
    """A licensing review: a client's copy dated before the wire's own page (its update time) was the
    story's origin, and every other copy was asked to credit the client alone. The agency the
    client's byline or credit line names is its outlet's too."""
    client = from_record(_page(STORY, id="client", url="https://valleystar.example/floods",
                               byline="By Daren Butler, Reuters"))  # fmt: skip
    assert outlet_names(client)[-2:] == ("Reuters", "Thomson Reuters")
    copy = from_record(_page(f"{STORY}\n\n© 2024 Thomson Reuters", url="https://coastal.example/floods"))
    assert credit(client, copy).credited
    assert credit(client, from_record(_page(STORY, url="https://www.reuters.com/world/floods"))) is None  # the wire


def test_no_credit_is_asked_of_the_outlets_own_page_or_when_the_source_names_no_outlet() -> None:
    update = from_record(_page(STORY + " Roads reopened on Tuesday.", url="https://apnews.com/article/floods-2"))
    assert credit(WIRE, update) is None  # its own update
    assert credit(from_record(_page(STORY, id="pasted")), from_record(_page(REWRITE))) is None


def test_compare_reports_the_credit_in_json_and_its_views(embedder) -> None:
    from wiretrace.report import credit_note

    farm = from_record(_page(REWRITE, url="https://dailybuzz.example/floods"))
    doc = comparison_dict(compare(WIRE, farm, embedder))
    assert doc["verdict"]["relation"] == "rewrite"
    assert doc["credit"] == {"names": ["apnews.com", "AP", "Associated Press", "apnews"], "credited": False,
                             "where": None, "passage": None, "instead": None}  # fmt: skip
    assert credit_note(doc) == (
        "Does not credit its source: no title, byline, credit line, canonical or isBasedOn link or sentence of its own "
        "names "
        "apnews.com, AP, Associated Press, apnews"
    )
    client = from_record(_page(f"EDINBURGH (AP) — {STORY}", url="https://valleygazette.example/floods"))
    doc = comparison_dict(compare(WIRE, client, embedder))
    assert doc["credit"]["credited"] and credit_note(doc) == "Credits its source: dateline \u201cEDINBURGH (AP) —\u201d"
    assert credit_note({**doc, "verdict": {**doc["verdict"], "relation": "unrelated"}}) is None


def _syndicated(canonical: str, url: str | None, site: str = "SFGATE", og_url: str | None = None) -> str:
    """The wire story as a client's page carries it: its canonical link naming `canonical`."""
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY.split("\n") if p.strip())
    og = f'<meta property="og:url" content="{og_url}">' if og_url else ""
    named = f'<meta property="og:site_name" content="{site}">' if site else ""
    return (f'<html><head><title>Floods</title><link rel="canonical" href="{canonical}">{og}{named}</head>'
            f"<body><article><h1>Floods</h1>{paragraphs}</article></body></html>")  # fmt: skip


def test_a_syndicated_copys_canonical_link_to_the_wire_is_its_credit(tmp_path, embedder) -> None:
    """A licence desk: a client page that names the agency nowhere but gives the wire's page as its
    canonical link (`<link rel="canonical">`, as syndication partners are asked to) was an uncredited
    copy. The link is kept as the page's `canonical` chrome, crawled (an address of its own) or
    pasted (the site naming itself otherwise), through the index, and read as the credit; a link
    to the site's own pages (an AMP or regional edition) is none."""
    from wiretrace.engines.local import Index
    from wiretrace.ingest import from_html
    from wiretrace.report import credit_note

    wire_page = "https://apnews.com/article/floods-1"
    for url in ("https://www.sfgate.com/news/floods.php", None):
        copy = from_html(_syndicated(wire_page, url), url=url)
        assert [d.text for d in copy.dropped_chrome if d.reason == "canonical"] == [wire_page]
        found = credit(WIRE, copy)
        assert found is not None and found.credited and (found.where, found.passage) == ("canonical", wire_page)
    own = from_html(_syndicated("https://apnews.com/article/floods-1", "https://amp.apnews.com/floods-1"),
                    url="https://amp.apnews.com/floods-1")  # fmt: skip
    assert not [d for d in own.dropped_chrome if d.reason == "canonical"]
    regional = from_html(_syndicated("https://www.bbc.co.uk/news/x", None), url="https://news.bbc.co.uk/x")
    assert not [d for d in regional.dropped_chrome if d.reason == "canonical"]
    # the canonical link, not og:url, which a page may give as its own address (trafilatura reads it first)
    client = "https://www.sfgate.com/news/floods.php"
    assert credit(WIRE, from_html(_syndicated(wire_page, client, og_url=client), url=client)).credited
    assert not credit(WIRE, from_html(_syndicated(client, client, og_url=wire_page), url=client)).credited
    # a record read by its text keeps its page's link; a record's site names it without an address
    held = from_record({"url": client, "html": _syndicated(wire_page, client), "text": STORY})
    named = from_record({"html": _syndicated(wire_page, None, site=""), "site": "SFGATE"})
    assert credit(WIRE, held).where == credit(WIRE, named).where == "canonical"
    # a client's page carries the wire its link names: another client's copy of it credits the wire
    valley = "https://valley.example/floods"
    other = credit(from_html(_syndicated(wire_page, valley, site="Valley Gazette"), url=valley), held)
    assert other is not None and other.credited and other.where == "canonical"
    doc = comparison_dict(compare(WIRE, from_html(_syndicated(wire_page, None)), embedder))
    assert credit_note(doc) == f"Credits its source: canonical link \u201c{wire_page}\u201d"
    # stored with the page, the credit is the index's too: the licensing report counts it
    rows = [{"id": "wire", "url": wire_page, "published": "2016-01-01", "text": f"EDINBURGH (AP) — {STORY}"},
            {"id": "client", "url": "https://www.sfgate.com/news/floods.php", "published": "2016-01-02",
             "html": _syndicated(wire_page, None)}]  # fmt: skip
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    with Index(tmp_path / "idx") as index:
        index.add([str(tmp_path / "in.jsonl")])
    with Index(tmp_path / "idx", read_only=True) as index:
        counted = {(e.source_site, e.target_site): (e.credited, e.uncredited) for e in index.sites(credits=True).edges}
    assert counted == {("apnews.com", "sfgate.com"): (1, 0)}


def _based_on(based_on: object, kind: str = "NewsArticle", canonical: str | None = None) -> str:
    """The wire story as a client's page carries it, its JSON-LD article `based_on` the wire's page."""
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY.split("\n") if p.strip())
    ld = json.dumps({"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "isBasedOn": "https://unrelated.example/page"},  # a page's, not the article's
        {"@type": kind, "headline": "Floods", "isBasedOn": based_on}]})  # fmt: skip
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return (f'<html><head><title>Floods</title>{link}<script type="application/ld+json">{ld}</script></head>'
            f"<body><article><h1>Floods</h1>{paragraphs}</article></body></html>")  # fmt: skip


def test_a_copy_whose_json_ld_says_it_is_based_on_the_wire_credits_it(embedder) -> None:
    """A licence desk: a client page naming the agency nowhere in its text, but whose JSON-LD article
    says it is based on the wire's page (schema.org `isBasedOn`: 'a resource from which this work is
    derived'), was an uncredited copy. The address is kept as `based-on` chrome and read as the
    credit, given as an address, a work with a `url` or `@id`, or a list; a link to the page's own
    site, another item's (the web page's), or the canonical link again is none."""
    from wiretrace.ingest import from_html
    from wiretrace.report import credit_note

    wire_page, client = "https://apnews.com/article/floods-1", "https://www.sfgate.com/news/floods.php"
    forms = (wire_page, {"@type": "NewsArticle", "url": wire_page}, [{"@id": wire_page}],
             "//apnews.com/article/floods-1")
    for given in forms:
        copy = from_html(_based_on(given), url=client)
        linked = [(d.text, d.reason) for d in copy.dropped_chrome if d.text.startswith("http")]
        assert linked == [(wire_page, "based-on")]
        found = credit(WIRE, copy)
        assert found is not None and found.credited and (found.where, found.passage) == ("based-on", wire_page)
    assert not [d for d in from_html(_based_on(client), url=client).dropped_chrome if d.reason == "based-on"]
    assert not [d for d in from_html(_based_on(wire_page, kind="WebPage"), url=client).dropped_chrome
                if d.reason == "based-on"]  # fmt: skip
    for spelled in (wire_page, wire_page + "/", wire_page.replace("https:", "http:")):  # one link: the canonical
        both = from_html(_based_on(spelled, canonical=wire_page), url=client)
        assert [d.reason for d in both.dropped_chrome if d.reason in ("canonical", "based-on")] == ["canonical"]
    # a relative address on an archived capture is the publisher's own page (an archive leaves JSON-LD as it was)
    capture = "https://web.archive.org/web/20200101000000/https://www.sfgate.com/news/floods.php"
    archived = from_html(_based_on("/news/other.php"), url=capture)
    assert not [d for d in archived.dropped_chrome if d.reason == "based-on"]
    # a client page based on the wire carries it: another client's copy of that page credits the wire
    valley = from_html(_based_on(wire_page), url="https://valley.example/floods")
    assert credit(valley, from_record(_page(f"{STORY}\n\nSource: AP", url="https://coastal.example/q"))).credited
    # a source based on a post, a study or a release is not that platform's: a copy naming it credits no one
    post = from_html(_based_on("https://twitter.com/scotgov/status/123"), url="https://www.bbc.co.uk/news/floods")
    shared = from_record(_page(f"{STORY}\n\nThe council later shared the figures on Twitter.", url="https://farm.example/q"))
    assert "Twitter" not in outlet_names(post) and not credit(post, shared).credited
    doc = comparison_dict(compare(WIRE, from_html(_based_on(wire_page), url=client), embedder))
    assert credit_note(doc) == f"Credits its source: isBasedOn link \u201c{wire_page}\u201d"
