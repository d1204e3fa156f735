"""Extraction from text, HTML and JSON, page chrome, encodings, and every kind of bad input."""

from __future__ import annotations

import gzip
import json
import pickle
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import DATASETS, EXAMPLES, FIXTURES, live_page_html, need_datasets
from wiretrace.chrome import AI_LEFTOVER, strip_chrome
from wiretrace.errors import InputError
from wiretrace.ingest import (
    MAX_BYTES,
    from_html,
    from_record,
    from_text,
    live_update_articles,
    normalize_date,
    read_bytes,
    read_path,
    read_string,
)

SOURCE_SENTENCE = "A fire alarm went off at the Holiday Inn in Hope Street at about 04:20 BST on Saturday"


def test_html_page_gives_metadata_and_body_without_chrome() -> None:
    article = read_path(FIXTURES / "page.html")
    assert article.title == "Tour buses destroyed in Belfast hotel car park fire"
    assert article.byline == "Maeve O'Neill"
    assert article.published == "2016-07-02T08:15:00Z"  # its meta tag's time (09:15+01:00), in UTC
    assert article.site == "Coast Gazette"
    assert article.sentences[0].text.startswith(SOURCE_SENTENCE)
    assert article.text.endswith('it is thought that the fire was started deliberately."')
    for chrome in ("You may also like", "Privacy policy", "Share on Facebook", "All rights reserved", "Weather"):
        assert chrome not in article.text
    for s in article.sentences:
        assert article.text[s.start : s.end] == s.text


_STORY = "<h1>Buses destroyed in car park fire</h1><p>" + " ".join(
    ["A fire alarm went off at the Holiday Inn in Hope Street at about 04:20 BST on Saturday."] * 6
) + "</p>"


def test_a_canonical_link_to_another_site_is_read_beside_the_pages_own_og_url() -> None:
    """A licence desk's review: a partner's page naming no site of its own (no og:site_name) gave
    its own address in og:url and the wire's as canonical; read from a file, without an address,
    the canonical link was not listed, and the copy counted as uncredited."""
    head = ('<link rel="canonical" href="https://wire.example/2024/05/06/try">'
            '<meta property="og:url" content="https://syndic.example/sport/try">')  # fmt: skip
    article = from_html(f"<html><head>{head}</head><body>{_STORY}</body></html>")
    assert article.site == "syndic.example"
    assert [(d.reason, d.text) for d in article.dropped_chrome] == [("canonical", "https://wire.example/2024/05/06/try")]
    same = head.replace("syndic.example/sport", "wire.example/2024/05/06")  # its og:url the original's: as before
    assert from_html(f"<html><head>{same}</head><body>{_STORY}</body></html>").dropped_chrome == []


def test_a_pages_title_without_its_site_name_and_its_notices_as_chrome() -> None:
    """An extraction review's pages: a WordPress theme's `og:title` ended '- TechBuzz Daily'; a
    Reuters page kept 'Our Standards: ...', an AP page the second half of its notice, an old site
    its tools line and forum prompt, a paywall its own lines. Each notice is chrome, listed."""
    notices = {
        "Our Standards: The Thomson Reuters Trust Principles.": "disclaimer",
        "Copyright 2024 The Associated Press. All rights reserved.": "copyright",
        "This material may not be published, broadcast, rewritten or redistributed without permission.": "copyright",
        "« Back to Features | Print this article | Email to a friend": "share",
        "Have your say on this story in our forums.": "comments",
        "Continue reading with a subscription": "paywall",
        "Already a subscriber? Log in": "paywall",
    }
    page = (
        '<html><head><meta property="og:title" content="Buses destroyed in car park fire - TechBuzz Daily">'
        '<meta property="og:site_name" content="TechBuzz Daily"></head><body><article>'
        + _STORY.replace("<h1>Buses destroyed in car park fire</h1>", "")
        + "".join(f"<p>{line}</p>" for line in notices)
        + "</article></body></html>"
    )
    article = from_html(page)
    assert article.title == "Buses destroyed in car park fire"
    assert article.text.endswith("at about 04:20 BST on Saturday.")
    assert {(d.text, d.reason) for d in article.dropped_chrome} >= set(notices.items())
    home = from_html(page.replace("Buses destroyed in car park fire - TechBuzz", "Home - TechBuzz"))
    assert home.title == "Home - TechBuzz Daily"  # too little left without the name: kept as given


def test_a_byline_and_date_broken_into_lines_by_br_are_read() -> None:
    """An extraction review: 'By Bill Thompson<br>Published 3 March 2024, 14:44 GMT' read as one
    line, 'By Bill ThompsonPublished ...', gave no byline and no date; a story set in <br> lines
    kept its 'by NAME | DATE' line's date only in the dropped chrome."""
    page = f"<html><body>{_STORY}<p>By Bill Thompson<br>Published 3 March 2024, 14:44 GMT</p></body></html>"
    article = from_html(page)
    assert (article.byline, article.published) == ("Bill Thompson", "2024-03-03T14:44:00Z")
    story = _STORY.split("<p>", 1)[1].removesuffix("</p>").split(". ")
    lines = "<br><br>".join(["by Darren Waters | Monday, 5 February 2024, 10:31 CET", *story])
    article = from_html(f"<html><body><div>{lines}</div></body></html>")
    assert (article.byline, article.published) == ("Darren Waters", "2024-02-05T09:31:00Z")


def test_an_embedded_post_is_chrome_and_a_quote_in_the_story_is_kept() -> None:
    """An extraction review: an embedded tweet's words, handle, date and link read as the story's
    sentences, which two reports embedding one post would share word for word. The post is cut and
    listed (`embed`); a blockquote of the story's own stays."""
    tweet = ('<blockquote class="twitter-tweet" data-lang="en"><p>We urge the Home Office to think again. '
             '<a href="https://t.co/xYz12">https://t.co/xYz12</a></p>&mdash; Save the Children UK (@savechildrenuk) '
             '<a href="https://twitter.com/savechildrenuk/status/1">February 24, 2024</a></blockquote>')  # fmt: skip
    quote = "<blockquote><p>There should be proper assessments on a case by case basis, she said.</p></blockquote>"
    article = from_html(f"<html><body>{_STORY}{tweet}{quote}</body></html>")
    assert "Home Office" not in article.text and "savechildrenuk" not in article.text
    assert "case by case basis" in article.text
    assert [d.reason for d in article.dropped_chrome] == ["embed"]
    assert article.dropped_chrome[0].text.startswith("We urge the Home Office to think again.")


@pytest.mark.parametrize(
    "stamp",
    [
        '<p class="small">This article was printed from https://example.com/news/fire on 13/09/2016 08:12</p>',
        '<div class="footer">Page generated 21/03/2019 10:00</div>',
        '<p class="comments-closed">Comments closed on 02/08/2016</p>',
    ],
)
def test_a_date_the_page_text_states_for_something_else_is_no_publication_date(stamp: str) -> None:
    """An extraction review: htmldate's fast mode still read a date from the page's text, a print
    stamp, a footer or the comments' closing, and such a date decides origins. The date comes
    from the markup and the address, or a line stating it as the publication's."""
    assert from_html(f"<html><body>{_STORY}{stamp}</body></html>").published is None
    labelled = f"<html><body><p><b>Published:</b> 12 September 2016</p>{_STORY}{stamp}</body></html>"
    assert from_html(labelled).published == "2016-09-12"


def test_a_page_keeps_the_time_its_metadata_states_though_its_address_states_the_day() -> None:
    """An extraction review: a WordPress address (/2016/07/16/...) gave the day alone, the time of
    the page's `article:published_time` lost, so a wire and its republication that day were no
    longer ordered by the hour."""
    page = (
        '<html><head><meta property="article:published_time" content="2016-07-16T09:14:00+01:00"></head>'
        f"<body>{_STORY}</body></html>"
    )
    assert from_html(page, url="https://www.example.co.uk/2016/07/16/buses-fire/").published == "2016-07-16T08:14:00Z"


def test_the_headline_leaves_the_body_though_the_title_names_the_site() -> None:
    """An extraction review: a page titled '... - BBC News' kept its headline as the body's first
    sentence (only a line equal to the whole title was taken out), and a verbatim copy of the story
    read `edited-copy`; a story split across blocks had its `<h1>` placed after the first paragraph."""
    lede = "A fire alarm went off at the Holiday Inn in Hope Street at about 04:20 BST on Saturday."
    rest = " ".join(["Guests were asked to leave the hotel while crews fought the flames for an hour."] * 4)
    page = (
        "<html><head><title>Buses destroyed in car park fire - BBC News</title></head><body><article>"
        f"<div><p>{lede}</p></div><h1>Buses destroyed in car park fire</h1><div><p>{rest}</p></div>"
        "</article></body></html>"
    )
    article = from_html(page)
    assert article.title == "Buses destroyed in car park fire"
    assert "Buses destroyed" not in article.text and article.sentences[0].text == lede


@pytest.mark.parametrize("opening", ["{title}\n\n", "# {title}\n", "{upper}\n", '"{title}"\n'])
def test_a_record_whose_text_repeats_its_title_is_the_same_body(opening: str) -> None:
    """A data team's dump held some records with the headline in `title` and again as the text's first
    line: the same story gave two content hashes, and was stored twice instead of once."""
    need_datasets()
    record = json.loads((DATASETS / "bbc" / "articles.jsonl").open().readline())
    plain = from_record({"id": "a", "title": record["title"], "text": record["text"]})
    text = opening.format(title=record["title"], upper=record["title"].upper()) + record["text"]
    repeated = from_record({"id": "b", "title": record["title"], "text": text})
    assert repeated.title == plain.title and repeated.text == plain.text
    assert repeated.sentences[0].text == plain.sentences[0].text


def test_a_record_whose_text_opens_on_another_short_line_keeps_it() -> None:
    text = "Updated hourly\n\nThe storm reached the coast at dawn and closed two ports for the day."
    assert from_record({"id": "a", "title": "Storm closes ports", "text": text}).text.startswith("Updated hourly")


def test_a_records_title_byline_and_site_are_cleaned_as_its_text_is() -> None:
    """An export review: a title kept a NUL (pandas' CSV reader cut it there, DuckDB's did not), a
    terminal colour escape and a byte-order mark, which the text loses."""
    record = {"id": "a", "title": "Port\x00 closes \x1b[31mtoday\x1b[0m\ufeff", "byline": "By Jane\x07 Smith",
              "site": " The\tHerald\x00 ", "text": "Rain hit the town on Monday. Roads were closed."}  # fmt: skip
    article = from_record(record)
    assert (article.title, article.byline, article.site) == ("Port closes today", "Jane Smith", "The Herald")


def test_a_text_of_more_sentences_than_an_article_holds_is_refused() -> None:
    """A security review: 150,000 short lines (under the size limit) held a server's query for
    minutes; such a text is no article."""
    from wiretrace.ingest import MAX_SENTENCES

    lines = "\n\n".join(f"Line {n} of the list was read out." for n in range(MAX_SENTENCES + 1))
    with pytest.raises(InputError, match=f"list.txt: too long for an article: {MAX_SENTENCES + 1:,} sentences"):
        from_text(lines, "list.txt")
    assert len(from_text(lines.rsplit("\n\n", 1)[0]).sentences) == MAX_SENTENCES


def test_a_page_dated_by_day_only_stays_a_day() -> None:
    page = (FIXTURES / "page.html").read_text()
    dated = re.sub(r'<meta property="article:published_time"[^>]*>', '<meta name="date" content="2016-07-02">', page)
    assert dated != page and from_html(dated).published == "2016-07-02"  # not 00:00 of that day


def test_a_page_dated_before_1995_keeps_its_date() -> None:
    """htmldate drops dates before 1995 unless told otherwise: a page of a 1987 wire archive took
    its crawl date, and its copies' links ran against the wire's own dates."""
    page = (FIXTURES / "page.html").read_text()
    old = re.sub(r'content="2016-07-02T09:15:00\+01:00"', 'content="1987-03-02T09:54:01+00:00"', page)
    assert old != page and from_html(old).published == "1987-03-02T09:54:01Z"


def test_plain_text_page_chrome_is_dropped_and_reported() -> None:
    article = read_path(FIXTURES / "page-copied.txt")
    assert article.title == "Tour buses destroyed in Belfast hotel car park fire"
    assert article.byline == "Maeve O'Neill"
    dropped = {d.text: d.reason for d in article.dropped_chrome}
    assert dropped["NEWS | NORTHERN IRELAND"] == "breadcrumb"
    menu = read_string("Home World Business Sport Opinion\n" + (FIXTURES / "page-copied.txt").read_text(), "wet.txt")
    assert menu.title == article.title  # a site's menu line (a WET text's first) is no headline
    menu_dropped = {d.text: d.reason for d in menu.dropped_chrome}
    assert menu_dropped["Home World Business Sport Opinion"] == "navigation"
    page = (FIXTURES / "page-copied.txt").read_text()
    bbc = read_string("Home News Sport Weather iPlayer Sounds\n" + page, "wet.txt")
    assert bbc.title == article.title  # a menu naming the site's own sections ('iPlayer', 'Sounds')
    assert dropped["12 Comments"] == "comments"
    assert dropped["Leave a Comment"] == "comments"
    assert dropped["Council approves new harbour plan"] == "related-links"
    assert dropped["Editors' Picks"] == "related-links"
    assert "Copyright © 2016 Daily Rewrite Network. All rights reserved." in dropped
    # every article sentence survives
    assert len(article.sentences) == 9
    assert article.sentences[-1].text.endswith('the fire was set intentionally."')


