"""Fact kernels: the checkable items of a sentence (names, numbers, dates, quotes).

Rewrites keep the story but swap the words; the facts are what a reader can check. These
extractors are plain regular expressions, fast enough to run on every sentence of every
candidate pair, and deterministic so that a change report can be reproduced.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from rapidfuzz import fuzz, process

from wiretrace.text import Translation, fold, language_of, normalize

FactKind = Literal["name", "number", "date", "quote"]

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: What a day of the week's name holds before its 'day' (`_DATE`; `claims` reads 'last Friday' by it).
WEEKDAY_STEMS = "Mon|Tues|Wednes|Thurs|Fri|Satur|Sun"
_MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
#: Days written as words, as wire copy does for one to nine ('Pay April six', 'Record June One').
_WORD_DAYS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9,
}  # fmt: skip


def _alternation(words: Iterable[str]) -> str:
    """A regex matching exactly `words`, written as a prefix tree ('t(?:wo|en)' for two|ten): the
    engine then tries one branch per first letter instead of every word at every position."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in node.items() if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(tree)


def _starts(chars: Iterable[str]) -> str:
    """A lookahead for the characters a match can start with (single characters, or classes such
    as `\\d`): positions where no alternative can begin are skipped at the cost of one class test,
    and the matches themselves are unchanged."""
    return "(?=[" + "".join(c if c.startswith("\\") else re.escape(c) for c in sorted(set(chars))) + "])"


#: Words introducing a bare year ('in 1998', 'mid-2004'), as pattern fragments. A date starts with
#: a digit (days, times), a month's or weekday's initial, or one of these words' first letter.
_YEAR_OPENERS = ("in", "of", "since", "until", "by", "from", "during", "before", "after", "early", "late", "mid-?")
_DATE = re.compile(
    _starts(
        [r"\d", *(m[0].upper() for m in _MONTHS), *(d[0].upper() for d in _WEEKDAYS), *(w[0] for w in _YEAR_OPENERS)]
    )
    + rf"(?:\b(?:(?P<d1>{_DAY})(?:\s*(?:-|–|to|and)\s*(?P<e1>{_DAY}))?\s+(?:of\s+)?(?P<m1>{_MONTH_RE})"
    rf"|(?P<m2>{_MONTH_RE})\s+(?P<d2>{_DAY})\b(?:\s*(?:-|–|to|and)\s*(?P<e2>{_DAY}))?"
    # a day in words only where the clause ends with it: 'in March one of them' is no date
    rf"|(?P<m4>{_MONTH_RE})\s+(?P<dw>(?i:{'|'.join(_WORD_DAYS)}))(?=\s*$|[,;.)])"
    rf"|(?P<m3>{_MONTH_RE}))(?:,?\s+(?P<y1>(?:1[6-9]|20)\d\d))?\b"
    rf"|\b(?P<wd>{WEEKDAY_STEMS})day\b"
    r"|\b(?P<time>[012]?\d:[0-5]\d)(?![\d:])(?:\s?(?:(?P<ampm>[apAP])(?:\.[mM]\b\.?|[mM]\b)|(?:BST|GMT|UTC|CET|EST|EDT|PST|PDT|ET)\b))?"
    # 'a.m.' keeps its stops, 'am.' at a sentence's end does not ('by 10.30am.' states '10.30am')
    r"|\b(?P<time12>1?\d[.:][0-5]\d)\s?(?P<ampm12>[apAP])(?:\.[mM]\b\.?|[mM]\b)"
    # an hour alone ('at 9am', '10 p.m.'): the hour of '09:00', not a count of nine
    r"|\b(?P<hour12>1[0-2]|0?[1-9])\s?(?P<ampmh>[apAP])(?:\.[mM]\b\.?|[mM]\b)"
    rf"|\b(?:{'|'.join(_YEAR_OPENERS)})\s+(?P<y2>(?:1[6-9]|20)\d\d)\b)"
)
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "dozen": 12, "thousand": 1000,
}  # fmt: skip
_SCALE = {
    "k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "million": 1e6,
    "bn": 1e9, "billion": 1e9, "trillion": 1e12, "tn": 1e12, "hundred": 1e2,
}  # fmt: skip
#: Characters of the scripts written without spaces between words (Chinese, Japanese; Korean's
#: syllables too): a figure or quote mark stands right beside them ('增长5.4%', '表示：「...」').
_CJK_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
_CJK = f"[{_CJK_CHARS}]"
_CJK_RUN = re.compile(_CJK)
_UNITS = r"%|(?:per\s?cent|percent|pct|prozent|por ciento|pour cent|por cento|per cento)\b"
_SCALES = "k|m|mn|mln|bn|tn|million|billion|trillion"
#: A sum in hundredths of the currency ('71 cents', '6 cts', '5p'): read as its value in the currency,
#: '$0.71' and '71 cents' being one figure (a rewrite writes one for the other).
CENTS = (
    r"\s?(?:(?:U\.S\.|US|Canadian|Australian|Irish|Hong Kong|Singapore|New Zealand|euro)\s)?(?:cents?|cts|pence)\b"
    r"|(?<=\d)p\b"
)


def _number_pattern(decimal_comma: str, space_groups: bool = False) -> re.Pattern[str]:
    """The figure pattern, `decimal_comma` the condition after a comma and one or two digits under
    which they are a figure's decimals ('3,5 percent') rather than the next figure of a list;
    `space_groups`: thousands set apart by spaces ('10 000 €', '1 250 000'), as French and Russian
    news write them (read as '10' and '000', a reformatted copy listed two changed figures)."""
    groups = r"\d{1,3}(?: \d{3})+(?![\d,]?\d)|" if space_groups else ""
    return re.compile(
        _starts([r"\d", r"\s", *"$£€¥", *(w[0] for w in NUMBER_WORDS)])
        + rf"(?:(?:(?<![\w.])|(?<={_CJK}))[$£€¥]?\s?(?P<num>{groups}\d{{1,3}}(?:,\d{{3}})+|\d+)"
        # a decimal point or comma, or a mixed fraction as wires write prices and rates ('7-3/4 pct',
        # 'a dividend of 11-3/4 cts')
        rf"(?:(?P<frac>\.\d+)|(?<!\d,\d),(?P<efrac>\d{{1,2}}){decimal_comma}"
        r"|-(?P<numerator>[1-9]\d?)/(?P<denominator>2|4|8|16|32|64)\b)?"
        r"(?:\s?(?P<scale>k|m|mn|mln|bn|tn|million|billion|trillion|thousand|hundred)\b)?"
        rf"(?:(?P<pct>\s?(?:{_UNITS}))|(?P<cents>{CENTS})|(?P<bps>\s?(?:basis[\s-]points?|bps?)\b))?"
        rf"|\b(?P<word>{_alternation(NUMBER_WORDS)})(?:-(?P<unit>one|two|three|four|five|six|seven|eight|nine))?\b"
        rf"(?:\s(?P<wscale>million|billion|trillion|thousand|hundred)\b)?(?:(?P<wpct>\s?(?:{_UNITS}))|(?P<wcents>{CENTS}))?)",
        re.IGNORECASE,
    )


