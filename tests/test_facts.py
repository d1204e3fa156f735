"""Fact extraction goldens and the change / unsupported-claim checks built on them."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from wiretrace import claims, facts
from wiretrace.claims import (
    FactIndex,
    as_reported,
    changes,
    facts_carried,
    figure_conflicts,
    own_facts,
    qualifier_changes,
    quoted_in,
    quoted_newcomers,
    restates_place,
    same_words,
    unit_changes,
    unsupported,
)
from wiretrace.compare import compare
from wiretrace.embed import Embedder
from wiretrace.facts import Fact, _alternation, dates_compatible, document_facts, extract, plain_words, quote_count
from wiretrace.ingest import from_text
from wiretrace.text import phrase_spans

_SHORT_WORDS = st.text(alphabet="abt.", min_size=1, max_size=5)


def kinds(sentence: str) -> list[tuple[str, str]]:
    return [(f.kind, f.key) for f in extract(sentence)]


def test_numbers_are_keyed_by_value() -> None:
    facts = kinds("Profits jumped 76% to $1.13bn (£600m), up from twenty-five million and 1,200 jobs.")
    assert ("number", "76%") in facts
    assert ("number", "1.13e+09") in facts
    assert ("number", "6e+08") in facts
    assert ("number", "2.5e+07") in facts
    assert ("number", "1200") in facts


def test_a_percentage_in_words_is_a_percentage() -> None:
    """'owns eight per cent of Google' restyling '8%': read as 8, it was listed as an invented figure."""
    assert ("number", "8%") in kinds("It owns eight per cent of Google and twenty-five percent of Yahoo.")
    assert ("number", "25%") in kinds("It owns eight per cent of Google and twenty-five percent of Yahoo.")
    assert ("number", "8") in kinds("Rates rose eight percentage points.")  # points, not a share


def test_a_month_opening_a_name_is_a_first_name() -> None:
    """A standards editor's review: 'said Jan Kowalski, an economist' (an invented expert) was listed
    as unsupported 'Jan', a month; the surname was lost. A month a preposition opens is a date."""
    assert ("name", "jan kowalski") in kinds("Poland needs credit, said Jan Kowalski, an economist.")
    assert ("name", "april ryan") in kinds("April Ryan asked the first question.")
    assert ("date", "d:-03-") in kinds("In March Labour announced a plan.")
    assert ("date", "d:-05-") in kinds("The vote is due in May.")


def test_a_day_of_the_week_in_a_newspapers_name_is_no_date() -> None:
    """A fact-checker's planted edit: 'Sunday Times' made 'Financial Times' read as a Sunday dropped
    and no name changed. A day before a paper's word ('Sunday Telegraph') or after 'Mail on' names it."""
    facts = kinds("The inquiry began after the Sunday Times alleged the firm charged clients.")
    assert ("name", "sunday times") in facts and not [f for f in facts if f[0] == "date"]
    assert not [f for f in kinds("He told the Mail on Sunday that it was over.") if f[0] == "date"]
    assert ("date", "wd:sun") in kinds("On Sunday Mr Blair said the Times was wrong.")
    assert ("date", "wd:sun") in kinds("The Sunday Times Rich List was published on Sunday.")


def test_a_name_after_a_date_in_one_run_of_capitals_is_read() -> None:
    """A fact-checker's planted edit: in 'On Wednesday Irish Transport Minister Martin Cullen said'
    the name and the day ran together, the day was read as a date and the name dropped whole, so a
    copy giving the quote to 'Bertie Ahern' changed no name. The date's words are left off a name
    right after them."""
    assert ("name", "irish transport minister martin cullen") in kinds(
        "On Wednesday Irish Transport Minister Martin Cullen said in a statement."
    )
    assert ("name", "labour") in kinds("In March Labour announced a plan.")
    assert ("name", "opec") in kinds("He backed last December's OPEC accord.")
    # a word between them joins two things (read, these tipped an ECB+ pair into a link: not kept)
    assert not [f for f in kinds("He signed Wynn on Tuesday and Joique Bell today.") if "bell" in f[1]]
    assert not [f for f in kinds("As of March One it is operating in default.") if f[0] == "name"]
    assert not [f for f in kinds("It was Saturday's Six Nations match.") if f[0] == "name"]


def test_dates_names_and_quotes() -> None:
    facts = kinds('First Minister Nicola Sturgeon visited on 30 June 2016 and said: "We will rebuild this town."')
    assert ("date", "d:2016-06-30") in facts
    assert ("name", "minister nicola sturgeon") in facts
    assert ("quote", "we will rebuild this town") in facts


def test_sentence_opening_word_is_not_a_name_unless_the_document_says_so() -> None:
    per = document_facts(["Quarterly profits rose at Reuters.", "Sturgeon spoke.", "Later Sturgeon left."])
    assert [f.text for f in per[0] if f.kind == "name"] == ["Reuters"]
    assert [f.text for f in per[1] if f.kind == "name"] == ["Sturgeon"]
    # a possessive inside a sentence says so too: a wire naming its company only as it opens a
    # sentence, and as "Unocal's" further on
    per = document_facts(["Unocal said it raised its postings.", "The move brings Unocal's price to 19 dlrs."])
    assert [f.text for f in per[0] if f.kind == "name"] == ["Unocal"]
    # an editor's review listed 'Instead Hugh Jackman' as an unsupported name: sentence adverbs go
    per = document_facts(["Instead Hugh Jackman will host.", "Finally Reuters reported it."])
    assert [[f.text for f in fs if f.kind == "name"] for fs in per] == [["Hugh Jackman"], ["Reuters"]]


def test_saint_opens_a_name_where_a_title_is_left_off() -> None:
    """An editor's review read 'Leonard's Church' for 'St Leonard's Church': 'St' is part of a
    place's name, with or without its full stop, while 'Mr' and 'Dr' are titles left off."""
    names = [f.text for fs in document_facts([
        "Mourners met at St Leonard's Church.", "They flew from St. Louis to St Petersburg.", "Mr Smith spoke.",
    ]) for f in fs if f.kind == "name"]
    assert names == ["St Leonard's Church", "St. Louis", "St Petersburg", "Smith"]


def test_an_initial_stays_inside_the_name() -> None:
    """A standards editor's review: the changed-names panel read 'President George → President Bill
    Clinton' for 'President George W Bush': a one-letter initial, with or without its stop, ended
    the name. A lone capital beside no name is no initial."""
    names = [f.text for fs in document_facts([
        "President George W Bush spoke.", "Michael J. Fox and J. K. Rowling came.", "Plan B was agreed.",
    ]) for f in fs if f.kind == "name"]
    assert names == ["President George W Bush", "Michael J. Fox", "J. K. Rowling"]
    sf, tf, index, tindex = _facts_and_indexes(["President George W Bush spoke."], ["President Bill Clinton spoke."])
    found = [(c.kind, c.before, c.after) for c in changes(sf, tf, [((0,), (0,))], index, tindex)]
    assert found == [("name", "President George W Bush", "President Bill Clinton")]


def test_words_opening_a_label_bullet_or_dash_clause_are_not_names() -> None:
    # From a Clough-Stevenson answer that copies five sentences of its Wikipedia source: its
    # list labels were read as names the source never states, so the copy looked invented.
    per = document_facts(
        [
            "Singleness: using single inheritance, a subclass can inherit from only one superclass.",
            "LIMITATION:",
            "\u2022\tGeneralized vector space model.",
            "Topic-based Vector Space Model (eTVSM) \u2014 Extends the model of Salton.",
            "Obama - Biden ticket won, said Senator Biden.",
        ]
    )
    names = [[f.text for f in facts if f.kind == "name"] for facts in per]
    assert names[:3] == [[], [], []]
    assert names[3] == ["Topic-based Vector Space Model", "Salton"]
    assert "Biden" in names[4]  # capitalised mid-sentence elsewhere, so a name after a dash too


def test_dates_compatible_when_no_part_contradicts() -> None:
    assert dates_compatible("d:2016-06-30", "d:-06-30")
    assert dates_compatible("y:2016", "d:2016-06-30")
    assert not dates_compatible("d:-06-16", "d:-06-30")
    assert not dates_compatible("d:-06-16", "d:-07-16")


def test_a_span_of_days_is_keyed_by_both_ends() -> None:
    """'13-15 March' and '13-17 March' are two dates: a festival moved or lengthened by a rewrite
    is a changed date, not the same day. One day that opens or closes the span is compatible."""
    keys = [[f.key for f in facts if f.kind == "date"] for facts in document_facts([
        "The festival runs on 13-15 March.", "It runs on March 13 to 17.", "On 3rd-5th May.", "From 13 to 13 March.",
    ])]  # fmt: skip
    assert keys == [["d:-03-13/15"], ["d:-03-13/17"], ["d:-05-3/5"], ["d:-03-13"]]
    assert [f.key for f in document_facts(["From 03-05 March."])[0]] == ["d:-03-3/5"]  # a leading zero is no other day
    assert not dates_compatible("d:-03-13/15", "d:-03-13/17")
    assert dates_compatible("d:-03-13/15", "d:2026-03-15") and dates_compatible("d:-03-13", "d:-03-13/15")
    assert not dates_compatible("d:-03-13/15", "d:-03-14")


def _facts_and_indexes(src: list[str], tgt: list[str]) -> tuple[list, list, FactIndex, FactIndex]:
    sf, tf = document_facts(src), document_facts(tgt)
    return sf, tf, FactIndex.build(sf, " ".join(src).lower()), FactIndex.build(tf, " ".join(tgt).lower())


def test_changes_and_unsupported_claims() -> None:
    src = ["Police said 12 people were hurt on Monday in Leeds.", 'The mayor said: "This was a dreadful day for us."']
    tgt = [
        "Police said 15 people were hurt on Tuesday in Leeds.",
        "The mayor called it a dreadful day.",
        "Chief Constable Maria Lopez blamed a gas leak costing £3m.",
    ]
    sf, tf, index, tindex = _facts_and_indexes(src, tgt)
    found = {(c.kind, c.before, c.after) for c in changes(sf, tf, [((0,), (0,)), ((1,), (1,))], index, tindex)}
    assert found == {
        ("number", "12", "15"),
        ("date", "Monday", "Tuesday"),
        ("quote", "This was a dreadful day for us", None),
    }
    claims = {u.target: set(u.items) for u in unsupported(tf, index)}
    assert claims[2] == {"Chief Constable Maria Lopez", "£3m"}
    assert claims[0] == {"15", "Tuesday"}
    assert 1 not in claims


