"""The HTML and terminal views of a compare dict: statuses, links, escaping of untrusted text."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from rich.console import Console

from wiretrace.report import aligned_rows, readable_date, render_html, render_text, target_rows, word_diff
from wiretrace.web.graphs import timeline_svg

XSS = 'The mayor said <script>alert(1)</script> and <img src=x onerror=alert(1)> was "fine".'


def _article(sentences: list[str], title: str, ident: str, breaks: tuple[int, ...] = ()) -> dict[str, Any]:
    """An article dict whose sentence offsets point into its text; a blank line before each index in `breaks`."""
    text, spans = "", []
    for i, s in enumerate(sentences):
        if i:
            text += "\n\n" if i in breaks else " "
        spans.append({"index": i, "start": len(text), "end": len(text) + len(s), "text": s})
        text += s
    return {
        "id": ident,
        "title": title,
        "byline": "By <b>Someone</b>",
        "published": "2024-05-01",
        "site": "example.org",
        "url": "javascript:alert(1)",
        "text": text,
        "sentences": spans,
        "dropped_chrome": [{"text": "Subscribe <now>", "reason": "boilerplate"}],
    }


def _doc() -> dict[str, Any]:
    source = _article(
        [
            "The council approved the budget on Monday.",  # s-0 -> t-0 verbatim
            "Spending rises by 4 percent, officials said.",  # s-1 -> t-1 edited
            XSS,  # s-2 -> t-2 paraphrase
            "The vote was close.",  # s-3 dropped
        ],
        "Council <i>approves</i> budget",
        "src-1",
        breaks=(2,),
    )
    target = _article(
        [
            "The council approved the budget on Monday.",
            "Spending rises by 5 percent, officials said.",
            "According to the mayor, [bold]x[/bold] it was fine.",
            "Critics called it a disaster costing $2 billion.",  # t-3 added, unsupported
        ],
        "Budget approved",
        "tgt-1",
    )
    return {
        "schema": "wiretrace.compare/1",
        "source": source,
        "target": target,
        "verdict": {
            "relation": "edited-copy",
            "score": 0.8123,
            "source_coverage": 0.75,
            "target_coverage": 0.7,
            "evidence": {"verbatim_share": 0.25},
        },
        "links": [
            {"source": [0], "target": [0], "kind": "verbatim", "score": 1.0},
            {"source": [1], "target": [1], "kind": "edited", "score": 0.93},
            {"source": [2], "target": [2], "kind": "paraphrase", "score": 0.71},
        ],
        "added": [3],
        "dropped": [3],
        "changes": [{"kind": "number", "source": 1, "target": 1, "before": "4 percent", "after": "5 <percent>"}],
        "unsupported": [{"target": 3, "items": ["$2 billion", "<script>alert(2)</script>"]}],
    }


def _span(page: str, sid: str) -> str:
    m = re.search(rf'<span id="{sid}"[^>]*>', page)
    assert m, sid
    return m.group(0)


def test_html_sentence_ids_and_status_classes() -> None:
    page = render_html(_doc())
    expected = {
        "s-0": "kept",
        "s-1": "reworded",
        "s-2": "reworded",
        "s-3": "dropped",
        "t-0": "kept",
        "t-1": "reworded",
        "t-2": "reworded",
        "t-3": "added",
    }
    for sid, cls in expected.items():
        classes = re.search(r'class="([^"]*)"', _span(page, sid)).group(1).split()
        assert cls in classes, (sid, classes)
    assert "unsupported" in _span(page, "t-3")
    assert "unsupported facts" in page
    assert "edited-copy" in page and "81%" in page and "75%" in page and "70%" in page


def test_html_data_links_point_at_counterparts() -> None:
    page = render_html(_doc())
    assert 'data-links="t-0"' in _span(page, "s-0")
    assert 'data-links="s-1"' in _span(page, "t-1")
    assert 'data-links="t-2"' in _span(page, "s-2")
    assert "data-links" not in _span(page, "t-3")
    assert "data-links" not in _span(page, "s-3")
    assert 'href="#s-1"' in page and 'href="#t-1"' in page  # the change row links both sentences


def test_html_escapes_untrusted_text() -> None:
    page = render_html(_doc())
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&quot;fine&quot;" in page
    for raw in ("<script>alert", "<img src=x", "<b>Someone", "<i>approves", "<now>", "<percent>"):
        assert raw not in page, raw
    assert 'href="javascript:' not in page  # a non-http url is shown, not linked
    assert page.count("<script>") == 1  # only our own inline script


def test_html_keeps_paragraphs_and_is_self_contained() -> None:
    page = render_html(_doc())
    source_body = page.split('<article class="source"')[1].split(">", 1)[1].split("</article>")[0]
    paragraphs = re.findall(r"<p>(.*?)</p>", source_body, re.S)
    assert len(paragraphs) == 2
    assert 'id="s-1"' in paragraphs[0] and 'id="s-2"' in paragraphs[1]
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert "<link" not in page


def test_render_text_shows_verdict_and_literal_markup() -> None:
    console = Console(record=True, width=200)
    render_text(_doc(), console)
    out = console.export_text()
    assert "edited-copy" in out
    assert "The council approved the budget on Monday." in out
    assert "[bold]x[/bold]" in out
    assert "<script>alert(1)</script>" in out  # the terminal shows the text as it is
    assert "Critics called it a disaster" in out and "The vote was close." in out
    assert "$2 billion" in out and "4 percent" in out


def test_correction_notes_are_shown_though_not_compared() -> None:
    """A standards editor's review: a target's correction note was dropped as page chrome and
    shown nowhere in the text view (in the page only under the collapsed chrome list). It stays out
    of the comparison, and both reports show it in a panel of its own."""
    doc = _doc()
    note = "Correction: an earlier version of this article gave the vote as 7-2. It was 6-3."
    doc["target"]["dropped_chrome"] = [{"reason": "correction", "text": note}, {"reason": "share", "text": "Share"}]
    console = Console(record=True, width=200)
    render_text(doc, console)
    out = console.export_text()
    assert "Correction and update notes" in out and "It was 6-3." in out
    page = render_html(doc)
    panel = page.split("Correction and update notes")[1].split("</section>")[0]
    assert html.escape(note) in panel and "Share" not in panel
    console = Console(record=True, width=200)
    render_text(_doc(), console)
    assert "Correction and update notes" not in console.export_text()
    assert "Correction and update notes" not in render_html(_doc())


def test_a_paraphrase_that_keeps_its_words_in_order_is_shown_with_its_edits() -> None:
    """A standards editor's review: 'No arrests have been made, police said.' made '..., Scotland
    Yard spokeswoman Jane Hill said.' is a `paraphrase` link (most content words new), so neither
    report marked what changed, and the text view cut a long paraphrase short, hiding a deleted
    clause. Such a link is marked as an edit; other paraphrases are shown whole."""
    doc = _doc()
    doc["source"]["sentences"][2]["text"] = "No arrests have been made as yet, police said."
    swapped = "No arrests have been made as yet, Scotland Yard spokeswoman Jane Hill said."
    doc["target"]["sentences"][2]["text"] = swapped
    page = render_html(doc)
    assert _put_in('Scotland Yard spokeswoman Jane Hill') in page
    assert _taken_out('police') in page
    long = "The 51-year-old man injured at the bus stop remains in a critical condition in hospital " * 2
    doc["source"]["sentences"][2]["text"] = long + "while the other driver is now stable."
    doc["target"]["sentences"][2]["text"] = "Two people were hurt in the crash, one of them badly."
    console = Console(record=True, width=1000)
    render_text(doc, console)
    assert "while the other driver is now stable." in console.export_text()


def test_headline_changes_are_listed_with_the_others() -> None:
    """A corrected headline's changed figure (`title_changes`) is a row of the changes table in
    both reports, its place given as the headline."""
    doc = _doc()
    doc["title_changes"] = [{"kind": "number", "before": "26%", "after": "62%"}]
    rows = render_html(doc).split("Changed quotes, figures, names, dates and meanings")[1].split("</section>")[0]
    assert "<td>26% → 62%</td><td>headline</td>" in rows
    console = Console(record=True, width=200)
    render_text(doc, console)
    assert re.search(r"number .*headline .*26% .*62% .*headline", console.export_text())


def test_render_text_truncates_long_items_of_its_lists_but_not_sentences() -> None:
    doc = _doc()
    long = "word " * 100
    doc["target"]["sentences"][3]["text"] = long
    doc["changes"][0]["after"] = long
    console = Console(record=True, width=200)
    render_text(doc, console)
    out = console.export_text()
    rows, lists = out.split("Sentence by sentence")[1].split("Changed quotes")
    assert "…" in lists and long.strip() not in lists
    assert rows.count("word") == 100  # an added sentence is shown whole, wrapped, as linked ones are


def test_views_say_which_rule_overruled_the_score() -> None:
    """A pair whose features looked derived but that a rule made unrelated says why, in both views;
    a verdict the score decided says nothing more."""
    assert "not derived" not in render_html(_doc())
    doc = _doc()
    doc["verdict"].update(relation="unrelated", score=0.49, rule="new-reporting", evidence={"own_facts": 12})
    page = render_html(doc)
    assert '<span class="rule">not derived: a report of its own (12 names, figures and dates' in page
    console = Console(record=True, width=200)
    render_text(doc, console)
    assert "not derived: a report of its own (12 names, figures and dates not in the source)" in console.export_text()
    doc["verdict"].update(evidence={"own_facts": 1, "quoted_newcomers": 1})
    assert "it quotes someone the source never names" in render_html(doc)
    doc["verdict"].update(rule="template")
    assert "a template filled in again" in render_html(doc)
    doc["changes"] = [{"kind": "quote", "source": 2, "target": 2, "before": "I will not go", "after": None}]
    assert "I will not go → (reported speech)" in render_html(doc)


def test_a_pair_not_derived_that_shares_passages_word_for_word_says_so() -> None:
    """A standards editor's review: a freelance piece pasting five wire sentences word for word into
    a report of its own was a green 'unrelated' at 49% (the new-reporting rule's cap, not a
    measure). The views now say which passages are the source's words and that the score was
    lowered, and the facts panels of a pair not derived are marked as information."""
    doc = _doc()
    doc["verdict"].update(relation="unrelated", score=0.49, rule="new-reporting", evidence={"own_facts": 8})
    page = render_html(doc)
    assert 'class="rel rel-unrelated shared"' in page
    assert "shares 2 sentences with the source word for word or lightly edited (1 verbatim, 1 edited links)" in page
    assert "49% (lowered by the rule below)" in page and "(for information: the pair is not judged derived)" in page
    console = Console(record=True, width=250)
    render_text(doc, console)
    assert "shares 2 sentences with the source word for word" in console.export_text()
    doc["links"] = [lk for lk in doc["links"] if lk["kind"] == "paraphrase"]  # only reworded: nothing to say
    doc["verdict"].pop("rule")
    page = render_html(doc)
    assert "shares" not in page and 'rel-unrelated"' in page and "lowered" not in page
    assert "for information" not in render_html(_doc())  # a derived pair's changes are the findings


def _sentence_html(page: str, sid: str) -> str:
    """The markup of one sentence of a compare page, up to the next sentence or paragraph's end."""
    start = page.index(f'id="{sid}"')
    ends = [i for mark in (' id="', "</p>") if (i := page.find(mark, start + 1)) >= 0]
    return page[start : min(ends, default=len(page))]