#: In English a decimal comma is read as much of Europe writes one only before a scale or a
#: percentage ('3,5 percent', '1,2 billion'): 'Rooms 3,5 and 7' lists three rooms.
_NUMBER = _number_pattern(rf"(?=\s?(?:{_UNITS}|(?:{_SCALES})\b))")
#: In other languages a comma before one or two digits is the decimal point ('90,3', 'magnitud 2,6'),
#: unless a list runs on ('1,2,3').
_NUMBER_DECIMAL_COMMA = _number_pattern(r"(?![\d,]|\.\d)", space_groups=True)
#: Months and weekdays as Spanish, French, German, Portuguese and Italian news write them, for
#: texts in those languages (`document_facts`): a changed month or weekday is a changed date there too.
_FOREIGN_MONTHS = {
    1: "enero janvier januar jänner janeiro gennaio",
    2: "febrero février februar fevereiro febbraio",
    3: "marzo mars märz março",
    4: "abril avril april aprile",
    5: "mayo mai maio maggio",
    6: "junio juin juni junho giugno",
    7: "julio juillet juli julho luglio",
    8: "agosto août august",
    9: "septiembre setiembre septembre september setembro settembre",
    10: "octubre octobre oktober outubro ottobre",
    11: "noviembre novembre november novembro",
    12: "diciembre décembre dezember dezembro dicembre",
}
#: ... abbreviated, as datelines write them after a day ('Madrid, 17 jun (EFE)'), never alone.
_FOREIGN_MONTH_ABBREVIATIONS = {
    1: "ene janv jan", 2: "feb févr fev", 3: "mar mär", 4: "abr avr apr", 6: "jun juin", 7: "jul juil",
    8: "ago aoû aug", 9: "sep sept set", 10: "oct okt out ott", 11: "nov", 12: "dic déc dez dec",
}  # fmt: skip
_FOREIGN_WEEKDAYS = {
    "mon": "lunes lundi montag segunda-feira lunedì",
    "tues": "martes mardi dienstag terça-feira martedì",
    "wednes": "miércoles mercredi mittwoch quarta-feira mercoledì",
    "thurs": "jueves jeudi donnerstag quinta-feira giovedì",
    "fri": "viernes vendredi freitag sexta-feira venerdì",
    "satur": "sábado samedi samstag sonnabend sabato",
    "sun": "domingo dimanche sonntag domenica",
}


def _spellings(table: dict) -> dict[str, object]:
    """Each word of `table`'s values, with and without its accents, to its key."""
    return {form: key for key, names in table.items() for name in names.split() for form in (name, fold(name))}


_FOREIGN_MONTH_OF = _spellings(_FOREIGN_MONTHS)
_FOREIGN_SHORT_MONTH_OF = _spellings(_FOREIGN_MONTH_ABBREVIATIONS)
_FOREIGN_WEEKDAY_OF = _spellings(_FOREIGN_WEEKDAYS)
_FOREIGN_DATE = re.compile(
    rf"\b(?:(?P<fd>[0-3]?\d)(?:\.|º|°|er)?\s+(?:de\s+)?"
    rf"(?:(?P<fm>{_alternation(_FOREIGN_MONTH_OF)})|(?P<fs>{_alternation(_FOREIGN_SHORT_MONTH_OF)})\.?)"
    rf"(?:,?\s+(?:de\s+)?(?P<fy>(?:1[6-9]|20)\d\d))?"
    rf"|(?P<fm2>{_alternation(_FOREIGN_MONTH_OF)})(?:\s+(?:de\s+)?(?P<fy2>(?:1[6-9]|20)\d\d))?"
    rf"|(?P<fwd>{_alternation(_FOREIGN_WEEKDAY_OF)}))\b",
    re.IGNORECASE,
)


def _foreign_date_key(m: re.Match[str]) -> str:
    """A date of `_FOREIGN_DATE` keyed as `_date_key` keys English dates ('5 de junio' as '5 June')."""
    if m.group("fwd"):
        return f"{WEEKDAY_KEY}{_FOREIGN_WEEKDAY_OF[_case_key(m.group('fwd'))]}"
    if m.group("fs"):
        month = _FOREIGN_SHORT_MONTH_OF[_case_key(m.group("fs"))]
    else:
        month = _FOREIGN_MONTH_OF[_case_key(m.group("fm") or m.group("fm2"))]
    return f"d:{m.group('fy') or m.group('fy2') or ''}-{month:02d}-{_day_number(m.group('fd'))}"


#: A quotation: an opening mark (at the start or after a space or bracket, before a non-space)
#: to a closing one (after a non-space, before a space, punctuation or the end). Quotes are
#: straight here (`normalize`), so pairing marks blindly would read the words between two
#: quotations as one when a quote runs on into the next sentence.
_OPENING_MARK = rf'(?:^|(?<=[\s(\[{{:{_CJK_CHARS}]))"(?=\S)'
_CLOSING_MARK = rf'(?<=\S)"(?=$|[\s.,;:!?)\]}}\'\-。、{_CJK_CHARS}])'
_QUOTE = re.compile(_OPENING_MARK + r'([^"]{12,}?)' + _CLOSING_MARK)
_MARK_OPENS, _MARK_CLOSES = re.compile(_OPENING_MARK), re.compile(_CLOSING_MARK)
#: A name: capitalised words, maybe joined by particles.
_NAME_PATTERN = (
    # initials open a name with their stops ('J. K. Rowling'), and stand inside one with or without
    # ('George W Bush', 'Michael J. Fox')
    r"\b(?:(?:St|Mt|Ft)\.\s+|(?:Ó|Ní|Nic|Uí)\s+(?=[A-Z])|(?:[A-Z]\.\s*){1,3}(?=[A-Z][\w'’&-]*\w))?[A-Z][\w'’&.-]*[\w]"
    # 'and the' joins two names in a list ('the Lib Dems and the Tory leader'), not words of one
    r"(?:(?:\s+[A-Z]\.?(?=\s+[A-Z][\w'’&.-]*[\w]))?"
    # an Irish surname's particle ('Máirtín Ó Muilleoir', 'Caral Ní Chuilín') joins it too
    r"(?:\s+(?:of|de|del|da|van|von|der|al|bin|le|la|du|y|for|and(?!\s+the\b)|the|Ó|Ní|Nic|Uí)){0,2}"
    r"\s+[A-Z][\w'’&.-]*[\w])*"
)
#: ... searched with a test of the capital it opens on ('Ó' of an Irish particle too) first: every
#: other position fails that one test instead of each opening the pattern allows.
_NAME = re.compile(rf"(?=[A-ZÓ]){_NAME_PATTERN}")
# Capitalised words that are not names when they open a sentence or stand alone.
_COMMON = (
    frozenset(
        """a an the he she it they we i you his her its their our this that these those there here
    but and so yet or if when while after before since as in on at for to from by with of
    however meanwhile also still then now what who why how where which one some many most
    more other others all both each every no not mr mrs ms dr sir lord lady prof st
    yesterday today tomorrow tonight last next earlier later according despite although though
    because following under over about around during within without until unless whether
    my your me us him them be is was were are been has have had do does did will would could
    should may might must can shall just only even first second third new former
    instead indeed finally moreover furthermore nevertheless therefore thus perhaps eventually
    separately elsewhere overall similarly likewise additionally currently recently previously
    initially ultimately otherwise afterwards already again
    """.split()
    )
    | frozenset(_WEEKDAYS)
    | frozenset(_MONTHS)
)