def test_a_figure_changed_in_a_merged_sentence_is_paired_with_its_own_replacement() -> None:
    """A desk's heavy edit (bench/data/desk_edits.jsonl): 'finished 14th' merged with 'the top 50'
    into '13th-placed' was read as 14 put in place of 50, which the source states, so nothing was
    reported. Among the new figures written alike, one in the lost one's place comes first, then
    one the link's other source sentences do not state."""
    def found(src: list[str], tgt: list[str], links: list) -> set[tuple[int, str | None, str | None]]:
        sf, tf, index, tindex = _facts_and_indexes(src, tgt)
        return {(c.source, c.before, c.after) for c in changes(sf, tf, links, index, tindex, texts=(src, tgt))}

    merged = [((0, 1), (0,))]
    src = ["Snow Patrol, who finished 14th in the vote, played at the party.", "Acts from the top 50 played covers."]
    assert found(src, ["Acts from the top 50, among them 13th-placed Snow Patrol, played covers."], merged) == {
        (0, "14", "13")}  # fmt: skip
    src = ["Police said 12 people were hurt on Monday.", "Another 15 people were treated at the scene."]
    assert found(src, ["Police said 15 people were hurt on Monday, and another 15 were treated."], merged) == {
        (0, "12", "15")}  # fmt: skip
    # the siblings' figure in the lost one's place: carried or changed, no telling; never paired with another
    assert not found(src, ["Police said 15 people were hurt on Monday, and 16 were treated."], merged)
    src = ["The new wage requires employers to pay at least £7.20 an hour to employees aged 25 and over.",
           "The wage of £6.70 an hour applies to workers aged 21 to 24."]  # fmt: skip
    tgt = ["The wage was set at £7.20 an hour for workers over the age of 25."]  # l2r-gpt-3-turbo-090
    assert not {c for c in found(src, tgt, merged) if c[0] == 1}
    # a figure the source repeats, left out in one place beside a new figure of the target's: no change
    src = ["Acme said on Tuesday it would cut 200 jobs at its plant.", "The 200 job losses come after a poor year."]
    tgt = ["Acme will cut 200 jobs at its plant.", "The losses come after 150 job cuts in 2022."]
    assert not found(src, tgt, [((0,), (0,)), ((1,), (1,))])


def test_facts_that_moved_within_a_merged_link_or_elsewhere_are_not_changes() -> None:
    """L2R rewrite l2r-gpt-3-turbo-004 merges two source sentences: the birthplace of the second
    is not a substitute for the street of the first, nor the reporter's name for anything."""
    src = [
        "Ms Chango-Alverez was staying at her mother's home in Streatham High Road.",
        "She was born in Ecuador and had lived in London for 13 years, BBC London reporter Gareth Furby said.",
        "Police were called at 07:00 on Saturday.",
    ]
    tgt = [
        "Ms Chango-Alverez, a vibrant soul born in Ecuador, had made London her home for 13 years.",
        "Police arrived on Saturday.",
        "The call came at 07:00.",
    ]
    sf, tf, index, tindex = _facts_and_indexes(src, tgt)
    assert changes(sf, tf, [((0, 1), (0,)), ((2,), (1,))], index, tindex) == []  # 07:00 is stated elsewhere


def test_figures_of_a_merged_link_are_not_paired_across_its_sentences() -> None:
    """L2R l2r-llama-3-70b-021 splits two source sentences across its bullets: each figure is
    still stated, so none is reported as replacing another ('€420 → three', '€7bn → €420')."""
    src = ["The €7bn loan was approved on Monday.", "Greece must repay €420m within three weeks."]
    tgt = ["Within three weeks Greece repays €420m.", "On Monday a €7bn loan was approved."]
    sf, tf, index, tindex = _facts_and_indexes(src, tgt)
    assert [c for c in changes(sf, tf, [((0, 1), (0, 1))], index, tindex) if c.kind in ("number", "date")] == []
    assert figure_conflicts(sf, tf, [((0, 1), (0, 1))]) == {0, 1}  # what the verdict's conflict feature reads


def test_a_quote_is_read_between_an_opening_and_a_closing_mark() -> None:
    """A quote running on into the next sentence leaves its opening mark alone: the words between
    the close of one quote and that mark are not a quote."""

    def quotes(sentence: str) -> list[str]:
        return [f.text for f in extract(sentence) if f.kind == "quote"]

    assert quotes('Describing the crash as "horrific" Det Insp Gordon Wallace, said: "The family are devastated.') == []
    assert quotes('He said: "We will rebuild the town" and left.') == ["We will rebuild the town"]


def test_a_time_is_read_with_am_or_pm_in_any_case() -> None:
    """'3:15 PM' is 15:15 as '3.15pm' and '15:15' are: a rewrite writing the time another way
    changes nothing (it was read as 03:15, a changed time, and an unsupported one)."""
    keys = {f.key for t in ("at 3:15 PM.", "at 3.15pm.", "at 15:15.", "at 3:15 p.m.") for f in extract(t)}
    assert keys == {"t:15:15"}
    assert [f.key for f in extract("By 10:03 AM EDT it ended.") if f.kind == "date"] == ["t:10:03"]
    # a templated-news review: a changed time was shown '11am -> 10.30am.', the sentence's stop kept
    assert [f.text for f in extract("It reopens by 10.30am.")] == ["10.30am"]
    assert [f.text for f in extract("It reopens at 10:30 a.m.")] == ["10:30 a.m."]


def test_an_hour_with_am_or_pm_is_a_time_not_a_count() -> None:
    """'arrested at 9am' is the time 09:00 (an L2R rewrite of a source saying '09:00' listed '9' as
    an invented figure); 'at 10 p.m.' is 22:00, '12am' midnight; 'I am 5' stays a number."""
    keys = [[(f.kind, f.key) for f in extract(t)] for t in ("at 9am.", "at 09:00 BST.", "at 10 p.m. on", "by 12am")]
    assert keys == [[("date", "t:09:00")], [("date", "t:09:00")], [("date", "t:22:00")], [("date", "t:00:00")]]
    assert [f.text for f in extract("It opened at 1 pm.")] == ["1 pm"]  # the full stop ends the sentence
    assert [(f.kind, f.key) for f in extract("I am 5 and am here.")] == [("number", "5")]


def test_a_quote_over_several_sentences_is_read_in_each_of_them() -> None:
    """A quotation opened in one sentence and closed in a later one, or carried into the next
    paragraph by an opening mark, gives each sentence its part; a stray mark (inches) gives none."""

    def quotes(sentences: list[str]) -> list[list[str]]:
        return [[f.text for f in facts if f.kind == "quote"] for facts in document_facts(sentences)]

    assert quotes(['Mrs Hale said: "The defendant says nothing of that sort happened.', "He says they are all "
                   'fabricating their accounts and telling lies," she said.', "The trial goes on."]) == [
        ["The defendant says nothing of that sort happened"], ["He says they are all fabricating their accounts "
                                                               "and telling lies"], []]  # fmt: skip
    assert quotes(['"It is difficult but I do think we are neglected.', '"Why were you not ready to help us?"']) == [
        ["It is difficult but I do think we are neglected"], ["Why were you not ready to help us?"]]  # fmt: skip
    assert quotes(['The screen is 15" wide and very large.', "It sold well in the shops.", "Buyers liked it."]) == [
        [], [], []]  # fmt: skip
    # a closing mark typed with a space before it still closes (tokenised text: 'law, " Salazar said')
    spaced = ['"We are ensuring the full protection of the law, " Salazar said.', '"Science must lead," he said.']
    assert quotes(spaced) == [[], ["Science must lead"]]


def test_a_quote_cut_with_an_ellipsis_is_supported_by_its_parts() -> None:
    src = ['"My family has had its heart torn out," he said. "It is awful, and we will never be the same again."']
    index = FactIndex.build(document_facts(src), " ".join(src).lower())
    cut = document_facts(['"My family has had its heart torn out... we will never be the same again."'])
    assert unsupported(cut, index) == []
    made_up = document_facts(['"My family has had its heart torn out... we want justice for her now."'])
    assert unsupported(made_up, index) != []


def test_clock_times_are_one_fact_in_24_hours() -> None:
    assert kinds("The alarm went off at about 04:20 BST.") == [("date", "t:04:20")]
    assert kinds("Talks ended at 2:15 pm.") == kinds("Talks ended at 14:15.")
    assert ("number", "3.25") in kinds("Shares rose 3.25 to 10.50 dollars at 3.30pm.")


def test_a_day_written_in_words_ends_its_clause() -> None:
    # Reuters notices write days one to nine as words: 'Pay April six', 'Record June One'.
    assert kinds("Pay April six") == kinds("Pay April 6") == [("date", "d:-04-6")]
    assert kinds("Record June One.") == [("date", "d:-06-1")]
    assert ("date", "d:1987-05-1") in kinds("The rights expire May first, 1987, it said.")
    assert kinds("In March one of them left.")[0] == ("date", "d:-03-")  # a month, then a pronoun


def test_the_quick_checks_pass_every_text_the_patterns_match() -> None:
    """`_may_state_share`, `_may_state_figure` and `_DECADE_END` only spare texts their full patterns
    find nothing in: every text built of these pieces, in the cases and spellings re reads alike ('İ', 'ı', 'ſ')."""
    pieces = (
        ["", "x"],
        ["a", "one", "Two", "TEN", "twenty", "7", "12", "about a", "first", "often", "mid", "late", "sıx", "ſIX",
         "fİve", "$", "٢"],
        [" ", "-", "  ", "\t", " - ", ""],
        ["", "in", "IN", "İn", "ın"],
        [" ", "-", "\n", "", " \t"],
        ["half", "HALF", "third", "thİrd", "fıfth", "quarters", "tenth", "five", "3", "1990s", "2000’S", "1980ſ",
         "1970's", "party", "MİLLİON", "percent", "٣"],
        ["", " of"],
    )  # fmt: skip
    found = {"share": 0, "figure": 0, "decade": 0}
    for text in map("".join, itertools.product(*pieces)):
        folded = facts._caseless(text)
        if facts._FRACTION.search(text):
            found["share"] += 1
            assert facts._may_state_share(folded), text
        if facts._NUMBER.search(text) or facts._NUMBER_DECIMAL_COMMA.search(text):
            found["figure"] += 1
            assert facts._may_state_figure(text, folded), text
        if facts._DECADE.search(text):
            found["decade"] += 1
            assert facts._DECADE_END.search(text), text
    assert min(found.values()) > 1000  # the pieces make every kind of match


@settings(max_examples=500)
@given(st.text(alphabet=st.sampled_from(list("Ab.!?\"' :;•–—-\t\nZ’é_1")), max_size=30))
def test_capitals_inside_a_clause_are_found_as_the_pattern_with_its_look_behind_first_finds_them(text: str) -> None:
    """`_MID_CAP` tests its capital before what stands behind it, for speed: the same words as before."""
    before = re.compile(r"(?<=[^.!?\"'\s:;•–—-]\s)[A-Z][\w'’-]+")
    assert [(m.span(), m.group()) for m in facts._MID_CAP.finditer(text)] == [
        (m.span(), m.group()) for m in before.finditer(text)
    ]