def test_a_related_list_after_a_blank_line_under_its_header_is_chrome() -> None:
    """A standards editor's review: a copy with 'Related stories', a blank line, then three
    headlines was an edited copy, the headlines 'added'; only the header was dropped (a blank line
    ended the list before its first item). A blank line after the list's items still ends it."""
    story = "Police closed the road on Monday. Two people were hurt, officials said."
    related = "Related stories\n\nBus crash driver sought\nCroydon crash: man arrested"
    text = f"{story}\n\n{related}\n\nThe mayor spoke later."
    article = read_string(text, "copy.txt")
    dropped = {d.text: d.reason for d in article.dropped_chrome}
    assert dropped == {"Related stories": "related-links", "Bus crash driver sought": "related-links",
                       "Croydon crash: man arrested": "related-links"}  # fmt: skip
    assert [s.text for s in article.sentences][-1] == "The mayor spoke later."


def test_a_content_farms_closing_faq_is_padding_but_a_q_and_a_article_is_not() -> None:
    """A researcher's review: the 'Frequently Asked Questions' block a farm closes its rewrite with
    stayed in the body, made farm pages each other's nearest neighbours and hid the wire story. A
    closing FAQ is listed as dropped; an article that is a Q&A from its first line keeps it."""
    story = ("Transport minister Edwina Hart wants to cut fraud in the blue badge scheme for disabled drivers. "
             "A council stopped following the rules in 2015, and complaints about refusals rose.")  # fmt: skip
    faq = ("Frequently Asked Questions\nWhat is this story about?\nIt covers the latest developments.\n"
           "Why does this matter?\nStories like this affect millions of readers every day.")  # fmt: skip
    article = read_string(f"{story}\n\n{faq}", "farm.txt")
    assert [s.text for s in article.sentences] == story.replace(". ", ".\n").split("\n")
    assert [d.reason for d in article.dropped_chrome] == ["faq"] * 5
    explainer = read_string(f"{faq}\n\n{story}", "explainer.txt")
    assert "What is this story about?" in [s.text for s in explainer.sentences]


def test_a_farms_faq_with_its_list_is_padding_wherever_it_stands_but_never_the_story() -> None:
    """An evasion review: a two-question FAQ above a wire story dropped the whole story (the rule
    took everything after the heading), and a FAQ with a 'Top 5 Things To Know' list stayed in
    the text, so independent reports padded alike were linked by the padding (bench/disguises.py).
    The block is its questions, their short answers and numbered lists, wherever it stands."""
    story = ("Transport minister Edwina Hart wants to cut fraud in the blue badge scheme for disabled drivers.\n"
             "A council stopped following the rules in 2015, and complaints about refusals rose.\n"
             "The scheme gives free parking to 200,000 people in Wales, the minister said on Tuesday.")  # fmt: skip
    faq = "FAQ\nWhat is this about?\nThe latest news.\nWhy does it matter?\nRead on below."
    listed = "Top 3 Things To Know\n1. The situation is developing.\n2. Officials will say more.\n3. Stay tuned."
    intro = "Here is what you need to know today."
    for text, padding in ((f"{story}\n\n{faq}\n\n{listed}", f"{faq}\n{listed}"), (f"{intro}\n\n{faq}\n\n{story}", faq)):
        article = read_string(text, "farm.txt")
        assert [d.text for d in article.dropped_chrome if d.reason == "faq"] == padding.split("\n")
        assert all(line in article.text for line in story.split("\n"))
    service = ("Frequently asked questions\nWho gets the payment?\nAnyone born before 22 September 1959.\n"
               "How much is it?\nUp to £300, paid in November.")  # fmt: skip
    kept = read_string(f"{story}\n\n{service}", "service.txt")  # a benign-text review: answers of its own
    assert not [d for d in kept.dropped_chrome if d.reason == "faq"] and "£300" in kept.text
    answers = "\n".join(f"Why does point {n} matter?\n{line}" for n, line in enumerate(story.split("\n")))
    pasted = read_string(f"{intro}\n\nFAQ\n{answers}", "answers.txt")  # the story as the answers: kept
    assert not [d for d in pasted.dropped_chrome if d.reason == "faq"]


def test_a_sites_menu_with_its_subscribe_button_is_navigation() -> None:
    """WET text opens with the menu flattened to a line, 'Subscribe' included (a review's crawl)."""
    article = read_string("Home World Business Tech Sport Subscribe\nThe council met on Monday.", "x")
    assert [d.reason for d in article.dropped_chrome] == ["navigation"]


def test_media_player_sentence_inside_running_text_is_chrome() -> None:
    article = read_string("Sorry, media playback is not available on this device. The minister resigned today.", "x")
    assert [s.text for s in article.sentences] == ["The minister resigned today."]
    assert article.dropped_chrome[0].reason == "media-player"


def test_a_newsletter_pitch_or_markup_ending_a_paragraph_is_chrome() -> None:
    """An API review pasted a farm's rewrite ending its last paragraph on 'Subscribe to our
    newsletter for more.', or on a tag left in the text: read as the rewrite's own sentence, it
    made the wire it copies read as contained in it, and so derived from it. Both are cut and
    listed; a story's sentence about a newsletter, or holding a tag among its words, is kept."""
    text = ("The minister resigned today. Officials confirmed it at noon. Subscribe to our newsletter for more. "
            '<script>alert(1)</script> <img src=x onerror="alert(2)">')  # fmt: skip
    article = read_string(text, "x")
    assert [s.text for s in article.sentences] == ["The minister resigned today.", "Officials confirmed it at noon."]
    assert [d.reason for d in article.dropped_chrome] == ["subscribe", "markup"]
    assert all(article.text[s.start : s.end] == s.text for s in article.sentences)
    for story in ("Subscribe to the newsletter, the union told members.", "The <b>old</b> tags stayed in the file.",
                  "Sign up for our newsletter, the company's emails urged, was a phishing lure."):  # fmt: skip
        kept = read_string(f"The court sat on Monday. {story} The judge will rule next week.", "y")
        assert story in [s.text for s in kept.sentences] and kept.dropped_chrome == []
    ticker = read_string("Etcetera Inc said its profit rose 12 pct.\n<ETCIA.O>", "z")  # a wire ticker: no tag
    assert [s.text for s in ticker.sentences][-1] == "<ETCIA.O>" and ticker.dropped_chrome == []


def test_a_footers_links_one_a_line_are_chrome() -> None:
    """A crawl review: each WET text ended on its page's footer links, 'Privacy' and 'Terms' a line
    each, so the WET text of a page differed from its WARC's HTML read, and a crawl added after its
    WET was rejected page by page as 'already indexed with different content'."""
    article = read_string(f"{STORY}\nPrivacy\nTerms of Use\nCookie policy | Accessibility | Contact us", "page.txt")
    assert article.text == read_string(STORY, "page.txt").text
    footer = ["Privacy", "Terms of Use", "Cookie policy | Accessibility | Contact us"]
    assert [d.text for d in article.dropped_chrome] == footer


def test_media_player_notice_inside_a_sentence_is_cut_out() -> None:
    """Flattened BBC pages leave the player's notice inside sentences (11 L2R sources): after a
    colon, before a quote, with no full stop of its own. It is cut and listed; the story stays."""
    text = (
        "Cheltenham Town boss Gary Johnson told BBC Radio Gloucestershire: Media playback is not supported on this "
        "device \"It's the best we've played for a little while.\" The nerves got better, he said. Media playback is "
        "not supported on this device \"I don't know why.\""
    )
    article = read_string(text, "x")
    assert [s.text for s in article.sentences] == [
        "Cheltenham Town boss Gary Johnson told BBC Radio Gloucestershire: \"It's the best we've played for a little "
        'while."',
        "The nerves got better, he said.",
        '"I don\'t know why."',
    ]
    assert [(d.text, d.reason) for d in article.dropped_chrome] == [
        ("Media playback is not supported on this device", "media-player")
    ] * 2
    assert all(article.text[s.start : s.end] == s.text for s in article.sentences)
    story = "Media playback of the match is not supported by the league, the club said."  # no notice
    assert read_string(story, "y").text == story


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-16", "utf-8-sig"])
def test_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    dash = "-" if encoding == "latin-1" else "—"
    text = f"Café owners in Zürich said prices rose by 5% {dash} the biggest rise since 2008.\n" * 3
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode(encoding))
    article = read_path(path)
    assert "Café owners in Zürich" in article.text
    assert "since 2008" in article.sentences[0].text


#: Legacy code pages news text still arrives in: each sample in its own script and language.
LEGACY = {
    "cp1250": "Vláda v pondělí oznámila nová opatření na podporu ekonomiky, řekl ministr financí.",
    "cp1251": "Правительство объявило в понедельник о новых мерах поддержки экономики, заявил министр.",
    "iso8859-2": "Rząd ogłosił w poniedziałek nowe środki wsparcia gospodarki, powiedział minister finansów.",
    "shift_jis": "政府は月曜日、経済を支援するための新たな措置を発表したと財務大臣が述べた。",
}


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_a_news_article_saved_in_a_western_code_page_reads_back_exactly(tmp_path: Path, encoding: str) -> None:
    """A real BBC article with typographic quotes and accents, as Windows or Latin-1 would save it
    (charset-normalizer read such files as a DOS code page: "Franceĺs")."""
    need_datasets()
    row = json.loads((DATASETS / "bbc" / "articles.jsonl").open().readline())
    text = row["text"].replace("'", "’") + "\nThe café in Zürich sold crème brûlée for £3."
    if encoding == "latin-1":
        text = text.replace("’", "'")
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode(encoding))
    assert read_path(path).text == read_string(text, "utf-8").text


@pytest.mark.parametrize("encoding", sorted(LEGACY))
def test_other_legacy_code_pages_are_detected(tmp_path: Path, encoding: str) -> None:
    text = (LEGACY[encoding] + "\n") * 4
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode(encoding))
    assert LEGACY[encoding] in read_path(path).text


def test_json_record_with_html_or_text(tmp_path: Path) -> None:
    html = (FIXTURES / "page.html").read_text()
    path = tmp_path / "rec.json"
    path.write_text(json.dumps({"id": "a1", "html": html, "site": "Override"}))
    article = read_path(path)
    assert article.id == "a1" and article.site == "Override"
    assert article.sentences[0].text.startswith(SOURCE_SENTENCE)


def test_a_record_with_both_text_and_html_is_read_by_its_text(tmp_path: Path) -> None:
    """A data team's review: a dump record carrying its extracted `text` beside the raw `html` was
    read by the html alone: a page with no article in it rejected the record whose text was fine,
    and another page's article replaced the text given. The text is the body; the page fills in
    the metadata the record lacks."""
    html = (FIXTURES / "page.html").read_text()
    story = "The council approved a new budget on Tuesday. It will fund three schools and a library."
    article = from_record({"id": "a1", "text": story, "html": html}, "dump.jsonl:1")
    assert article.text.split() == story.split()
    assert article.title == from_html(html, "p").title  # the page's headline, the record giving none
    given = from_record({"id": "a2", "text": story, "html": html, "title": "Budget passed"}, "dump.jsonl:2")
    assert given.title == "Budget passed"
    empty = from_record({"id": "a3", "text": story, "html": "<p>hi</p>"}, "dump.jsonl:3")
    assert empty.text.split() == story.split()


def test_a_record_address_loses_its_tracking_parameters() -> None:
    """A data team's review: a JSON Lines record named by its `url` kept '?utm_source=a' in its id
    and address (a crawl's record did not), so the first spelling to arrive named the page."""
    story = "The council approved a new budget on Tuesday. It will fund three schools and a library."
    art = from_record({"url": "https://t.example/p0?utm_source=a&page=2", "text": story}, "dump.jsonl:1")
    assert art.id == art.url == "https://t.example/p0?page=2"
    named = from_record({"id": "x1", "url": "https://news.example/c/3?utm_medium=email", "text": story}, "d:2")
    assert (named.id, named.url) == ("x1", "https://news.example/c/3")


def test_a_misspelt_article_field_is_refused_and_an_article_shows_briefly() -> None:
    """A researcher's notebook review: `from_text(text, publised=...)` lost the date without a word,
    and an article's repr printed its whole text."""
    story = "The council approved a new budget on Tuesday. It will fund three schools and a library. " * 20
    with pytest.raises(TypeError, match="'publised'"):
        from_text(story, "cell", id="q", publised="2016-03-01")
    # a fuzzing review: a field of another type failed deep in extraction, or when the article was indexed
    for read, odd in ((from_text, {"id": {"a": 1}}), (from_html, {"site": 7}), (from_html, {"url": 5})):
        with pytest.raises(TypeError, match=f"article field '{next(iter(odd))}' must be text or None"):
            read(f"<p>{story}</p>" if read is from_html else story, "cell", **odd)
    art = from_text(story, "cell", id="q", title="Budget")
    assert len(repr(art)) < 250 and "'q'" in repr(art) and "sentences" in repr(art)
    assert art.language == "en"


def test_text_with_nul_bytes_is_binary_whatever_it_opens_with() -> None:
    """A WET record opening with an image's signature and holding NUL bytes is no article; one
    stray NUL in text is taken out (a hostile-input review: it had refused the whole text)."""
    from wiretrace.ingest import decode

    for data in (b"GIF89a\x01\x00\x01\x00 some words", b"plain\x00 words\x00 and\x00 more"):
        with pytest.raises(InputError, match="binary content"):
            decode(data, "crawl.wet@0")
    assert decode(b"plain words\x00 and more", "crawl.wet@0") == "plain words and more"


