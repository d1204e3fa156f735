"""Text kernels: Unicode normalisation, sentence segmentation with offsets, word tokens.

Segmentation is hand-written because news text defeats general splitters in the same few
places ("Mr. Smith", "the U.S. economy", "3 p.m. on Friday", "J. R. Smith", quotes followed
by "she said", headlines without a full stop, hard-wrapped wire copy) and the rules for
those are short. Every sentence keeps its exact span in the input text.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import ftfy

from wiretrace.model import Sentence

# Abbreviations that never end a sentence when followed by a capitalised word or a number.
_TITLES = frozenset(
    "mr mrs ms dr prof sen rep gov gen col lt sgt capt cmdr adm rev fr st mt ft pres supt insp "
    "det const atty cpl pte maj brig hon rt messrs mme mlle sr jr vs v no nos art fig vol ch sec dept est "
    "approx inc corp co ltd bros jan feb mar apr jun jul aug sep sept oct nov dec "
    # and those of other languages' news: 'la Dra. Ortega', 'ca. 1.400', 'bzw. 4.000', 'Nr. 5'
    "dra sra srta lic ing ca bzw usw vgl nr abs inkl zzgl evtl sog mio mrd bzgl ggf".split()
)
#: German months, which a day's number with its full stop stands before ('am 15. Dezember').
_DAY_MONTHS = frozenset(
    "januar jänner februar märz april mai juni juli august september oktober november dezember".split()
)
# Abbreviations that may end a sentence; they only end one when a common sentence opener follows.
_AMBIGUOUS = frozenset("inc corp co ltd bros jr sr etc am pm".split())
# Words that, capitalised, typically open a new sentence after an ambiguous abbreviation.
_OPENERS = frozenset(
    "the a an he she it they we i you his her its their our this that these those there here "
    "but and so yet or if when while after before since as in on at for to from by with "
    "however meanwhile also still then now mr mrs ms dr police officials".split()
)

#: Where a sentence may end: a run of stops (from its first: tried from each stop of a run of
#: thousands, `finditer` read it to its end each time), closing quotes or brackets, then a space.
#: (The run's first mark is matched before the look-behind that it opens the run: each alternative
#: then opens on a mark, which the engine finds without trying every other position.)
_BOUNDARY = re.compile(r"[.!?…؟](?<![.!?…؟][.!?…؟])[.!?…؟]*+[\"'”’»)\]]*+(?=\s)|[。！？]+[」』”’）)\]]*")
_NEXT_WORD = re.compile(r"\s+([\"'“‘«(\[]?)(\S*)")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.?[\"'”’»)\]]*$")
#: An e-mail or web address ('news@bbc.co.uk', 'www.example.com/news', 'bbc.co.uk'): its dots
#: are no abbreviation's, so the full stop after it ends a sentence like any word's.
_ADDRESS = re.compile(r"\S+@\S+|(?:https?://|www\.)\S+|(?:[A-Za-z0-9-]+\.)+[a-z]{2,}(?:/\S*)?")
_CLOSERS = ".\"'”’»)]"
_DAY_NUMBER = re.compile(r"(?<![\d.,])\d{1,2}\.$")
_INITIAL = re.compile(r"[A-Za-z]\.(?:\s|$)")
_TERMINAL = re.compile(r"[.!?…:;][\"'”’»)\]]*$")
_WORD = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*", re.UNICODE)
#: `_WORD` in lower-case ASCII, where its classes are these: a quarter faster to match.
_ASCII_WORD = re.compile(r"[a-z0-9]+(?:[-'.][a-z0-9]+)*")


class Translation(dict):
    """A `str.translate` table that remembers the characters it meets outside it. Given a plain
    table, `translate` of any text that is not ASCII raises and catches a LookupError for every
    other character: 30 us a sentence for three tables, most of `normalize`'s time on such text.
    The characters met are few (up to `KEPT` are remembered: a text of every Chinese character
    would fill a smaller table for good), so after the first texts every look-up is found.
    `other` gives what a character outside the table becomes (else itself)."""

    KEPT = 1 << 16  # a few MB at most; past it, each other character is a call (still no exception)

    def __init__(self, table: dict[int, Any], other: Callable[[int], int | None] | None = None) -> None:
        super().__init__(table)
        self._other = other

    def __missing__(self, key: int) -> int | None:
        value = key if self._other is None else self._other(key)
        if len(self) < self.KEPT:
            self[key] = value
        return value


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: Controls word processors write for text: a line break (vertical tab: Word's soft return), a
#: page break, a non-breaking hyphen. Deleted, they glued words together ('expensesfor').
_WORD_CONTROLS = Translation(str.maketrans({"\x0b": "\n", "\x0c": "\n", "\x1e": "-"}))
_QUOTES = str.maketrans(
    {"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'"}
    | {"「": '"', "」": '"', "『": '"', "』": '"'}
)
#: The spaces French typography sets inside guillemets ('« C'est une bonne nouvelle »'), taken out
#: so the marks read as a quote's.
_GUILLEMET_SPACES = re.compile(r"(«)\s+|\s+(»)")
_DASHES = str.maketrans({"‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "\u00ad": None})
#: Digits of other scripts (Arabic-Indic, Persian, Devanagari) as ASCII digits, with the Arabic
#: decimal and thousands separators and percent sign: a copy that only rewrites its numerals
#: states the same figures.
_DIGITS = str.maketrans(
    {
        **{chr(base + d): str(d) for base in (0x0660, 0x06F0, 0x0966) for d in range(10)},
        "\u066b": ".",
        "\u066c": ",",
        "\u066a": "%",
    }
)
#: Latin letters NFKD does not decompose into a base letter and a mark.
_UNMARKED = str.maketrans(
    {"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D"}
)
#: `normalize`'s marks, and `fold`'s letters after NFKD with their combining marks (accents) left out.
_PLAIN_MARKS = Translation(_QUOTES | _DASHES | _DIGITS)
_FOLDED = Translation(_UNMARKED, lambda c: None if unicodedata.combining(chr(c)) else c)


def _is_word_char(ch: str) -> bool:
    """Whether `ch` is what re's \\w matches in a str pattern: a letter or digit (`str.isalnum`) or '_'."""
    return ch.isalnum() or ch == "_"


def opens_word(text: str, start: int) -> bool:
    """Whether `text` may start a word at `start`: no word character just before it (re's `(?<!\\w)`)."""
    return start == 0 or not _is_word_char(text[start - 1])


def closes_word(text: str, end: int) -> bool:
    """Whether a word of `text` may end at `end`: no word character just after it (re's `(?!\\w)`)."""
    return end == len(text) or not _is_word_char(text[end])