def test_html_marks_the_words_an_edited_sentence_changed() -> None:
    """A standards editor's review: the text view marks the words that differ in an edited
    sentence, the HTML did not, so '31' -> '34' had to be found by reading. Marked words stay escaped."""
    page = render_html(_doc())
    source, target = _sentence_html(page, "s-1"), _sentence_html(page, "t-1")
    assert _taken_out('4') in source and _put_in('5') in target
    assert "<mark" not in page[page.index('id="s-0"') : page.index('id="s-1"')]  # verbatim: nothing marked
    doc = _doc()
    doc["target"]["sentences"][1]["text"] = "Spending rises by <script>x</script> percent, officials said."
    page = render_html(doc)
    assert "<script>x" not in page and _put_in('&lt;script&gt;x&lt;/script&gt;') in page


def test_word_diff_marks_only_the_words_that_differ_and_keeps_edited_links_whole() -> None:
    before = "Officials said on Friday that 12,900 acres would go."
    left, right = word_diff(before, before.replace("Friday", "Tuesday").replace("12,900", "15,900"))
    assert left.plain == before and right.plain.endswith("15,900 acres would go.")
    assert [left.plain[s.start : s.end] for s in left.spans] == ["Friday", "12,900"]
    assert [right.plain[s.start : s.end] for s in right.spans] == ["Tuesday", "15,900"]
    # a web review: '14' struck out beside '14,' put in, 'Mr' beside 'Mr.': the same words
    left, right = word_diff("Mr Rossi said 14 people died", "Mr. Rossi said 14, or more, people died")
    assert [right.plain[s.start : s.end] for s in right.spans] == ["or more,"] and not left.spans
    doc = _doc()
    edited = next(lk for lk in doc["links"] if lk["kind"] == "edited")
    doc["target"]["sentences"][edited["target"][0]]["text"] = " ".join(f"w{n}" for n in range(100))
    console = Console(record=True, width=200)
    render_text(doc, console)
    assert "w99" in console.export_text()  # an edited link is never cut short: the edit may be at its end