def test_control_characters_are_binary_however_the_text_came(tmp_path: Path) -> None:
    """Binary bytes that happen to be valid UTF-8 (or are given as a string) are refused as a file
    of undecodable bytes is; a few stray controls and Word's soft line breaks are not."""
    import random

    noise = "".join(random.Random(3).choices("abcdefgh \x01\x02\x03\x1b", k=3000))
    path = tmp_path / "blob.txt"
    path.write_bytes(noise.encode("utf-8"))  # valid UTF-8: the check ran only after another encoding's decode
    readers = (
        lambda: read_path(path),
        lambda: read_string(noise, "api"),
        lambda: from_record({"text": noise}, "dump.jsonl:1"),
        lambda: from_html(f"<p>{noise}</p>", "p"),
    )
    for read in readers:
        with pytest.raises(InputError, match="binary content \\(control characters\\)"):
            read()
    prose = f"{SOURCE_SENTENCE}\x0bA second line after a soft break.\x1b The third sentence ends here. " * 20
    assert len(read_string(prose, "api").sentences) >= 3
    # a short text with one stray control, a wire brief's end-of-text mark, Word's hyphens
    for text in ("Short text with one stray \x07 bell in it. It has two sentences.",
                 "LONDON, March 2 - Shares rose in early trading, dealers said.\n\x03",
                 "Die Bundes\x1fregierung beschloss am Montag die Haushalts\x1fplanung. " * 10,
                 "Talks on the cross\x1eborder scheme resumed. The minister said so. " * 10):  # fmt: skip
        assert read_string(text, "api").text
    word = read_string("Minister resigns over expenses\x0bBy Jane Smith\x0bHe claimed expenses\x0bfor a home.", "w")
    assert "expensesfor" not in word.text and "expensesBy" not in (word.title or "") + word.text
    assert "cross-border" in read_string("Talks on the cross\x1eborder scheme resumed today.", "h").text


def test_record_ids_are_kept_as_a_dump_would_join_on_them() -> None:
    """Numbers in their shortest form (a JSON 7.0 and a Parquet float 7.0 are one id, '7'); a blank
    id is no id (the url names the article); true, a list or an object is refused, never turned
    into Python's spelling of it ("{'a': 1}")."""
    text = "A fire broke out at the mill on Monday, the fire service said."

    def read(value: object) -> str | None:
        return from_record({"id": value, "url": "https://u.example/a", "text": text}, "dump.jsonl:3").id

    assert [read(v) for v in (12345, 7.0, 7.5, Decimal("10"), "a,b", " ", "", float("nan"))] == [
        "12345", "7", "7.5", "10", "a,b", "https://u.example/a", "https://u.example/a", "https://u.example/a",
    ]  # fmt: skip
    for value, kind in ((True, "true or false"), ([1, 2], "a list"), ({"a": 1}, "an object")):
        with pytest.raises(InputError, match=f"dump.jsonl:3: the record's 'id' must be text or a number, not {kind}"):
            read(value)


def _bad(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_path(path)
    assert str(path) in str(info.value)
    return info.value.reason


def test_bad_inputs_name_the_file_and_the_reason(tmp_path: Path) -> None:
    assert _bad(tmp_path, "empty.txt", b"") == "empty input"
    assert _bad(tmp_path, "blank.txt", b"  \n\n ") == "empty input"
    assert "gzip" in _bad(tmp_path, "x.txt", gzip.compress(b"hello"))
    assert "binary" in _bad(tmp_path, "x.bin", bytes(range(256)) * 10)
    assert "no article text" in _bad(tmp_path, "x.html", b"<html><body><nav>Home</nav></body></html>")
    assert "invalid JSON" in _bad(tmp_path, "x.json", b"{not json")
    assert "no non-empty 'text'" in _bad(tmp_path, "y.json", b'{"title": "x"}')
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(MAX_BYTES * 5)
    with pytest.raises(InputError, match="too large"):
        read_path(big)
    with pytest.raises(InputError, match="no such file"):
        read_path(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_path(tmp_path)


def test_undecodable_bytes(tmp_path: Path) -> None:
    reason = _bad(tmp_path, "x.txt", bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0x01, 0x02, 0x03]) * 200)
    assert "binary" in reason or "undecodable" in reason


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=3000) | st.text(max_size=3000).map(lambda t: t.encode("utf-8")))
def test_any_bytes_give_an_article_or_a_clear_error(data: bytes) -> None:
    for suffix in ("", ".html", ".json"):
        try:
            article = read_bytes(data, "fuzz", suffix=suffix)
        except InputError as exc:
            assert str(exc).startswith("fuzz: ")
        else:
            assert article.sentences
            for s in article.sentences:
                assert article.text[s.start : s.end] == s.text


FEED = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Times</title><item><title>One</title>'
        b"<description>First story of the feed.</description></item><item><title>Two</title>"
        b"<description>Second story.</description></item></channel></rss>")


@pytest.mark.parametrize(
    ("name", "data", "what"),
    [
        ("valley.rss", FEED, "an RSS or Atom feed"),
        ("valley.xml", FEED, "an RSS or Atom feed"),
        ("saved-feed.txt", FEED, "an RSS or Atom feed"),  # by its root element, whatever the name
        ("crawl.warc.gz", b"\x1f\x8b\x08\x00 gzip members", "a WARC archive"),
        ("crawl.warc", b"WARC/1.0\r\nWARC-Type: warcinfo\r\n\r\n", "a WARC archive"),
        ("rows.parquet", b"PAR1 not really", "a Parquet table"),
    ],
)
def test_a_feed_archive_or_table_is_not_read_as_one_article(tmp_path: Path, name: str, data: bytes, what: str) -> None:
    """`extract`, `query` and `compare` take one article: a feed read as one page merged its entries."""
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError, match=f"^{path}: {what}, not one article \\(index it with `index add`\\)$"):
        read_path(path)


def test_a_page_that_links_its_feed_is_still_a_page() -> None:
    head = b'<html><head><link rel="alternate" type="application/rss+xml" href="/feed"></head>'
    story = b"The council approved the new budget on Tuesday after a long debate. " * 3
    html = head + b"<body><article><p>" + story + b"</p></article></body></html>"
    assert read_bytes(html, "page.html", suffix=".html").sentences


@pytest.mark.parametrize("name", ["wire.jsonl", "wire.ndjson", "wire.jsonl.gz", "wire", "wire.json", "wire.dump"])
def test_a_json_lines_collection_is_not_read_as_one_article(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text('{"id": "a", "text": "One story."}\n{"id": "b", "text": "Another story."}\n')
    with pytest.raises(InputError, match="JSON-lines collection"):
        read_path(path)  # by its lines of JSON objects, whatever its name (without one: 3 stories as one text)


def test_one_json_object_over_several_lines_is_one_article(tmp_path: Path) -> None:
    path = tmp_path / "story"
    path.write_text('{\n  "id": "a",\n  "text": "One story. It runs to two sentences."\n}\n')
    assert read_path(path).id == "a"


HEADLINES = [
    "Australia rates at four year high",
    "US company admits Benin bribery",
    "US insurer Marsh cuts 2,500 jobs",
    "US seeks new $280bn smoker ruling",
    "Budget Aston takes on Porsche",
    "Liberian economy starts to grow",
]


def test_a_section_front_listing_headline_links_is_no_article() -> None:
    """Two sites' fronts listing the same wire headlines were stored as articles and linked as copies."""
    items = "".join(f"<li><a href='/n/{i}'>{t}</a> <span>2h ago</span></li>" for i, t in enumerate(HEADLINES))
    front = f"<html><body><nav><a href='/'>Home</a></nav><h1>Business</h1><ul>{items}</ul></body></html>"
    with pytest.raises(InputError, match=r"a list of links .*, not an article"):
        from_html(front, "front.html")


def test_an_article_with_links_in_its_paragraphs_and_a_related_list_is_an_article() -> None:
    """Links inside sentences, and a list of related stories under the story, do not make a list page."""
    story = read_string((FIXTURES / "page.html").read_text(), "p").text.split("\n")
    paragraphs = "".join(f"<p>{s.replace(' ', ' <a href=/x>', 1)}</a></p>" if i % 2 else f"<p>{s}</p>"
                         for i, s in enumerate(story))  # fmt: skip
    related = "".join(f"<li><a href='/n/{i}'>{t}</a></li>" for i, t in enumerate(HEADLINES))
    page = f"<html><body><article>{paragraphs}<h2>Related</h2><ul>{related}</ul></article></body></html>"
    assert from_html(page, "story.html").sentences


def test_record_metadata_lists_are_joined_and_blank_values_are_none() -> None:
    """A list of authors was stored as its Python form, and a blank title hid the text's headline."""
    text = "Storm closes port\n\nThe port was closed on Monday after a storm. Ships waited offshore."
    record = {"id": "r", "byline": ["A. Writer", "B. Writer"], "title": "  ", "text": text}
    article = from_record(record)
    assert article.byline == "A. Writer, B. Writer"
    assert article.title == "Storm closes port"


def test_a_page_without_a_date_is_not_dated_by_a_year_in_its_text() -> None:
    """trafilatura would guess 'published' from any year in the body; that year would decide origins."""
    body = "".join(f"<p>{s}</p>" for s in read_string((FIXTURES / "page.html").read_text(), "p").text.split("\n"))
    year = "<p>The club was founded in 1871 and survived the 2008 crisis.</p>"
    page = f"<html><body><article>{body}{year}</article></body></html>"
    assert read_string(page, "page.html").published is None


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("2016-01-05", "2016-01-05"),
        ("2016-01", "2016-01"),
        ("2016-01-05T11:00:00+01:00", "2016-01-05T10:00:00Z"),
        ("Tue, 05 Jan 2016 10:00:00 GMT", "2016-01-05T10:00:00Z"),
        ("2-MAR-1987 09:54:01.45", "1987-03-02T09:54:01"),  # Reuters-21578's DATE field
        ("27-MAR-1987 00:02:59.13&#5;&#5;&#5;RM", "1987-03-27T00:02:59"),
        ("5 January 2016", "2016-01-05"),
        ("20160105", "2016-01-05"),  # a day in basic form is a day, not its midnight (which sorts first)
        ("2016-W01-2", "2016-01-05"),
        ("2016-01-05 10:00:00 UTC", "2016-01-05T10:00:00Z"),  # as BigQuery exports write it
        ("2016-01-05 10:00 GMT", "2016-01-05T10:00:00Z"),
        ("01/02/2016", None),  # day or month first: a guess, so not read
        ("12/13/2016", "2016-12-13"),  # no guess: a field over 12 is the day
        ("17.06.2025", "2025-06-17"),  # dotted, as Europe writes it: day first
        # a half of the day and the zone after it (RFC 2822's parser took '2:00 PM' for 02:00, dropped 'EST')
        ("Dec 3, 2026 2:00 PM", "2026-12-03T14:00:00"),
        ("Dec. 3, 2026 at 9:00 p.m. EST", "2026-12-04T02:00:00Z"),
        ("Thu, 03 Dec 2026 09:00:00 PM EST", "2026-12-04T02:00:00Z"),
        ("Thu, 03 Dec 2026 09:00:00 CET", "2026-12-03T08:00:00Z"),
        ("July 4, 2026 9:00 am PT", "2026-07-04T16:00:00Z"),  # US Pacific in summer time
        ("January 5, 2026 9:00 am PT", "2026-01-05T17:00:00Z"),
        ("2026-12-03 10:00 (UTC+05:30)", "2026-12-03T04:30:00Z"),
        ("Thu, 03 Dec 2026 09:00:00 IST", "2026-12-03T09:00:00"),  # India, Ireland or Israel: no zone
        ("Tue, 05 Jan 2016 10:00:00 +0000 (UTC)", "2016-01-05T10:00:00Z"),
        ("Dec 3, 2026 13:00 PM", None),
        ("0001-01-01T00:00:00+14:00", None),  # before the year 1 in UTC: a 500 of the HTTP API
        ("Fri, 31 Dec 9999 23:59:59 -1200", None),
        ("yesterday", None),
        ("2015-02-30", None),
        # a live-blog editor's review: the time first, or commas between the parts, as BBC stamps versions
        ("12:45 GMT, 27 December 2004", "2004-12-27T12:45:00Z"),
        ("Monday, 27 December, 2004, 12:45 GMT", "2004-12-27T12:45:00Z"),
        ("7:45 AM ET, December 27, 2004", "2004-12-27T12:45:00Z"),
        ("12:45", None),
    ],
)
def test_published_is_stored_as_an_iso_date_or_not_at_all(given: str, stored: str | None) -> None:
    """Dates are compared as text, so an RFC 2822 date ('Tue, ...') sorted after every ISO one and
    made its article look the later; a date that is not one is no date. A record stating one is
    refused, naming it: read as undated, a researcher's sources became their rewrites' copies."""
    assert normalize_date(given) == stored
    record = {"id": "a", "text": "Rain hit the town on Monday. Roads were closed.", "published": given}
    if given.startswith("0001-01-01"):  # a zero time, as Go and .NET write no date: none given
        assert read_bytes(json.dumps(record).encode(), "a.json", suffix=".json").published is None
    elif stored is None:
        with pytest.raises(InputError, match=r"a\.json: the record's 'published' is not a date wiretrace reads"):
            read_bytes(json.dumps(record).encode(), "a.json", suffix=".json")
    else:
        assert read_bytes(json.dumps(record).encode(), "a.json", suffix=".json").published == stored


@pytest.mark.parametrize(
    ("line", "stored"),
    [
        ("Posted: 12/13/2025", "2025-12-13"),
        ("Posted: 14/06/2017", "2017-06-14"),
        ("Posted: 12/03/2026", None),  # 12 March in London, 3 December in New York
        ("Published: Dec 2, 2026 9:00 PM EST", "2026-12-03T02:00:00Z"),  # the moment, not the local day
        ("By Jane Smith | 3 March 2016, 14:05 GMT", "2016-03-03T14:05:00Z"),
        ("Published: 2 March 1987", "1987-03-02"),  # before htmldate's own years
        ("Posted on March 3, 2016 by admin", "2016-03-03"),
        ("Published 08:10 GMT, 27 December 2004 | Last updated 12:45 GMT", "2004-12-27T08:10:00Z"),  # not the update
    ],
)
def test_a_publication_line_is_read_with_its_time_and_never_in_a_guessed_order(line: str, stored: str | None) -> None:
    """A researcher's review of dates: 'Posted: 12/03/2026' on a US page was stored as 12 March (a
    page nine months early takes the origin of every story it joins), and a line's time and zone
    were cut to its local day."""
    text = f"{line}\n\nThe council voted on the budget on Monday night. The debate ran for six hours."
    assert from_text(text).published == stored