def phrase_spans(
    phrase: str,
    text: str,
    *,
    any_spaces: bool = False,
    opens: Callable[[str, int], bool] = opens_word,
    closes: Callable[[str, int], bool] = closes_word,
) -> list[tuple[int, int]]:
    """Where `text` states `phrase` as words of its own: the spans `re.finditer` gives for
    `(?<!\\w)PHRASE(?!\\w)` (`opens` and `closes` test the two edges), without compiling a pattern
    per name or figure: new ones come with every article (0.3 ms a pattern, most of a query's
    compiled patterns). `any_spaces`: each of the phrase's spaces matches any run of spaces, as
    `\\s+` does (hard-wrapped wire copy breaks '300 mln' across lines). An empty phrase is nowhere."""
    pieces = phrase.split() if any_spaces else [phrase]
    if not pieces or not pieces[0]:
        return []
    first, rest = pieces[0], pieces[1:]
    found: list[tuple[int, int]] = []
    at = text.find(first)
    while at >= 0:
        end = at + len(first)
        for piece in rest:  # greedy runs of spaces, as `\s+` before a word that cannot start with one
            gap = end
            while end < len(text) and text[end].isspace():
                end += 1
            if end == gap or not text.startswith(piece, end):
                end = -1
                break
            end += len(piece)
        if end >= 0 and opens(text, at) and closes(text, end):
            found.append((at, end))
            at = text.find(first, end)  # matches do not overlap
        else:
            at = text.find(first, at + 1)
    return found


def normalize(text: str) -> str:
    """Return `text` in NFKC form with typographic quotes, dashes and spaces made plain.

    Used for comparisons only, never to build the stored article text, so offsets stay valid.
    """
    if not text.isascii():  # ASCII is already NFKC and holds no typographic quotes or dashes
        text = unicodedata.normalize("NFKC", text)
        if "«" in text or "»" in text:
            text = _GUILLEMET_SPACES.sub(r"\1\2", text)
        text = text.translate(_PLAIN_MARKS)
    # `re`'s \s and `str.split` read the same characters as spaces (every code point checked,
    # `tests/test_text.py`); the split is 5x faster, and this runs for every sentence compared
    return " ".join(text.split())


def fold(text: str) -> str:
    """`text` with accents and ligatures taken off Latin letters ('Chávez' -> 'Chavez', 'Straße' ->
    'Strasse', 'Ǣ' -> 'Ae'), so a name matches whether or not a page kept its accents. For comparisons only."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).translate(_FOLDED)


def words(text: str) -> list[str]:
    """Lower-cased word tokens of `text` (letters and digits, keeping inner hyphens and dots)."""
    text = normalize(text)
    if text.isascii():  # lower-cased whole: the same tokens (an ASCII letter stays one letter), 17% faster
        return _ASCII_WORD.findall(text.lower())
    return [w.lower() for w in _WORD.findall(text)]


def word_count(text: str) -> int:
    """How many words `text` holds, for its length: words between spaces, and in Chinese,
    Japanese and Korean (written without spaces) a word for every two characters of theirs."""
    return len(text.split()) + len(_EAST_ASIAN.findall(text)) // 2


#: Words that make up a good share of any running text in one language and little of any other:
#: English's, and those of the languages news in Latin script is most often in besides.
_FUNCTION_WORDS = {
    "en": "the of and to in is that for on was with he it as at by from his her said be are have has had not but",
    "de": "der die das und ist nicht mit den dem ein eine einen zu von auf für sich des im sie auch wurde",
    "fr": "le la les et des est une dans que pour pas sur qui du au avec ce sont il elle par ont été",
    "es": "el los las y que del en una por con para se su al lo como es más pero sus fue",
    "it": "il della che per non di e una sono gli dei nel alla anche come più ha",
    "pt": "o os as e que do da em um uma para com não por se dos das foi",
    "nl": "de het een en van is dat op te zijn niet met voor die aan er ook werd",
    "cy": "y yr ac yn o ar ei am wedi mae bod gan fel hefyd roedd eu ond",
}
_LANGUAGE_WORDS = {lang: frozenset(ws.split()) for lang, ws in _FUNCTION_WORDS.items()}
#: ... and the languages each of those words marks: one look-up a token, not one a language.
_WORD_LANGUAGES: dict[str, tuple[str, ...]] = {
    w: tuple(lang for lang, ws in _LANGUAGE_WORDS.items() if w in ws) for w in set().union(*_LANGUAGE_WORDS.values())
}
#: The share of a language's function words above which a text (of 20 words or more) is in it.
LANGUAGE_MIN_SHARE = 0.08


def reads_as_english(text: str) -> bool:
    """Whether `text` reads as English, as the fact checks (names, figures, dates, quotes) read
    text: a report on a Russian or German pair must say they were not made, not 'none found'."""
    return language_of(text) == "en"


def _script(letter: str) -> str:
    """The script of a letter as `language_of` names it (`_SCRIPTS`), 'other' for one it does not name."""
    name = unicodedata.name(letter, "")
    return next((script for script, prefixes in _SCRIPTS.items() if name.startswith(prefixes)), "other")


#: Scripts other than Latin by the words their letters' Unicode names open with.
_SCRIPTS = {
    "latin": ("LATIN",),
    "cyrillic": ("CYRILLIC",),
    "arabic": ("ARABIC",),
    "cjk": ("CJK", "HIRAGANA", "KATAKANA", "HANGUL"),
    "greek": ("GREEK",),
    "hebrew": ("HEBREW",),
    "devanagari": ("DEVANAGARI",),
}


def language_of(text: str) -> str:
    """The language `text` reads as: a key of `_FUNCTION_WORDS`, or the script (`_SCRIPTS`:
    'cyrillic', 'arabic', 'cjk', ..., 'other') when most of its letters are in another than Latin.
    A Latin-script text is in the language whose function words make up the most of it, English
    unless another's outnumber English's; figure tables and short texts (under 20 words), which no
    language's words mark, are read as English."""
    sample = text[:20_000]
    if not sample.isascii():  # only letters outside ASCII are looked up (most texts: a few, or none)
        letters = sum(1 for c in sample if c.isalpha())
        scripts = Counter(_script(c) for c in sample if c.isalpha() and not c.isascii())
        if letters - sum(scripts.values()) + scripts.pop("latin", 0) < letters / 2:
            return max(scripts, key=scripts.__getitem__)
    tokens = words(sample)
    if len(tokens) < 20:
        return "en"
    counts = Counter(lang for t in tokens for lang in _WORD_LANGUAGES.get(t, ()))
    share = {lang: counts[lang] / len(tokens) for lang in _LANGUAGE_WORDS}
    best = max(share, key=share.__getitem__)
    return "en" if share[best] < LANGUAGE_MIN_SHARE or share["en"] >= share[best] else best