def test_html_evidence_says_its_coverages_weigh_sentences_by_length() -> None:
    """The coverages weigh sentences by length, the header counts them; every feature says what it
    measures (a standards editor's review read raw names: 'link_strength 0.703')."""
    doc = _doc()
    doc["verdict"]["evidence"] = {"source_coverage": 0.557, "target_coverage": 0.7, "order": 1.0, "quoted_newcomers": 0}
    page = render_html(doc)
    assert page.count("text inside links, by length; the header counts sentences)") == 2
    assert "order <span class=\"none\">(share of links in the source&#x27;s order)</span>" in page
    assert "quoted_newcomers <span class=\"none\">(people it quotes whom the source never names)</span>" in page


@pytest.mark.parametrize(
    ("published", "shown"),
    [
        ("2016-01-05T10:00:00Z", "5 Jan 2016, 10:00 UTC"),
        ("2016-01-05T10:00:00", "5 Jan 2016, 10:00"),
        ("2016-01-05", "5 Jan 2016"),
        ("2016-05", "May 2016"),
        ("2016", "2016"),
        ("last Tuesday", "last Tuesday"),  # not a date: shown as given
        (None, ""),
    ],
)
def test_dates_are_shown_as_readers_write_them_with_their_precision(published: str | None, shown: str) -> None:
    assert readable_date(published) == shown