def _page(head: str = "", dated: str = "") -> str:
    body = " ".join(["The council voted on the new budget plan for the city on Monday night after a debate."] * 5)
    return f"<html><head>{head}</head><body><article>{dated}<p>{body}</p></article></body></html>"


def test_a_page_date_in_numbers_is_read_in_no_guessed_order(caplog: pytest.LogCaptureFixture) -> None:
    assert from_html(_page(dated='<span class="date">12/03/2026</span>'), "us.html").published is None
    assert "us.html: '12/03/2026': day and month could be either way round" in caplog.text
    assert from_html(_page(dated="<time>12/13/2025</time>")).published == "2025-12-13"
    stated = '<meta property="article:published_time" content="2026-12-02T10:00:00Z">'
    assert from_html(_page(stated, '<span class="date">12/03/2026</span>')).published == "2026-12-02T10:00:00Z"


def test_a_meta_tags_date_in_numbers_is_read_in_no_guessed_order(caplog: pytest.LogCaptureFixture) -> None:
    """An origins review: '<meta name="date" content="03/12/2005">' on a US page (12 March) was read
    3 December with no warning, and the page's own 4-paragraph excerpt became its origin."""
    assert from_html(_page('<meta name="date" content="03/12/2005">'), "us.html").published is None
    assert "us.html: '03/12/2005': day and month could be either way round" in caplog.text
    assert from_html(_page('<meta name="date" content="03/13/2005 10:00">')).published == "2005-03-13T10:00:00"
    assert from_html(_page('<meta name="date" content="14.03.2005">')).published == "2005-03-14"


def test_a_page_dated_by_a_site_whose_today_is_ahead_keeps_its_date() -> None:
    """htmldate refuses dates after the host's local today and fell back to the 1st of the month:
    at 18:00 UTC a Tokyo page of the next day took the origin of its story, and a JSON-LD time
    ahead of UTC's day was dropped. Tomorrow (UTC) is kept, whatever the host's time zone."""
    import datetime as dt

    tomorrow = (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)).isoformat()  # +20 h was today before 04:00
    assert from_html(_page(f'<meta property="article:published_time" content="{tomorrow}">')).published == tomorrow
    ld = f'{{"@type": "NewsArticle", "datePublished": "{tomorrow}T01:00:00+09:00"}}'
    published = from_html(_page(f'<script type="application/ld+json">{ld}</script>')).published
    assert published is not None and published.endswith("T16:00:00Z")


def test_a_date_after_today_is_no_publication_date(caplog: pytest.LogCaptureFixture) -> None:
    """A typo ('2062' for '2026') made the copy the origin of its story; every format alike. A
    record stating it is refused (undated, it would lose its place in its story); a page's own
    markup is read as undated, with a warning."""
    text = "Rain hit the town on Monday. Roads were closed."
    with pytest.raises(InputError, match=r"dump\.jsonl:4: the record's 'published' is after today .*: '2062-12-03'"):
        from_record({"id": "a", "text": text, "published": "2062-12-03"}, "dump.jsonl:4")
    assert from_html(_page('<meta property="article:published_time" content="2062-12-03">')).published is None
    assert "published '2062-12-03' is after today" in caplog.text
    assert from_record({"id": "a", "text": text, "published": "2016-12-03"}).published == "2016-12-03"


@pytest.mark.parametrize(
    ("given", "stored"),
    [("2016-3-1", "2016-03-01"), ("2016/03/01", "2016-03-01"), ("2016/3/1 09:00", "2016-03-01T09:00:00"),
     ("2016/03/01T09:00:00Z", "2016-03-01T09:00:00Z"), ("1456833600", "2016-03-01T12:00:00Z"),
     ("2016/02/30", None), ("2016-13-01", None), ("31-MAR-1987 605:12:19.12", "1987-03-31"),
     ("N/A", "none given"), ("null", "none given"), ("0001-01-01T00:00:00Z", "none given"),
     # a hostile-input review: words after a day were dropped, a zone past 24 hours dropped and its clock kept
     ("2020-01-01 garbage", None), ("2020-01-01T25:00:00", "2020-01-01"), ("2020-01-01T10:00:00+25:00", "2020-01-01")],
)  # fmt: skip
def test_a_day_written_year_first_unpadded_or_with_slashes_is_read(given: str, stored: str | None) -> None:
    """A researcher's review: '2016-3-1' and '2016/03/01' were read as no date (the year first is
    ISO's order: no guess), and a Unix time written as text too. A day stamped with a time that is
    no time is that day (Reuters-21578 has one); a dump's placeholders are no date given."""
    record = {"id": "a", "text": "Rain hit the town on Monday. Roads were closed.", "published": given}
    if stored == "none given":
        assert from_record(record).published is None
    elif stored is None:
        with pytest.raises(InputError, match="is not a date wiretrace reads"):
            from_record(record)
    else:
        assert from_record(record).published == stored


def test_a_date_given_as_a_list_is_refused() -> None:
    """A hostile-input review: '["2020-01-01"]' was stored as 2020-01-01, read as a list of bylines is."""
    record = {"id": "a", "text": "Rain hit the town on Monday. Roads were closed.", "published": ["2020-01-01"]}
    with pytest.raises(InputError, match=r"^a: the record's 'published' must be a date as text or a Unix time"):
        from_record(record)


@pytest.mark.parametrize(
    ("given", "stored"),
    [(1764770000, "2025-12-03T13:53:20Z"), (1764770000123, "2025-12-03T13:53:20Z"), (20260312, "2026-03-12"),
     (True, None), (5, None)],
)  # fmt: skip
def test_a_unix_time_in_a_record_is_its_moment(given: object, stored: str | None) -> None:
    record = {"id": "a", "text": "Rain hit the town on Monday. Roads were closed.", "published": given}
    if stored is None:  # true, or 5: no date, so the record is refused
        with pytest.raises(InputError, match="is not a date wiretrace reads"):
            from_record(record)
    else:
        assert from_record(record).published == stored


STORY = (
    "Venezuelan authorities have said they will seize land owned by a British company as part of a reform.\n\n"
    "Officials in Cojedes state said on Friday that farmland owned by the group would be taken over.\n\n"
    "The government said landowners whose farms were productive had nothing to fear from the new law."
)
CHROME_LINES = {
    "READ MORE: Chavez unveils new land law": "related-links",
    "We use cookies to improve your experience. By continuing to browse you agree to our use of cookies.": "cookies",
    "This article was amended on 15 January 2005 to correct the spelling of a name in the second paragraph.": (
        "correction"
    ),
    "Have you been affected by the issues raised in this story? Email us at news@example.com": "reader-callout",
    "Sign up for our Business Daily newsletter to get the top stories in your inbox every morning.": "subscribe",
    "Click here to subscribe": "click-prompt",
    "(Additional reporting by Reuters; Editing by Jane Doe)": "credit",
}


def test_chrome_that_reads_like_a_sentence_is_dropped_and_the_story_kept() -> None:
    lines = list(CHROME_LINES)
    page = "\n\n".join([*lines[:3], STORY, *lines[3:]])
    article = read_string(page, "page.txt")
    assert {d.text: d.reason for d in article.dropped_chrome} == CHROME_LINES
    assert article.text == STORY


def test_chrome_lines_inside_an_html_story_are_dropped() -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY.split("\n\n"))
    html = (
        "<html><head><title>Land row</title></head><body><article><h1>Land row</h1>"
        f"<p>Published 14 January 2005</p>{paragraphs}<p>Read more: Chavez unveils new land law</p>"
        "</article></body></html>"
    )
    article = from_html(html, "page.html")
    assert {d.text: d.reason for d in article.dropped_chrome} == {
        "Published 14 January 2005": "dateline",
        "Read more: Chavez unveils new land law": "related-links",
    }
    assert article.text.split() == STORY.split()


@pytest.mark.parametrize(
    "sentence",
    [
        "Copyright owners had argued that the site made millions from their work.",
        "Follow him to the depot, she told her colleague.",
        "Copyright law changed.",
        "Get-rich-quick schemes promising returns sent to your inbox are illegal, the regulator said.",
        "Have customers received the warnings sent to their inbox, the committee asked.",
        "This article is based on interviews with 84 refugees, the charity said.",
        "Reporters from three papers contributed to the investigation.",
        "The site, designed by architects in 1901, will be restored.",
        # a standards editor's review: a story reporting a correction is not the page's own note
        "An earlier version of this story was published online in March and removed two days later, the High "
        "Court heard on Tuesday.",
        "Correction: the paper admitted the headline had overstated the rise, its lawyer said.",
        "Check back later, officers told residents who wanted to return home.",
        "More details will follow when the council meets on Monday.",
        "Continue reading the report, she urged the committee.",
    ],
)
def test_story_sentences_that_open_like_chrome_are_kept(sentence: str) -> None:
    body = f"The court sat on Monday. {sentence} The judge will rule next week."
    for article in (read_string(body, "page.txt"), read_string(f"{STORY}\n\n{sentence}", "page.txt")):
        assert sentence in [s.text for s in article.sentences]
        assert article.dropped_chrome == []


@pytest.mark.parametrize(
    "line",
    [
        "Copyright 2005 Daily Globe Media Ltd.",
        "© Reuters 2016",
        "Follow us on Twitter @dailyglobe",
        # URL lines as ECB+ writes them: quotes and commas inside the address
        "http: / / wiki. answers. com / Q / Is _ Vincent _ 'The _ Chin' _ Gigante _ still _ in _ prison",
        "http: / / www. people. com / people / article / 0,, 20697025, 00. html",
        "https://www.example.com/news/o'brien-resigns,2005",
        "23 July 2013 Last updated at 13: 42 GMT",  # BBC datelines, as ECB+ keeps them
        "Posted: Nov 27, 2005 8: 20 AM ET Last Updated: Nov 27, 2005 8: 10 PM ET",
        "Get the latest business headlines delivered to your inbox every morning.",
        "Never miss a story: the best of our reporting, straight to your inbox.",
        # an extraction review's saved pages: a paywall, a print stamp, a site's notices, a blog's
        # prompt, AP's end of story and credit, an old site's footer, a live page's furniture
        "This article is for subscribers only",
        "Subscribe today to continue reading. Get unlimited access to award-winning journalism for just £1 a "
        "week for the first three months, then £6.99 a week. Cancel anytime.",
        "This article was printed from https://www.example.co.uk/news/hospital-trust-fined-3321 on 13/09/2016 08:12",
        "The BBC is not responsible for the content of external Internet sites",
        "Disclaimer: This article is for informational purposes only. The information is sourced from various "
        "news outlets.",
        "If you found this article helpful, please share it with your friends and family!",
        "___",
        "Associated Press writer Mehmet Guzel contributed to this report.",
        "Associated Press writers Jane Doe in Washington and John Roe in London contributed to this report.",
        "Valley Gazette. Site by WebWorks 2003.",
        "« Back to news",
        "Live Reporting",
        "All times stated are UK",
        "Table of Contents",
        "Correction: An earlier version of this article said BP's annual profit was equivalent to £8.7bn.",
        "This article was amended on 3 March 2020 to correct the spelling of Lord Browne's name.",
        # a live-blog editor's review: a rolling story's labels and notices, an entry's time; and an
        # aggregator's teaser tails and a breaking alert's placeholder (which made alerts copies)
        "UPDATE 2 - 12:45 GMT",
        "11:40 GMT",
        "Key points",
        "LIVE: Follow our live coverage of the tsunami aftermath",
        "This story will be updated throughout the day. Refresh the page for the latest.",
        "This is a breaking news story. More details will follow shortly.",
        "Read more at Reuters.com",
        "Read the full story at Reuters",
        "Continue reading on BBC News",
        "Continue reading...",
        "tickerwire.example",  # a menu's home link and bars, left on lines of their own
        "|",
    ],
)
def test_notices_and_prompts_are_still_chrome(line: str) -> None:
    article = read_string(f"{STORY}\n\n{line}", "page.txt")
    assert [d.text for d in article.dropped_chrome] == [line]


@pytest.mark.parametrize(
    "line",
    [
        # what a chatbot writes around its text, pasted with it by a content farm: four of the L2R
        # rewrites open so ('Rephrased text:', 'Friendly version:', ...)
        "Sure, here's the adjusted text with a more casual tone:",
        "Here's the friendly and casual version of the text:",
        "Certainly! Here is a rewrite of the article:",
        "Rephrased text:",
        "Friendly version:",
        "As an AI language model, I cannot browse the internet or provide real-time news.",
        "I'm sorry, but I cannot fulfill this request.",
        "As of my last knowledge update in September 2021, the company had not announced a date.",
        "I hope this helps!",
        "Let me know if you'd like any further changes.",
        # a review's: refusals in other words, two-word names of the text, a label in bold
        "As an AI language model I cannot browse the internet.",
        "I'm sorry, but as an AI language model, I cannot provide real-time news.",
        "I apologize, but I cannot fulfill this request.",
        "Please note that as an AI language model, I cannot verify these facts.",
        "Here is the paraphrased news article:",
        "Here's the article rewritten in a more engaging style:",
        "Sure thing! Here's the article in a more casual tone:",
        "Here is a more engaging version of the news article:",
        "Sure, here is the rewritten article",
        "**Rewritten Article:**",
        "Simplified version:",
        "I hope this revised version helps!",
        "I hope this helps! Let me know if you need anything else.",
        "Here is a rewritten version of the article in a more engaging tone:",
    ],
)
def test_a_chatbots_words_around_its_text_are_a_tell_and_not_the_story(line: str) -> None:
    cleaned = strip_chrome(f"{line}\n\n{STORY}")  # as read, for the markdown reader renders '**...**'
    assert [(d.text, d.reason) for d in cleaned.dropped] == [(line, AI_LEFTOVER)]
    assert read_string(f"{line}\n\n{STORY}", "page.txt").sentences[0].text != line