#: The languages `language_of` tells apart, by name.
LANGUAGE_NAMES = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
    "nl": "Dutch", "cy": "Welsh", "cyrillic": "Cyrillic script", "arabic": "Arabic script",
    "cjk": "Chinese, Japanese or Korean script", "greek": "Greek script", "hebrew": "Hebrew script",
    "devanagari": "Devanagari script", "other": "a script other than Latin",
}  # fmt: skip


def verdict_caveat(languages: tuple[str, str], sentences: tuple[int, int]) -> str | None:
    """What a verdict cannot say for two texts, in one line (`language_caveat`, then `SHORT_CAVEAT`
    when a side holds fewer than `FEW_SENTENCES`); None when it can say all it says."""
    said = [language_caveat(*languages)]
    if min(sentences) < FEW_SENTENCES:
        side = "the source" if sentences[0] <= sentences[1] else "the target"
        n = min(sentences)
        said.append(f"{side} holds {n} sentence{'s' if n != 1 else ''}: {SHORT_CAVEAT}")
    return "; ".join(s for s in said if s) or None


#: A side with fewer sentences than this is too short for a verdict on an article (`verdict_caveat`).
FEW_SENTENCES = 3
SHORT_CAVEAT = (
    "too few to tell a rewrite from another report of the same fact (the verdict is made for articles; "
    "on single sentences its scores rank paraphrases only loosely)"
)


def language_caveat(source_language: str, target_language: str) -> str | None:
    """What a verdict cannot say for two texts of these languages (`language_of`), in one line; None
    for two English texts. The sentence model and the fact checks are made for English: across two
    languages a translation shares no text they can see, so `unrelated` only means none was found."""
    if source_language == target_language == "en":
        return None
    names = LANGUAGE_NAMES.get(source_language, source_language), LANGUAGE_NAMES.get(target_language, target_language)
    if source_language != target_language:
        return (
            f"the source is in {names[0]} and the target in {names[1]}: a translation is not recognised "
            "(the sentence model and the fact checks compare English text), so 'unrelated' means only that "
            "no shared text was found"
        )
    return (
        f"both texts are in {names[0]}: copies and edited copies are found as in English, but the sentence "
        "model and the fact checks are made for English, so paraphrases may be missed and the listed "
        "names, figures, dates and quotes may be wrong"
    )


#: What UTF-8 read as Windows-1252 or Latin-1 leaves: a lead byte's character before a
#: continuation byte's ('Â£', 'Ã©', 'â€™'). Only texts with one are handed to ftfy.
_MOJIBAKE = re.compile(
    "[\u00c2\u00c3][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]|\u00e2\u20ac"
)
#: A closing quote (E2 80 9D) read as Windows-1252, its last byte lost or left as a control character.
_LOST_CLOSING_QUOTE = re.compile("\u00e2\u20ac\u009d?(?=[\\s.,;:!?)\\]]|$)")


#: Characters that show nothing and mean nothing inside running text: soft hyphen, Mongolian vowel
#: separator, word joiner and invisible operators, byte-order mark, tag characters.
#: A farm page that strews them inside words reads as the wire story to a person and as other words
#: to a word or sentence model.
_INVISIBLE = "\u00ad\u180e\u2060-\u2064\ufeff\U000e0000-\U000e007f"
#: Zero-width (non-)joiners shape Arabic, Persian and Indic letters and join emoji, a zero-width
#: space breaks words of Thai, direction marks and embeddings (LRM, RLM, U+202A-U+202E,
#: U+2066-U+2069) order Arabic and Hebrew, the combining grapheme joiner and variation selectors
#: pick glyphs: beside no character of those scripts (`_JOINED`), they do nothing.
_JOINERS = "\u200b\u200c\u200d\u200e\u200f\u202a-\u202e\u2066-\u2069\u034f\ufe00-\ufe0f"
#: Scripts and symbols those characters serve: Hebrew, Arabic, Syriac, Thaana; Indic scripts,
#: Thai, Lao, Tibetan, Myanmar; Hangul jamo; Khmer, Mongolian; keycaps; arrows, dingbats and
#: emoji; East Asian scripts; private use.
_JOINED = (
    "\u0590-\u08ff\u0900-\u109f\u1100-\u11ff\u1780-\u18af\u1900-\u1cff\u20d0-\u20ff\u2190-\u2bff"
    "\u2e80-\u9fff\uac00-\ud7af\ue000-\uf8ff\U0001f000-\U0001faff"
)
_INVISIBLE_RUN = re.compile(f"[{_INVISIBLE}]+|(?<![{_JOINED}])[{_JOINERS}]+(?![{_JOINED}])")
#: Spaces of other widths (no-break, thin, ideographic ...), read as a space.
_ODD_SPACE = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
#: Letters drawn in another width or style, as the letters they are: full-width Latin letters and
#: digits ('ＢＢＣ'), mathematical bold, italic and script letters ('𝐁𝐁𝐂'), circled, squared and
#: superscript letters ('Ⓑ', '🅱', 'ˢᵗ').
_STYLED = {
    chr(c): unicodedata.normalize("NFKC", chr(c))
    for c in itertools.chain(
        range(0xFF10, 0xFF5B),  # full-width
        range(0x1D400, 0x1D800),  # mathematical
        range(0x24B6, 0x24EA),  # circled letters (not circled digits: lists number with them)
        range(0x1F130, 0x1F14A),  # squared capitals
        range(0x1D2C, 0x1D6B),  # modifier (superscript) letters
        range(0x02B0, 0x02B9),
        range(0x02E0, 0x02E5),
    )
    if unicodedata.category(chr(c))[0] in "LNS" and (plain := unicodedata.normalize("NFKC", chr(c))).isascii()
    and plain.isalnum()
} | {chr(base + k): chr(ord("A") + k) for base in (0x1F150, 0x1F170) for k in range(26)}  # negative circled, squared
_FULL_WIDTH = re.compile("[\uff10-\uff5a]")
_EAST_ASIAN = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
#: The blocks `_STYLED` draws from, as ranges (a class of its 1,300 characters one by one made the
#: search 20 times slower): a character found here and not in `_STYLED` is left as it is.
_STYLED_LETTER = re.compile(
    "[\uff10-\uff5a\U0001d400-\U0001d7ff\u24b6-\u24e9\U0001f130-\U0001f189\u1d2c-\u1d6a\u02b0-\u02b8\u02e0-\u02e4]"
)
#: Letters of other alphabets drawn like Latin ones ('thе' with a Cyrillic 'е'), the look-alikes a
#: disguised copy swaps in.
_LOOKALIKES = {
    **dict(zip("аеорсухіјѕԁԛԝһӏ", "aeopcyxijsdqwhl")),
    **dict(zip("АВЕКМНОРСТХІЈЅҮԚԜӀ", "ABEKMHOPCTXIJSYQWI")),
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧοιν", "ABEZHIKMNOPTYXoiv")),
    # small capitals, Cherokee capitals, Armenian and Latin letters of other alphabets ('ɑ', 'ɡ')
    **dict(zip("ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢ", "abcdefghijklmnoprstuvwyz")),
    **dict(zip("ᎪᏴᏟᎠᎬᏀᎻᎥᎫᏦᏞᎷᏢᏚᎢᏙᏔᏃ", "ABCDEGHiJKLMPSTVWZ")),
    **dict(zip("օսոհɑɡɩ", "ounhagi")),
}
_LOOKALIKE_TABLE = str.maketrans(_LOOKALIKES)
_LOOKALIKE = re.compile(f"[{''.join(_LOOKALIKES)}]")
#: Any character `unmask` may read otherwise: a text holding none is returned as it is.
_SUSPECT = re.compile(
    f"[{_INVISIBLE}{_JOINERS}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000{_STYLED_LETTER.pattern[1:-1]}"
    f"{''.join(_LOOKALIKES)}]"
)
_LETTERS = re.compile(r"[^\W\d_]+")
_LATIN_LETTERS = re.compile("[A-Za-z\u00c0-\u024f]")
#: A letter of any script but Latin's.
_OTHER_SCRIPT = re.compile("[^\\W\\d_A-Za-z\u00c0-\u024f]")
_GREEK = re.compile("[\u0370-\u03ff]")
#: Look-alike words of at most this many capitals are another script's acronyms ('СССР', 'ΚΚΕ').
ACRONYM_LETTERS = 5
#: Words of Latin letters and look-alikes for each word in another script, from which look-alike
#: words are read as Latin ones: a Russian text's 'а' and 'о' stay Cyrillic.
LATIN_TEXT_RATIO = 4