@settings(max_examples=500)
@given(st.text(alphabet=st.sampled_from(list("ASMtNíÓUJWa. \n'’&-é_1")), max_size=30))
@example("Caral Ní Chuilín and Máirtín Ó Muilleoir met J. K. Rowling in St. Ives")
@example("He met Ó Muilleoir and Ní Chuilín.")
def test_names_are_found_as_the_pattern_without_its_opening_capital_test_finds_them(text: str) -> None:
    """`_NAME` opens with a test for the capitals a name can start on, for speed: the same names."""
    before = re.compile(facts._NAME_PATTERN)
    assert [(m.span(), m.group()) for m in facts._NAME.finditer(text)] == [
        (m.span(), m.group()) for m in before.finditer(text)
    ]


@given(st.sets(_SHORT_WORDS, min_size=1, max_size=8), _SHORT_WORDS)
def test_prefix_tree_alternation_matches_exactly_its_words(words: set[str], probe: str) -> None:
    pattern = re.compile(_alternation(sorted(words)))
    assert all(pattern.fullmatch(w) for w in words)
    assert bool(pattern.fullmatch(probe)) == (probe in words)


def test_a_name_with_one_word_swapped_is_a_change_but_a_shortened_or_expanded_one_is_not() -> None:
    src = [
        "Peter Walsh, 34, was arrested on Kirkstall Road, Detective Inspector John Miller said.",
        "Det Insp Gordon Wallace of the BBC's Chris Foxx unit spoke.",
    ]
    tgt = [
        "Peter Wilson, 34, was arrested on Armley Road, Detective Inspector Sarah Connor said.",
        "Detective Inspector Gordon Wallace of the British Broadcasting Corporation's Chris Foxx unit spoke.",
    ]
    sf, tf, index, tindex = _facts_and_indexes(src, tgt)
    found = {(c.before, c.after) for c in changes(sf, tf, [((0,), (0,)), ((1,), (1,))], index, tindex)}
    assert found == {
        ("Peter Walsh", "Peter Wilson"),
        ("Kirkstall Road", "Armley Road"),
        ("Detective Inspector John Miller", "Detective Inspector Sarah Connor"),
    }


def test_a_surname_lengthened_is_another_person_but_a_first_name_or_rank_shortened_is_not() -> None:
    """'Hart' / 'Hartley' read as a short form (as 'Det' is of 'Detective') hid a changed name."""
    src = ["Simon Hart, the Welsh secretary, resigned on Tuesday, Capt Chris Wood said."]
    for tgt, found in (
        ("The Welsh secretary, Simon Hartley, quit on Tuesday, according to Captain Christopher Wood.",
         {("Simon Hart", "Simon Hartley")}),
        ("Welsh secretary Simon Hart stood down on Tuesday, Captain Chris Woodward said.",
         {("Capt Chris Wood", "Captain Chris Woodward")}),
        ("Welsh secretary Simon Hart stood down on Tuesday, Captain Christopher Wood said.", set()),
    ):  # fmt: skip
        sf, tf, index, tindex = _facts_and_indexes(src, [tgt])
        assert {(c.before, c.after) for c in changes(sf, tf, [((0,), (0,))], index, tindex)} == found, tgt
        sf, tf, index, tindex = _facts_and_indexes([tgt], src)
        assert {(c.after, c.before) for c in changes(sf, tf, [((0,), (0,))], index, tindex)} == found, tgt


def test_names_match_without_accents_and_by_initials() -> None:
    src = ["Mr Álvarez told the International Olympic Committee in Zürich on Monday."]
    tgt = ["Mr Alvarez told the IOC in Zurich on Monday."]
    sf, tf, index, tindex = _facts_and_indexes(src, tgt)
    assert unsupported(tf, index) == []
    assert changes(sf, tf, [((0,), (0,))], index, tindex) == []


def test_a_bare_year_is_supported_by_a_date_in_that_year() -> None:
    src = ["He abused boys between March 1972 and October 1989, the court heard."]
    tgt = ["The abuse took place from 1972 to 1989."]
    _, tf, index, _ = _facts_and_indexes(src, tgt)
    assert unsupported(tf, index) == []


def test_written_out_umlauts_are_the_same_name() -> None:
    src = ["Thomas Müller scored twice in Düsseldorf on Saturday, Rafael once."]
    for spelling in ("Thomas Mueller scored twice in Duesseldorf on Saturday, Rafael once.",
                     "Thomas Muller scored twice in Dusseldorf on Saturday, Rafael once."):  # fmt: skip
        sf, tf, index, tindex = _facts_and_indexes(src, [spelling])
        assert unsupported(tf, index) == []
        assert changes(sf, tf, [((0,), (0,))], index, tindex) == []


def test_a_decimal_comma_before_a_unit_is_one_figure() -> None:
    numbers = [(f.text, f.key) for f in extract("Profits fell 3,5% to 1,2 billion euros, 1,250 jobs went.")
               if f.kind == "number"]  # fmt: skip
    assert numbers == [("3,5%", "3.5%"), ("1,2 billion", "1.2e+09"), ("1,250", "1250")]
    src = ["Profits fell 3.5 percent to 1.2 billion euros."]
    sf, tf, index, tindex = _facts_and_indexes(src, ["Profits fell 3,5 percent to 1,2 billion euros."])
    assert unsupported(tf, index) == [] and changes(sf, tf, [((0,), (0,))], index, tindex) == []
    assert [(f.text, f.key) for f in extract("Rooms 3,5 and 7 were closed.") if f.kind == "number"] == [
        ("3", "3"), ("5", "5"), ("7", "7")]  # fmt: skip


def test_a_wire_fraction_is_one_figure() -> None:
    """Wires write rates and dividends as mixed fractions ('7-3/4 pct', '11-3/4 cts'): one figure,
    so a dividend of 11-3/4 cents edited to four cents is a change, not a '4' kept from '3/4'."""
    numbers = [(f.text, f.key) for f in extract("Prime rose to 7-3/4 pct from 7-1/2 pct; div 11-3/4 cts vs 4 cts.")
               if f.kind == "number"]  # fmt: skip
    assert numbers == [("7-3/4 pct", "7.75%"), ("7-1/2 pct", "7.5%"), ("11-3/4 cts", "0.1175"), ("4 cts", "0.04")]
    assert kinds("The rate is 7.75 percent.") == [("number", "7.75%")]  # the same figure, written out
    assert [f.key for f in extract("Scores of 3-1 and 2-3/5 were not fractions.") if f.kind == "number"] == [
        "3", "1", "2", "3", "5"]  # fmt: skip
    src, tgt = ["Qtly div 11-3/4 cts vs 11-3/4 cts prior."], ["Qtly div four cts vs four cts prior."]
    sf, tf, index, tindex = _facts_and_indexes(src, tgt)
    found = {(ch.kind, ch.before, ch.after) for ch in changes(sf, tf, [((0,), (0,))], index, tindex)}
    assert ("number", "11-3/4 cts", "four cts") in found


def test_a_share_in_words_is_the_percentage_it_rounds_to() -> None:
    """'Two-thirds of councillors' rewritten '66% of councillors' and 'half of the lanes' as '50%'
    are one figure each (read as the figure 'two', the first was a changed number and the percentage
    an invented one); 'a third party', 'the first half of', 'the first three quarters' state none."""
    assert kinds("Two-thirds of councillors, a third of voters and one in five adults agreed.") == [
        ("number", "2/3"), ("number", "1/3"), ("number", "1/5")]  # fmt: skip
    assert kinds("Half of the lanes open in the first half of the year.") == [("number", "1/2")]
    for no_share in ("He hired a third party.", "Sales in the first three quarters of the year rose.",
                     "He came third.", "At half-time it was level."):  # fmt: skip
        assert all("/" not in key for _, key in kinds(no_share))
    # a word of measure makes the share without 'of' (a standards editor's 'about a third' edited to 'about half')
    assert kinds("About a third agreed and nearly half objected.") == [("number", "1/3"), ("number", "1/2")]
    sf, tf, index, tindex = _facts_and_indexes(["About a third agreed."], ["About half agreed."])
    assert [(ch.before, ch.after) for ch in changes(sf, tf, [((0,), (0,))], index, tindex)] == [("a third", "half")]
    src = ["Two-thirds of councillors backed it.", "Half of the lanes open in March."]
    tgt = ["Some 66% of councillors backed it.", "50% of the lanes open in March."]
    sf, tf, index, tindex = _facts_and_indexes(src, tgt)
    assert unsupported(tf, index) == [] and changes(sf, tf, [((0,), (0,)), ((1,), (1,))], index, tindex) == []
    sf, tf, index, tindex = _facts_and_indexes(src[:1], ["Some 60% of councillors backed it."])
    assert [(ch.before, ch.after) for ch in changes(sf, tf, [((0,), (0,))], index, tindex)] == [("Two-thirds", "60%")]


def test_a_score_or_a_span_of_time_is_no_share() -> None:
    """A reviewer's summary of a tennis report ('beat her 6-1, 6-4 in 56 minutes', the source
    '1-6,4-6' and '56 minutes') read '4 in 56' as the share 1/14: two changed figures and an
    invented one, and the summary was judged unrelated. A score's second count, and a count before
    a span of time ('one in five years'), open no share; 'one in five adults' still does."""
    assert [k for k in kinds("Williams won 6-1, 6-4 in 56 minutes.") if k[0] == "number"] == [
        ("number", "6"), ("number", "1"), ("number", "6"), ("number", "4"), ("number", "56")]  # fmt: skip
    assert all("/" not in key for _, key in kinds("Floods come one in five years, and 3 in 10 days it rains."))
    assert kinds("One in five adults, 3 in 10 voters and four-in-ten homes.") == [
        ("number", "1/5"), ("number", "3/10"), ("number", "2/5")]  # fmt: skip
    src = ["Mirza lost to Williams 1-6,4-6 in the third round.", "Williams took just 56 minutes to win."]
    tgt = ["Williams beat Mirza 6-1, 6-4 in 56 minutes in the third round."]
    sf, tf, index, tindex = _facts_and_indexes(src, tgt)
    assert unsupported(tf, index) == [] and changes(sf, tf, [((0, 1), (0,))], index, tindex) == []


def test_a_name_put_in_anothers_place_is_paired_with_a_name_of_its_kind() -> None:
    """A content-farm review: the rewrite dropped 'a junior Wimbledon doubles title winner' and put
    'Slovak Daniela Hantuchova' for 'Hungarian Petra Mandula'; the change read 'Wimbledon' ->
    'Slovak Daniela Hantuchova', the first name lost beside the first put in."""
    src = ["Mirza, a junior Wimbledon doubles title winner, reached the third round when she beat Hungarian "
           "Petra Mandula on Wednesday."]  # fmt: skip
    tgt = ["Mirza reached the third round when she beat Slovak Daniela Hantuchova on Wednesday."]
    sf, tf, index, tindex = _facts_and_indexes(src, tgt)
    named = [(c.before, c.after) for c in changes(sf, tf, [((0,), (0,))], index, tindex) if c.kind == "name"]
    assert named == [("Hungarian Petra Mandula", "Slovak Daniela Hantuchova")]