@dataclass(slots=True, frozen=True)
class Fact:
    """One checkable item: its kind, its text as written and a normalised key for matching."""

    kind: FactKind
    text: str
    key: str
    listed: bool = False  # a list item's number ('4. Experts say ...'): it matches, but claims nothing


#: How a day of the week's key opens ('wd:mon'): a date that recurs every week.
WEEKDAY_KEY = "wd:"
#: Letters a case-blind pattern matches for ASCII ones: dotless and dotted i, long s, the Kelvin sign.
_CASE_VARIANTS = Translation(str.maketrans({"ı": "i", "ſ": "s", "\u212a": "k"}))


def _case_key(word: str) -> str:
    """`word` as the tables of month, day and number words spell it: a case-blind pattern matches
    'sıx' (a dotless i) and 'FİVE' for 'six' and 'five', whose plain `lower()` no table holds
    (one such word stopped an add: an evasion review)."""
    return word.lower().replace("i\u0307", "i").translate(_CASE_VARIANTS)


def _date_key(m: re.Match[str]) -> str:
    if m.group("wd"):
        return WEEKDAY_KEY + m.group("wd").lower()
    if m.group("hour12"):
        hours = int(m.group("hour12")) % 12 + (12 if m.group("ampmh").lower() == "p" else 0)
        return f"t:{hours:02d}:00"
    if m.group("time") or m.group("time12"):
        hours_text, minutes = re.split(r"[:.]", m.group("time") or m.group("time12"))
        hours = int(hours_text) % 12 if (m.group("ampm") or m.group("ampm12")) else int(hours_text)
        if (m.group("ampm") or m.group("ampm12") or "").lower() == "p":
            hours += 12  # 2:15 pm is 14:15
        return f"t:{hours:02d}:{minutes}"
    if m.group("y2"):
        return f"y:{m.group('y2')}"
    month_text = (m.group("m1") or m.group("m2") or m.group("m3") or m.group("m4") or "").rstrip(".").lower()
    month = _MONTHS.get(month_text, 0)
    day = _day_number(m.group("d1") or m.group("d2"))
    last = _day_number(m.group("e1") or m.group("e2"))
    if last and last != day:  # a span of days ('13-15 March'): keyed by both ends, '13/15'
        day = f"{day}/{last}"
    if m.group("dw"):
        day = str(_WORD_DAYS[_case_key(m.group("dw"))])
    year = m.group("y1") or ""
    return f"d:{year}-{month:02d}-{day}"


#: How a decade's key opens ('s:1990' for 'the 1990s'): a time, not the count 1990.
DECADE_KEY = "s:"
#: How the part of a year or decade follows its key ('y:2004~late', 's:1990~early'); the part of
#: a month stands in its key's day ('d:-05-late').
PART_MARK = "~"
#: A range of parts before a part ('mid- to late May', 'early-to-mid 1988', 'mid or late 1988',
#: 'between early and mid-1988'): the date is the whole month or year, either part of it.
_PART_RANGE = r"(?P<range>(?i:early|mid|late)(?:-?\s*(?:or|to|and)\s+|-to-|\s*/\s*))?"
#: A decade of a year in figures, maybe early, mid or late in it: 'the 1990s', 'the early 1990s',
#: 'the mid-1980s' (as a figure, '1990s' -> '1980s' had read '1990' -> '1980').
_DECADE = re.compile(
    _starts([r"\d", *"eEmMlL"])
    + rf"\b{_PART_RANGE}(?:(?P<part>early|mid|late)[- ]?)?(?P<decade>1[5-9]\d0|20\d0)['’]?s\b", re.IGNORECASE
)
#: Words naming the part of a month or year a date is in ('late May', 'mid-2004', 'the end of
#: March', Reuters' 'end-1986'), keyed as early, mid or late: 'late May' rewritten 'mid-May' is a
#: changed date.
_PARTS = {"early": "early", "mid": "mid", "late": "late", "end": "late", "beginning of": "early",
          "start of": "early", "middle of": "mid", "end of": "late"}  # fmt: skip
_PART_DATE = re.compile(
    _starts("eEmMlLbBsS")  # the initials of the part words: most positions are skipped at once
    + rf"\b{_PART_RANGE}(?P<part>(?i:early|mid|late|end(?=-)|(?:beginning|start|middle|end)\s+of))"
    r"(?:-\s*|\s+(?:in\s+)?)"  # 'late in May', 'early in 2004' too
    # not before a day ('late June 17' is late on that day, 'early Jan. 6' and 'early March two' wire style)
    rf"(?:(?P<month>{_MONTH_RE})(?!\.?\s+(?:[0-3]?\d(?!\d)|(?i:{'|'.join(_WORD_DAYS)})\b))"
    rf"(?:,?\s+(?P<year>(?:1[6-9]|20)\d\d))?|(?P<alone>(?:1[6-9]|20)\d\d)(?![\d'’]|s\b))\b"
)
#: The days of a month each part spans, overlapping at their edges: 'late May' may be May 20.
_MONTH_PARTS = {"early": (1, 10), "mid": (10, 20), "late": (20, 31)}


def _part_date_key(m: re.Match[str]) -> str:
    """The key of a date in part of a month or year: 'late May' 'd:-05-late', 'mid-2004' 'y:2004~mid';
    a range of parts the whole of it ('mid- to late May' 'd:-05-')."""
    part = "" if m.group("range") else _PARTS[" ".join(m.group("part").lower().split())]
    if m.group("alone"):
        return f"y:{m.group('alone')}{PART_MARK}{part}" if part else f"y:{m.group('alone')}"
    month = _MONTHS[m.group("month").rstrip(".").lower()]
    return f"d:{m.group('year') or ''}-{month:02d}-{part}"


def _names_something(m: re.Match[str], text: str) -> bool:
    """Whether a part of a month written in capitals before another capitalised word is a name's
    ('Mid-May Holdings', 'Late May Festival'), not a date ('Late May is warm')."""
    return m.group("part")[:1].isupper() and re.match(r"\s+[A-Z]", text[m.end() :]) is not None


def _day_number(written: str | None) -> str:
    """A day of the month as a key spells it: its number without ordinal or leading zero ('03rd' is '3')."""
    digits = re.sub(r"\D", "", written or "")
    return str(int(digits)) if digits else ""


#: Proportions in words: 'two-thirds of', 'a quarter of', 'half of', 'one in five'. Keyed as the
#: reduced fraction ('2/3'), which `amounts_agree` holds equal to the percentages it rounds to: a
#: rewrite writes '66%' for 'two-thirds' (read as the figure 'two', that was a changed number).
_FRACTION_PARTS = {"half": 2, "third": 3, "quarter": 4, "fourth": 4, "fifth": 5, "tenth": 10}
SHARE_WORDS = frozenset(_FRACTION_PARTS)
_NUMERATORS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7, "nine": 9}
_COUNT_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twenty")
_SMALL_COUNT = rf"(?:{'|'.join(_COUNT_WORDS)}|\d{{1,3}})"
#: Words that make a share of what follows them ('about a third', 'nearly half'): read as one without
#: 'of' ('a third party', 'half-time' are none). Empty, a place the words stand before.
_ABOUT = "|".join(
    rf"(?<=\b{w} )" for w in ("about", "around", "nearly", "almost", "roughly", "some", "over", "under", "than")
)
_FRACTION = re.compile(
    r"\b" + _starts([r"\d", *(w[0] for w in (*_NUMERATORS, "half", *_COUNT_WORDS))])
    # 'first three quarters of the year' are periods; 'the first half of' too
    + r"(?<!first )(?<!last )(?<!next )(?<!past )(?<!second )(?<!other )(?<!latter )"
    rf"\b(?:(?P<approx>{_ABOUT})?(?P<numer>{'|'.join(_NUMERATORS)})[\s-](?P<part>third|quarter|fourth|fifth|tenth)"
    rf"(?P<plural>s)?(?P<of>(?=\s+of\b))?|(?P<approxh>{_ABOUT})?(?P<half>half)(?P<hof>(?=\s+of\b))?"
    rf"|(?P<count>{_SMALL_COUNT})(?:\s+|-)in(?:\s+|-)(?P<among>{_SMALL_COUNT})\b)",
    re.IGNORECASE,
)