def test_timeline_places_members_of_one_day_by_their_hour() -> None:
    story = {
        "members": [
            {"id": "wire", "relation": "origin", "published": "2016-01-05T08:00:00Z"},
            {"id": "copy", "relation": "copy", "published": "2016-01-05T09:00:00Z"},
            {"id": "farm", "relation": "rewrite", "published": "2016-01-05T20:00:00Z"},
            {"id": "undated", "relation": "rewrite", "published": None},
        ]
    }
    svg = str(timeline_svg(story))
    xs = [float(x) for x in re.findall(r'<circle class="dot [^"]+" cx="([\d.]+)"', svg)]
    assert xs[0] < xs[1] < xs[2] < xs[3]  # by the hour, the undated one after the axis
    assert (xs[1] - xs[0]) * 12 == pytest.approx(xs[2] - xs[0])  # one hour against twelve
    assert "5 Jan 2016, 08:00 UTC" in svg and "5 Jan 2016, 20:00 UTC" in svg and "no date" in svg


def test_views_say_the_fact_checks_were_not_made_for_a_text_not_in_english() -> None:
    """A standards editor's review: a Russian pair with 'Сорок' -> 'Пятьдесят' (forty -> fifty) and a
    new mayor showed 'None.' under changes and unsupported facts, as if checked. The checks read
    English: the views now say they were not made, and for which text."""
    doc = _doc()
    russian = ("Сорок человек погибли в результате пожара в Москве, сообщили в пятницу власти города. "
               "Мэр Иван Петров сказал, что расследование продолжается и виновные будут наказаны.")  # fmt: skip
    doc["target"] = _article([russian], "Пожар", "tgt-ru")
    doc["changes"], doc["unsupported"] = [], []
    page = render_html(doc)
    assert "Not checked: the target does not read as English" in page and ">None.<" not in page
    console = Console(record=True, width=200)
    render_text(doc, console)
    assert "Not checked: the target does not read as English" in " ".join(console.export_text().split())
    english = render_html(_doc())
    assert "Not checked" not in english
    # a web review: a Welsh source and its English rewrite said 'Not checked' above a list of the
    # unsupported facts it flagged ('Holyhead'): the items are shown, as items that may be wrong
    doc["unsupported"] = [{"target": 0, "items": ["Holyhead"]}]
    page = render_html(doc)
    assert "Read with care: the target does not read as English" in page and "Not checked" in page  # changes: none
    assert page.index("Read with care") < page.index("Holyhead</td>")
    console = Console(record=True, width=200)
    render_text(doc, console)
    assert "Read with care" in " ".join(console.export_text().split())