def test_basis_points_are_hundredths_of_a_point() -> None:
    """'120 basis points' rewritten '1.2 percentage points' is one figure, and '25bp' is 0.25 points."""
    assert kinds("The rate rose 120 basis points, then 25bp.") == [("number", "1.2"), ("number", "0.25")]
    sf, tf, index, tindex = _facts_and_indexes(["The bank raised rates by 120 basis points."],
                                               ["The bank raised rates by 1.2 percentage points."])  # fmt: skip
    assert unsupported(tf, index) == [] and changes(sf, tf, [((0,), (0,))], index, tindex) == []


def test_a_sentence_edited_in_place_reports_what_it_replaced_even_if_stated_elsewhere() -> None:
    """A copy that changes a score and a surname in one sentence, while the article names the
    player again below and states 'six' elsewhere: in the edited sentence both are changes."""
    src = ["He won 13-6 over Kyren Wilson, with Frank McAveety watching.", "Wilson, the world number six, lost."]
    tgt = ["He won 13-8 over Kyren Wilcox, with Frank McAvoy watching.", "Wilson, the world number six, lost."]
    sf, tf, index, tindex = _facts_and_indexes(src, tgt)
    assert changes(sf, tf, [((0,), (0,))], index, tindex) == []  # as a rewrite reads: the facts moved
    scoped = [(FactIndex.build([sf[0]], src[0].lower()), FactIndex.build([tf[0]], tgt[0].lower()))]
    found = {(c.kind, c.before, c.after) for c in changes(sf, tf, [((0,), (0,))], index, tindex, scoped)}
    assert found == {("number", "6", "8"), ("name", "Kyren Wilson", "Kyren Wilcox"),
                     ("name", "Frank McAveety", "Frank McAvoy")}  # fmt: skip
    same = ["He won 13-6 over K. Wilson, with Frank McAveety watching."]  # shortened, not another name
    sf2, tf2, index2, tindex2 = _facts_and_indexes(src, same)
    scoped = [(FactIndex.build([sf2[0]], src[0].lower()), FactIndex.build([tf2[0]], same[0].lower()))]
    assert changes(sf2, tf2, [((0,), (0,))], index2, tindex2, scoped) == []


def _in_place_changes(src: list[str], tgt: list[str]) -> set[tuple[str, str | None, str | None]]:
    """The changes of a copy whose first sentence was edited in place (scoped to that sentence)."""
    sf, tf, index, tindex = _facts_and_indexes(src, tgt)
    scoped = [(FactIndex.build([sf[0]], src[0].lower()), FactIndex.build([tf[0]], tgt[0].lower()))]
    return {(c.kind, c.before, c.after) for c in changes(sf, tf, [((0,), (0,))], index, tindex, scoped)}


def test_a_whole_name_replaced_in_place_is_a_change_though_named_elsewhere() -> None:
    """The finance minister's name swapped for another while the article still names him below;
    a quote given to another person the article names: both are name changes. A name dropped from
    one place and another added elsewhere in the sentence is a rewording, not a swap."""
    src = ["Palaniappan Chidambaram, India's finance minister, argued for reform.", "Mr Chidambaram is in London."]
    tgt = ["Yashwant Sinha, India's finance minister, argued for reform.", "Mr Chidambaram is in London."]
    assert _in_place_changes(src, tgt) == {("name", "Palaniappan Chidambaram", "Yashwant Sinha")}
    src = ['"We will fight on," Higgins said after the match.', "Maguire won the final 10-4."]
    tgt = ['"We will fight on," Maguire said after the match.', "Maguire won the final 10-4."]
    assert _in_place_changes(src, tgt) == {("name", "Higgins", "Maguire")}
    src = ['"It is a great signing for us and I am excited," Betts told Radio Merseyside.', "Widnes won."]
    tgt = ['Widnes coach Betts said: "It is a great signing for us and I am excited."', "Widnes won."]
    assert _in_place_changes(src, tgt) == set()


def test_a_person_replaced_in_a_reworded_sentence_is_a_change_though_named_elsewhere() -> None:
    """A fact-checker's falsified rewrite: the complainant 'Grace Hale' made 'Joanna Whitfield' in a
    reworded sentence, while the rewrite still names Hale below, so she was not lost from the
    article and the change showed only as an unsupported name. A person on a link's source side
    and not on its target side, beside a person on its target side the source never names, is a
    change; a person the target side still names is not."""
    src = ["Grace Hale told detectives she was abused in 1972.", "Ms Hale was 13 at the time."]
    tgt = ["Investigators heard from Joanna Whitfield that the abuse began in 1972.", "Ms Hale was 13 then."]
    sf, tf, index, tindex = _facts_and_indexes(src, tgt)
    found = {(c.kind, c.before, c.after) for c in changes(sf, tf, [((0,), (0,)), ((1,), (1,))], index, tindex)}
    assert found == {("name", "Grace Hale", "Joanna Whitfield")}
    kept = ["Investigators heard from Grace Hale and Joanna Whitfield that the abuse began in 1972.", tgt[1]]
    sf, tf, index, tindex = _facts_and_indexes(src, kept)
    assert changes(sf, tf, [((0,), (0,)), ((1,), (1,))], index, tindex) == []


def test_an_invented_name_is_unsupported_though_the_source_has_its_small_words() -> None:
    """'Dr Fiona McLeish of the University of Stirling' is not supported by a source that merely
    contains 'the': a name is supported by a distinctive word of it."""
    src = ["Administrators confirmed 38 jobs were lost at the firm in Galashiels."]
    tgt = ["Dr Fiona McLeish of the University of Stirling warned more jobs could go."]
    _, tf, index, _ = _facts_and_indexes(src, tgt)
    assert [u.items for u in unsupported(tf, index)] == [("Fiona McLeish of the University of Stirling",)]
    _, tf, index, _ = _facts_and_indexes(["Peter Walsh spoke."], ["Mr Walsh spoke."])
    assert unsupported(tf, index) == []  # the surname is a distinctive word


def test_a_place_named_by_its_adjective_or_its_people_is_the_place() -> None:
    """A rewrite turns a country into its adjective or its people ('in Flaine, France' / 'skiing in
    the French Alps'; 'Britain's Richard Kruse' / 'British fencer Richard Kruse'): the same fact,
    no claim of its own, in the report (`as_reported`, `restates_place`); the verdict reads the
    facts as its weights were fitted. Another place is still one. A word opening an invented quote
    is listed with the quote, not again as a name."""
    src = ["Carwyn was skiing in the French Alps with his family.", "Britain's Richard Kruse won gold."]
    tgt = ["Carwyn fell while skiing in Flaine, France.", "British fencer Richard Kruse won gold."]
    _, tf, index, _ = _facts_and_indexes(src, tgt)
    assert [u.items for u in unsupported(tf, index)] == [("Flaine", "France")]  # as the verdict was fitted
    assert [u.items for u in as_reported(unsupported(tf, index), tf, index)] == [("Flaine",)]
    _, tf, index, _ = _facts_and_indexes(["The French team won."], ["The German team won in Spain."])
    assert [u.items for u in as_reported(unsupported(tf, index), tf, index)] == [("German", "Spain")]
    quoted = ['Inspector Gibson said: "Preliminary indications suggest a fault."']
    _, tf, index, _ = _facts_and_indexes(["Inspector Gibson said the cause was unknown."], quoted)
    assert [u.items for u in unsupported(tf, index)] == [("Preliminary indications suggest a fault", "Preliminary")]
    assert [u.items for u in as_reported(unsupported(tf, index), tf, index)] == [
        ("Preliminary indications suggest a fault",)
    ]
    assert restates_place("France", "French") and restates_place("Britain's Richard Kruse", "British Richard Kruse")
    assert not restates_place("France", "Germany")
    assert not restates_place("Britain's Richard Kruse", "British Tom Smith")
    # a wire's state abbreviation as a desk spells it out (a standards editor's review)
    assert restates_place("Calif.-based", "California-based") and restates_place("Fla.", "Florida")
    assert not restates_place("Calif.-based", "Texas-based")


def test_new_opening_a_name_is_part_of_it() -> None:
    sentences = ("New York police said the man was arrested.", "He flew to New Zealand.", "New figures show a rise.")
    names = [[f.text for f in extract(s) if f.kind == "name"] for s in sentences]
    assert names == [["New York"], ["New Zealand"], []]
    assert "YORK" not in [f.text for f in extract("NEW YORK, March 3 - The index rose.")]  # a dateline, not 'York'


@pytest.mark.parametrize(
    ("before", "after", "same"),
    [
        ("We are 100% sure", "We are 100 per cent sure", True),
        ("a £200m deal", "a £200 million deal", True),
        ("30 dlrs a barrel", "$30 a barrel", True),
        ("I learnt it whilst at the centre", "I learned it while at the center", True),
        ("the colour of the organisation", "the color of the organization", True),
        ("outdated and unjust", "outdated and just", False),  # spelled alike, another word
        ("better days ahead", "bitter days ahead", False),
        ("one more channel", "not a channel", False),
        ("after almost nine years", "after almost 9 years", True),  # a house style's numerals
        ("twenty-five of them", "25 of them", True),
        ("after almost nine years", "after almost 8 years", False),
        ("twenty-five of them", "20 of them", False),
    ],
)
def test_quotes_match_across_sub_edits_but_not_other_words(before: str, after: str, same: bool) -> None:
    assert same_words(plain_words(before), plain_words(after)) is same


def test_one_body_written_two_ways_in_an_edited_sentence_is_no_swap() -> None:
    src = ["The Lib Dems and the Tory leader met in the USA on Monday.", "The Liberal Democrats said so."]
    tgt = ["The Liberal Democrats and the Conservative leader met in the United States on Monday.",
           "The Liberal Democrats said so."]  # fmt: skip
    assert _in_place_changes(src, tgt) == set()


def test_a_figure_falsified_to_one_the_source_states_elsewhere_is_a_change() -> None:
    """'38 staff' raised to '40 staff' where the source also mentions 40 of something else: the new
    figure stands where the old one stood, written alike, so it is a change, not a moved figure.
    A figure merely written elsewhere in the sentence ('in 40 years') stays a moved one."""
    sf = document_facts(["The firm said 38 staff lost their jobs.", "It had traded for 40 years."])
    tf = document_facts(["The firm said 40 staff lost their jobs."])
    index = FactIndex.build(sf, "the firm said 38 staff lost their jobs. it had traded for 40 years.")
    tindex = FactIndex.build(tf, "the firm said 40 staff lost their jobs.")
    texts = (["The firm said 38 staff lost their jobs.", "It had traded for 40 years."],
             ["The firm said 40 staff lost their jobs."])  # fmt: skip
    assert changes(sf, tf, [((0,), (0,))], index, tindex) == []  # without the texts: moved
    found = changes(sf, tf, [((0,), (0,))], index, tindex, texts=texts)
    assert [(ch.kind, ch.before, ch.after) for ch in found] == [("number", "38", "40")]
    moved = (texts[0], ["In 40 years the firm lost jobs."])
    tf2 = document_facts(moved[1])
    assert changes(sf, tf2, [((0,), (0,))], index, FactIndex.build(tf2, moved[1][0].lower()), texts=moved) == []