@dataclass(slots=True, frozen=True)
class Unmasked:
    """A text with its hidden and disguised characters read plainly, and how many there were."""

    text: str
    invisible: int = 0  # zero-width characters and the like, soft hyphens aside (pages use those)
    styled: int = 0  # full-width, mathematical, circled, squared and superscript letters
    lookalikes: int = 0  # letters of other alphabets read as Latin
    backwards: int = 0  # letters stored in reverse order behind a right-to-left override

    def note(self) -> str | None:
        """One line for a warning when the text was disguised, else None: a few stray zero-width
        characters come with copied text; dozens, or look-alike letters inside Latin words, do not."""
        parts = [
            f"{self.invisible:,} zero-width characters" if self.invisible >= 10 else "",
            f"{self.styled:,} full-width or styled letters" if self.styled >= 10 else "",
            f"{self.lookalikes:,} look-alike letters of other alphabets" if self.lookalikes >= 3 else "",
            f"{self.backwards:,} letters stored backwards behind a right-to-left override" if self.backwards else "",
        ]
        parts = [p for p in parts if p]
        return f"read through {' and '.join(parts)} in its words, as plain text" if parts else None


def unmask(text: str) -> Unmasked:
    """`text` with invisible characters taken out of words, odd spaces as spaces, styled letters as
    plain ones, and look-alikes of other alphabets inside Latin words as the Latin letters they
    imitate (`_read_lookalikes`): the text a reader sees, which is what wiretrace compares (and
    stores)."""
    if text.isascii() or not _SUSPECT.search(text):  # most texts: one pass, nothing to read
        return Unmasked(text)
    text, backwards = _read_overrides(text) if "\u202e" in text else (text, 0)
    invisible = sum(len(m.group()) for m in _INVISIBLE_RUN.finditer(text) if m.group() != "\u00ad")
    text = _ODD_SPACE.sub(" ", _INVISIBLE_RUN.sub("", text))
    styled = sum(1 for c in _STYLED_LETTER.findall(text) if c in _STYLED)
    if styled:
        if _EAST_ASIAN.search(text):  # full-width letters and digits are their typography ('ＮＨＫ', '２０２６年')
            styled -= sum(1 for c in _FULL_WIDTH.findall(text) if c in _STYLED)
        text = _STYLED_LETTER.sub(lambda m: _STYLED.get(m.group(), m.group()), text)
    text, lookalikes = _read_lookalikes(text)
    return Unmasked(text, invisible, styled, lookalikes, backwards)


def _read_overrides(text: str) -> tuple[str, int]:
    """`text` with each run of left-to-right letters behind a right-to-left override (U+202E, up to
    its pop or the line's end) in the order a reader sees it: the override shows the run's characters
    last to first ('\u202e.etov eht' shows 'the vote.'), so a farm can store a copied story backwards
    and show it as written. A run holding right-to-left letters is read as stored (a Hebrew or
    Arabic reader reads it that way), and so are runs between overrides strewn through a line, which
    no browser shows as a text. Returns the text and how many letters were reversed."""
    count = 0

    def shown(m: re.Match[str]) -> str:
        nonlocal count
        run, closed = m.group(1), m.group().endswith("\u202c")
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = m.end() == len(text) or text[m.end()] == "\n"
        alone = closed or (line_end and not _EMBEDDING.search(text, line_start, m.start()))
        if not alone or _RIGHT_TO_LEFT.search(run) or not _LETTERS.search(run):
            return m.group()  # overrides strewn between letters (their marks are taken out), or right-to-left text
        count += sum(1 for c in run if c.isalpha())
        return run[::-1].translate(_MIRRORED)

    return _OVERRIDE_RUN.sub(shown, text), count


#: A right-to-left override's run: to its pop (U+202C), the next embedding, or the line's end; one
#: that ends at another embedding, or at the line's end after another, is not read backwards.
_OVERRIDE_RUN = re.compile("\u202e([^\u202a-\u202e\u2066-\u2069\n]*)\u202c?")
_EMBEDDING = re.compile("[\u202a-\u202e\u2066-\u2069]")
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
#: Brackets a right-to-left run shows mirrored.
_MIRRORED = str.maketrans("()[]{}<>\u00ab\u00bb", ")(][}{><\u00bb\u00ab")