#: Every `_FRACTION` match holds a part word or 'in' between two counts (`_may_state_share`; both
#: patterns searched in lower case, the second only where the first, quicker to search, finds 'in').
_FRACTION_WORDS = ("half", "third", "quarter", "fourth", "fifth", "tenth")
_IN_BEFORE_COUNT = re.compile(rf"in(?:\s+|-)(?:\d|{_alternation(_COUNT_WORDS)})")
_COUNT_IN_COUNT = re.compile(rf"(?:\d|{_alternation(_COUNT_WORDS)})(?:\s+|-){_IN_BEFORE_COUNT.pattern}")
#: ... every `_DECADE` match a year's last digit before its 's' ...
_DECADE_END = re.compile(r"0['’]?s", re.IGNORECASE)
#: ... and every figure (`_number_pattern`) a digit or a number's word.
_DIGIT = re.compile(r"\d")
_NUMBER_WORD = re.compile(_alternation(NUMBER_WORDS))


def _caseless(text: str) -> str:
    """`text` in lower case as re's IGNORECASE compares letters: 'İ' and 'ı' as 'i', 'ſ' as 's'
    (lower() alone leaves 'ı' and 'ſ', and writes 'İ' as 'i' with a dot above)."""
    lowered = text.lower()
    return lowered if lowered.isascii() else lowered.replace("ı", "i").replace("\u0307", "").replace("ſ", "s")


def _may_state_share(folded: str) -> bool:
    """False only where `_FRACTION` finds nothing in a text (`folded`: its `_caseless` form), told
    far faster than it searches: nearly every sentence has no part word and no count 'in' another."""
    if any(word in folded for word in _FRACTION_WORDS):
        return True
    # 'in' comes before a count in few sentences ('in 1987'), and after one in fewer
    return bool(_IN_BEFORE_COUNT.search(folded) and _COUNT_IN_COUNT.search(folded))


def _may_state_figure(text: str, folded: str) -> bool:
    """False only where the figure patterns find nothing in `text` (`folded`: its `_caseless` form)."""
    return bool(_DIGIT.search(text) or _NUMBER_WORD.search(folded))


def _fraction_key(m: re.Match[str]) -> str | None:
    """The reduced fraction a proportion in words states ('2/3'), None where the words state none:
    a singular part needs 'of' or a word of measure before it ('a third of', 'about a third', not
    'a third party'), a plural one a numerator over one
    ('two-thirds'), a ratio a smaller count first ('one in five', not 'five in one')."""
    if m.group("half"):
        return "1/2" if m.group("hof") is not None or m.group("approxh") is not None else None
    if m.group("part"):
        numerator = _NUMERATORS[m.group("numer").lower()]
        stated = m.group("of") is not None or m.group("approx") is not None
        if (numerator > 1) != bool(m.group("plural")) or (numerator == 1 and not stated):
            return None
        denominator = _FRACTION_PARTS[m.group("part").lower()]
    else:
        count, among = (_count(m.group(g)) for g in ("count", "among"))
        if not 0 < count < among or _SCORE_BEFORE.search(m.string, max(0, m.start("count") - 8), m.start("count")):
            return None
        if _TIME_AFTER.match(m.string, m.end("among")):
            return None
        numerator, denominator = count, among
    share = Fraction(numerator, denominator)
    return f"{share.numerator}/{share.denominator}"


#: A count closing a score or range ('won 6-4 in 56 minutes', '3–5 in 10'): not the first count of
#: a share ...
_SCORE_BEFORE = re.compile(r"\d\s*[-–—/:]\s*$")
#: ... nor is one before a span of time ('one in five years', '4 in 56 minutes': how often, or how long).
_TIME_AFTER = re.compile(r"(?:\s+|-)(?:sec(?:ond)?s?|min(?:ute)?s?|h(?:ou)?rs?|days?|weeks?|months?|years?|decades?)\b",
                         re.IGNORECASE)  # fmt: skip


def _count(written: str) -> int:
    """A small count in digits or words."""
    return int(written) if written.isdigit() else NUMBER_WORDS[written.lower()]


#: How far, in percentage points, a percentage may stand from a fraction it rounds ('66%', '67%' for '2/3').
FRACTION_ROUNDING = 1.0


def is_share(key: str) -> bool:
    """Whether a number key is a share in words, keyed as its fraction ('2/3', `_fraction_key`)."""
    return "/" in key


def amounts_agree(a: str, b: str) -> bool:
    """Whether two number keys state one amount: the same key, or a fraction in words and a
    percentage within `FRACTION_ROUNDING` of it ('2/3' and '66%', '1/2' and '50%')."""
    if a == b:
        return True
    share, percent = (a, b) if is_share(a) else (b, a)
    if not is_share(share) or not percent.endswith("%"):
        return False
    numerator, _, denominator = share.partition("/")
    try:
        return abs(100 * int(numerator) / int(denominator) - float(percent[:-1])) <= FRACTION_ROUNDING
    except ValueError:
        return False


def _number_key(m: re.Match[str]) -> str | None:
    if m.group("word"):
        value = float(NUMBER_WORDS[_case_key(m.group("word"))])
        if m.group("unit"):
            value += NUMBER_WORDS[_case_key(m.group("unit"))]
        scale = m.group("wscale")
    else:
        fraction = m.group("frac") or (f".{m.group('efrac')}" if m.group("efrac") else "")
        value = float(m.group("num").replace(",", "").replace(" ", "") + fraction)
        if m.group("numerator"):
            value += int(m.group("numerator")) / int(m.group("denominator"))
        scale = m.group("scale")
    if scale:
        value *= _SCALE[_case_key(scale)]
    if m.group("cents") or m.group("wcents") or m.group("bps"):
        value /= 100  # '71 cents' is $0.71; '120 basis points' are 1.2 percentage points
    pct = "%" if m.group("pct") or m.group("wpct") else ""
    return f"{value:g}{pct}"


#: A quotation of any length: the marks `_QUOTE` pairs, around one word or more.
_ANY_QUOTE = re.compile(_OPENING_MARK + r'([^"]+?)' + _CLOSING_MARK)


def short_quotes(sentence: str) -> list[str]:
    """The quotations of one or two words in `sentence`, which `extract` takes for no quote (a
    phrase quoted: 'came "too late"'), as written: what a quote of three words or more was made
    from ('"far too late"'), or cut to."""
    if not _QUOTE_CHARS.search(sentence):  # most sentences quote no one: no text made plain for them
        return []
    found = (m.group(1).strip(" ,.;:") for m in _ANY_QUOTE.finditer(normalize(sentence)))
    return [phrase for phrase in found if 0 < len(plain_words(phrase)) < 3]