def test_a_figure_changed_to_one_the_sentence_states_elsewhere_is_read_in_each_place() -> None:
    """'open in 2021 instead of Easter 2020' falsified to '... in 2021, rather than ... Easter 2021':
    the new figure stands where the old stood ('Easter 2021'), though the sentence states it
    first elsewhere ('in 2021'). Only the first place was read, so nothing was reported."""
    src = ["If given approval, it is expected to open in 2021 instead of Easter 2020."]
    tgt = ["If approved, the resort is now expected to open in 2021, rather than the original target of Easter 2021."]
    sf, tf, index, tindex = _facts_and_indexes(src, tgt)
    found = changes(sf, tf, [((0,), (0,))], index, tindex, texts=(src, tgt))
    assert [(ch.kind, ch.before, ch.after) for ch in found] == [("number", "2020", "2021")]


def test_a_replaced_figure_is_paired_with_the_one_written_alike() -> None:
    """'the son of 1930s fascist leader ... won £60,000' edited to '... won £80,000': the change is
    £60,000 -> £80,000; pairing figures in order reported '1930 -> £80,000'."""
    sf = document_facts(["Mr Mosley, the son of 1930s fascist leader Sir Oswald Mosley, won £60,000 in damages."])
    tf = document_facts(["Mr Mosley won £80,000 in damages."])
    index = FactIndex.build(sf, "mr mosley, the son of 1930s fascist leader sir oswald mosley, won £60,000 in damages.")
    tindex = FactIndex.build(tf, "mr mosley won £80,000 in damages.")
    found = [(ch.kind, ch.before, ch.after) for ch in changes(sf, tf, [((0,), (0,))], index, tindex)]
    assert found == [("number", "£60,000", "£80,000")]


def test_a_figure_changed_to_one_the_sentence_already_states_is_a_change() -> None:
    """'With 30 of the assembly's 60 seats' edited to 'With 60 of the assembly's 60 seats': the new
    value was already in the sentence, so nothing read as new and the falsified seat count went
    unreported."""
    source, target = (
        "With 30 of the assembly's 60 seats, Labour needs one more.",
        "With 60 of the assembly's 60 seats, Labour needs one more.",
    )
    sf, tf = document_facts([source]), document_facts([target])
    index, tindex = FactIndex.build(sf, source.lower()), FactIndex.build(tf, target.lower())
    found = changes(sf, tf, [((0,), (0,))], index, tindex, texts=([source], [target]))
    assert [(ch.kind, ch.before, ch.after) for ch in found] == [("number", "30", "60")]


def test_a_quote_padded_with_words_of_the_writer_is_a_changed_quote() -> None:
    """'"generate immediate benefits"' carried as '"absolutely generate immediate benefits"': the
    source's words are all there, but the speaker never said 'absolutely'. It was listed only
    as an unsupported item, not as a change of that quote."""
    source = 'Jane Hutt said it would help "generate immediate benefits" for the economy.'
    target = 'Jane Hutt said it would help "absolutely generate immediate benefits" for the economy.'
    sf, tf = document_facts([source]), document_facts([target])
    index, tindex = FactIndex.build(sf, source.lower()), FactIndex.build(tf, target.lower())
    found = [(ch.kind, ch.before, ch.after) for ch in changes(sf, tf, [((0,), (0,))], index, tindex)]
    assert found == [("quote", "generate immediate benefits", "absolutely generate immediate benefits")]
    longer = 'Jane Hutt said: "It will generate immediate benefits." Later: "It will generate immediate benefits, yes."'
    lf = document_facts([longer])  # the source itself says the longer words: carried, not changed
    lindex = FactIndex.build(lf, longer.lower())
    assert changes(lf, lf, [((0,), (0,))], lindex, lindex) == []


def test_a_quoted_phrase_lengthened_or_cut_is_a_changed_quote() -> None:
    """'came "too late"' edited to 'came "far too late"': a phrase of two words is no quote of its
    own, so the three-word one was listed as invented, not changed; and '"far too late"' cut to
    '"too late"' was reported as a quote turned into reported speech (no `after`). A phrase
    quoted alike on both sides, or a quote the phrase is no part of, changes nothing."""
    short = 'Mayor Alice Grant said the delay came "too late" for residents of the district.'
    longer = 'Mayor Alice Grant said the delay came "far too late" for residents of the district.'
    other = 'Mayor Alice Grant said the delay was "a failure of nerve" for residents of the district.'

    def quote_changes(source: str, target: str) -> list[tuple[str | None, str | None]]:
        sf, tf = document_facts([source]), document_facts([target])
        index, tindex = FactIndex.build(sf, source.lower()), FactIndex.build(tf, target.lower())
        found = changes(sf, tf, [((0,), (0,))], index, tindex, texts=([source], [target]))
        return [(ch.before, ch.after) for ch in found if ch.kind == "quote"]

    assert quote_changes(short, longer) == [("too late", "far too late")]
    assert quote_changes(longer, short) == [("far too late", "too late")]
    assert quote_changes(short, short) == []
    assert quote_changes(short, other) == []  # a new quote, not the phrase's: `unsupported` lists it
    assert quote_changes(other, short) == [("a failure of nerve", None)]
    # a phrase quoted in another's place (a report reviewer's '"horrific"' / '"appalling"'), not one elsewhere
    assert quote_changes(short, short.replace("too late", "shameful")) == [("too late", "shameful")]
    elsewhere = 'Mayor Alice Grant said the delay came for residents of the "riverside" district.'
    assert quote_changes(short, elsewhere) == []


def test_initials_with_stops_spelled_out_are_the_same_name() -> None:
    """'U.S. export controls' edited to 'United States export controls' was a changed name and an
    unsupported one ('US' without stops was neither); another country in its place still is."""
    source = "U.S. export controls are meant to deny Eastern bloc countries access to technology."

    def names_changed(target: str) -> tuple[list[tuple[str | None, str | None]], list[tuple[str, ...]]]:
        sf, tf = document_facts([source]), document_facts([target])
        index, tindex = FactIndex.build(sf, source.lower()), FactIndex.build(tf, target.lower())
        found = changes(sf, tf, [((0,), (0,))], index, tindex, in_place=[(index, tindex)], texts=([source], [target]))
        return [(c.before, c.after) for c in found if c.kind == "name"], [u.items for u in unsupported(tf, index)]

    assert names_changed(source.replace("U.S.", "United States")) == ([], [])
    other = source.replace("U.S.", "United Kingdom")
    assert names_changed(other) == ([("U.S", "United Kingdom")], [("United Kingdom",)])


@pytest.mark.parametrize(
    ("source", "target", "changed"),
    [
        ('"This scheme will generate immediate benefits for commuters," she said.',
         '"This scheme," she said, "will generate immediate benefits for commuters."', False),
        ('"This scheme will generate immediate benefits for commuters," she said.',
         '"This plan," she said, "will generate immediate benefits for commuters."', True),
        # a standards editor's review: words left out where an ellipsis says so, an honest cut, were a change
        ('"We must tackle head-on the structural mess that is our secondary education system," he wrote.',
         '"We must tackle head-on the ... mess that is our secondary education system," he wrote.', False),
        ('"We must tackle head-on the structural mess that is our secondary education system," he wrote.',
         '"We must tackle head-on the ... mess that is our primary education system," he wrote.', True),
    ],
)  # fmt: skip
def test_a_quote_broken_by_its_attribution_or_cut_at_an_ellipsis_is_carried(
    source: str, target: str, changed: bool
) -> None:
    """'"This scheme will generate immediate benefits," she said' retold as '"This scheme," she
    said, "will generate immediate benefits."': she said every word; so is a quote cut where an
    ellipsis marks it. A word changed in a part is still a change."""
    sf, tf = document_facts([source]), document_facts([target])
    found = changes(sf, tf, [((0,), (0,))], FactIndex.build(sf, source.lower()), FactIndex.build(tf, target.lower()))
    assert bool(found) is changed


def test_another_person_of_a_first_name_is_unsupported() -> None:
    """One shared word counts as a name stated ('Hughes' for 'Prof Terry Hughes'), so a rewrite
    giving the source's 'Gary Megson' as 'Gary Mills' in a sentence of its own stated nothing
    unsupported. A two-word name whose second word the source never states, beside a source name
    with its first word, is someone else; a club named in full where the source has its short
    name, or the source's own person, is not."""
    src = ["Forest manager Gary Megson said Tottenham deserved to win.", "Manchester United lost at home."]
    index = FactIndex.build(document_facts(src), " ".join(src).lower())
    said = document_facts([
        "Forest boss Gary Mills said his side deserved nothing.", "Manchester City lost too.",
        "Tottenham Hotspur won.", "Megson was angry.", "Gary Megson spoke later.",
    ])  # fmt: skip
    flagged = {item for u in unsupported(said, index) for item in u.items}
    assert {"Gary Mills", "Manchester City"} <= flagged
    assert not flagged & {"Tottenham Hotspur", "Megson", "Gary Megson"}


def test_a_person_quoted_in_a_sentence_of_its_own_whom_the_source_never_names_is_counted() -> None:
    """A reporter's own interview ('Peter Guest ... says the building is "a total loss"'): a person
    the source never names, quoted in a sentence not linked to it. Not counted: the source's own
    people in any spelling ('Mr Hale'), a body ('Surrey Fire and Rescue Service'), a name in a linked sentence
    (a rewrite that swaps a speaker shows a change there), a name in a sentence with no quote."""
    src = ["A Surrey Police spokeswoman said the fire was suspicious.", "Mr Hale said: \"We are shocked.\""]
    tgt = [
        "Police are treating the fire as suspicious.",
        'Peter Guest, of Surrey Fire and Rescue Service, says the building is "a total loss".',
        'Anna Chapman added: "It is a sad day for the town."',
        'Mr Hale told reporters: "We are all shocked."',
        "Peter Guest led the crews.",
    ]
    _, tf, index, _ = _facts_and_indexes(src, tgt)
    assert quoted_newcomers(tf, index, linked_target={0}) == 2  # Peter Guest, Anna Chapman
    assert quoted_newcomers(tf, index, linked_target={0, 1, 2}) == 0