@pytest.mark.parametrize(
    "line",
    [
        "Here is the revised schedule:",
        "Here is the full text of the statement:",
        "Here is the revised text of the bill:",
        "Here are the results from the recent matches in the league:",
        '"As an AI language model, I cannot do that," the chatbot replied.',
        "As an AI researcher, she has warned about the risks for years.",
        "I'm sorry, but I can't say more about the investigation at this stage.",
        # a review's: explainers, interviews and reports on chatbots
        "Here's the short version:",
        "Here's the simplified version:",
        "Here is the revised text in full:",
        "Here is the English version of the text:",
        "Below is the full version of the story:",
        "Okay, here's the deal:",
        "Absolutely, here is what we know so far:",
        "As an AI chatbot, ChatGPT has drawn more than 100 million users since its launch in November, analysts say.",
        "As an AI assistant, Siri has struggled to keep pace with rivals, according to former Apple engineers.",
        "I'm sorry, I can't provide any more details at this time.",
        "I am sorry, but I cannot help with your claim until the forms are filed.",
        "I hope this helps families who lost loved ones find some peace.",
        "Feel free to ask questions at the town hall meeting on Thursday.",
        "Is there anything else you'd like to add, the judge asked.",
        # a service page's or a press release's close
        "Let me know if you would like more information about the programme.",
        "Feel free to reach out if you have any questions about your account.",
        "I hope the new funding helps",
    ],
)
def test_a_story_line_that_sounds_like_a_chatbot_is_kept(line: str) -> None:
    article = read_string(f"{STORY}\n\n{line}\n\nThe vote was seven to two, officials said.", "page.txt")
    assert AI_LEFTOVER not in {d.reason for d in article.dropped_chrome}


def test_a_chatbots_words_are_read_around_the_text_not_inside_it() -> None:
    """A review: a tech story quoting a chatbot's refusal as a paragraph of its own lost the quote
    from its compared text, and its site was counted as one carrying a chatbot's words."""
    refusal = "As an AI language model, I cannot help with that request."
    story = (f"{STORY}\n\nWhen the reporter asked the bot to write the ransom note, it answered:\n\n{refusal}\n\n"
             "Researchers said the refusal showed the filters working.\n\nThe company declined to comment.")
    assert refusal in [s.text for s in read_string(story, "page.txt").sentences]
    assert [d.reason for d in read_string(f"{refusal}\n\n{STORY}", "page.txt").dropped_chrome] == [AI_LEFTOVER]


def test_a_line_that_opens_with_an_address_but_reads_on_is_kept() -> None:
    line = "www.example.com reported that the minister resigned on Monday."
    article = read_string(f"{STORY}\n\n{line}", "page.txt")
    assert line in [s.text for s in article.sentences]
    assert article.dropped_chrome == []


@pytest.mark.parametrize("headline", ["**Two WWI monuments protected**", "# Two WWI monuments protected"])
def test_markdown_around_a_headline_is_not_part_of_the_title(headline: str) -> None:
    assert read_string(f"{headline}\n\n{STORY}", "page.md").title == "Two WWI monuments protected"


def test_utf8_with_a_stray_byte_is_read_as_utf8(tmp_path: Path) -> None:
    """One invalid byte in a UTF-8 file: the rest is read as UTF-8 (the bad byte as U+FFFD),
    not the whole file in a code page that turns 'café' into 'cafÃ©'."""
    path = tmp_path / "a.txt"
    path.write_bytes("Mr Chidambaram – café owner’s son – spoke.\n".encode() * 3 + b"Prices rose \x97 fast.\n")
    text = read_path(path).text
    assert "Mr Chidambaram – café owner’s son – spoke." in text and "Prices rose \ufffd fast." in text


def test_a_short_line_with_windows_curly_quotes_is_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"\x93It\x92s over,\x94 she said.\n")
    assert read_path(path).text == "“It’s over,” she said."


def test_hard_wrapped_lines_that_open_like_chrome_are_kept() -> None:
    """Wire copy wraps a sentence anywhere: a line that goes on from the one before ('by AMR
    Corp, said ...', 'published China's demands ...') or runs on into the next ('Published
    reports put the value of the order,') is prose, never a byline or dateline. Two reports that
    differ only in such a line once read as identical copies."""
    text = (
        "The official International Business newspaper today\n"
        "published China's demands in an editorial to coincide with the\n"
        "visit of U.S. Secretary of State George Shultz.\n"
        "    The airline, which is owned\n"
        "by AMR Corp, said its load factor for February dropped to 60.2\n"
        "pct from 62.3 pct a year earlier, the company said in a statement.\n"
        "    Published reports put the value of the aircraft order,\n"
        "including engines, at 2.5 billion dlrs.\n"
        "    Details will be published in the Federal\n"
        "Register shortly and will become effective after a 90-day\n"
        "comment period.\n"
    )
    article = read_string(text, "wire.txt")
    assert article.dropped_chrome == [] and article.byline is None
    assert " ".join(article.text.split()) == " ".join(text.split())
    page = read_string("Floods hit the Borders\nBy John Smith\nPublished: 3 March 2024 10:42 GMT\n\n" + STORY, "x")
    assert [d.reason for d in page.dropped_chrome] == ["byline", "dateline"] and page.byline == "John Smith"


def test_wire_datelines_and_photo_credits_on_their_own_lines_are_chrome() -> None:
    text = "LONDON (Reuters) -\n" + STORY + "\nPhotograph: Getty Images\n"
    article = read_string(text, "x")
    assert [(d.text, d.reason) for d in article.dropped_chrome] == [
        ("LONDON (Reuters) -", "dateline"), ("Photograph: Getty Images", "image-credit")]  # fmt: skip


def test_a_short_html_snippet_is_an_article_when_it_reads_as_sentences() -> None:
    """Under ten words, an HTML page's text is an article when a line of it is a sentence (a
    snippet pasted as HTML); a menu or a footer kept by the extractor is still no article."""
    assert from_html("<p>Rain hit the town on Monday. Roads were closed.</p>").text.startswith("Rain hit")
    menu = "<nav><ul><li><a href=/>Home</a></li><li><a href=/n>World News</a></li></ul></nav><p>Copyright 2024</p>"
    with pytest.raises(InputError, match="no article text found"):
        from_html(menu, "menu.html")


@pytest.mark.parametrize(
    ("headline", "title"),
    [
        ("Golden Glory: Mills and Clark's Sailing Dream Comes True!",) * 2,
        ('"Behind the Bars of Nauru: A Chilling Exposé"', "Behind the Bars of Nauru: A Chilling Exposé"),
    ],
)
def test_an_ai_rewriters_headline_is_the_title_not_a_sentence(headline: str, title: str) -> None:
    """Llama rewrites open on a headline ending in '!' or wrapped in quotes: read as the first
    sentence, it was 'added' and its words 'unsupported' (a quote, a name 'Golden Glory')."""
    article = read_string(f"{headline}\n\n{STORY}", "page.txt")
    assert article.title == title and article.text == STORY


def test_a_first_line_exclaiming_in_sentence_case_is_a_sentence() -> None:
    line = "The council has finally approved the new bridge over the river!"
    assert read_string(f"{line}\n\n{STORY}", "page.txt").title is None