def test_html_lists_the_sentence_links_to_cite() -> None:
    """A standards editor's review: which source sentence a target sentence carries showed only on
    hover. The page lists every link in the target's order, with its sentences, kind, score and the
    target text, escaped."""
    page = render_html(_doc())
    assert "Sentence links (3)" in page
    rows = re.findall(r'<tr><td><a href="#s-(\d)">S\d</a></td><td><a href="#t-(\d)">T\d</a></td><td>([^<]+)</td>', page)
    assert rows == [("0", "0", "kept (verbatim)"), ("1", "1", "reworded (edited)"), ("2", "2", "reworded (paraphrase)")]
    assert "According to the mayor, [bold]x[/bold] it was fine." in page and "<script>alert(1)" not in page


def test_an_arabic_article_is_set_right_to_left() -> None:
    """A multilingual review saw an Arabic pair's report set left to right, its full stops at the
    wrong end of each sentence. A right-to-left article's paragraphs say so; a Latin one's do not."""
    doc = _doc()
    arabic = ["رفع البنك المركزي المصري أسعار الفائدة.", "وقال البنك في بيان إن القرار جاء لكبح التضخم."]
    doc["target"] = _article(arabic, "البنك المركزي", "t")
    page = render_html(doc)
    target_body = page.split('<article class="target"')[1].split(">", 1)[1].split("</article>")[0]
    source_body = page.split('<article class="source"')[1].split(">", 1)[1].split("</article>")[0]
    assert '<p dir="rtl">' in target_body and "dir=" not in source_body


def test_a_report_says_what_it_was_made_from_and_by() -> None:
    """A licensing review: the evidence page carried no tool version, time or hash to trace it to
    the articles. It states them; the hash is the articles export's `content_hash`."""
    from wiretrace import __version__
    from wiretrace.fingerprint import content_hash

    doc = _doc()
    page = render_html(doc, "2026-12-03T14:00:00Z")
    assert f"wiretrace {__version__} (wiretrace.compare/1), 2026-12-03T14:00:00Z" in page
    for side in ("source", "target"):
        assert content_hash(doc[side]["text"]) in page and html.escape(str(doc[side]["id"])) in page


def test_html_states_each_sentence_without_colour() -> None:
    """An accessibility review: kept / reworded / added / dropped showed only as a pale background,
    so a reader who cannot tell the colours, or hears the page, got none of it. Each sentence now
    carries a sign beside its number and its state in words for screen readers, a linked one its
    counterparts and a pressed state, and each column names its side."""
    page = render_html(_doc())
    s0, s3, t2, t3 = (_sentence_html(page, sid) for sid in ("s-0", "s-3", "t-2", "t-3"))
    assert '<span class="sym">=</span>' in s0 and '<span class="sr-only">S0, kept into T0: </span>' in s0
    assert 'role="button" aria-pressed="false"' in s0
    assert '<span class="sym">−</span>' in s3 and "S3, dropped from source: " in s3 and 'tabindex="-1"' in s3
    assert "T2, reworded from S2: " in t2
    assert "T3, added in target: " in t3 and "(unsupported: " in t3 and "role=" not in t3
    assert '<article class="source" aria-label="Source: Council &lt;i&gt;approves&lt;/i&gt; budget">' in page
    assert '<span class="sr-only">Target: </span>Budget approved</h2>' in page
    assert "<thead><tr><th>feature</th><th>value</th></tr></thead>" in page