@pytest.mark.parametrize(
    "invented",
    [
        "Celtic's Alan Thompson scored the late winner from a free kick.",  # the club named, the player not
        "Then Alan Thompson scored the late winner from a free kick.",  # initials 'at', a word of the source
    ],
)
def test_an_invented_player_is_unsupported_whatever_the_source_names_beside_him(invented: str) -> None:
    """An alignment review: 'Celtic's Alan Thompson' counted as stated because the source names
    Celtic, and any two-word name whose initials are a common word ('Alan Thompson': 'at') as
    stated by a source using that word."""
    from wiretrace import Comparer

    source = "Celtic beat Rangers 2-1 at Parkhead on Saturday. The winning goal came late in the second half."
    comparison = Comparer().compare(source, f"Celtic beat Rangers 2-1 at Parkhead on Saturday. {invented}")
    assert any("Alan Thompson" in item for u in comparison.unsupported for item in u.items)


def test_initials_still_stand_for_their_name() -> None:
    from wiretrace import Comparer

    source = "The US and the RAF agreed the plan on Monday. Officials said talks would go on."
    target = "The United States and the Royal Air Force agreed the plan on Monday. Officials said talks would go on."
    assert Comparer().compare(source, target).unsupported == []


def test_placeholders_honorifics_and_quotes_left_unmarked_are_no_new_facts() -> None:
    """A blind audit of reported facts on 12 L2R rewrites: 'University Name' (from a gap a rewriter
    left, 'The University of [University Name]') and 'Royal Highness' ('Her Royal Highness' for the
    Duchess the source names) were unsupported names; a quote kept word for word without its marks
    and its opening 'as' was a changed quote."""
    facts = extract("Her Royal Highness was installed at The University of [University Name] on Monday.")
    assert [(f.kind, f.text) for f in facts] == [("date", "Monday")]
    assert [f.text for f in extract("His Excellency told the Royal Air Force.") if f.kind == "name"] == [
        "Royal Air Force"]  # fmt: skip
    said = " ".join(plain_words("as those who wage war against the country and kill innocents deserve no mercy"))
    kept = " ".join(plain_words("arguing that those who wage war against the country and kill innocents "
                                "deserve no mercy"))  # fmt: skip
    assert quoted_in(said, kept)
    assert not quoted_in(said, kept.replace("no mercy", "some mercy"))


def test_a_figure_bounded_otherwise_is_a_changed_number() -> None:
    """A blind audit of reported facts: 'has 3,000 special overflow pipes' rewritten 'has over
    3,000' was not reported (the figure is the same). 'More than 90,000 visitors' stated as
    '90,000' loses the bound the other way. An approximation on either side, 'over' for a span
    of time, a bound after the figure and an age group are no such change."""
    def bounded(before: str, after: str) -> list[tuple[str | None, str | None]]:
        found = qualifier_changes([extract(before)], [extract(after)], [([0], [0])], ([before], [after]))
        return [(c.before, c.after) for c in found]

    assert bounded("Welsh Water has 3,000 overflow pipes.", "Welsh Water has over 3,000 overflow pipes.") == [
        ("3,000", "over 3,000")]  # fmt: skip
    assert bounded("It attracted more than 90,000 visitors.", "It drew 90,000 visitors.") == [
        ("more than 90,000", "90,000")]  # fmt: skip
    for before, after in [
        ("It attracted about 90,000 visitors.", "It drew more than 90,000 visitors."),
        ("The eight-year-long trial ended.", "The trial ran over eight years."),
        ("Workers aged 25 and over are paid more.", "Workers over the age of 25 are paid more."),
        ("Under-16s voted, the party said.", "People under the age of 16 voted, the party said."),
        ("They will dip under two minutes in two races.", "They ran two races under two minutes."),
    ]:
        assert bounded(before, after) == [], before


def test_a_changed_figure_is_shown_with_its_bound() -> None:
    """A standards editor's review: 'injured 23 people' updated to 'injured more than 20 people'
    was shown '23' -> '20', and 'at least 30' as '30': the bound is part of what the target says."""
    src = ["The crash also injured 23 people, police said."]
    for tgt, after in [("The crash also injured more than 20 people, police said.", "more than 20"),
                       ("The crash also injured at least 30 people, police said.", "at least 30"),
                       ("The crash also injured 30 people, police said.", "30")]:  # fmt: skip
        sf, tf, index, tindex = _facts_and_indexes(src, [tgt])
        found = changes(sf, tf, [((0,), (0,))], index, tindex, texts=(src, [tgt]))
        assert [(c.before, c.after) for c in found] == [("23", after)], tgt


def test_a_bound_broken_across_wrapped_lines_is_read() -> None:
    """A fact-checker's review: hard-wrapped wire copy breaks 'less\nthan 300 mln dlrs'; made 'more
    than' the figure's bound changed, which was reported only when the phrase stood on one line."""
    src = ["The narrower deduction would cost the government less\nthan 300 mln dlrs a year."]
    tgt = ["The narrower deduction would cost the government more\nthan 300 mln dlrs a year."]
    found = qualifier_changes([extract(src[0])], [extract(tgt[0])], [((0,), (0,))], (src, tgt))
    assert [(c.before, c.after) for c in found] == [("less than 300 mln", "more than 300 mln")]
    src = [src[0].replace("less\nthan 300 mln", "less than 300\nmln")]
    tgt = [tgt[0].replace("more\nthan 300 mln", "more than 300\nmln")]
    found = qualifier_changes([extract(src[0])], [extract(tgt[0])], [((0,), (0,))], (src, tgt))
    assert [(c.before, c.after) for c in found] == [("less than 300 mln", "more than 300 mln")]  # the figure broken
    moved = unit_changes([extract("A range of 12,500\nkms.")], [extract("A range of 12,500\nmiles.")], [([0], [0])],
                         (["A range of 12,500\nkms."], ["A range of 12,500\nmiles."]))  # fmt: skip
    assert [(c.before, c.after) for c in moved] == [("12,500 kms", "12,500 miles")]


def test_a_figure_stated_twice_and_replaced_once_in_place_is_a_change() -> None:
    """A fact-checker's review: "Real Madrid's 4-0 win ... lead to four points" edited to "3-0 win
    ... four points" was no change ('four' still stood, so the 4 read as kept); "four points" made
    "4 points" stays none (the same figure written otherwise)."""
    src = ["The defeat, with Real Madrid's 4-0 win over Espanyol, cuts Barca's lead to four points."]

    def found(edited: str) -> set[tuple[str, str | None, str | None]]:
        tgt = [edited]
        sf, tf, index, tindex = _facts_and_indexes(src, tgt)
        scoped = [(FactIndex.build([sf[0]], src[0].lower()), FactIndex.build([tf[0]], tgt[0].lower()))]
        return {(c.kind, c.before, c.after) for c in changes(sf, tf, [((0,), (0,))], index, tindex, scoped, (src, tgt))}

    assert found(src[0].replace("4-0", "3-0")) == {("number", "4", "3")}
    assert found(src[0].replace("four points", "4 points")) == set()
    assert found(src[0].replace("4-0", "4-1")) == {("number", "0", "1")}


def test_a_month_changed_beside_a_day_of_it_both_state_is_a_change() -> None:
    """A fact-checker's review: a raid 'in June 2004' rewritten 'in May 2004' was no change because
    the copy names 'the 10 June poll' elsewhere, a day of the same month; but the source states
    that day itself, so it says nothing about where June 2004 went."""
    src = ["Police raided the warehouse in June 2004, the court heard.", "The 10 June poll was close."]
    tgt = ["In May 2004 police raided the warehouse, the hearing was told.", "The 10 June poll was close."]
    sf, tf, index, tindex = _facts_and_indexes(src, tgt)
    found = changes(sf, tf, [((0,), (0,)), ((1,), (1,))], index, tindex, texts=(src, tgt))
    assert [(c.kind, c.before, c.after) for c in found] == [("date", "June 2004", "May 2004")]
    moved = ["Police raided the warehouse, the hearing was told.", "The 10 June 2004 poll was close."]
    sf, tf, index, tindex = _facts_and_indexes(src, moved)  # a day of its own in that month: told more precisely
    assert changes(sf, tf, [((0,), (0,)), ((1,), (1,))], index, tindex, texts=(src, moved)) == []


def test_a_figure_in_another_currency_or_unit_is_a_changed_number() -> None:
    """A standards editor's review: '$17.5bn' made '£17.5bn' was a verbatim `copy` with no change
    (the figure's value is the same), as were '8.5 cents' / '8.5p', 'billion barrels' / 'billion
    tonnes' and '$1.8m an hour' / '$1.8m a day'. Both sides must state a unit: a rewrite leaving out
    'dollars', or writing one currency in another way, changes nothing."""
    def units(before: str, after: str) -> list[tuple[str | None, str | None]]:
        found = unit_changes([extract(before)], [extract(after)], [([0], [0])], ([before], [after]))
        return [(c.before, c.after) for c in found]

    assert units("BP made an annual profit of $17.5bn.", "BP made an annual profit of £17.5bn.") == [
        ("$17.5bn", "£17.5bn")]  # fmt: skip
    assert units("It pays a dividend of 8.5 cents.", "It pays a dividend of 8.5p.") == [("8.5 cents", "8.5p")]
    assert units("Reserves rose by 3.9 billion barrels.", "Reserves rose by 3.9 billion tonnes.") == [
        ("3.9 billion barrels", "3.9 billion tonnes")]  # fmt: skip
    assert units("The spill costs BP $1.8m an hour.", "The spill costs BP $1.8m a day.") == [
        ("$1.8m an hour", "$1.8m a day")]  # fmt: skip
    assert units("It has a range of 12,500 kms.", "It has a range of 12,500 miles.") == [
        ("12,500 kms", "12,500 miles")]  # fmt: skip  (Reuters writes kilometres 'kms')
    for before, after in [
        ("BP made an annual profit of $17.5bn.", "BP made an annual profit of 17.5bn."),
        ("BP made an annual profit of $17.5bn.", "BP made an annual profit of 17.5 billion dollars."),
        ("Profit was 4.1 mln dlrs.", "Profit was USD 4.1 mln."),
        ("The 29-year-old driver is stable.", "The driver, aged 29 years, is stable."),
        ("The road is 10 miles (16 km) long.", "The road is 16km (10 miles) long."),
    ]:
        assert units(before, after) == [], before


def test_figures_and_quotes_beside_chinese_characters_are_read() -> None:
    """Chinese sets figures and quote marks right beside its characters ('同比增长6.5%', '表示：「...」'),
    where the figure pattern wanted no word character before a number: a Chinese copy with one
    figure changed had no figure to compare and was reported a faithful `copy`."""
    sentence = "一季度，全国规模以上工业增加值同比增长6.5%，其中3月份增长5.9%。"
    numbers = [f.key for f in extract(sentence) if f.kind == "number"]
    assert numbers == ["6.5%", "3", "5.9%"]  # the month of "3月份" too: no Chinese dates are read
    sentence = "发言人表示：「一季度国民经济开局良好，但外部环境更趋复杂严峻。」"
    quotes = [f.text for f in extract(sentence) if f.kind == "quote"]
    assert quotes and quotes[0].startswith("一季度国民经济开局良好")
    assert [f.key for f in extract("Talks on the A320 and at the G7 ended.") if f.kind == "number"] == []  # as before