def test_an_article_survives_pickling_as_the_read_ahead_process_sends_it() -> None:
    """Sentences pickle by their fields (`Sentence.__reduce__`, faster to load than a slotted
    dataclass's state); an article read back is the article sent."""
    article = from_text("Rain hit the town on Monday. Roads closed, the council said.\nMore rain is due.", "a.txt")
    back = pickle.loads(pickle.dumps(article, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == article and [s.text for s in back.sentences] == [s.text for s in article.sentences]
    assert all(back.text[s.start : s.end] == s.text for s in back.sentences)


def test_a_wire_dateline_opening_the_lede_and_a_byline_in_capitals_are_read_as_chrome() -> None:
    """An extraction review: a wire story whose first line opens 'KORTRIJK, Belgium (Reuters) - '
    or 'ISTANBUL (AP) — ' was an edited copy of the story without it (the rule read a dateline on
    a line of its own only); 'By Seán Ó Briain' stayed a sentence (a name's capital had to be
    A-Z); AP's byline came out in capitals."""
    lede = "Belgian cyclist Antoine Demoitie died after a crash with a motorbike, his team said on Monday."
    wire = read_string(f"KORTRIJK, Belgium (Reuters) - {lede} He was 25.", "wire.txt")
    assert wire.sentences[0].text == lede and [d.reason for d in wire.dropped_chrome] == ["dateline"]
    ap = read_string(f"Cyclist dies after crash\nBy SUZAN FRASER, Associated Press\nISTANBUL (AP) — {lede}", "ap.txt")
    assert ap.title == "Cyclist dies after crash" and ap.byline == "Suzan Fraser, Associated Press"
    assert ap.sentences[0].text == lede
    bbc = read_string(f"Cyclist dies\nBy Steven McKenzie BBC Scotland Highlands and Islands reporter\n{lede}", "b.txt")
    assert bbc.byline == "Steven McKenzie"
    irish = read_string(f"Foster to meet language groups\nBy Seán Ó Briain\n{lede}", "ie.txt")
    assert irish.byline == "Seán Ó Briain" and irish.sentences[0].text == lede


def test_a_page_saved_with_the_next_story_under_it_gives_its_own_story() -> None:
    """An extraction review: a 'continuous scroll' page saved with a longer story after its own
    gave that story's text under its own title, byline and date (trafilatura takes the longest
    text), so a verbatim copy of the page's story read `unrelated`. The article headed by the
    page's title is the page's story."""
    own = " ".join(["A man has died after a crash at a junction in Leigh-on-Sea on Sunday morning."] * 3)
    other = " ".join(["Residents have reacted with anger to plans for a new retail park near the seafront."] * 12)
    page = (
        '<html><head><title>Man dies in crash | Evening Star</title>'
        '<meta property="og:title" content="Man dies in crash"></head><body><main>'
        f"<article><h1>Man dies in crash</h1><div><p>{own}</p></div></article>"
        '<div class="next">Next article</div>'
        f"<article><h1>Residents react to plans</h1><div><p>{other}</p><p>{other}</p></div></article>"
        "</main></body></html>"
    )
    article = from_html(page)
    assert article.title == "Man dies in crash" and article.text.split() == own.split()
    # an <article> around the headline alone, the story outside it: the whole page, as before
    header_only = page.replace(f"<div><p>{own}</p></div></article>", f"</article><div><p>{own}</p></div>")
    assert own.split()[:10] == from_html(header_only).text.split()[:10]


def test_a_front_page_of_story_teasers_is_no_article() -> None:
    """An extraction review: a home page of cards (a headline, then each story's first words cut
    short with '...') passed the link-list check, its summaries being no link text, and two sites'
    fronts carrying the same wires compared at 0.49, a hair under derived."""
    cards = "".join(
        f"<div class='card'><h3><a href='/s/{n}'>Story {n} headline here</a></h3>"
        f"<p>{lede} in the town on Saturday and police have appealed for witnesses to come forward and...</p></div>"
        for n, lede in enumerate(["A fire broke out", "A man was hurt", "Two cars crashed", "A shop was robbed"])
    )
    with pytest.raises(InputError, match="teasers"):
        from_html(f"<html><head><title>Top stories</title></head><body>{cards}</body></html>", "front.html")
    story = "<p>" + " ".join(["A fire broke out in the town on Saturday, police said."] * 8) + "</p>"
    assert from_html(f"<html><body><h1>Fire</h1>{story}<p>More to follow...</p></body></html>").sentences


def test_a_saved_page_cut_short_is_read_with_a_warning_naming_it(caplog: pytest.LogCaptureFixture) -> None:
    """An extraction review: an HTML file cut off mid-word was read as complete, its broken last
    word a sentence, and `compare` then reported the missing text as dropped by the copy."""
    story = " ".join(["A fire broke out in the town on Saturday, police said."] * 8)
    whole = f"<html><body><h1>Fire</h1><p>{story}</p></body></html>".encode()
    with caplog.at_level("WARNING", logger="wiretrace.ingest"):
        read_bytes(whole, "whole.html")
        assert not caplog.records
        read_bytes(whole[: len(whole) - 40], "cut.html")
    warned = [r.getMessage() for r in caplog.records]
    assert warned == ["cut.html: the page ends before </body> or </html>: it may be cut short"]


STORM = (
    "<p>A late-winter storm knocked out power to more than 40,000 homes and businesses across southern "
    "Maine on Sunday, utility officials said.</p><p>Central Maine Power said crews from three states were "
    "working to restore service, but warned that some customers could be without electricity until Tuesday.</p>"
)


def test_a_byline_the_page_states_only_in_its_text_is_read_with_its_date() -> None:
    """A byline in a plain element ('By Jane Q. Smith, Staff Writer | March 3, 2024') was dropped
    with the page's chrome and never read: the article had no byline, and a pasted copy of the
    page kept the date in it ('... Staff Writer | March 3, 2024'). The date is the page's too."""
    page = (
        "<html><head><title>Storm cuts power | Example News</title></head><body>"
        "<aside><p>By Tom Other | Related story</p></aside>"
        '<article><h1>Storm cuts power</h1><p class="meta">By Jane Q. Smith, Staff Writer | March 3, 2024</p>'
        f"{STORM}</article></body></html>"
    )
    for html in (page, '<?xml version="1.0" encoding="utf-8"?>\n' + page):  # XHTML saved with its declaration
        article = from_html(html, "storm.html")
        assert (article.byline, article.published) == ("Jane Q. Smith, Staff Writer", "2024-03-03")
        assert "Jane" not in article.text
    pasted = read_string("Storm cuts power\nBy Jane Q. Smith, Staff Writer | March 3, 2024\n\n" + STORY, "storm.txt")
    assert (pasted.byline, pasted.published) == ("Jane Q. Smith, Staff Writer", "2024-03-03")


def test_a_pasted_page_is_dated_by_its_publication_line_only() -> None:
    """'Published: ...' and 'Posted on ...' lines date a pasted page as they date an HTML one
    (69 of ECB+'s 772 texts carry one); 'Last updated ...' is another date and dates nothing."""
    assert read_string("Published: May 3, 2013\n\n" + STORY, "a.txt").published == "2013-05-03"
    assert read_string("Posted on Thu Jun 13, 2013 08: 45 AM PDT\n\n" + STORY, "b.txt").published == "2013-06-13"
    assert read_string("Last updated: May 3, 2013\n\n" + STORY, "c.txt").published is None
    given = read_string("Published: May 3, 2013\n\n" + STORY, "d.txt", published="2013-05-01")
    assert given.published == "2013-05-01"  # the record's own date wins


def test_a_sentence_opening_on_by_and_a_day_is_no_byline() -> None:
    """'By Sunday, the storm had passed.' matched the byline rule (a capitalised word, a comma,
    anything): a short paragraph of the story was dropped as chrome and its words taken for a name."""
    article = read_string(STORY + "\nBy Sunday, the storm had passed.\n", "x.txt")
    assert article.byline is None and article.sentences[-1].text == "By Sunday, the storm had passed."


@pytest.mark.parametrize(
    ("text", "dateline", "lede"),
    [
        ("Madrid, 17 jun (EFE).- El Banco de España ha elevado su previsión.", "Madrid, 17 jun (EFE).-", "El Banco"),
        ("Paris, 26 mars 2025 (AFP) - La Banque de France a relevé sa prévision.", "Paris, 26 mars 2025 (AFP) -", "La"),
        ("Berlin (dpa) - Die Bundesbank hat ihre Prognose angehoben.", "Berlin (dpa) -", "Die Bundesbank"),
        ("القاهرة (رويترز) - رفع البنك المركزي المصري أسعار الفائدة.", "القاهرة (رويترز) -", "رفع البنك"),
        ("МОСКВА, 7 февраля. /ТАСС/. Центральный банк сохранил ставку.", "МОСКВА, 7 февраля. /ТАСС/.", "Центральный"),
        ("新华社北京4月16日电 国家统计局16日发布数据显示，一季度增长5.4%。", "新华社北京4月16日电", "国家统计局"),
    ],
)
def test_datelines_of_other_agencies_are_no_sentence_of_the_story(text: str, dateline: str, lede: str) -> None:
    """Only English wires' datelines ('LONDON (Reuters) -') were dropped; EFE's, AFP's, dpa's,
    TASS's, Xinhua's stayed the first words of the lede, so a rewrite without them opened on
    another sentence, and an AFP story's farm rewrite was judged unrelated (its lede 'named
    another subject'). The Chinese lede, short in words, was also taken for the headline."""
    article = from_text(text + "\n\n" + "Second paragraph of the story follows here.")
    assert [(d.text, d.reason) for d in article.dropped_chrome] == [(dateline, "dateline")]
    assert article.sentences[0].text.startswith(lede) and article.title is None


def test_a_stray_nul_is_taken_out_and_utf16_without_its_mark_is_named(caplog: pytest.LogCaptureFixture) -> None:
    """A hostile-input review: one NUL byte in a page or a text refused it all as binary, and UTF-16
    saved without its byte-order mark was called binary with nothing said of what it was."""
    story = "The council approved the budget on Monday after a long debate. Spending rises by 4 percent."
    with caplog.at_level("WARNING", logger="wiretrace"):
        article = read_bytes(story.replace("Monday", "Mon\x00day").encode(), "one.txt", suffix=".txt")
    assert article.text == story and "NUL bytes taken out" in caplog.text
    page = f"<html><body><article><p>{story}</p>\x00</article></body></html>".encode()
    assert read_bytes(page, "one.html", suffix=".html").text == story
    with pytest.raises(InputError, match="UTF-16 without a byte-order mark"):
        read_bytes(story.encode("utf-16-le"), "wide.txt", suffix=".txt")
    with pytest.raises(InputError, match=r"binary content \(NUL bytes\)"):
        read_bytes(bytes(range(256)) * 40, "noise.txt", suffix=".txt")


def test_a_json_array_of_records_is_refused_as_one_article_and_named_a_collection() -> None:
    """A hostile-input review: a dump written as one JSON array was 'JSON input must be an object';
    `compare` and `extract` take one article, and say the array is a collection to index."""
    dump = json.dumps([{"id": "a", "text": "Rain hit the town on Monday."}, {"id": "b", "text": "Roads closed."}])
    with pytest.raises(InputError, match=r"a JSON array of records, not one article \(index it with `index add`\)"):
        read_bytes(dump.encode(), "dump.json", suffix=".json")
    with pytest.raises(InputError, match="must be an object"):
        read_bytes(b"[1, 2, 3]", "numbers.json", suffix=".json")


def test_json_nested_past_reading_is_one_error_and_a_page_keeps_its_article() -> None:
    """A hostile-input review: a .json article nested 100,000 deep ended `compare`, `query` and
    `extract` in a RecursionError traceback; a page's JSON-LD so nested would have too."""
    deep = "[" * 100_000 + "]" * 100_000
    with pytest.raises(InputError, match=r"deep\.json: JSON nested too deeply to read"):
        read_bytes(f'{{"text": {deep}}}'.encode(), "deep.json", suffix=".json")
    page = (f'<html><head><script type="application/ld+json">{deep}</script></head><body><article>'
            "<p>The council approved the budget on Monday after a long debate.</p></article></body>")  # fmt: skip
    assert read_bytes(page.encode(), "page.html", suffix=".html").text.startswith("The council approved")


def test_a_short_japanese_page_is_an_article_and_keeps_its_capitals() -> None:
    """A crawl researcher's review: a six-sentence Japanese story was rejected as 'no article text
    found' (its words counted by spaces: one), and a text whose only Latin letters are 'JR' was read
    as written in capitals and lost them ('jr山手線')."""
    story = (
        "気象庁によると、東京都心では十二日午後から激しい雨が降り、一時間に五十ミリを超える雨量を観測した。"
        "この影響で、JR山手線や東京メトロの一部区間で運転の見合わせが相次いだ。"
        "帰宅時間帯と重なったため、主要な駅では多くの利用者が足止めされた。"
        "東京消防庁によると、これまでにけが人の情報は入っていないという。"
    )
    page = f"<html lang='ja'><head><title>東京で大雨</title></head><body><article><p>{story}</p></article></body>"
    article = from_html(page, "ja.html")
    assert article.text == story and len(article.sentences) == 4 and "JR山手線" in article.sentences[1].text
    with pytest.raises(InputError, match="no article text found"):
        from_html("<html><body><article><p>東京で大雨</p></article></body></html>", "short.html")


def test_page_furniture_in_other_languages_is_dropped_and_dates_the_page() -> None:
    """Pasted Spanish, French and German pages kept their bylines, 'Publicado:' stamps, share
    buttons, 'Lee también:' links, 'Te puede interesar' lists, tags and rights notices as story
    sentences (a verbatim copy read as an edited copy with 'Facebook' an invented name); an
    HTML page's time line left '· Updated: 17/06/2025 14:05' as its first sentence."""
    pages = {
        "es": ("Por María López | 17/06/2025", "Publicado: 17/06/2025 12:30", "Compartir en Facebook",
               "Lee también: El Ibex 35 cierra con una subida del 0,8 %", "Te puede interesar",
               "La afiliación bate un récord en mayo", "Etiquetas: Banco de España, PIB",
               "© 2025 El Noticiero. Todos los derechos reservados."),
        "fr": ("Par Marie Dupont | 17/06/2025", "Publié le 17/06/2025 à 12h30", "Partager sur X",
               "Lire aussi : Le CAC 40 termine en hausse", "À lire également", "L'emploi bat un record en mai",
               "Mots-clés : Banque de France, PIB", "Tous droits réservés."),
        "de": ("Von Anna Weber | 17.06.2025", "Veröffentlicht: 17.06.2025, 12:30 Uhr", "Auf Facebook teilen",
               "Lesen Sie auch: DAX schließt höher", "Das könnte Sie auch interessieren",
               "Rekord bei der Beschäftigung im Mai", "Schlagworte: Bundesbank, BIP",
               "© 2025 Tagesblatt. Alle Rechte vorbehalten."),
    }  # fmt: skip
    story = "The central bank raised its forecast on Tuesday, citing strong spending.\n\nIt kept its estimate for 2026."
    for byline, stamp, share, read_also, header, listed, tags, rights in pages.values():
        text = "\n".join(["Headline of the story", byline, stamp, "", story, "", share, "", read_also, "",
                          header, listed, "", tags, rights])  # fmt: skip
        article = from_text(text)
        assert [s.text for s in article.sentences] == [
            "The central bank raised its forecast on Tuesday, citing strong spending.", "It kept its estimate for 2026."
        ]  # fmt: skip
        assert article.published == "2025-06-17" and (article.byline or "").split()[0] in ("María", "Marie", "Anna")
    lede = "The central bank raised its forecast on Tuesday, citing strong spending by households and tourists."
    page = (
        "<html><body><article><h1>Bank raises forecast</h1><p>· Updated: 17/06/2025 14:05</p>"
        f"<p>{lede}</p><p>It kept its estimate for 2026, the bank said in its quarterly report.</p>"
        "</article></body></html>"
    )
    assert from_html(page).sentences[0].text == lede


def test_page_furniture_of_print_lite_and_archived_pages_is_dropped_and_dates_them() -> None:
    """A review of pages as served: a byline dated after a dash ('By Tom O'Reilly – 20 January
    2005') and a date line with a bullet ('February 24, 2016 • 10:40 AM ET') stayed story
    sentences (a verbatim copy read as edited, its byline an unsupported name); the byline's date
    dates the page (a bare date line does not: it dated 192 ECB+ reports and made the index link
    more of them, BENCHMARKS.md); a Wayback Machine capture's site
    was web.archive.org, so `sites` listed the archive as a copier; a syndicated copy's 'Originally
    published by Reuters ... Republished under licence.' was three added sentences with 'Reuters' an
    unsupported name."""
    story = "Time Warner said its profits rose by 76% in the three months to December.\n\nIt said so on Wednesday."
    for head, byline, day in (("By Tom O'Reilly – 20 January 2005", "Tom O'Reilly", "2005-01-20"),
                              ("February 24, 2016 • 10:40 AM ET", None, None),
                              ("Tuesday 29 November 2011", None, None)):  # fmt: skip
        article = from_text(f"Time Warner profits rise\n{head}\n\n{story}")
        assert article.sentences[0].text.startswith("Time Warner said") and len(article.sentences) == 2
        assert (article.byline, article.published) == (byline, day)
    assert from_text(f"Time Warner profits rise\nLast updated 3 March 2016\n\n{story}").published is None
    capture = "https://web.archive.org/web/20150115093012/https://www.techdigest.example/2015/01/mosley/"
    page = (f'<html><head><link rel="canonical" href="{capture}"><title>Mosley sues</title></head><body>'
            f"<article><h1>Mosley sues</h1><p>{story.split(chr(10))[0]} It was the best quarter in its history.</p>"
            "<p>It said so in a statement released on Wednesday in New York.</p></article></body></html>")  # fmt: skip
    assert from_html(page).site == "techdigest.example"
    credited = from_text(f"{story}\n\nOriginally published by Reuters. Reporting by Caracas newsroom; Editing by Ron "
                         "Askew. Republished under licence.")  # fmt: skip
    assert len(credited.sentences) == 2 and credited.dropped_chrome[-1].reason == "credit"
    # a licensing review: a client's verbatim carry read as edited, its credit an invented claim
    for credit in ("This story was provided by Associated Press.", "Content provided by Reuters",
                   "This article is syndicated by The Conversation."):  # fmt: skip
        carried = from_text(f"{story}\n\n{credit}")
        assert len(carried.sentences) == 2 and carried.dropped_chrome[-1].reason == "credit", credit
    story_line = from_text(f"{story}\n\nThe report was provided by the ministry to lawmakers, who said it was late.")
    assert len(story_line.sentences) == 3  # a story's sentence saying who provided a report stays


def test_one_compressed_page_is_read_by_every_command_as_index_add_reads_it(tmp_path: Path) -> None:
    """A pages review: `index add` read `page.html.gz` and linked it, but `extract`, `compare` and
    `query` refused it as 'binary content (gzip-compressed data)', so an indexed article could not
    be inspected. A cut one is named as a cut gzip."""
    html = "<html><body><article><h1>Floods</h1>" + "<p>Rain hit Newton Stewart on Monday and roads shut.</p>" * 3
    page = tmp_path / "page.html.gz"
    page.write_bytes(gzip.compress((html + "</article></body></html>").encode()))
    article = read_path(page)
    assert article.title == "Floods" and article.id == str(page.resolve()) and article.sentences
    (tmp_path / "cut.html.gz").write_bytes(page.read_bytes()[:20])
    with pytest.raises(InputError, match="truncated or corrupt gzip"):
        read_path(tmp_path / "cut.html.gz")


def test_a_live_page_is_dated_by_its_last_update_and_titled_by_its_own_headline() -> None:
    """A pages review: a live blog dated by its start (11:30) that posted a wire story at 13:20 came
    before the wire's 12:10 and was taken for its origin, and its title was an update's ('16:45')."""
    updates = [{"@type": "BlogPosting", "headline": t, "datePublished": f"2017-01-11T{t}:00Z", "articleBody": "..."}
               for t in ("16:45", "13:20", "11:35")]  # fmt: skip
    ld = {"@context": "https://schema.org", "@type": "LiveBlogPosting", "headline": "LIVE: Council tax decisions",
          "datePublished": "2017-01-11T11:30:00Z", "coverageStartTime": "2017-01-11T11:30:00Z",
          "liveBlogUpdate": updates}  # fmt: skip
    body = "".join(f"<article><h2>{t}</h2><p>Councillors in Paisley met on {t} to set the council tax.</p>"
                   "<p>The leader said no decision had yet been taken on a rise, and unions would be met.</p></article>"
                   for t in ("16:45", "13:20", "11:35"))  # fmt: skip
    page = f'<html><head><script type="application/ld+json">{json.dumps(ld)}</script></head><body>{body}</body></html>'
    article = from_html(page)
    assert (article.title, article.published) == ("LIVE: Council tax decisions", "2017-01-11T16:45:00Z")


def test_a_datelines_agency_is_read_in_capitals_and_without_its_place() -> None:
    """A licensing review: 'BRUSSELS (REUTERS) -' and a client's '(AP) — ' stayed in the story's
    first sentence, so a copy was no `copy` and its credit was read as the text's, not a dateline."""
    story = "The European Commission fined Google 2.4 billion euros on Tuesday. The company said it would appeal."
    for dateline in ("BRUSSELS (REUTERS) -", "(AP) —", "Brussels, June 27 (Reuters) -"):
        article = from_text(f"{dateline} {story}")
        assert [(d.text, d.reason) for d in article.dropped_chrome] == [(dateline, "dateline")], dateline
        assert article.sentences[0].text.startswith("The European Commission")
    assert from_text("The talks (AP) were held on Tuesday. Officials said more.").dropped_chrome == []
    # a hostile review: a place, a comma and 240 spaces (or 'He said' and tabs) took the dateline
    # patterns 30-60 s, their parts each able to take the spaces; read at once now, as datelines with
    # a day or none read
    for line in ("Boston," + " " * 400, "He said" + " \t" * 2000, "LONDON," + " " * 2000, "MOSCOW, " * 300):
        assert from_text(f"{line} {story}").sentences[-1].text == "The company said it would appeal."
    for dateline in ("LONDON, (Reuters) -", "Boston, /PRNewswire/ --", "МОСКВА, 7 февраля. /ТАСС/."):
        assert [d.text for d in from_text(f"{dateline} {story}").dropped_chrome] == [dateline], dateline


def test_an_indexed_live_page_is_read_as_its_updates_each_dated_by_its_own_time(tmp_path: Path) -> None:
    """A content farm lifting a live blog's 11:35 update was taken for its origin: the page was one
    article dated by its last update (16:45). Read for an index, the page is its updates, earliest
    first, each an article of its own; `compare` of the page file still reads it whole."""
    from wiretrace.readers import read_collection

    texts = [(EXAMPLES / "l2r" / f"00{n}-source.txt").read_text().split(". ") for n in range(3)]
    first, second, third = (". ".join(t[:4]) + "." for t in texts)
    html = live_page_html("LIVE: Scotland's day", [
        ("11:35", first, None),
        ("13:20", second.replace(". ", ".</p><p>", 1), "https://news.example/live/scotland#block-2"),
        ("16:45", third, None),
        ("17:00", "Stay with us for more on this story.", None),  # a note, not an article
    ])  # fmt: skip
    path = tmp_path / "live.html"
    path.write_text(html)
    read = list(read_collection(path))
    assert [(a.id, a.published, a.title) for a in read] == [
        (f"{path}#update-2017-01-11T11:35:00Z", "2017-01-11T11:35:00Z", "11:35"),
        ("https://news.example/live/scotland#block-2", "2017-01-11T13:20:00Z", "13:20"),
        (f"{path}#update-2017-01-11T16:45:00Z", "2017-01-11T16:45:00Z", "16:45"),
    ]
    assert read[0].text == first and read[1].text == second.replace(". ", ".\n\n", 1)
    whole = read_path(path)  # one page to compare: the page as its reader sees it
    assert (whole.title, whole.published) == ("LIVE: Scotland's day", "2017-01-11T17:00:00Z")
    # a live-blog review: crawled again with the 11:35 update taken down and one added, the other
    # updates keep their ids (numbered from the earliest, the 13:20 update had become #update-1)
    path.write_text(live_page_html("LIVE: Scotland's day", [
        ("13:20", second, None), ("16:45", third, None), ("18:00", first.replace("Newton", "Old Newton"), None)]))
    again = [a.id for a in read_collection(path)]
    assert again[:2] == [f"{path}#update-2017-01-11T13:20:00Z", f"{path}#update-2017-01-11T16:45:00Z"]


def test_a_live_page_is_read_whole_when_an_update_gives_no_text_and_in_every_json_ld_shape() -> None:
    """A live-blog review: an update whose text is only in the page's body (its JSON-LD gives a
    headline alone) was dropped; a page read whole loses nothing. Undated updates are named by their
    text, whatever their order; a LiveBlogPosting as a WebPage's `mainEntity`, or in a script
    wrapped as CDATA, is a live page too."""
    texts = [(EXAMPLES / "l2r" / f"00{n}-source.txt").read_text() for n in range(2)]
    html = live_page_html("LIVE: Scotland's day", [("11:35", texts[0], None), ("13:20", texts[1], None)])
    page = from_html(html.replace('"articleBody": ' + json.dumps(texts[1]), '"text": "x"'))
    assert page.live_updates == []
    listed_otherwise = live_page_html("LIVE", [("13:20", texts[0], None), ("11:35", texts[1], None)])
    ids = []
    for page_html in (html, listed_otherwise):
        undated = re.sub(r'"datePublished": "[^"]*", ', "", page_html)
        ids.append({a.id for a in live_update_articles(from_html(undated, id="p"))})
    assert ids[0] == ids[1] and len(ids[0]) == 2 and all(re.fullmatch(r"p#update-[0-9a-f]{12}", i) for i in ids[0])
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1)
    for wrapped in (json.dumps({"@type": "WebPage", "mainEntity": json.loads(ld)}), f"//<![CDATA[\n{ld}\n//]]>"):
        shaped = html.replace(ld, wrapped)
        assert len(from_html(shaped).live_updates) == 2, wrapped[:40]


def test_a_gallery_or_paged_story_keeps_its_controls_out_of_the_text() -> None:
    """A pages review: a gallery's '1/8' ... '8/8', '‹ Previous', 'Next ›', 'View full screen' and
    a paged story's 'Continued on next page' were story sentences ('8' an unsupported figure eight
    times). Prose that opens with such a word stays ('Next week the council ...')."""
    story = "A kiwi was found in a garden in Bulford on Monday.\n\nNext week the council will meet again to decide."
    controls = ["1/8", "‹ Previous", "Next ›", "View full screen", "More galleries", "Continued on next page",
                "Page 2 of 3", "Photo 3 of 8"]  # fmt: skip
    article = from_text(story + "\n\n" + "\n".join(controls))
    assert [s.text for s in article.sentences] == story.split("\n\n")
    assert [d.text for d in article.dropped_chrome] == controls


def test_a_style_sheet_or_script_without_a_suffix_is_no_article(tmp_path: Path) -> None:
    """A pages review: a browser's 'Save page as' folder held Google Fonts' style sheet saved as
    `css`, with no suffix; a directory walk read it by its first bytes and indexed
    '@font-face{font-family:...}' as an article."""
    for name, code in (("css", "@font-face{font-family:'Roboto';src:url(https://fonts.example/x.woff2)}"),
                       ("style", "body{margin:0;padding:0}\n.nav a{color:#333}"),
                       ("app", "!function(e){var t={};function n(r){return t[r]}}([]);")):  # fmt: skip
        (tmp_path / name).write_text(code)
        with pytest.raises(InputError, match="code"):
            read_path(tmp_path / name)
    assert from_text("Let me be clear: the budget is set. Function rooms were booked; the mayor agreed.").sentences


def test_a_syndicated_page_is_not_given_the_address_its_canonical_link_credits() -> None:
    """A licensing review: client pages whose canonical link names the wire's page (as syndication
    asks) were given the wire's address and site, so a client's carry read as the wire's own page,
    and one with the wire's text was skipped as that page again. A page naming itself another site
    than its canonical link's host keeps its own name and no address."""
    from wiretrace.sites import names_host

    story = ("<p>Rain hit Newton Stewart on Monday and the roads into the town were shut by the police.</p>"
             "<p>The council said repairs to the bridge would take until the end of the month.</p>")  # fmt: skip

    def page(site_name: str) -> str:
        return (f'<html><head><meta property="og:site_name" content="{site_name}">'
                '<link rel="canonical" href="https://apnews.com/article/floods-0007a1b2"><title>Floods</title></head>'
                f"<body><article><h1>Floods</h1>{story}</article></body></html>")  # fmt: skip

    carried = from_html(page("SFGATE"))
    assert (carried.site, carried.url) == ("SFGATE", None)
    for own in ("AP News", "Associated Press", "The Associated Press"):
        wire = from_html(page(own))
        assert (wire.site, wire.url) == ("apnews.com", "https://apnews.com/article/floods-0007a1b2"), own
    assert from_html(page("SFGATE"), url="https://www.sfgate.com/news/floods").site == "sfgate.com"
    assert names_host("New York Times", "nytimes.com") and names_host("The Guardian", "www.theguardian.com")
    assert names_host("BBC News", "bbc.co.uk") and not names_host("Daily Herald", "reuters.com")
    # a second licensing review: a content farm's hyphenated host and an agency's regional edition
    # lost their own address, their name not spelt as the host's first label
    assert names_host("Velo Gossip", "www.velo-gossip.com") and names_host("Reuters", "uk.reuters.com")
    assert not names_host("Coastal Times", "herald.co.uk")
    farm = page("Velo Gossip").replace("https://apnews.com/article/floods-0007a1b2", "https://www.velo-gossip.com/x")
    assert from_html(farm).url == "https://www.velo-gossip.com/x"


def test_an_agency_credited_in_json_ld_is_in_the_byline() -> None:
    """A licensing review: JSON-LD crediting the agency (an Organization author) was ignored, so a
    story credited to Associated Press alone had no byline, and one credited to a reporter and the
    agency lost the agency: the one thing that tells a credited carry from an uncredited copy."""
    story = ("<p>Rain hit Newton Stewart on Monday and the roads into the town were shut by the police.</p>"
             "<p>The council said repairs to the bridge would take until the end of the month.</p>")  # fmt: skip

    def page(authors: list[dict[str, str]], meta: str = "") -> str:
        ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Floods",
                         "author": authors})  # fmt: skip
        return (f'<html><head>{meta}<script type="application/ld+json">{ld}</script><title>Floods</title></head>'
                f"<body><article><h1>Floods</h1>{story}</article></body></html>")  # fmt: skip

    agency = {"@type": "Organization", "name": "Associated Press"}
    assert from_html(page([agency])).byline == "Associated Press"
    both = page([{"@type": "Person", "name": "Mark Ellison"}, agency], '<meta name="author" content="Mark Ellison">')
    assert from_html(both).byline == "Mark Ellison, Associated Press"
    assert from_html(page([{"@type": "Person", "name": "Mark Ellison"}])).byline == "Mark Ellison"