#: The marks a quotation may open or close with, before `normalize` makes them plain.
_QUOTE_CHARS = re.compile("[\"“”„«»「」『』‟″〝〞＂]")


#: Words a month named alone follows when it is the month ('in May', 'since June', 'last April').
_MONTH_OPENERS = frozenset(
    "in on of since until till by from last next early late mid this that before after during through "
    "between and or to every each".split()
)


def _a_first_name(m: re.Match[str], text: str) -> bool:
    """Whether a month matched alone is a person's first name: 'said Jan Kowalski', 'April Ryan
    asked' (a capitalised word follows, and no word a month follows comes before it)."""
    if not m.group("m3") or m.group("y1"):
        return False
    after = text[m.end() :].lstrip(" ")
    before = text[: m.start()].split()
    return after[:1].isupper() and after[1:2].islower() and not (before and before[-1].lower() in _MONTH_OPENERS)


#: A day of the week in a newspaper's name: 'the Sunday Times', 'the Mail on Sunday' (the title, not
#: the day: a copy putting 'Financial Times' for 'Sunday Times' read as dropping a date).
_PAPER_WORDS = frozenset(
    "Times Telegraph Mirror Express Herald Post People Mail Independent Tribune World Star Sport Age Sun Observer "
    "Record Journal".split()
)
_PAPER_AFTER = re.compile(rf"\s+(?:{'|'.join(sorted(_PAPER_WORDS))})\b")
_PAPER_BEFORE = re.compile(r"\b(?:Mail|Independent|Scotland|Wales|Ireland|Observer)\s+on\s+$")


def _a_paper(m: re.Match[str], text: str) -> bool:
    """Whether a day of the week matched is part of a newspaper's name (`_PAPER_AFTER`, `_PAPER_BEFORE`)."""
    return bool(m.group("wd")) and bool(
        _PAPER_AFTER.match(text, m.end()) or _PAPER_BEFORE.search(text, max(0, m.start() - 20), m.start())
    )


#: What stands between a date and a name right after it ('Wednesday Irish ...', "December's OPEC").
_ADJOINS = re.compile(r"(?:['’]s)?\s+")


def _after_a_date(rest: str) -> str | None:
    """What of a run of capitals names something right after a date's words opened it ('On
    Wednesday Irish Transport Minister Martin Cullen said' -> 'Irish Transport Minister Martin
    Cullen'); None after a word joining them ('December the Lords', 'Tuesday and Joique Bell':
    read, these tipped an ECB+ pair of independent reports into a link, BENCHMARKS.md) or before a
    count ('March One', the date's day; 'Saturday's Six Nations', no name as before)."""
    first = rest.split(" ", 1)[0]
    if not rest or first[0].islower() or first.lower() in NUMBER_WORDS:
        return None
    return _trim_name(rest, at_start=False)


def _start_of(name: str | None, run: re.Match[str]) -> int:
    """Where `name`, trimmed off a run of capitals (`_NAME`), starts in the sentence; the run's end
    when nothing is left of it."""
    return run.start() + max(run.group().find(name), 0) if name else run.end()


def extract(sentence: str) -> list[Fact]:
    """Return the names, numbers, dates and quotes stated in one sentence, in order."""
    return _extract_normalized(normalize(sentence))


def _extract_normalized(text: str, numbers: re.Pattern[str] = _NUMBER, foreign: bool = False) -> list[Fact]:
    """The facts of one normalized sentence; `numbers` the figure pattern, `foreign` whether dates
    are read in the other languages' words too (`_FOREIGN_DATE`)."""
    facts: list[Fact] = []
    taken: list[tuple[int, int]] = []  # spans already read as a date or number

    def overlaps(start: int, end: int) -> bool:
        return any(start < b and a < end for a, b in taken)

    def claim(m: re.Match[str]) -> bool:
        if overlaps(m.start(), m.end()):
            return False
        taken.append((m.start(), m.end()))
        return True

    # a list item's first word opens it ('4. Experts say ...'); its number stays a figure, which a
    # text counting the items states ('there are 4 key problems': Clough-Stevenson's answers)
    opening = _list_number(text)
    folded = _caseless(text)  # the quick checks that spare most sentences the slower patterns
    for m in _QUOTE.finditer(text) if '"' in text else ():  # most sentences quote no one
        quote = m.group(1).strip(" ,.;:")
        if len(quote.split()) >= 3 or len(_CJK_RUN.findall(quote)) >= 6:  # three words, or six characters
            facts.append(Fact("quote", quote, " ".join(plain_words(quote))))
    # the other languages' dates first: '15. November' is German's whole date, 'November' English's
    for m in _FOREIGN_DATE.finditer(text) if foreign else ():
        if claim(m):
            facts.append(Fact("date", m.group().strip(), _foreign_date_key(m)))
    for m in _PART_DATE.finditer(text):
        if not _names_something(m, text) and claim(m):
            facts.append(Fact("date", m.group().strip(), _part_date_key(m)))
    dated = []  # the spans of those dates, which a name may follow in one run of capitals
    for m in _DATE.finditer(text):
        if not _a_first_name(m, text) and not _a_paper(m, text) and claim(m):
            facts.append(Fact("date", m.group().strip(), _date_key(m)))
            dated.append((m.start(), m.end()))
    for m in _DECADE.finditer(text) if _DECADE_END.search(text) else ():
        if claim(m):
            part = f"{PART_MARK}{m.group('part').lower()}" if m.group("part") and not m.group("range") else ""
            facts.append(Fact("date", m.group().strip(), f"{DECADE_KEY}{m.group('decade')}{part}"))
    for m in _FRACTION.finditer(text) if _may_state_share(folded) else ():
        if (key := _fraction_key(m)) is not None and claim(m):
            facts.append(Fact("number", m.group().strip(), key))
    for m in numbers.finditer(text) if _may_state_figure(text, folded) else ():
        if m.group("word") and not m.group("wscale") and m.group("word").lower() in ("one",):
            continue  # 'one of the' is rarely a figure
        if claim(m):
            key = _number_key(m)
            if key is not None:
                facts.append(Fact("number", m.group().strip(), key, listed=m.start() < opening))
    # a gap left unfilled, with the words naming it ('The University of [University Name]')
    if "[" in text:
        taken.extend((m.start(), m.end()) for m in _PLACEHOLDER.finditer(text))
    for m in _NAME.finditer(text):
        name = _trim_name(m.group(), at_start=m.start() == opening or text[m.start() - 1] in "\"'(")
        start = _start_of(name, m)
        # its first words may be a date's ('On Wednesday Irish Transport Minister Martin Cullen said',
        # 'In March Labour announced'): the name is what follows the date
        while name and any(a <= start < b for a, b in dated):
            name = _after_a_date(name.partition(" ")[2])
            start = _start_of(name, m)
        trimmed = [(a, b) for a, b in taken if m.start() < b and a < start]  # in the words left off its front
        if (
            name
            and not overlaps(start, m.end())
            and all((a, b) in dated and _ADJOINS.fullmatch(text, b, start) for a, b in trimmed)
        ):
            facts.append(Fact("name", name, " ".join(plain_words(name))))
    return facts