def test_quotes_in_french_typography_and_figures_in_other_numerals_are_read() -> None:
    """AFP and most French outlets set a space inside the guillemets ('« C'est une bonne nouvelle »',
    also a narrow no-break space): the words between two quotes were read as the quote. Arabic-Indic
    numerals are the same figures as Western ones."""
    for space in (" ", "\u202f", "\u00a0"):
        quotes = [f.text for f in extract(f"«{space}C'est une bonne nouvelle{space}», a réagi le ministre, M. Lombard.")
                  if f.kind == "quote"]  # fmt: skip
        assert quotes == ["C'est une bonne nouvelle"]
    arabic = [f.key for f in extract("ارتفع التضخم إلى ٢٥٫٥٪ في مارس.") if f.kind == "number"]
    assert arabic == ["25.5%"]
    straight = '"Le taux reste élevé", a dit le ministre.'
    assert quote_count("« Le taux reste élevé », a dit le ministre.") == quote_count(straight) == 1


def test_figures_of_a_text_in_another_language_have_decimal_commas() -> None:
    """German and Spanish write '90,3 Prozent', '62,5', 'magnitud 2,6': a changed decimal was
    reported as '3' -> '8'. A document that does not read as English has a comma before one or two
    digits read as its decimal point; English keeps 'Rooms 3,5 and 7' three rooms."""
    german = [
        "Die Pünktlichkeit lag im Jahr bei 62,5 Prozent und damit deutlich unter dem Ziel der Bahn.",
        "Im Fernverkehr sank der Wert auf 90,3 und im Nahverkehr auf 2,6 Punkte, wie die Bahn mitteilte.",
        "Die Zahlen 1,2,3 stehen für die Quartale, die die Bahn in ihrem Bericht für das Jahr betrachtet.",
    ]
    keys = [[f.key for f in facts if f.kind == "number"] for facts in document_facts(german)]
    assert keys == [["62.5%"], ["90.3", "2.6"], ["1", "2", "3"]]
    english = ["Rooms 3,5 and 7 were closed on the first floor of the hotel, the manager said on the phone."] * 3
    assert [f.key for f in document_facts(english)[0] if f.kind == "number"] == ["3", "5", "7"]


def test_a_german_noun_is_no_name() -> None:
    """German capitalises every noun: 'Geduld', 'Bilanz', 'Nahverkehr' were listed as invented
    names, 18 of them in one rewrite, which the verdict then read as new reporting. In a German
    text a single capitalised word is no name unless an acronym; names of two words stay."""
    german = [
        "Die Bahn zog am Dienstag in Berlin eine schwache Bilanz für den Nahverkehr und bat um Geduld.",
        "Der Fahrgastverband Pro Bahn und die FDP kritisierten Bahnchef Richard Lutz für die Zahlen scharf.",
    ]
    names = {f.text for facts in document_facts(german) for f in facts if f.kind == "name"}
    assert not names & {"Bilanz", "Nahverkehr", "Geduld", "Dienstag"}
    assert {"FDP"} <= names and any("Richard Lutz" in n for n in names)


def test_dates_of_other_languages_are_read_as_dates() -> None:
    """Spanish, German and French copies that moved a date ('martes' -> 'miércoles', '5 de junio'
    -> '5 de mayo', '15. Dezember' -> '15. November') reported nothing, or only the day's number;
    the English control ('Thursday' -> 'Friday') was reported. Their months and weekdays are keyed
    as English ones are, so a change shows and the same date in two languages is one date."""
    spanish = ["El BCE rebajó el pasado 5 de junio el tipo de interés, según dijo este martes la entidad.",
               "El próximo informe se publicará en septiembre de 2025, como estaba previsto."]  # fmt: skip
    german = ["Die Bahn will am 15. Dezember 2025 den neuen Fahrplan vorlegen, wie sie am Dienstag mitteilte.",
              "Im November hatte der Konzern noch eine schwache Bilanz für das Jahr vorgelegt, hieß es."]  # fmt: skip
    french = ["La Banque de France a relevé mardi sa prévision, publiée le 26 mars 2025 et révisée le 1er avril.",
              "Le prochain rapport de la banque est attendu en juin, selon les économistes interrogés."]  # fmt: skip
    keys = {name: [sorted(f.key for f in facts if f.kind == "date") for facts in document_facts(text)]
            for name, text in (("es", spanish), ("de", german), ("fr", french))}  # fmt: skip
    assert keys == {
        "es": [["d:-06-5", "wd:tues"], ["d:2025-09-"]],
        "de": [["d:2025-12-15", "wd:tues"], ["d:-11-"]],
        "fr": [["d:-04-1", "d:2025-03-26", "wd:tues"], ["d:-06-"]],
    }
    english = ["The sea was calm on the 5 mar of the trip, and the fleet sailed on Tuesday, the captain said."] * 2
    assert [f.key for f in document_facts(english)[0] if f.kind == "date"] == ["wd:tues"]  # no 'mar' in English


def test_an_irish_surname_keeps_its_particle() -> None:
    """'Mr Ó Muilleoir' was read as 'Muilleoir', and 'Máirtín Ó Muilleoir' as two names: the
    particle ('Ó', 'Ní', 'Nic', 'Uí') is no ASCII capital."""
    names = [f.text for f in extract("Mr. Ó Muilleoir added that it is too early.") if f.kind == "name"]
    assert names == ["Ó Muilleoir"]
    assert [f.key for f in extract("Minister Máirtín Ó Muilleoir spoke.") if f.kind == "name"] == [
        "minister mairtin o muilleoir"]  # fmt: skip
    assert [f.text for f in extract("Caral Ní Chuilín met them.") if f.kind == "name"] == ["Caral Ní Chuilín"]


def test_a_list_items_first_word_names_no_one_and_its_number_claims_nothing() -> None:
    """An evasion review: a farm's padding list ('4. Experts say ...') gave a padded copy of a wire
    story names of its own ('Experts', 'Analysts'), and the new-reporting rule called the copy a
    report of its own. A list item's number stays a figure, marked `listed` (it matches an
    answer's 'there are 4 key problems' but claims nothing); a heading's names still count (a
    subheading 'Reaction From Giorgia Meloni' edited to another leader is a changed name)."""
    sentences = ["Top 10 Things To Know", "4. Experts say it is too early to judge.", "(7) Analysts in Paris disagree.",
                 "Reaction From Giorgia Meloni"]  # fmt: skip
    facts = document_facts(sentences)
    assert [[(f.kind, f.text, f.listed) for f in sentence] for sentence in facts] == [
        [("number", "10", False), ("name", "Things To Know", False)],
        [("number", "4", True)],
        [("number", "7", True), ("name", "Paris", False)],
        [("name", "Reaction From Giorgia Meloni", False)],
    ]


def test_figures_grouped_by_spaces_are_one_figure_outside_english() -> None:
    """A review of honest text: '10 000 €' in French news was read as the figures 10 and 000, so a
    copy writing '10000 €' listed two changed figures and an unsupported one."""
    spaced, joined = document_facts(
        ["Une prime de 10 000 € sera versée à 1 250 000 ménages, a annoncé le ministre de l'économie dans la ville.",
         "Une prime de 10000 € sera versée à 1250000 ménages, a annoncé le ministre de l'économie dans la ville."]
    )  # fmt: skip
    assert [f.key for f in spaced if f.kind == "number"] == [f.key for f in joined if f.kind == "number"]
    assert [f.key for f in spaced if f.kind == "number"] == ["10000", "1.25e+06"]


def test_a_sum_in_cents_is_the_same_figure_as_in_the_currency() -> None:
    """A churnalism review: '$0.71 per diluted share' retold as '71 cents a diluted share' was
    reported as a changed figure ('$0.71 -> 71'), and '71' as a figure of the rewrite's own."""
    def keys(text: str) -> list[str]:
        return [f.key for facts in document_facts([text]) for f in facts if f.kind == "number"]

    assert keys("Net income was $0.71 per diluted share.") == keys("It earned 71 cents a diluted share.")
    assert keys("The dividend is 5p a share, or £0.05.") == ["0.05", "0.05"]
    assert keys("Qtly div six cts vs 6 cts prior.") == ["0.06", "0.06"]
    assert keys("He scored 5 points and 71 percent of the vote.") == ["5", "71%"]



def test_carried_and_own_facts_count_what_their_rules_say() -> None:
    """A test audit's mutations survived in three counts only the slow dataset gates pinned: the
    source's facts a target carries leave its quotes aside (a rewrite rewords them); a target's own
    facts count dates among its names or dates; a surname alone quoted is no newcomer."""
    src = ["Police said 12 people were hurt on Monday in Leeds.", 'The mayor said: "This was a dreadful day."']
    source_facts = document_facts(src)
    source = FactIndex.build(source_facts, " ".join(src).lower())
    kept = ["Police said 12 people were hurt on Monday in Leeds.", "The mayor spoke of a bad day."]
    assert facts_carried(source_facts, FactIndex.build(document_facts(kept), " ".join(kept).lower())) == (3, 3)
    follow_up = document_facts(
        ["Police said 12 people were hurt.", "Inspector Jane Doyle said on Friday that 40 officers from Bradford came."]
    )
    # Friday, 40, Inspector Jane Doyle, Bradford: four of its own, three of them names or dates
    assert own_facts(follow_up, unsupported(follow_up, source), {0}) == (4, 3)
    surname = document_facts(["Police said 12 people were hurt.", '"We will find who did this," said Doyle.'])
    assert quoted_newcomers(surname, source, {0}) == 0
    full = document_facts(["Police said 12 people were hurt.", 'Jane Doyle said: "We will find who did this."'])
    assert quoted_newcomers(full, source, {0}) == 1


def test_a_decade_is_a_time_not_the_count_of_its_first_year(embedder: Embedder) -> None:
    """An alignment audit: 'until the early 1990s' made 'until the late 1980s' was reported as the
    number '1990' -> '1980'; a decade is a date, shown as written."""
    facts = [(f.kind, f.key, f.text) for f in extract("Until the early 1990s, and in the mid-1980s, it was banned.")]
    assert ("date", "s:1990~early", "early 1990s") in facts and ("date", "s:1980~mid", "mid-1980s") in facts
    assert not [f for f in facts if f[0] == "number"]
    source = ("The film was barely known in Austria until the early 1990s, when tourists began to ask for "
              "its locations. Local guides now run tours of them every day.")  # fmt: skip
    c = compare(from_text(source), from_text(source.replace("early 1990s", "late 1980s")), embedder)
    assert [(ch.kind, ch.before, ch.after) for ch in c.changes] == [("date", "early 1990s", "late 1980s")]