def test_words_a_pages_style_sheet_hides_inside_sentences_are_not_read() -> None:
    """An evasion review: junk words in '<span class="x">' with '.x{display:none}' in the page's
    style sheet were read into a copied story (a verbatim copy became a 'rewrite' with changed
    quotes). A hidden block ('Read more', expanded by a click) and a rule of one screen size
    (`@media`) hide no story text."""
    style = ("<style>.x, span.y {display: none} @media (max-width: 600px) { .desktop { display:none } }"
             ".collapsed{visibility:hidden}</style>")  # fmt: skip
    story = ('<p class="desktop">The <span class="x">cobalt harbor</span>council voted on the <span class="y">'
             "alarming</span> budget on Monday night after a long debate about the city's schools.</p>"
             '<div class="collapsed"><p>The mayor said the vote was a victory for every family.</p></div>')  # fmt: skip
    page = f"<html><head>{style}<title>Council votes</title></head><body><article>{story}</article></body></html>"
    article = from_html(page, "farm.html")
    assert "The council voted on the budget on Monday night" in article.text
    assert "cobalt" not in article.text and "alarming" not in article.text
    assert "The mayor said the vote was a victory for every family." in article.text
    # a benign-text review: a 'Read more' span, a class a later rule shows again, a print sheet
    more = ('<p>The council voted on Monday.<span id="more"> The mayor said the vote was a victory for every '
            'family in the city.</span> <span class="fig">4%</span> <span class="p">rise</span> was agreed.</p>')
    sheets = ("<style>#more{display:none} .fig{display:none} .fig{display:inline}</style>"
              '<style media="print">.p{display:none}</style>')  # fmt: skip
    read = from_html(f"<html><head>{sheets}</head><body><article>{more}</article></body></html>", "p.html")
    assert "victory for every family in the city." in read.text and "4% rise was agreed" in read.text