#: A list item's number and the space after it ('4. ', '(2) '), as a list item opens its line.
LIST_MARK = r"\(?\d{1,2}[.)]\s+"
#: A list item's number opening a sentence ('4. Experts say ...', '(2) Officials ...'), before a
#: capitalised word or a quote: the word after it opens the sentence.
_LIST_NUMBER = re.compile(rf"^{LIST_MARK}(?=[A-Z\"'])")


def _list_number(text: str) -> int:
    """Where a sentence's text starts after a list item's number (`_LIST_NUMBER`), else 0; a day
    before its month ('3. Dezember 2024', as German writes it) is a date's, not a list's."""
    found = _LIST_NUMBER.match(text)
    if not found:
        return 0
    word = text[found.end() :].split(maxsplit=1)[0].strip(".,:;").lower()
    return 0 if word in _MONTHS or word in _FOREIGN_MONTH_OF else found.end()


#: A gap a text generator left unfilled ('The University of [University Name]'): it names nothing.
_PLACEHOLDER = re.compile(r"(?:\b[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*\s+of\s+)?\[[A-Z][^\]\[]{0,40}\]")
#: A way of addressing a person already named ('Her Royal Highness', 'His Excellency'), no name of one.
_HONORIFICS = frozenset(
    "royal highness|highness|majesty|excellency|holiness|grace|lordship|ladyship|honour|honor|worship".split("|")
)


def common_word(token: str) -> bool:
    """Whether a capitalised `token` is a word that opens sentences rather than a name ('Here's',
    'This', 'Monday'): `_COMMON`, punctuation and a contracted 's aside."""
    return _POSSESSIVE.sub("", token.strip("\"'“”‘’.,:;!?()[]-–—")).lower() in _COMMON


#: Verbs opening a sentence or a quote as an imperative ('Stay tuned', 'Click here', '"Follow the
#: money."'): alone before a lower-case word, no name, where a farm's call to its readers or a
#: quoted order made them invented names; a title's first word ('Ask Jeeves', 'Meet the Press')
#: stays. Not surnames ('Read wrote the song', 'Hunt', 'Hope') nor a name's first word ('Vote' of
#: 'Vote Leave', 'Take' of 'Take That'). On BBC, Reuters, ECB+ and L2R, 24 sentences lose such a
#: name, all of them verbs (BENCHMARKS.md).
_OPENING_VERBS = frozenset(
    """click share follow stay watch sign subscribe check scroll learn find discover explore get
    tell let make remember expect join keep note consider imagine see look visit download contact send
    try give come ask don't please enjoy register donate listen view browse search tap swipe continue
    start buy shop choose grab claim apply enter submit comment say picture think suppose forget beware
    avoid use bring put turn add discuss sit wait hold catch meet""".split()
)


def _trim_name(candidate: str, at_start: bool) -> str | None:
    """Strip sentence-opening common words and possessives; None if nothing name-like is left, or
    only a word opening the sentence that is a common one or a verb (`_OPENING_VERBS`)."""
    tokens = candidate.split()
    while tokens and tokens[0].lower().strip(".'’") in _COMMON and not _opens_with_new(tokens):
        if tokens[0].lower() in _MONTHS and len(tokens) > 1:
            break  # a first name: a month before a name is no date's (`_a_first_name`), 'Jan Kowalski'
        if len(tokens) > 1 and tokens[1] in _PAPER_WORDS and tokens[0].lower() in _WEEKDAYS:
            break  # a newspaper's name ('Sunday Times': `_a_paper`)
        tokens.pop(0)
    while tokens and tokens[-1].lower() in ("of", "de", "the", "and", "for", "van", "von", "al"):
        tokens.pop()
    if not tokens:
        return None
    name = " ".join(tokens)
    name = _POSSESSIVE.sub("", name)
    if len(name) < 2 or (
        at_start and len(tokens) == 1 and tokens[0] == candidate.split()[0] and _opening_word(tokens[0])
    ):
        return None
    if name.isupper() and len(name) > 6 and " " in name:
        return None  # shouted headline words, not a name
    if name.lower() in _HONORIFICS:
        return None
    return name


def _opening_word(token: str) -> bool:
    """Whether a capitalised word alone at the start of a sentence opens it rather than names
    someone: a common word, or a verb (`_OPENING_VERBS`) not shouted ('TAP Air Portugal')."""
    return token.lower() in _COMMON or (token.lower() in _OPENING_VERBS and not token.isupper())


def _opens_with_new(tokens: list[str]) -> bool:
    """'New' or 'St' opening a name of more words is part of it ('New York', 'NEW YORK' in a
    dateline, 'New Zealand', 'St Leonard's Church', 'St. Louis'), not a sentence's 'New' nor a
    title left off like 'Mr'."""
    return tokens[0] in ("New", "NEW", "St", "St.", "ST") and len(tokens) > 1


_POSSESSIVE = re.compile(r"['’]s$")
_PLAIN_WORD = re.compile(r"[^\W_]+")
_ASCII_PLAIN_WORD = re.compile(r"[a-z0-9]+")  # the same in lower-case ASCII, faster


#: German umlauts written out ('Mueller', 'Duesseldorf') read as the plain vowel that `fold`
#: leaves of 'Müller' and 'Düsseldorf', so the three spellings English pages use are one name.
_WRITTEN_UMLAUT = re.compile(r"(?<=[a-z])([aou])e")


def key_text(text: str) -> str:
    """`text` lower-cased as fact keys spell it: accents and written-out umlauts off."""
    lowered = fold(text).lower()
    if "ae" in lowered or "oe" in lowered or "ue" in lowered:  # most sentences hold none: no regex pass
        return _WRITTEN_UMLAUT.sub(r"\1", lowered)
    return lowered


def plain_words(text: str) -> list[str]:
    """The lower-case words and figures of `text`, punctuation, accents and written-out umlauts
    dropped: how quotes and names are keyed."""
    key = key_text(text)
    return (_ASCII_PLAIN_WORD if key.isascii() else _PLAIN_WORD).findall(key)


#: A capitalised word inside a clause: after a space that follows anything but the end of a
#: sentence or the marks that open a clause (a label's colon, a semicolon, a dash, a bullet).
_MID_CAP = re.compile(r"[A-Z](?<=[^.!?\"'\s:;•–—-]\s[A-Z])[\w'’-]+")  # the capital first: the engine skips to it
#: The first word of a clause: at the start of a sentence (after any quote, bracket, bullet or
#: dash) or after a label's colon, a semicolon or a dash ('Static: the hierarchy...', '... — Extends').
_CLAUSE_OPENER = re.compile(rf"(?:^[^\w]*(?:{LIST_MARK})?|[:;•–—]\s*|\s-\s+)([A-Za-z][\w'’-]*)")


def document_facts(sentences: list[str], language: str | None = None) -> list[list[Fact]]:
    """Facts of each sentence of one document, dropping single capitalised words that open a
    sentence or clause ('Quarterly profits...', '• Generalized model', 'Static: the ...') when
    the rest of the document never capitalises them mid-sentence: they are not names. A document
    in another language has its figures read with decimal commas (`_NUMBER_DECIMAL_COMMA`); in
    German, which capitalises every noun, a single capitalised word is no name unless an acronym.
    `language`: the document's (`text.language_of`), when the caller has read it already."""
    normalized = [normalize(s) for s in sentences]
    language = language or normalized_language(normalized)
    per_sentence = [_sentence_facts(s, language) for s in normalized]
    for i, parts in _running_quotes(normalized).items():
        per_sentence[i] = [Fact("quote", part, " ".join(plain_words(part))) for part in parts] + per_sentence[i]
    mid_caps = {w for s in normalized for w in _mid_caps(s)}
    out: list[list[Fact]] = []
    for sentence, facts in zip(normalized, per_sentence):
        openers = set(_CLAUSE_OPENER.findall(sentence))
        out.append(
            [f for f in facts if not (f.kind == "name" and f.text in openers and f.text.lower() not in mid_caps)]
        )
    return out