def test_html_marks_an_article_in_another_language() -> None:
    """A screen reader read a French article in an English voice: its text now carries its language."""
    doc = _doc()
    doc["target"]["language"] = "fr"
    doc["source"]["language"] = "cyrillic"  # a script, not a language tag: nothing to mark
    page = render_html(doc)
    target = page.split('<article class="target"')[1].split("</article>")[0]
    source = page.split('<article class="source"')[1].split("</article>")[0]
    assert '<p lang="fr">' in target and "lang=" not in source
    # an accessibility review: its title, the page's heading and the sentence-by-sentence cells too
    assert '<span class="sr-only">Target: </span><span lang="fr">Budget approved</span></h2>' in target
    assert '<span class="none">→</span> <span lang="fr">' in page.split("<h1>")[1].split("</h1>")[0]
    rows = page.split('id="rows"')[1]
    assert rows.count('<span lang="fr">') == len([r for r in aligned_rows(doc) if r["target"]])


def test_a_printed_page_names_its_pair_at_its_foot_and_no_id_escapes_the_style() -> None:
    """Each printed page says which report it belongs to; the ids are untrusted text inside CSS."""
    doc = _doc()
    doc["source"]["title"] = 'Wire "story"</style><script>alert(1)</script>'
    page = render_html(doc, "2026-12-04T10:00:00Z")
    style = page.split("<style>")[1].split("</style>")[0]
    assert "@bottom-left" in style and "2026-12-04T10:00:00Z" in style
    said = style.split("@bottom-left{content:")[1].split(";font:")[0]
    assert said[0] == said[-1] == '"' and not set('"<>') & set(said[1:-1]) and "\\3c script" in said
    assert "<thead><tr><th>kind</th>" in page  # header rows repeat on each printed page


def test_a_link_of_many_sentences_shows_their_numbers_as_ranges_and_leaves_the_text_room() -> None:
    """A standards editor's review: a summary's sentence linked to 19 of a compilation's sentences
    listed them one by one, and at 120 columns the sentences had three letters each."""
    from wiretrace.report import sentence_numbers

    assert sentence_numbers("S", [0, 1, 60, 61, 62, 84, 86]) == "S0-S1, S60-S62, S84, S86"
    assert sentence_numbers("T", [3]) == "T3" and sentence_numbers("S", []) == ""
    doc = _doc()
    doc["links"][0]["source"] = list(range(0, 40, 2))  # twenty sentences apart
    console = Console(record=True, width=120)
    render_text(doc, console)
    rows = [line for line in console.export_text().splitlines() if "S0, S2" in line]
    assert rows and len(rows[0].split("│")[2].strip()) > 30  # the source's text keeps its width


def test_a_figure_shown_as_a_change_is_not_listed_again_as_unsupported() -> None:
    """A standards editor's review: every changed figure of an edited copy came back in the
    unsupported facts, with a badge on its sentence; the views list there the claims of its own.
    The JSON keeps both (the new figure is stated nowhere in the source)."""
    from wiretrace.report import shown_unsupported

    doc = _doc()
    doc["unsupported"].append({"target": 1, "items": ["5 <percent>"]})
    assert shown_unsupported(doc) == [{"target": 3, "items": ["$2 billion", "<script>alert(2)</script>"]}]
    page = render_html(doc)
    assert "5 &lt;percent&gt;</td>" not in page.split("Unsupported")[-1] and 'unsupported"' not in _span(page, "t-1")
    console = Console(record=True, width=200)
    render_text(doc, console)
    listed = console.export_text().split("Unsupported facts in the target")[-1]
    assert "$2 billion" in listed and "5 <percent>" not in listed


def test_facts_all_shown_as_changes_are_not_said_to_be_none() -> None:
    """A fact-checker's review: the HTML said 'Unsupported facts: None.' while the JSON listed two
    reworded quotes there (shown as changes above): the list holds none of its own, not none."""
    doc = _doc()
    doc["unsupported"] = [{"target": 1, "items": ["5 <percent>"]}]
    section = render_html(doc).split("Unsupported facts in the target")[-1]
    assert "None beyond what the changes above put in." in section and "<p class=\"none\">None.</p>" not in section
    doc["unsupported"] = []
    assert "<p class=\"none\">None.</p>" in render_html(doc).split("Unsupported facts in the target")[-1]