def _read_lookalikes(text: str) -> tuple[str, int]:
    """`text` with look-alike letters read as Latin in the words that mix them with Latin letters,
    and in the words made of them alone when the text is written in Latin letters, save a Greek
    letter alone (a symbol), an acronym, or a word beside a word in that other script (a Ukrainian
    quote's 'і', the neutrino's 'ν', 'СССР' in an English text stay as written)."""
    if not _LOOKALIKE.search(text):
        return text, 0
    found = list(_LETTERS.finditer(text))
    plain = [m.group().translate(_LOOKALIKE_TABLE) for m in found]
    other = [bool(_OTHER_SCRIPT.search(p)) for p in plain]
    latin_text = len(found) - sum(other) >= LATIN_TEXT_RATIO * max(sum(other), 1)
    pieces, at, count = [], 0, 0
    for k, m in enumerate(found):
        word, read = m.group(), plain[k]
        if read == word or other[k]:
            continue
        if not _LATIN_LETTERS.search(word) and (
            not latin_text
            or (len(word) == 1 and _GREEK.match(word))  # a symbol: the neutrino's 'ν', an energy 'Ε'
            or (word.isupper() and 1 < len(word) <= ACRONYM_LETTERS)
            or (k > 0 and other[k - 1])
            or (k + 1 < len(found) and other[k + 1])
        ):
            continue
        pieces += [text[at : m.start()], read]
        at = m.end()
        count += sum(1 for a, b in zip(word, read, strict=True) if a != b)
    return "".join(pieces) + text[at:], count


def repair_mojibake(text: str) -> str:
    """`text` with UTF-8 read as Windows-1252 repaired ('Â£113m' -> '£113m'), by ftfy; only texts
    showing such a pair of characters are handed to it."""
    if text.isascii() or not _MOJIBAKE.search(text):  # most texts are ASCII, known without reading them
        return text
    # a closing quote's third byte (0x9d) has no Windows-1252 character and is lost, often with its
    # control-character stand-in: what is left ends a word, and ftfy would read it as a dagger
    return ftfy.fix_encoding(_LOST_CLOSING_QUOTE.sub("\u201d", text))


def clean_body(text: str) -> str:
    """Normalise line endings, repair UTF-8 read as Windows-1252 ('Â£113m', 'â€œ') and strip control
    characters, keeping paragraph structure. Feeds came repaired (feedparser does it) and JSON
    Lines, HTML and text did not, so one text from two sources differed in its figures and quotes."""
    text = unmask(repair_mojibake(text)).text  # a byte-order mark too
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_WORD_CONTROLS)
    text = _CONTROL.sub("", text)
    if " \n" in text or "\t\n" in text or "\u00a0\n" in text:  # few texts end a line on spaces
        text = _SPACES_ENDING_LINE.sub("\n", text)
    return _BLANK_LINES.sub("\n\n", text).strip() if "\n\n\n" in text else text.strip()


#: Spaces ending a line, a run taken from its start (one look at each run); blank lines past one.
_SPACES_ENDING_LINE = re.compile(r"(?<![ \t\u00a0])[ \t\u00a0]++\n")
_BLANK_LINES = re.compile(r"\n{3,}")