#: The sentences of a document whose words tell its language (`document_facts`).
LANGUAGE_SENTENCES = 40


def normalized_language(normalized: list[str]) -> str:
    """The language `document_facts` reads a document in, from its first `LANGUAGE_SENTENCES`
    sentences (`text.normalize`d)."""
    return language_of(" ".join(normalized[:LANGUAGE_SENTENCES]))


def _sentence_facts(normalized: str, language: str) -> list[Fact]:
    """The facts of one normalized sentence of a document in `language`, whatever the other
    sentences: figures read with decimal commas outside English, the other languages' dates in
    theirs, and in German only names of two words or more, and acronyms (every noun is capitalised)."""
    numbers = _NUMBER if language == "en" else _NUMBER_DECIMAL_COMMA
    facts = _extract_normalized(normalized, numbers, language in ("es", "fr", "de", "pt", "it"))
    if language == "de":
        return [f for f in facts if f.kind != "name" or " " in f.text or f.text.isupper()]
    return facts


def _mid_caps(normalized: str) -> set[str]:
    """The words one normalized sentence capitalises inside a clause, lower-cased: a word opening
    another sentence of the document is a name when one of its sentences writes it so (a
    possessive counts: 'brings Unocal's posted price' makes 'Unocal said ...' a name)."""
    return {_POSSESSIVE.sub("", w).lower() for w in _MID_CAP.findall(normalized[_list_number(normalized) :])}


FactKey = tuple[str, str]


@dataclass(slots=True, frozen=True)
class SentenceKeys:
    """One sentence's share of the fact keys (kind, key) a document holding it states, quotes and
    list items' numbers aside: the keys of `document_facts` are its sentences' `kept`, and their
    `opening` names whose word one of them capitalises inside a clause (`mid_caps`). Read once, it
    serves every document of a text's lines holding the sentence (in one language), which
    `document_facts` would read whole each time."""

    kept: frozenset[FactKey]  # stated whatever the document
    opening: frozenset[tuple[FactKey, str]]  # a name opening a clause, with the word a document capitalises elsewhere
    mid_caps: frozenset[str]  # the words it capitalises inside a clause (`_mid_caps`)


def sentence_keys(sentence: str, language: str) -> SentenceKeys:
    """The share of one sentence in the keys of a document in `language` holding it: of
    `document_facts`, only the language, quotes running over sentences (no keys here) and the
    words capitalised in other sentences depend on the rest of the document."""
    normalized = normalize(sentence)
    openers = set(_CLAUSE_OPENER.findall(normalized))
    kept: set[FactKey] = set()
    opening: set[tuple[FactKey, str]] = set()
    for f in _sentence_facts(normalized, language):
        if f.kind == "quote" or f.listed:
            continue
        if f.kind == "name" and f.text in openers:
            opening.add(((f.kind, f.key), f.text.lower()))
        else:
            kept.add((f.kind, f.key))
    return SentenceKeys(frozenset(kept), frozenset(opening), frozenset(_mid_caps(normalized)))


#: A quotation left open over more sentences than this is taken for stray marks (inches, ditto).
RUNNING_QUOTE_SENTENCES = 6


def _running_quotes(sentences: list[str]) -> dict[int, list[str]]:
    """The parts of quotations that run over several sentences, by sentence index.

    A quotation opened and left open at a sentence's end runs through the next sentences to the
    closing mark that ends it, or to a sentence that opens with a mark (the next paragraph of the
    same speech, as wires write it). Each sentence's part is checked as a quote of its own, so a
    word changed in the second sentence of a long quotation is a changed quote too. A run that
    meets neither end within `RUNNING_QUOTE_SENTENCES` is dropped: its mark was no quotation.
    """
    found: dict[int, list[str]] = {}
    i, start = 0, 0
    while i < len(sentences):
        opened = _left_open(sentences[i], start)
        if opened is None:
            i, start = i + 1, 0
            continue
        parts = [(i, sentences[i][opened + 1 :])]
        resume: tuple[int, int] | None = None  # where to look for the next quotation once this one ends
        for j in range(i + 1, min(i + RUNNING_QUOTE_SENTENCES, len(sentences))):
            mark = sentences[j].find('"')
            if mark < 0:
                parts.append((j, sentences[j]))
                continue
            if mark == 0 and _MARK_OPENS.match(sentences[j]):
                resume = (j, 0)  # a new paragraph goes on quoting: this part ended with the last one
            elif _MARK_CLOSES.match(sentences[j], mark) or not _MARK_OPENS.match(sentences[j], mark):
                parts.append((j, sentences[j][:mark]))
                resume = (j, mark + 1)
            break
        if resume is None:
            i, start = i + 1, 0
            continue
        for k, part in parts:
            part = part.strip().strip(" ,.;:")
            if len(part.split()) >= 3:
                found.setdefault(k, []).append(part)
        i, start = resume
    return found


def _left_open(sentence: str, start: int) -> int | None:
    """Where a quotation opens that the sentence, read from `start`, does not close; else None."""
    opened: int | None = None
    for m in re.finditer('"', sentence[start:]):
        at = start + m.start()
        if opened is None and _MARK_OPENS.match(sentence, at):
            opened = at
        elif opened is not None and (_MARK_CLOSES.match(sentence, at) or not _MARK_OPENS.match(sentence, at)):
            opened = None
    return opened


#: Words of a name that say what someone or something is, not who: a source that says 'the
#: professor' or 'the university' does not name 'Professor Alan Crewe of Northbridge University'
#: (an expert a content farm invents). Not distinctive (`name_tokens`).
_ROLE_WORDS = frozenset(
    """professor doctor president minister secretary chancellor chief director chairman chairwoman
    spokesman spokeswoman spokesperson senator governor mayor judge general captain sergeant inspector
    officer superintendent detective commissioner analyst economist expert resident
    university institute college school council department ministry agency committee association
    society foundation centre center""".split()
)


def name_tokens(facts: list[Fact]) -> set[str]:
    """The distinctive word tokens of every name in `facts` (for partial matching: surnames)."""
    return {
        t for f in facts if f.kind == "name" for t in f.key.split()
        if len(t) > 2 and t not in _COMMON and t not in _ROLE_WORDS
    }  # fmt: skip