def test_what_a_style_keeps_out_of_sight_is_not_read_but_what_it_shows_is() -> None:
    """Hidden text the evasion reviews left open: a paragraph of another story in letters of no
    size or thousands of pixels off the screen, and junk words styled transparent, invisible or
    sizeless inside sentences, were read. A sizeless container whose children set their size again
    (the trick that closes gaps between inline blocks), a fade-in paragraph a script shows, and
    letters at 0.8em are shown, and read."""
    story = "".join(f"<p>The council voted on the budget on Monday, sentence {n} of the story.</p>" for n in range(4))
    other = "Kenyan runners won every medal at the cross-country championships in Nairobi."
    styles = ["opacity: 0", "visibility:hidden", "font-size:0px", "clip: rect(0 0 0 0)"]
    junk = "".join(f'<p>The mayor <span style="{style}">cobalt harbor</span>praised the vote, said aide {n}.</p>'
                   for n, style in enumerate(styles))  # fmt: skip
    page = (f'<html><head><style>.z{{font-size:0}}</style></head><body><article>{story}{junk}'
            f'<p style="font-size:0">{other}</p><div style="position:absolute; left:-9999px">{other}</div>'
            '<p>Turnout was <span class="z">zebra</span>high.</p></article></body></html>')  # fmt: skip
    article = from_html(page, "farm.html")
    assert "Kenyan" not in article.text and "sentence 3 of the story" in article.text
    assert "cobalt" not in article.text and "zebra" not in article.text
    assert "praised the vote, said aide 3." in article.text and "Turnout was high." in article.text
    shown = (f"<html><body><article>{story}"
             '<div style="font-size:0"><span style="font-size:16px">The mayor praised the vote on Tuesday.</span></div>'
             '<div class="fade" style="opacity:0">Residents welcomed the decision in a poll that week.</div>'
             '<p style="font-size:0.8em; left:-100px">The next meeting is in March.</p>'
             "</article></body></html>")  # fmt: skip
    kept = from_html(shown, "page.html").text
    assert all(s in kept for s in ("praised the vote on Tuesday", "Residents welcomed", "The next meeting is in March"))


def test_what_a_browser_never_shows_is_not_read_but_a_collapsed_section_is() -> None:
    """A second evasion review: a farm page held another wire story's paragraphs in a `<div hidden>`
    and a `<template>`; read with them, its copy of one story joined the other's family. A
    collapsed `<details>` opens on a click: the story's."""
    story = "".join(f"<p>The council voted on the budget on Monday, sentence {n} of the story.</p>" for n in range(4))
    other = "<p>Kenyan runners won every medal at the cross-country championships in Nairobi.</p>"
    page = (f"<html><body><article>{story}<div hidden>{other}</div><template>{other}</template>"
            "<details><summary>More</summary><p>The mayor praised the vote on Tuesday.</p></details>"
            "</article></body></html>")  # fmt: skip
    article = from_html(page, "farm.html")
    assert "Kenyan" not in article.text and "sentence 3 of the story" in article.text
    assert "The mayor praised the vote on Tuesday." in article.text


def test_a_press_releases_furniture_is_chrome_and_its_story_is_kept() -> None:
    """A churnalism review: a release's distributor dateline, 'About Acme Corp', forward-looking
    statements, contacts, 'SOURCE Acme Corp', '###', 'ENDS', notes to editors and an embargo line
    were read as story: compared with a copy trimmed of them, the release 'dropped' 19 sentences,
    and a copy keeping them stated a phone number and a law of 1995 as unsupported facts. The
    embargo line was taken for the headline."""
    release = read_path(FIXTURES / "press" / "acme-release.txt")
    reasons = {d.text.split("\n")[0]: d.reason for d in release.dropped_chrome}
    for line in ("BOSTON, March 4, 2025 /PRNewswire/ --", "About Acme Corp", "Forward-Looking Statements",
                 "Media contact:", "+1 617 555 0142", "SOURCE Acme Corp", "###"):  # fmt: skip
        assert reasons.get(line) in ("press-release", "dateline"), line
    assert release.sentences[0].text.startswith("Acme Corp (NASDAQ: ACME), a provider")
    assert "investors.acmecorp.com" in release.sentences[-1].text and "1995" not in release.text
    study = read_path(FIXTURES / "press" / "uni-release.txt")
    assert study.title.startswith("Daily 20-minute walk") and "EMBARGOED" not in study.text
    assert study.sentences[-1].text.startswith("The research was funded") and "0191" not in study.text
    lines = ("Story words " * 30).strip() + ".\n\nAbout the only thing left is the weather.\nIt rained.\n"
    assert "About the only thing" in strip_chrome(lines).text  # a sentence, not a heading
    boiler = read_path(FIXTURES / "press" / "acme-copy-boiler.txt")
    assert boiler.byline and "1995" not in boiler.text
    # a second review: other distributors' datelines, and contacts' lines under a heading or alone
    story = "Lumora Technologies, Inc. (Nasdaq: LMRA), a maker of home devices, today announced a thermostat."
    datelines = ("SAN JOSE, Calif., Nov. 24, 2026 (GLOBE NEWSWIRE) -- ",
                 "ST. PAUL, Minn.--(BUSINESS WIRE)--Nov. 5, 2026-- ")  # fmt: skip
    for dateline in datelines:
        assert from_text(f"Lumora unveils Halo X2\n\n{dateline}{story}").sentences[0].text == story
    furniture = ("Press release from The Larder Trust\n\n" + story + " " + "More words of the story follow here. " * 6
                 + "\n\nFor further information, case studies or interviews please contact:\n"
                 "Media team: 020 7946 0321 / media@lardertrust.org.uk\nOut of hours: 07700 900 123\n\n"
                 "Media contact: West Yorkshire Police Press Office\nTelephone: 01924 292 000\n"
                 "Email: press.office@westyorkshire.police.uk\n\nInvestors: Tom Brandt, +1 612-555-0198, "
                 "ir@halvorsenfoods.com\n\nSOURCE Halvorsen Foods Inc.")  # fmt: skip
    kept = from_text(furniture).text
    assert kept.startswith("Lumora Technologies") and kept.endswith("follow here.")


def test_chrome_bounds_a_list_ends_at_a_twelve_word_sentence_and_a_breadcrumb_has_five_parts() -> None:
    """A test audit's mutations survived: no test had a story sentence of 12-14 words right after a
    list of links (a 15-word floor dropped it as a link), nor a breadcrumb of five parts."""
    story = "The harbour board met on Tuesday to discuss the plan for a new ferry terminal, officials said."
    twelve = "The council said on Monday that the new ferry terminal would open."
    assert len(twelve.split()) == 12
    page = ["Home > News > World > Europe > France", story, "You may also like", "Council approves new harbour plan",
            "Local team wins the cup final", twelve, story.replace("Tuesday", "Friday")]  # fmt: skip
    cleaned = strip_chrome("\n".join(page))
    assert [(d.text, d.reason) for d in cleaned.dropped] == [
        ("Home > News > World > Europe > France", "breadcrumb"), ("You may also like", "related-links"),
        ("Council approves new harbour plan", "related-links"), ("Local team wins the cup final", "related-links"),
    ]  # fmt: skip
    assert twelve in cleaned.text.split("\n")


@pytest.mark.parametrize("stated, stored", [
    ("2020-01-01 25:99", "2020-01-01"), ("31-MAR-1987 605:12:19.12", "1987-03-31"),
    ("2016-03-01T09:00:00Z", "2016-03-01T09:00:00Z"), ("soon", None), ("2062-01-01", None),
])  # fmt: skip
def test_a_publication_date_is_read_alike_by_every_door(stated: str, stored: str | None) -> None:
    """A code review: a record's date, the HTTP API's and the CLI's were read by three copies, and
    '2020-01-01 25:99' was stored from a file but a 422 from `POST /api/articles`."""
    import typer

    from wiretrace.cli import _publication_date
    from wiretrace.web.models import ArticleIn

    record = {"id": "a", "text": "The council met on Monday. It approved the budget.", "published": stated}
    doors = [lambda: from_record(record, "x.jsonl:1").published, lambda: ArticleIn(text="x", published=stated),
             lambda: _publication_date(stated)]  # fmt: skip
    for door in doors:
        if stored is None:
            with pytest.raises((InputError, ValueError, typer.Exit)):
                door()
        else:
            door()
    if stored is not None:
        assert from_record(record, "x.jsonl:1").published == stored == _publication_date(stated)


def test_a_page_nested_past_the_parsers_limit_keeps_its_article() -> None:
    """A hostile-input review: a page with its story inside 260 nested elements was 'no article
    text found' (libxml2 reads 255 levels by default); such a page is read again without the limit."""
    story = ("<p>The harbour council met on Tuesday to discuss the new ferry timetable for the summer season, "
             "and residents packed the hall.</p><p>Residents said the plan came too late for the tourist "
             "season, and the vote was delayed until next month after a consultation.</p>")  # fmt: skip
    for depth in (260, 1000):
        page = f"<html><head><title>Harbour council</title></head><body>{'<div>' * depth}<article>{story}" \
               f"</article>{'</div>' * depth}</body></html>"  # fmt: skip
        article = from_html(page, "deep.html")
        assert "ferry timetable" in article.text and article.title == "Harbour council"
    # a fuzzing review: with any text outside the deep part (a menu), that text was taken for the page
    nav = '<nav><a href="/">Home</a> <a href="/news">News</a></nav>'
    page = f"<html><head><title>Harbour council</title></head><body>{nav}{'<div>' * 260}<article>{story}" \
           f"</article>{'</div>' * 260}</body></html>"  # fmt: skip
    assert "ferry timetable" in from_html(page, "deep.html").text
    # a review of that rule: a minified script's 'i<a.length' counted as tags (every such page read twice),
    # and a '<' before thousands of letters was split at each of them (40,000: 31 s)
    from wiretrace.ingest.pages import _nesting

    script = "<script>" + "for(var i=0;i<a.length;i++){if(a[i]>b)c++}" * 300 + "</script><!-- <div><div> -->"
    assert _nesting(f"<html><body>{script}<div><p>x</p></div></body></html>") == 3
    assert _nesting("<html><body><div>x<a" + "b" * 40_000 + "</div></body></html>") == 3
    with pytest.raises(InputError, match=r"no article text found in the HTML page$"):
        from_html(f"<html><body>{'<div>' * 300}{'</div>' * 300}</body></html>", "empty.html")
    # past the 2,048 levels the parser reads at all, the error says why rather than that there is no text
    page = f"<html><body>{'<div>' * 3000}<article>{story}</article>{'</div>' * 3000}</body></html>"
    with pytest.raises(InputError, match=r"deeper\.html: .*nest 3,00\d deep, and the HTML parser reads 2,048 at most"):
        from_html(page, "deeper.html")


def test_an_audio_players_prompt_and_a_flattened_pages_image_lines_are_chrome() -> None:
    """A report reader's review: pasted pages opening 'Listen to this article' or 'Image copyright
    Getty Images' took that line for their title, and their story families were named by it."""
    article = from_text("Listen to this article\n\nImage copyright Getty Images\n\nImage caption The ferry at dawn\n\n"
                        "The harbour council met on Tuesday to discuss the new ferry timetable. Residents said the "
                        "plan came too late for the season.")  # fmt: skip
    assert article.title is None and article.text.startswith("The harbour council met")
    assert [d.reason for d in article.dropped_chrome] == ["media-player", "image-credit", "image-credit"]
    kept = from_text("Image of the week: a ferry at dawn won the prize. The harbour council met on Tuesday to "
                     "discuss the timetable, and residents said the plan came too late.")  # fmt: skip
    assert kept.text.startswith("Image of the week")


def test_copyright_and_address_lines_are_told_from_sentences_about_them() -> None:
    """The copyright rule looks for its closing phrase in a line's last characters alone, and the
    address rule reads the address before the line's words (both for speed): the same lines."""
    from wiretrace.chrome import _RULES, is_chrome_sentence

    notices = ["© 2024 Reuters", "Copyright: BBC", "(c) 2020 AP", "Copyright 2016 Daily Rewrite. All rights reserved.",
               "A Daily Rewrite production. ALL RIGHTS RESERVED.", "Texte et photos. Tous droits réservés.",
               "Vietata la riproduzione. Tutti i diritti riservati.\n"]  # fmt: skip
    sentences = ["Copyright owners had argued the ruling went too far.",
                 "All rights reserved for members were lost, the union said.",
                 "The label said all rights reserved by the band had lapsed in 2019."]  # fmt: skip
    assert all(is_chrome_sentence(n) == "copyright" for n in notices)
    assert [is_chrome_sentence(s) for s in sentences] == [None, "copyright", None]  # a notice opening it
    assert _RULES["copyright"].search("Vietata la riproduzione. Tutti i diritti riservati.\n")  # as a line may end
    assert not _RULES["copyright"].search("Tutti i diritti riservati, disse. Poi parlò d'altro per un'ora intera.\n")
    url = _RULES["url"]
    assert url.search("https://www.example.com/news/2024/story.html") and url.search("www . example . com")
    assert not url.search("https://example.com is where the council put the plans it approved")
    assert not url.search("The council's site, www.example.com, was down.")


def test_a_pages_disguised_words_are_read_plainly_and_the_tell_kept() -> None:
    """A content-farm review: look-alike letters of another script in a page's words were read
    through with a warning only, so nothing stored said the page had been disguised. The note is
    kept as chrome (`hidden-characters`)."""
    words = "Oil prices fell sharply on Monday as traders bet that supplies would rise in the coming months."
    hidden = words.translate(str.maketrans("aeopc", "аеорс"))  # Cyrillic look-alikes
    page = f"<html><head><title>Oil falls</title></head><body><article><p>{hidden}</p></article></body></html>"
    article = from_html(page, "farm.html")
    assert article.text == words
    [note] = [d.text for d in article.dropped_chrome if d.reason == "hidden-characters"]
    assert note.startswith("read through") and "look-alike letters" in note
    assert not [d for d in from_html(page.replace(hidden, words), "wire.html").dropped_chrome
                if d.reason == "hidden-characters"]  # fmt: skip