def test_the_part_of_a_month_or_year_is_part_of_its_date(embedder: Embedder) -> None:
    """'late May' rewritten 'mid-May', and 'early 2004' 'late 2004', were no change: the part was
    not read ('mid-2004' was the figure 2004). It is now a date's part: another part is a changed
    date, the whole month or year is not ('late May' / 'May': told less precisely, as a day left
    out), nor a day inside the part."""
    keys = {f.text: f.key for f in extract("It starts in late May or at the end of June, as planned in mid-2004.")}
    assert keys == {"late May": "d:-05-late", "end of June": "d:-06-late", "mid-2004": "y:2004~mid"}
    assert dates_compatible("d:-05-late", "d:2024-05-28") and not dates_compatible("d:-05-late", "d:-05-3")
    assert dates_compatible("d:-05-late", "d:-05-") and not dates_compatible("d:-05-late", "d:-05-mid")
    assert dates_compatible("y:2004~late", "y:2004") and not dates_compatible("y:2004~late", "y:2004~early")
    source = ("The harvest is due to start in late May, weeks ahead of the usual schedule, officials said. "
              "Farmers expect the best crop since early 2004, when rains came on time.")  # fmt: skip
    edited = source.replace("late May", "mid-May").replace("early 2004", "late 2004")
    c = compare(from_text(source), from_text(edited), embedder)
    assert {(ch.kind, ch.before, ch.after) for ch in c.changes} == {
        ("date", "late May", "mid-May"), ("date", "early 2004", "late 2004")
    }
    # a range of parts is the whole month or year; a day after the month is the date; a name stays one
    ranged = {f.text: f.key for f in extract("It is due in mid or late 1988, early-to-mid 1989 or mid- to late May.")}
    assert ranged == {"mid or late 1988": "y:1988", "early-to-mid 1989": "y:1989", "mid- to late May": "d:-05-"}
    dated = extract("He was arrested early Jan. 6 and the fund fell at end-1986.")
    assert sorted(f.key for f in dated if f.kind == "date") == ["d:-01-6", "y:1986~late"]
    assert [f.key for f in extract("The shop opened late in May.") if f.kind == "date"] == ["d:-05-late"]
    assert [(f.kind, f.text) for f in extract("Mid-May Holdings said profit rose.")] == [("name", "Mid-May Holdings")]
    vaguer = compare(from_text(source), from_text(source.replace("late May", "May")), embedder)
    assert vaguer.changes == vaguer.unsupported == [] and vaguer.verdict.relation == "edited-copy"  # told vaguer
    assert compare(from_text(source), from_text(edited), embedder).verdict.score < vaguer.verdict.score


def test_a_verb_opening_a_sentence_or_a_quote_is_no_name() -> None:
    """A farm's call to its readers ('Stay tuned', 'Click here') and a quote opening with an order
    ('"Please don't give it away"', BBC) listed the verb as a name, an invented one where the source
    lacks it. Alone before a lower-case word it opens the sentence; a title it opens stays a name,
    and a surname that is a verb too ('Read wrote the song', BBC) is not taken for one."""
    for sentence in ("Stay tuned for more updates.", "Click here to subscribe.", "Share this with your friends.",
                     'His message to the chancellor was: "Please don\'t give it away."',
                     'It was a three-word road map: "Follow the money."'):  # fmt: skip
        assert [f.text for f in extract(sentence) if f.kind == "name"] == [], sentence
    assert [f.text for f in extract("Ask Jeeves said its profits rose.") if f.kind == "name"] == ["Ask Jeeves"]
    assert [f.text for f in extract("TAP Air Portugal cut fares.") if f.kind == "name"] == ["TAP Air Portugal"]
    assert [f.text for f in extract("Read wrote the song before the tragedy.") if f.kind == "name"] == ["Read"]


def test_anchor_keys_are_figures_and_dates_and_say_which_are_specific() -> None:
    """`claims.anchor_keys`: a figure of 10 or more not written as a year, a date with its day or
    its year are specific; a year-like count written with a comma is a count; names, weekdays,
    hours and a month alone tie nothing."""
    facts = document_facts(
        ["Some 2,000 jobs went at the Rio 2016 Games on 4 November, said Joe Bloggs, five days on.",
         "It happened on Tuesday at 3pm in October."], "en")  # fmt: skip
    keys, specific, written = claims.anchor_keys(facts)
    assert {"2000", "2016", "5"} <= keys[0] and not any(k.startswith(("wd:", "t:")) or " " in k for k in keys[1])
    assert "2000" in specific and "2016" not in specific and "5" not in specific
    assert any(k.startswith("d:") for k in keys[0] & specific)
    assert not keys[1] & specific
    assert "november" in next(w for k, w in written.items() if k.startswith("d:"))  # the words the date is written with


def test_a_date_is_read_against_the_dates_that_can_match_it_as_against_all() -> None:
    """A hostile review: two timelines of 500 dates took 15 s to compare, each date read against
    every date of the other (`FactIndex.supports`, `still_states`). Read against the few that
    `dates_compatible` may match (its month's days and its year; a year's days and itself), the
    answers are those of reading them all."""
    from dataclasses import replace

    months = ("January", "February", "March")
    phrases = [f"on {m} {d}, {y}" for m in months for d in (1, 2) for y in (2004, 2015)]
    phrases += [f"in {m} 2015" for m in months] + ["in 2015", "in early 2004", "in late 2004", "in late March",
                                                   "on 1-3 March", "on March 2", "in the 1990s", "in mid-February"]
    docs = []
    for n in range(len(phrases)):
        chosen = [phrases[(n * k * 7 + k) % len(phrases)] for k in range(1, 5)]
        text = [f"The board met {p}." for p in chosen]
        facts = document_facts(text)
        docs.append((facts, FactIndex.build(facts, " ".join(text).lower())))

    def supported_by_any(dates: tuple[str, ...], fact: Fact, days: bool) -> bool:  # every date read, as before
        if fact.kind == "number":
            return any(dates_compatible(f"y:{fact.key}", d) for d in dates)
        return any(dates_compatible(fact.key, d) and (not days or claims._day_of(d) or not claims._day_of(fact.key))
                   for d in dates)

    checked = supported = 0
    for (facts, _), (_, index) in itertools.product(docs, docs):
        plain = replace(index, dates=())  # the index without its dates: what they add is read apart
        for fact in (f for sentence in facts for f in sentence if f.kind in ("date", "number")):
            for days in (False, True):
                expected = plain.supports(fact, days) or supported_by_any(index.dates, fact, days)
                supported += expected
                assert index.supports(fact, days) == expected, (fact, days)
            checked += 1
    assert checked > 1000 and supported > 200
    source = docs[0][1]
    for facts, index in docs:
        for fact in (f for sentence in facts for f in sentence if f.kind == "date"):
            mine = tuple(d for d in index.dates if d == fact.key or d not in source.dates)
            expected = replace(index, dates=()).supports(fact, True) or supported_by_any(mine, fact, True)
            assert index.still_states(fact, source) == expected


def _pairs_read_one_by_one(
    sfacts: list[Fact], tfacts: list[Fact], texts: tuple[str, str]
) -> list[tuple[Fact, Fact]]:
    """`claims._figure_pairs_in_place` with no siblings as it was written first: every lost figure
    read against every new one (the reference the indexed form must agree with)."""
    from collections import Counter

    pairs: list[tuple[Fact, Fact]] = []
    for kind in ("number", "date"):
        s, t = [f for f in sfacts if f.kind == kind], [f for f in tfacts if f.kind == kind]
        lost = [f for f in s if not any(claims._same(kind, f, g, True) for g in t)]
        new = [g for g in t if not any(claims._same(kind, f, g, True) for f in s)]
        if kind == "number" and lost and not new:
            stated = Counter(f.key for f in s)
            new = [g for n, g in enumerate(t) if sum(1 for h in t[: n + 1] if h.key == g.key) > stated[g.key]]
        alike = []
        for old in lost:
            written = [n for n in new if claims._written_as(n) == claims._written_as(old)]
            placed = [n for n in written if claims._in_its_place(old, n, *texts)]
            if (match := next(iter(placed or written), None)) is not None:
                alike.append((old, match))
                new.remove(match)
        unpaired = [old for old in lost if all(old is not a for a, _ in alike)]
        in_order = [(old, n) for old, n in zip(unpaired, new) if not claims._year_beside_yearless(old, n)]
        pairs += sorted(alike + in_order, key=lambda p: lost.index(p[0]))
    return pairs


def test_long_runs_of_figures_are_paired_as_when_every_pair_is_read() -> None:
    """A hostile review: a sentence listing 2,000 dates against one listing 2,000 others took 31 s to
    compare, every figure read against every other several times over (`_lost_and_new`,
    `_figure_pairs_in_place`). Past a sentence's few, each is read only against those that can agree
    with it or stand in its place; the pairs are those of reading them all, in the same order."""
    import random
    from collections import Counter

    words = ["on March 2, 2004", "on March 2", "in March 2015", "in 2015", "in late 2004", "on 1-3 March",
             "in the 1990s", "12 people", "14 people", "2/3", "66%", "1,200", "$5m", "$7m", "60 seats",
             "30 seats", "since 1959", "since 1960", "on 4 May 2015", "on 5 May 2015", "in May"]  # fmt: skip
    rng = random.Random(5)
    checked = 0
    for _ in range(60):
        said = "The council " + ", then ".join(rng.choice(words) for _ in range(rng.randint(4, 40))) + "."
        says = "The council " + ", then ".join(rng.choice(words) for _ in range(rng.randint(4, 40))) + "."
        (sf,), (tf,) = document_facts([said]), document_facts([says])
        expected = _pairs_read_one_by_one(sf, tf, (said, says))
        assert claims._figure_pairs_in_place(sf, tf, (said, says), Counter()) == expected
        checked += len(sf) * len(tf) > claims._FEW_PAIRS and bool(expected)
    assert checked > 30


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet="12_ .,$£m\n\u00a0", min_size=1, max_size=6),
    st.text(alphabet="12a_ .,$£m\n\u00a0", max_size=40),
)
def test_a_figure_is_found_where_its_old_pattern_found_it(figure: str, sentence: str) -> None:
    """`claims._units` finds a figure where `(?<![\\w$£€¥])FIGURE(?![\\d.,]?\\d)` did, each space
    any run of spaces: not inside '$5' or '15', nor '5' in '5.5' or '5,000', but in '5m'."""
    if not figure.split():
        return
    spaced = r"\s+".join(map(re.escape, figure.split()))
    old = [m.span() for m in re.finditer(rf"(?<![\w$£€¥]){spaced}(?![\d.,]?\d)", sentence)]
    found = phrase_spans(figure, sentence, any_spaces=True, opens=claims._opens_figure, closes=claims._closes_figure)
    assert found == old