#: One place as news names it: the country, its adjective and its people ('France', 'French',
#: 'Frenchman'). A rewrite turns one into another ('Richard Kruse, from Britain' / 'British fencer
#: Richard Kruse'), which is the same fact, not a claim of its own. Lower case, as name keys are.
_PLACE_GROUPS = """
britain british briton britons brit brits | england english englishman englishmen englishwoman
| scotland scottish scot scots scotsman scotsmen scotswoman | wales welsh welshman welshmen welshwoman
| ireland irish irishman irishmen irishwoman | france french frenchman frenchmen frenchwoman
| germany german germans | spain spanish spaniard spaniards | italy italian italians
| netherlands dutch holland dutchman | belgium belgian belgians | switzerland swiss | austria austrian austrians
| portugal portuguese | greece greek greeks | sweden swedish swede swedes | norway norwegian norwegians
| denmark danish dane danes | finland finnish finn finns | russia russian russians | ukraine ukrainian ukrainians
| turkey turkish turk turks | china chinese | japan japanese | korea korean koreans | india indian indians
| pakistan pakistani pakistanis | afghanistan afghan afghans | iran iranian iranians | iraq iraqi iraqis
| syria syrian syrians | israel israeli israelis | egypt egyptian egyptians | palestine palestinian palestinians
| lebanon lebanese | libya libyan libyans | morocco moroccan moroccans | tunisia tunisian tunisians
| algeria algerian algerians | qatar qatari qataris | yemen yemeni yemenis | australia australian australians
| canada canadian canadians | america american americans | mexico mexican mexicans | brazil brazilian brazilians
| argentina argentine argentinian argentinians | chile chilean chileans | colombia colombian colombians
| venezuela venezuelan venezuelans | peru peruvian peruvians | cuba cuban cubans | uruguay uruguayan uruguayans
| paraguay paraguayan | honduras honduran hondurans | nigeria nigerian nigerians | kenya kenyan kenyans
| ethiopia ethiopian ethiopians | sudan sudanese | somalia somali somalis | ghana ghanaian ghanaians
| uganda ugandan ugandans | zimbabwe zimbabwean zimbabweans | philippines filipino filipinos philippine
| indonesia indonesian indonesians | thailand thai thais | vietnam vietnamese | malaysia malaysian malaysians
| bangladesh bangladeshi bangladeshis | nepal nepali nepalese | taiwan taiwanese | hungary hungarian hungarians
| poland polish | romania romanian romanians | bulgaria bulgarian bulgarians | serbia serbian serbs serb
| croatia croatian croatians croat croats | czech czechs | iceland icelandic icelanders | cyprus cypriot cypriots
| jamaica jamaican jamaicans | haiti haitian haitians | africa african africans | europe european europeans
| asia asian asians | arabia arab arabs arabic | catalonia catalan catalans | texas texan texans
| california californian californians calif
| alabama ala | arizona ariz | arkansas ark | colorado colo | connecticut conn | florida fla floridian floridians
| kansas kan | michigan mich | minnesota minn | montana mont | nebraska neb
| nevada nev | oklahoma okla | oregon ore | tennessee tenn | wisconsin wis | wyoming wyo
"""
PLACE_FORMS: dict[str, frozenset[str]] = {
    form: group for group in (frozenset(g.split()) for g in _PLACE_GROUPS.split("|")) for form in group
}


def place_named(token: str, names: Collection[str]) -> bool:
    """True when `names` hold another form of the place `token` names ('french' and 'france')."""
    return any(form in names for form in PLACE_FORMS.get(token, ()))


def date_part(key: str) -> str:
    """The part of its month, year or decade a date key names ('late' of 'd:-05-late' and of
    'y:2004~late'), or ''."""
    last = key.rpartition(PART_MARK if PART_MARK in key else "-")[2]
    return last if last in _MONTH_PARTS and key.startswith(("d:", "y:", DECADE_KEY)) else ""


def dates_compatible(a: str, b: str) -> bool:
    """True when two date keys can denote the same day (missing parts match anything; a year's or
    decade's part another part of it does not: 'early 2004' / 'late 2004')."""
    (a, _, a_part), (b, _, b_part) = a.partition(PART_MARK), b.partition(PART_MARK)
    if a_part and b_part and a_part != b_part:
        return False
    if a == b:
        return True
    if a[:2] != b[:2] or not a.startswith("d:"):
        return (a.startswith("y:") and b.startswith("d:") and b[2:6] == a[2:]) or (
            b.startswith("y:") and a.startswith("d:") and a[2:6] == b[2:]
        )
    ya, ma, da = a[2:].split("-")
    yb, mb, db = b[2:].split("-")
    return (not ya or not yb or ya == yb) and (ma == mb) and (not da or not db or _days_meet(da, db))


def _days_meet(a: str, b: str) -> bool:
    """Whether two day keys can be the same days: equal, or one day that opens or closes the
    other's span ('13 March' in '13-15 March'); two spans must be the same span ('13-15' is not
    '13-17': a changed end is a changed date); days in the part of the month one names."""
    if a == b:
        return True
    if a in _MONTH_PARTS or b in _MONTH_PARTS:  # 'late May' is May 28, not May 3 nor mid-May
        part, days = (a, b) if a in _MONTH_PARTS else (b, a)
        first, last = _MONTH_PARTS[part]
        return all(d.isdigit() and first <= int(d) <= last for d in days.split("/"))
    if "/" in a and "/" in b:
        return False
    span, day = (a, b) if "/" in a else (b, a)
    return day in span.split("/")


def figures(text: str) -> frozenset[str]:
    """The digit strings of a text, thousands separators dropped ('1,250' = '1250'): a cheap
    fingerprint of the figures it states (see `detect.different_figures`)."""
    return frozenset(_figure(m.group()) for m in _FIGURE.finditer(text))


def _figure(digits: str) -> str:
    """One figure as `figures` keys it: thousands commas dropped, a decimal comma ('3,5') a point."""
    return digits.replace(",", ".") if _DECIMAL_COMMA.fullmatch(digits) else digits.replace(",", "")


_DECIMAL_COMMA = re.compile(r"\d+,\d{1,2}")


_FIGURE = re.compile(r"\d(?:[\d,.]*\d)?")


def quote_count(text: str) -> int:
    """Number of quoted passages of three words or more (originals carry quotes; rewriters drop them),
    whatever marks set them: a copy that turned '« »' into straight quotes carries as many."""
    return sum(1 for part in text.translate(_QUOTE_MARKS).split('"')[1::2] if len(part.split()) >= 3)


_QUOTE_MARKS = Translation(str.maketrans(dict.fromkeys("“”„«»「」『』", '"')))


#: Letters two spellings of one name share at the start ('Frenchman' / 'French', 'Briton' / 'British').
NAME_STEM = 4
#: Similarity (rapidfuzz ratio) at or above which a word is the name mistyped, as wires corrected
#: or re-sent do ('Taft Braodacasting Co' / 'Taft Broadacasting Co').
NAME_TYPO = 85.0


def spelled_in(token: str, words: Collection[str]) -> bool:
    """True when `words` hold `token`, a word sharing its first `NAME_STEM` letters, or the token
    mistyped (`NAME_TYPO`: 'Braodacasting' / 'Broadacasting', 'Fieldcor' / 'Fidelcor')."""
    if token in words:
        return True
    if len(token) < NAME_STEM:
        return False
    stem = token[:NAME_STEM]
    return any(w.startswith(stem) for w in words) or (
        process.extractOne(token, words, scorer=fuzz.ratio, score_cutoff=NAME_TYPO) is not None
    )


_NAME_LINKS = {"of", "and", "the", "for", "de", "la", "du", "von", "van"}


def initials(name: str) -> str:
    """The lower-case initials of a name of two or more words ('Royal Air Force' -> 'raf', 'Bureau
    of Alcohol, Tobacco, Firearms and Explosives' -> 'batfe'); '' for one word."""
    words = [w for w in plain_words(name) if w not in _NAME_LINKS]
    return "".join(w[0] for w in words) if len(words) > 1 else ""