def test_a_chatbots_words_around_the_text_are_named_in_both_views() -> None:
    """A content farm's rewrite opening on the chatbot's preamble ('Rephrased text:'): dropped as
    chrome, and named above the comparison as the tell it is."""
    doc = _doc()
    doc["target"]["dropped_chrome"] = [{"text": "Sure, here's the <b>adjusted</b> text:", "reason": "ai-leftover"}]
    page = render_html(doc)
    assert "The target carries a chatbot&#x27;s words around its text" in page
    assert "here&#x27;s the &lt;b&gt;adjusted&lt;/b&gt; text:" in page
    console = Console(record=True, width=200)
    render_text(doc, console)
    assert "The target carries a chatbot's words around its text (not compared): \u201cSure, here's the <b>adjusted" \
        in console.export_text()
    assert "chatbot" not in render_html(_doc())


def test_a_derived_verdict_says_why_in_plain_words() -> None:
    """A standards editor's review: copy, edited-copy and rewrite showed a label, a score and two
    coverages, and a reason only when a rule had fired; 'score 99%' beside 'source coverage 55%'
    went unexplained."""
    doc = _doc()
    reason = "an edited copy: it carries 75% of the source's text, word for word or lightly edited; 70% of its own"
    assert html.escape(reason) in render_html(doc) and "not a share of text" in render_html(doc)
    console = Console(record=True, width=250)
    render_text(doc, console)
    assert reason in console.export_text()
    doc["verdict"].update(relation="rewrite", evidence={"order": 1.0})
    rewrite = "a rewrite: it carries 75% of the source's text, reworded (1 paraphrased sentence link), in the source"
    assert html.escape(rewrite) in render_html(doc)
    doc["verdict"].update(relation="unrelated")
    assert "it carries" not in render_html(doc)



def test_rows_place_added_sentences_in_the_targets_order_and_cuts_where_they_were_made() -> None:
    """A standards editor's review: the HTML showed two running texts and the terminal listed added
    and dropped sentences in tables of their own, so a cut could not be seen where it was made."""
    from wiretrace.report import aligned_rows

    doc = {
        "links": [
            {"source": [4], "target": [2], "kind": "paraphrase", "score": 0.7},
            {"source": [1, 2], "target": [0], "kind": "edited", "score": 0.9},
            {"source": [5], "target": [3, 4], "kind": "verbatim", "score": 1.0},
        ],
        "added": [1, 5],
        "dropped": [0, 3, 6, 7],
    }
    shown = [(r["kind"], r["source"], r["target"]) for r in aligned_rows(doc)]
    assert shown == [
        ("dropped", [0], []),  # nothing before it in the source: first
        ("edited", [1, 2], [0]),
        ("dropped", [3], []),  # after S2's row: a cut, then what was put in its place, as a diff shows them
        ("added", [], [1]),
        ("paraphrase", [4], [2]),
        ("verbatim", [5], [3, 4]),
        ("dropped", [6], []),
        ("dropped", [7], []),  # after the cut before it
        ("added", [], [5]),
    ]
    assert aligned_rows({"links": [], "added": [], "dropped": []}) == []


def test_html_and_text_views_show_the_pair_sentence_by_sentence() -> None:
    doc = _doc()
    page = render_html(doc)
    rows = page.split('<section class="panel rows" id="rows">')[1].split("</section>")[0]
    cells = re.findall(r'<td role="cell" class="([^"]*)">(.*?)</td>', rows)
    assert [c for c, _ in cells] == ["x kept", "k", "x kept", "x reworded", "k", "x reworded", "x reworded", "k",
                                     "x reworded", "x dropped", "k", "gap", "gap", "k", "x added"]  # fmt: skip
    assert _taken_out('4') in cells[3][1] and _put_in('5') in cells[5][1]
    assert "&lt;script&gt;alert(1)" in cells[6][1] and "<script>alert" not in rows  # escaped, as elsewhere
    assert "unsupported facts" in cells[14][1] and cells[13][1] == '<span aria-hidden="true">+ </span>added in target'
    assert cells[12][1] == '<span class="sr-only">not in the source</span>'  # heard, not a blank cell
    assert 'data-view="rows"' in page and 'class="compare-views" data-view="text"' in page
    console = Console(record=True, width=160, color_system=None)
    render_text(doc, console)
    shown = console.export_text().split("Changed quotes")[0]
    assert "Added in the target" not in shown
    lines = [line for line in shown.splitlines() if "│ S" in line or "│ dropped" in line or "│ added" in line]
    kinds = [line.split("│")[3].strip() for line in lines]
    assert kinds == ["verbatim", "edited", "paraphrase", "dropped", "added"]