#: Markdown as scrapers that save pages as Markdown and AI writers give it: a heading's marks
#: ('## Background'), bold around words ('**Critics Speak Out**', '__x__'), a link's address
#: ('[the report](https://...)') and an image ('![a chart](chart.png)').
_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(?=\S)(.*?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)
#: Markdown's bold, images and links, each over 2,000 characters at most, a sentence's (a line of thousands of
#: marks never closed was read to its end from each of them).
_MD_BOLD = re.compile(r"(?<!\w)(\*\*|__)(?=\S)((?:(?!\1).){1,2000}?)(?<=\S)\1(?!\w)")  # to the next mark at most
_MD_IMAGE = re.compile(r"!\[[^\]\n]{0,2000}\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_MD_LINK = re.compile(r"\[([^\]\n]{1,2000})\]\((?:https?://|/|#|mailto:)[^)\s]*(?:\s+\"[^\"]*\")?\)")


def read_markdown(text: str) -> str:
    """`text` as a reader of its rendered Markdown sees it: headings, bold and links as their words,
    images gone. Read with their marks, '## What happened' headings were sentences of a rewrite's
    own, and 4 more of 100 L2R rewrites laid out so lost their link (BENCHMARKS.md).
    Plain text has none of these marks ('* ' bullets and '#MeToo' are left alone)."""
    if "#" not in text and "**" not in text and "__" not in text and "](" not in text:
        return text
    text = _MD_IMAGE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_HEADING.sub(r"\1", text)
    return _MD_BOLD.sub(r"\2", text)


def clean_line(text: str) -> str:
    """A line of metadata (a title, a byline, a site's name) cleaned as a body is, on one line: no
    terminal escape ('\\x1b[31m'), byte-order mark or control character (a NUL cut a title short
    in pandas' CSV reader and not in DuckDB's), whitespace runs as one space."""
    text = unmask(_TERMINAL_ESCAPE.sub("", repair_mojibake(text))).text
    return " ".join(_CONTROL.sub("", text.translate(_WORD_CONTROLS)).split())


_TERMINAL_ESCAPE = re.compile(r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-Z\\-_]")


#: Widths of hard-wrapped copy: wire lines run 40 to 110 characters; paragraphs on one line run longer.
_WRAP_MIN, _WRAP_MAX = 40, 110


def is_wrapped(lines: list[str]) -> bool:
    """True when a block looks hard-wrapped (wire copy): most lines run close to one width."""
    lengths = [len(line) for line in lines if line.strip()]
    if len(lengths) < 3:
        return False
    width = sorted(lengths)[int(len(lengths) * 0.9) - 1]
    if width < _WRAP_MIN or width > _WRAP_MAX:
        return False
    # A line the next one indents after ends a paragraph (wire copy indents each), short by nature.
    inner = [len(line) for line, nxt in itertools.pairwise(lines) if line.strip() and not nxt[:1].isspace()]
    near = sum(1 for n in inner if n >= 0.7 * width)
    return len(inner) >= 2 and near >= 0.7 * len(inner)


#: Words no headline or sentence ends on: articles, prepositions that take an object, conjunctions,
#: determiners, auxiliaries ('The heads of the Chicago Board of' / 'Trade ...'). Particles that
#: end headlines ('Strike called off', 'Prices shoot up') are not among them.
_OPEN_ENDS = frozenset(
    """a an the and or but nor of to at for from by with as into onto than via per
    its their his her our your my this these those whose which who whom
    is are was were be been has have had will would could should may might must can shall
    said says""".split()
)
_LAST_WORD = re.compile(r"([A-Za-z]+)\W*$")
#: Of those, the ones a headline may end on ('Lohan checks into rehab, lawyer says').
_SAYS = frozenset({"said", "says"})


def runs_on(line: str, next_line: str) -> bool:
    """True when a line break falls inside a sentence: the line ends without closing punctuation
    and the next line goes on in lower case ('Standard Oil Co said it will' / 'issue at par ...'),
    however short the line (hard-wrapped wire copy whose dateline was cut), or the line ends on
    a word no sentence ends on (`_OPEN_ENDS`: 'Millipore Corp filed with the' / 'Securities and
    Exchange Commission ...') and the next line is not a new paragraph."""
    nxt = next_line.lstrip()
    stripped = line.rstrip()
    if not nxt or _TERMINAL.search(stripped):
        return False
    if nxt[0].islower() or nxt[0] in ",;)":
        return True
    return ends_open(stripped) and not next_line[:1].isspace()


def ends_open(line: str, headline: bool = False) -> bool:
    """True when a line ends on a word no sentence ends on (`_OPEN_ENDS`); `headline`: no headline
    either, which may end on 'says' ('Lohan checks into rehab, lawyer says')."""
    stripped = line.rstrip()
    # the last 40 characters: a word longer is no open end, and a line's one word of 20,000 letters
    # was searched for from each of them
    last = _LAST_WORD.search(stripped[-40:]) if stripped[-1:].isalpha() else None
    return last is not None and last.group(1) in _OPEN_ENDS and not (headline and last.group(1) in _SAYS)



def wrapped_lede(text: str) -> bool:
    """True when the text opens with hard-wrapped copy that its first line belongs to (a wire
    story's lede, not a headline): the first line is then no title. It belongs when it runs on
    into the next line, and also when nothing sets it apart from the wrapped lines under it (no
    blank line, no paragraph indent, not in capitals): a lede whose dateline was cut opens on a
    short line of names ('Standard Oil Co and BP North America' / 'Inc said they plan ...'),
    which taken as a title also cut the first sentence in two. A first line ending on a word no
    headline ends on ('ICOT Corp said it will') belongs, wrapped or not."""
    lines = text.split("\n\n", 1)[0].split("\n")
    if len(lines) < 2:
        return False
    if ends_open(lines[0], headline=True) and not lines[1][:1].isspace():  # 'ICOT Corp said it will' / '...'
        return True
    if not is_wrapped(lines):
        return False
    if runs_on(lines[0], lines[1]):
        return True
    first = lines[0].strip()
    in_capitals = first.upper() == first and any(c.isalpha() for c in first)
    # wrapped inside sentences: most lines under it break off mid-sentence (a text of one
    # paragraph a line, each closing its sentence, only looks wrapped by its widths)
    under = [line.rstrip() for line in lines[1:-1] if line.strip()]
    mid_sentence = sum(1 for line in under if not _TERMINAL.search(line))
    return not (in_capitals or lines[1][:1].isspace()) and 2 * mid_sentence > len(under)


def _line_spans(text: str, lede: bool = False, caseless: bool = False) -> Iterator[tuple[int, int]]:
    """Yield spans of text that no sentence may cross: paragraphs and headline-like lines.
    `lede`: the text opens with its lede, not a headline (see `segment`); `caseless`: written in
    small letters alone (`lower_case`), where a small letter after a line's full stop says nothing."""
    for block in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text):
        lines = block.group().split("\n")
        wrapped = is_wrapped(lines)
        width = max(len(line) for line in lines)
        start = block.start()
        pos = start
        for i, line in enumerate(lines):
            end = pos + len(line)
            last = i == len(lines) - 1
            if not last:
                stripped = line.rstrip()
                opening = lede and i == 0 and block.start() == 0  # a short first line is the cut dateline's
                closed = bool(_TERMINAL.search(stripped))
                if closed and not caseless and _runs_on_past_stop(stripped, lines[i + 1]):
                    closed = _boundary_ok(text, pos + len(stripped), end + 1 + len(lines[i + 1]))
                hard = closed or (len(stripped) < 0.6 * width and not opening)
                indented = lines[i + 1][:1].isspace()  # wire copy indents each paragraph
                # a lede in too few lines to tell wrapped ('Rollins Environmental Services' / 'Inc said ...')
                short_wire = opening and width <= _WRAP_MAX and len(lines[i + 1]) >= _WRAP_MIN
                if ((wrapped or short_wire) and not hard and not indented) or runs_on(line, lines[i + 1]):
                    pos = end + 1
                    continue
            yield start, end
            pos = end + 1
            start = pos


def _runs_on_past_stop(line: str, following: str) -> bool:
    """Whether a hard-wrapped `line` closing on a stop may run on into the `following` line, as a
    sentence would inside a line (then `_boundary_ok` decides): before a small letter or a bracket
    ('Clanton, Ala.' / 'for about 1.2 mln dlrs', 'Insurance Corp.' / '(FDIC) said') or a company's
    suffix ('Steel Co.' / 'Ltd, involves'), or after an initial or an abbreviation ('F.J.' /
    'Spillman', 'the largest U.S.' / 'company'); never into a list's dash or bullet."""
    first = following[:1]
    if first.islower() or first == "(":
        return True
    opening = following.split(maxsplit=1)[:1]  # nothing on a line of spaces
    suffix = bool(opening) and opening[0].rstrip(".,").lower() in _AMBIGUOUS  # 'Samsung Co.' / 'Ltd of Seoul'
    return first.isalnum() and (_abbreviated(line) or suffix)


def _abbreviated(line: str) -> bool:
    """Whether `line` ends on an initial or an abbreviation that ends no sentence ('F.J.', 'U.S.',
    'Sen.'): not a company's suffix or the like ('Ltd.', 'Corp.': `_AMBIGUOUS`, which as often
    close one), nor a word in capitals or small letters spelled as a title ('the SEC.', 'voted no.')."""
    last = _WORD_BEFORE.search(line[-40:]) if line.endswith(".") else None  # as `_runs_on_past_stop` reads it
    if last is None:
        return False
    word = last.group(1).rstrip(".")
    if "." in word or (len(word) == 1 and word.isupper()):
        return True
    bare = word.lower()
    return word[:1].isupper() and not word.isupper() and bare in _TITLES and bare not in _AMBIGUOUS


#: A list item's number or letter at the start of a line: '2.', 'b.', 'iv.'.
_LIST_MARKER = re.compile(r"\s*(?:\d{1,3}|[A-Za-z]|[ivxIVX]{2,4})\.")


def _boundary_ok(text: str, cut: int, end: int, caseless: bool = False) -> bool:
    """Decide whether the punctuation ending at `cut` really closes a sentence; in a `caseless`
    text (`lower_case`) a small letter after it may open the next one."""
    nxt = _NEXT_WORD.match(text, cut, end)
    if not nxt or not nxt.group(2):
        return True
    opener, word = nxt.group(1), nxt.group(2)
    first = word[0]
    if caseless and first.islower() and first.upper() != first:
        before = _WORD_BEFORE.search(text[max(0, cut - 40) : cut])
        bare = before.group(1).rstrip(".").lower() if before else ""
        return not (bare in _TITLES or bare in _AMBIGUOUS or len(bare) == 1 or "." in bare)
    before = _WORD_BEFORE.search(text[max(0, cut - 40) : cut])
    if opener == "(" and first.islower() and _plain_word_stop(text, cut, before) and _note_alone(text, nxt.start(1)):
        return True  # a note after the sentence: 'the company said. (corrects cts per share)'
    if first.islower() or first in ",;:)-–—":
        return False  # '"Yes," she said.' and '3 p.m. yesterday'
    if before is None:
        # a day's number as German writes it ('am 15. Dezember'), not the end of a sentence
        return not (_DAY_NUMBER.search(text, max(0, cut - 4), cut) and word.rstrip(",.;").lower() in _DAY_MONTHS)
    token = before.group(1)
    bare = token.rstrip(".").lower()
    if "." not in text[max(0, cut - 4) : cut]:
        return True  # '!' or '?' always ends a sentence when a capital follows
    if len(token.rstrip(".")) == 1 and token[0].isupper() and not opener:
        return False  # an initial: 'J. R. Smith'
    if len(bare) == 1 and _INITIAL.match(word):
        return False  # an abbreviation of two letters: 'z. B. veraltete', 'd. h.', 'u. a.'
    if "." in token.rstrip("."):
        if _ADDRESS.fullmatch(text[max(0, cut - 200) : cut].split()[-1].rstrip(_CLOSERS)):
            return True  # '... to dumfries@bbc.co.uk. Copyright ...'
        # 'U.S.', 'p.m.', 'a.m.': a boundary only before a typical sentence opener
        return word.strip("\"'“‘").lower() in _OPENERS
    if bare in _AMBIGUOUS:
        return word.strip("\"'“‘").lower() in _OPENERS
    return bare not in _TITLES


def _plain_word_stop(text: str, cut: int, before: re.Match[str] | None) -> bool:
    """Whether the punctuation ending at `cut` is a full stop after a word of two letters or more
    that abbreviates nothing ('said.', not 'p.m.', 'Corp.', 'Sen.' or 'J.')."""
    if before is None or text[cut - 1] != ".":
        return False
    token = before.group(1).rstrip(".")
    return len(token) > 1 and "." not in token and token.lower() not in _TITLES | _AMBIGUOUS


def _note_alone(text: str, opening: int) -> bool:
    """Whether the bracket opening at `opening` closes a note that stands alone: the text ends, a
    line breaks or a capital follows it ('(corrects cts per share)'), not a small letter
    ('Holdings Plc. (hsba.l) said')."""
    close = text.find(")", opening, opening + 300)
    after = text[close + 1 : close + 3].lstrip(" ") if close >= 0 else "x"
    return close >= 0 and (not after or after[0] == "\n" or after[0].isupper() or after[0] in "\"'“‘(")


def lower_case(text: str) -> bool:
    """Whether `text` is written in small letters alone ('the bank said. it will...'), as a farm
    may copy a story to hide it: no capital among at least `CASELESS_CHARS` characters, half of
    them letters that have a case (`_cased`)."""
    return len(text) >= CASELESS_CHARS and text.islower() and _cased(text)


CASELESS_CHARS = 200


def _cased(text: str) -> bool:
    """Whether `text` has at least half `CASELESS_CHARS` letters that have a case: a Japanese story
    naming 'JR' is not written in capitals (its kana and kanji have none), and 'JR' lost them."""
    return len(_CASED_LETTER.findall(text)) >= CASELESS_CHARS // 2


_CASED_LETTER = re.compile("[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]")  # Latin, Greek, Cyrillic


def sentence_case(text: str, lede: bool = False) -> str | None:
    """`text` written in capitals alone (at least `CASELESS_CHARS` characters: a farm's rewrite in
    capitals, an old wire) in small letters with a capital opening each sentence and the pronoun
    'I', or None when it has small letters. The sentence model reads words in capitals as other
    words, and every word in capitals as a name; names lose their capitals (no word list tells
    'OBAMA' from 'THE'). Letters whose small form is longer ('İ') stay, so offsets hold."""
    if len(text) < CASELESS_CHARS or not text.isupper() or not _cased(text):
        return None
    chars = [c.lower() if len(c.lower()) == 1 else c for c in text]
    small = "".join(chars)
    for s in segment(small, lede):
        first = _FIRST_LETTER.search(small, s.start, s.end)
        if first and len(first.group().upper()) == 1:
            chars[first.start()] = first.group().upper()
    return _PRONOUN_I.sub("I", "".join(chars))


_FIRST_LETTER = re.compile(r"[^\W\d_]")
_PRONOUN_I = re.compile(r"(?<![\w'’])i(?=$|[\s,;:.!?'’])")


def segment(text: str, lede: bool = False) -> list[Sentence]:
    """Split `text` into sentences whose spans index back into `text` exactly.

    Paragraph breaks and headline lines are hard boundaries; inside them a full stop, question
    or exclamation mark ends a sentence unless an abbreviation, initial or lower-case
    continuation says otherwise. `lede`: the caller knows the text opens with its first
    sentence, not a headline (the record gave its headline apart): in hard-wrapped copy a short
    first line then runs on like any other ('U.S. Trade Representative Clayton' / 'Yeutter said
    ...', a wire whose dateline was cut).
    """
    out: list[Sentence] = []
    caseless = lower_case(text)
    for lo, hi in _line_spans(text, lede, caseless):
        start = lo
        for m in _BOUNDARY.finditer(text, lo, hi):
            cut = m.end()
            if _LIST_MARKER.fullmatch(text, start, cut):
                continue  # '2. Recursively define the value...': the number of a list item, not a sentence
            if _boundary_ok(text, cut, hi, caseless):
                _emit(text, start, cut, out)
                start = cut
        _emit(text, start, hi, out)
    return out


def _emit(text: str, start: int, end: int, out: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start and any(ch.isalnum() for ch in text[start:end]):
        for piece_start, piece_end in _pieces(text, start, end):
            for lo, hi in _result_units(text, piece_start, piece_end):
                out.append(Sentence(len(out), lo, hi, text[lo:hi]))


#: A "sentence" longer than this is no sentence but text without stops (a transcript, a list run
#: together): it is cut into pieces of about `_PIECE_CHARS`, each compared as a sentence. Read
#: whole, one of 100,000 characters took half a minute a pair (the claim readers search it again
#: and again); news sentences run well under a thousand.
MAX_SENTENCE_CHARS = 2000
_PIECE_CHARS = 1000


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """`text[start:end]` in pieces of at most `MAX_SENTENCE_CHARS` (itself when it is no longer),
    cut after a comma or semicolon near `_PIECE_CHARS`, else at a space, else where it must."""
    while end - start > MAX_SENTENCE_CHARS:
        lo, hi = start + _PIECE_CHARS // 2, start + _PIECE_CHARS
        soft = max(text.rfind(", ", lo, hi), text.rfind("; ", lo, hi))
        cut = soft + 1 if soft >= 0 else text.rfind(" ", lo, hi)
        cut = cut if cut > start else hi
        yield start, cut
        start = cut
        while start < end and text[start].isspace():
            start += 1
    yield start, end


#: A score inside a results table: '1-0', '0–4'.
_SCORE = re.compile(r"\d{1,3}[-–]\d{1,3}")
_TOKEN = re.compile(r"\S+")
#: Results in one run before it reads as a table, not a sentence quoting a score or two.
_RESULTS_MIN = 3


def _result_units(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A results table flattened into one line ('Brighton 1-0 Huddersfield Derby 0-1 Ipswich
    ...') split into one span per result; any other span as it is.

    With no full stops there is no sentence to find, so a rewrite that lists each result on a
    line of its own could link to nothing. A run is a table when it holds at least `_RESULTS_MIN`
    scores and every other word is capitalised (team or candidate names, '&'); between two
    scores, the first half of the names closes one result and the rest opens the next.
    """
    if text.count("-", start, end) + text.count("–", start, end) < _RESULTS_MIN:
        return [(start, end)]
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]
    scores = [k for k, (a, b) in enumerate(tokens) if _SCORE.fullmatch(text, a, b)]
    if len(scores) < _RESULTS_MIN or scores[0] == 0 or scores[-1] == len(tokens) - 1:
        return [(start, end)]
    score_set = set(scores)
    for k, (a, b) in enumerate(tokens):
        if k not in score_set and not (text[a].isupper() or text[a:b] == "&"):
            return [(start, end)]
    if any(later - earlier < 3 for earlier, later in itertools.pairwise(scores)):
        return [(start, end)]  # no room for one name after a score and another before the next
    units: list[tuple[int, int]] = []
    unit_start = start
    for earlier, later in itertools.pairwise(scores):
        gap = later - earlier - 1  # names between the two scores
        last = earlier + (gap + 1) // 2  # the last name of the earlier result
        units.append((unit_start, tokens[last][1]))
        unit_start = tokens[last + 1][0]
    units.append((unit_start, end))
    return units


_STOP = frozenset(
    """a an the and or but if of to in on at for from by with as is are was were be been being
    has have had do does did will would could should may might must can shall it its this that
    these those there here he she they we i you him her them us his their our your my me which
    who whom whose what when where why how than then so not no also just only very more most
    into onto over under about after before said says say told tell according all any some such
    up down out off again further once both each few other own same too s t""".split()
)


@functools.lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light English suffix stripper: enough to match 'flooding'/'flooded'/'floods'."""
    for suffix in ("ings", "ing", "edly", "ed", "ies", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def content_words(text: str) -> frozenset[str]:
    """Stemmed content words of `text`: the lexical fingerprint used to score sentence pairs."""
    return content_of(words(text))


#: A sentence's closing attribution: ', BBC London reporter Gareth Furby said.', ', said the
#: spokesman.', ', according to the Met Office.' (at most eight words after the last comma).
_ATTRIBUTION = re.compile(
    r",\s+(?:(?:[^,;:]{0,60}?\s)?(?:said|says|added|told\s+[^,;:]{1,40}|reported|wrote)"
    r"|(?:(?:said|says|added)\s+(?:the\s|an?\s|[A-Z])|according\s+to\s)[^,;:]{0,60}?)\s*[.!?\"'”’]*\s*$"
)


def attribution(sentence: str) -> str:
    """The attribution closing `sentence` after its last comma ('BBC London reporter Gareth Furby
    said'), or ''. Who said a thing is not what was said: a rewrite that keeps the statement
    often drops or moves its speaker."""
    m = _ATTRIBUTION.search(sentence)
    if not m or len(m.group().split()) > 9:
        return ""
    return m.group().strip(" ,.!?\"'”’")


def content_of(tokens: Sequence[str]) -> frozenset[str]:
    """`content_words` of text already split by `words`."""
    return frozenset(stem(w) for w in tokens if w not in _STOP and len(w) > 1)


def base_form_places(sentences: Sequence[Sequence[str]]) -> dict[str, int]:
    """Where each content word written in its base form first appears: its token position in
    the article (`sentences` are `words` of each sentence, in order).

    Base form means no ending the stemmer strips (-s, -ed, -ing, -ly): names, figures, singular
    nouns, plain verbs. Chosen by measurement: with inflected words too (the ones a rewriter
    re-tenses and re-numbers), first places separate rewrites from independent reports less
    well (BENCHMARKS.md, word order).
    """
    places: dict[str, int] = {}
    position = 0
    for tokens in sentences:
        for w in tokens:
            if len(w) > 1 and w not in _STOP and w not in places and stem(w) == w:
                places[w] = position
            position += 1
    return places


def opening_words(text: str, limit: int = 80) -> str:
    """The first sentence of `text` without a dateline or a label before it ('LONDON, Feb 26 -',
    '(CNN) --', 'EXCLUSIVE:'), cut at a word within `limit` characters (`shortened`): what names
    an article, or a family of them, that has no headline."""
    words = " ".join(text.split())
    while opened := _OPENER.match(words):
        words = words[opened.end() :]
    first = segment(words[: 4 * limit])  # the segmenter's first sentence: 'Mr.' and 'U.S.' end none
    return shortened(first[0].text if first else words, limit)


def shortened(text: str, limit: int) -> str:
    """`text` cut at a word within `limit` characters, '…' marking the cut; a word longer than
    that is cut at a hyphen or slash in it when it has one."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    at = max(cut.rfind(" "), cut.rfind("-") if " " not in cut else -1, cut.rfind("/") if " " not in cut else -1)
    return (cut[:at] if at > 0 else cut).rstrip(" ,;:-–—/") + "…"


#: What opens a story before its first words: a dateline ('LONDON, Feb 26 -', 'WASHINGTON (AP) —',
#: '(CNN) --') or a label ('EXCLUSIVE:', 'BREAKING -').
_OPENER = re.compile(
    r"(?:[A-Z][A-Z .'’-]{1,30}(?:,\s*[A-Z][a-z]{2,9}\.?\s+\d{1,2}(?:,\s*\d{4})?)?\s*(?:\([^)]{1,30}\))?"
    r"|\([A-Za-z .]{2,30}\)|(?:EXCLUSIVE|BREAKING(?: NEWS)?|UPDATE[D]?|WATCH|LIVE|OPINION|ANALYSIS|REVIEW))"
    r"\s*(?:--|[-–—:|])\s+"
)