def test_the_text_view_wraps_a_long_word_rather_than_cutting_it() -> None:
    """A report reader's review: an address edited inside ('annex-b-table-4' / 'annex-c-table-9')
    was cut to '…' on both sides at 120 columns, so the edit itself was never shown."""
    doc = _doc()
    address = "https://council.example.gov/budget/2016/documents/appendix/annex-{}-table-{}.pdf"
    doc["source"]["sentences"][1]["text"] = f"The figures are in {address.format('b', 4)} for all to see."
    doc["target"]["sentences"][1]["text"] = f"The figures are in {address.format('c', 9)} for all to see."
    console = Console(record=True, width=120, color_system=None)
    render_text(doc, console)
    shown = "".join(line.split("│")[2].strip() for line in console.export_text().splitlines() if line.count("│") > 4)
    assert "annex-b-table-4" in shown.replace(" ", "") and "…" not in shown


def test_a_pair_with_no_sentence_linked_is_one_line_not_every_sentence() -> None:
    """Two articles about other things printed every sentence of both as dropped and added (485
    lines for two BBC stories) and listed every fact of the target as unsupported; the text view
    says in one line that nothing is linked, and neither view lists the facts (the JSON keeps them)."""
    doc = _doc()
    doc.update(links=[], changes=[], dropped=[0, 1, 2, 3], added=[0, 1, 2, 3])
    doc["verdict"] = {**doc["verdict"], "relation": "unrelated", "score": 0.02}
    console = Console(record=True, width=200)
    render_text(doc, console)
    out = console.export_text()
    assert "No sentence of the target is linked to the source (4 source and 4 target sentences" in out
    assert "The vote was close." not in out and "Unsupported facts" not in out
    assert "Not listed: no sentence of the target is linked to the source." in render_html(doc)
    console = Console(record=True, width=200)
    render_text(_doc(), console)  # a pair with links keeps its rows and its unsupported facts
    out = console.export_text()
    assert "The vote was close." in out and "Unsupported facts" in out


def _taken_out(words: str) -> str:
    """Words a view marks as taken out, as `report._marked_html` writes them."""
    return f'<del class="w-out"><span class="sr-only">taken out: </span>{words}</del>'


def _put_in(words: str) -> str:
    """Words a view marks as put in, as `report._marked_html` writes them."""
    return f'<ins class="w-in"><span class="sr-only">put in: </span>{words}</ins>'


def _aligned_rows_reference(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """`aligned_rows` as it was: each dropped sentence's row inserted after a scan of every row."""
    rows = target_rows(doc)
    for i in sorted(doc.get("dropped", [])):
        earlier = [(max(before), n) for n, r in enumerate(rows) if (before := [k for k in r["source"] if k < i])]
        place = max(earlier)[1] + 1 if earlier else 0
        rows.insert(place, {"source": [i], "target": [], "kind": "dropped", "score": None})
    return rows


def test_dropped_sentences_are_placed_as_before_without_a_scan_of_every_row_each() -> None:
    """A hostile review: each dropped sentence's row was placed after a scan of every row and a list
    insert, dropped x rows (2,000 links and 2,000 drops took 25 s). Placed in a linked list, the
    rows are the old ones on many random pairs, links sharing, repeating and overlapping drops."""
    import random

    rng = random.Random(52)
    for _ in range(3000):
        size = rng.randrange(3, 14)
        links = [
            {"source": rng.sample(range(size), rng.randrange(0, 3)),
             "target": rng.sample(range(size), rng.randrange(0, 3)), "kind": rng.choice(["verbatim", "edited"]),
             "score": 0.5}
            for _ in range(rng.randrange(0, 6))
        ]  # fmt: skip
        doc = {"links": links, "added": rng.sample(range(size), rng.randrange(0, 3)),
               "dropped": [rng.randrange(size) for _ in range(rng.randrange(0, 8))]}  # fmt: skip
        assert aligned_rows(doc) == _aligned_rows_reference(doc), doc
    big = {"links": [{"source": [2 * k], "target": [k], "kind": "verbatim", "score": 1.0} for k in range(300)],
           "added": [], "dropped": [2 * k + 1 for k in range(300)]}  # fmt: skip
    assert aligned_rows(big) == _aligned_rows_reference(big)
