"""Page-chrome removal for plain text copied from web pages.

A page pasted as text carries the site around the story: bylines and datelines, share and
comment counters, "You may also like" lists, category labels, newsletter pitches, copyright
footers. Each line is judged on its own words and its place; a line that reads like article
prose (long, ends in punctuation, no chrome cue) is never dropped. Returns what was dropped
with the reason, so a user can check nothing of the story went.
"""

from __future__ import annotations

import math
import re
import string
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Protocol

from wiretrace.facts import (
    LANGUAGE_SENTENCES,
    LIST_MARK,
    FactKey,
    SentenceKeys,
    normalized_language,
    sentence_keys,
)
from wiretrace.model import DroppedChrome
from wiretrace.text import is_wrapped, normalize, runs_on

# Lines that open a block of links to other stories: the block runs to the next blank line.
_LIST_HEADERS = re.compile(
    r"^(you may also like|you might also like|related( stories| articles| posts| news| coverage| (internet )?links)?|"
    r"more (stories|from|on this story|in|news)\b.*|read more|recommended( for you| stories)?|"
    r"editors'? picks|editor'?s picks|most (read|popular|viewed|shared)|trending( now| stories)?|"
    r"popular (posts|stories|now)|latest (news|stories|posts)|top stories|what to read next|"
    r"around the web|sponsored( content| stories)?|from our partners|also (read|see)|see also|"
    r"don'?t miss|more like this|in case you missed it|further reading|"
    # the same in the languages of Europe's other wires
    r"te puede interesar|le puede interesar|también te puede interesar|noticias relacionadas|más noticias|"
    r"lo más leído|"
    r"à lire (aussi|également)|sur le même sujet|dans la même rubrique|les plus lus|"
    r"das könnte sie auch interessieren|mehr zum thema|meistgelesen|weitere artikel|"
    r"veja também|leia também|notícias relacionadas|mais lidas|potrebbe interessarti|articoli correlati|"
    r"più letti)\s*:?$",
    re.IGNORECASE,
)
#: News agencies as datelines name them, English-language wires and those of other languages.
AGENCIES = (
    "Reuters|AP|AFP|Bloomberg|PA|UPI|dpa|DPA|EFE|Lusa|ANSA|Europa Press|AAP|CP|PTI|IANS|ANP|Belga|APA|SDA|Keystone-SDA"
    "|KNA|epd|AGI|Adnkronos|Xinhua|Kyodo|Yonhap|Anadolu|NTB|TT|STT|Ritzau|PAP|CTK|ČTK|MTI|Agerpres|BTA|Tanjug|HINA"
    "|Notimex|Telam|Télam|ANDES|Prensa Latina|TASS|Interfax|RIA Novosti|Ukrinform|WAFA|KUNA|SPA|MENA|QNA|WAM"
    "|رويترز|أ ف ب|ا ف ب|د ب أ|الأناضول|واس|وام|قنا|كونا|وفا|ТАСС|Интерфакс|РИА Новости|Укринформ"
)
#: A wire's dateline: a place (in capitals as English wires set it, or as other agencies write it:
#: 'Madrid', 'القاهرة'), maybe a country or a day, then the agency in any case ('LONDON (Reuters)',
#: 'BRUSSELS (REUTERS)', 'WASHINGTON, March 3 (AP)', 'Madrid, 17 jun (EFE).', 'Paris, 26 mars 2025
#: (AFP)'), or the agency alone ('(AP) —', a client's copy that cut the place); a dash follows it.
_WIRE_DATELINE = (
    r"(?:[^\W\d_][^\W\d_ .'’-]{0,20}(?:[ .'’-]+[^\W\d_][^\W\d_.'’-]{0,20}){0,3}(?:,\s*+(?:[\w.][\w .]{0,29})?)?)?"
    rf"\s*+\((?i:{AGENCIES})\)\.?\s*"
)
# (the spaces after the comma and before the bracket are taken whole, `\s*+`, and a day opens
# with no space: spaces that several parts could each take made 'Boston,' and 240 spaces take 30 s)
#: Datelines that name the agency otherwise: TASS's ('МОСКВА, 7 февраля. /ТАСС/.') and those of
#: Chinese agencies ('新华社北京4月16日电', maybe with the reporters after it in brackets).
_OTHER_DATELINE = (
    r"[^\W\d_][^\W\d_ -]{1,30},\s*+[\w.][\w .]{0,29}\.?\s*+/(?:ТАСС|ИТАР-ТАСС|ТАСС-ДОСЬЕ|РИА Новости|Интерфакс)/\.?\s*"
    r"|(?:新华社|新華社|中新社|中新网|中新網|人民网|人民網|央视网|央視網)[^\s，。]{1,16}?电"
    r"(?:[（(][^）)]{1,40}[）)])?[\s　]*"
)
#: A press release's dateline as its distributor sets it ('BOSTON, March 4, 2025 /PRNewswire/ --',
#: 'LONDON--(BUSINESS WIRE)--'): a place, maybe a day, then the distributor.
_RELEASE_DATELINE = (
    r"[^\W\d_][^\W\d_.'’-]{0,30}(?:[ .'’-]+[^\W\d_][^\W\d_.'’-]{0,30}){0,3}(?:,\s*+(?:[\w.,][\w .,]{0,39}?)?)?\s*+"
    r"(?:/\s*(?:PRNewswire(?:-[\w]+)?|PR Newswire|GLOBE NEWSWIRE|Globe Newswire|ACCESSWIRE|Accesswire"
    r"|EIN Presswire|EINPresswire|PRWeb|Newsfile Corp\.?|Business Wire|Cision)\s*/\s*(?:--|[-–—])"
    # GlobeNewswire's 'SAN JOSE, Calif., Nov. 24, 2026 (GLOBE NEWSWIRE) --', Business Wire's
    # 'ST. PAUL, Minn.--(BUSINESS WIRE)--Nov. 5, 2026--'
    r"|(?:--)?\s*\((?:BUSINESS WIRE|Business Wire|GLOBE NEWSWIRE|Globe Newswire|ACCESSWIRE|Accesswire)\)"
    r"\s*(?:--|[-–—])(?:\s*[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}\s*(?:--|[-–—]))?)\s*"
)
#: What opens a byline, in the line rule and when the name is read from it (`byline_of`).
_BY_WORDS = "by|written by|words by|reporting by|posted by"
#: ... in other languages, capitalised as a byline opens ('Por María López | 17/06/2025', 'Von Anna Weber').
_BY_WORDS_ABROAD = "Por|Par|Von|Di|Escrito por|Texto:|Redacción:"


class Rule(Protocol):
    """What a line rule answers: a pattern's `search`."""

    def search(self, line: str, /) -> re.Match[str] | None: ...


class _OpensOrCloses:
    """A rule matching a line that `opening` matches at its start or that `closing` matches at its
    end, looked for in its last `closing` characters alone (the most its match spans): one pattern
    of both, unanchored, was tried at every position of every line (21 us a sentence)."""

    def __init__(self, opening: re.Pattern[str], ending: re.Pattern[str], closing: int) -> None:
        self.opening, self.ending, self.closing = opening, ending, closing

    def search(self, line: str) -> re.Match[str] | None:
        return self.opening.match(line) or self.ending.search(line, max(0, len(line) - self.closing))


_LINE_RULES: tuple[tuple[str, Rule], ...] = (
    (
        "byline",
        re.compile(
            # not a sentence opening on a day or place ('By Sunday, the storm had passed.'); that
            # look-ahead runs only on a line opening as a byline (on any line it took seconds for one
            # of 100,000 characters, since it tries every comma)
            rf"^(?=(?i:{_BY_WORDS})\s|(?:{_BY_WORDS_ABROAD})\s)"
            r"(?!.*,\s*(?:[a-z]+\W+){2,}[a-z]+[.!?][\"'”’)]*\s*$)"
            rf"(?:(?i:{_BY_WORDS})|{_BY_WORDS_ABROAD})\s+"
            # names of accented capitals too ('By Seán Ó Briain')
            r"[A-ZÀ-ÖØ-Þ][\w.'’-]*(\s+[A-ZÀ-ÖØ-Þ][\w.'’-]*){0,3}"
            # an agency's staff in small letters ('By Press Association reporter')
            r"(\s+(?:reporter|correspondent|staff|staff writer|writer|editor)s?)?"
            r"(\s*(,|\||-|–|—|•|·|and)\s*.{0,60})?$"
        ),
    ),
    # a stamp, not a sentence that opens with the word ('Published reports put the value at 2.5 bln.')
    (
        "dateline",
        re.compile(
            # also as a page's time line leaves it ('· Updated: 17/06/2025 14:05'), and in other languages
            r"^[\s·•|-]*(published|updated|posted|last (updated|modified)|first published"
            r"|publicado|actualizado|publié|mis à jour|modifié|veröffentlicht|aktualisiert|zuletzt aktualisiert"
            r"|atualizado|pubblicato|aggiornato)\b(?=.*(\d|\bago\b|:)).{0,90}"
            r"(?<![a-z]\.)$",
            re.I,
        ),
    ),
    (
        "dateline",
        re.compile(
            r"^((mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(\d{1,2}\s+)?"
            r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(\s+\d{1,2}(st|nd|rd|th)?)?,?\s+\d{4}"
            # the time, maybe as the BBC wrote it ('23 July 2013 Last updated at 13:42 GMT')
            r"(\s*(@|at|,|-|–|—|•|·|\||(last\s+)?updated(\s+at)?)?\s*\d{1,2}\s*[:.]\s*\d{2}\s*([ap]\.?\s?m\.?)?\s*[a-z]{0,4})?\s*$",
            re.I,
        ),
    ),
    # A URL on its own line (also 'http: / / www. site. com / ...' as token-rebuilt corpora write
    # it), not a sentence that opens with one (four plain words in a row).
    (
        "url",
        re.compile(
            # an address first: the look-ahead for four words reads the whole line
            r"^(?=https?\s*:|www\s*\.)(?!.*\b[a-z]+\s+[a-z]+\s+[a-z]+\s+[a-z]+\b)(https?\s*:\s*/\s*/|www\s*\.)"
            r"\S*(?:\s+[\w.%/?=&#:~+,;!*()'’\"-]+)*\s*$"
            # a site's address alone on its line, as a menu's home link leaves it ('tickerwire.example')
            r"|^(?-i:[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:[a-z]{2,6}|example))/?$",
            re.I,
        ),
    ),
    (
        "comments",
        re.compile(
            r"^(\d+\s+)?(comments?|responses?|replies)(\s*\(\d+\))?\s*$"
            r"|^(leave a (comment|reply)|add (a )?comment|join the (conversation|discussion)|"
            r"post a comment|view comments|show comments|comment now)\b.{0,40}$"
            r"|^have your say\b.{0,60}$",  # the BBC's, on its forums
            re.I,
        ),
    ),
    (
        "share",
        re.compile(
            r"^((share|tweet|email|print|save|copy link|whatsapp|facebook|twitter|linkedin|"
            r"pinterest|reddit|x|share this( article| story| page)?( on)?"
            # an old site's tools ('« Back to Features | Print this article | Email to a friend')
            r"|print this (article|story|page)|e-?mail (this (article|story|page)|to a friend)|«\s*back to [\w ]{1,40}"
            # 'Compartir en Facebook', 'Partager sur X', 'Auf Facebook teilen', 'Enviar por WhatsApp'
            r"|(compartir|compartilhar|partager|condividi|enviar|envoyer|imprimir|imprimer|drucken|teilen)"
            r"( (en|sur|no|na|su|por|par|per|via))?( (facebook|x|twitter|whatsapp|linkedin|telegram|correo|e-?mail))?"
            r"|auf (facebook|x|twitter|whatsapp|linkedin|telegram) teilen|per e-?mail (teilen|senden))[\s|:/·•,]*)+$",
            re.I,
        ),
    ),
    (
        "subscribe",
        re.compile(
            # a prompt: it names what you sign up for, or is short and no sentence ('Register of Shipping.')
            r"^(sign up|subscribe|get our|join our|register|log ?in|sign in)\b"
            r"(.{0,100}(newsletter|inbox|free|today|now|account|updates).{0,40}|[^.]{0,60})$",
            re.I,
        ),
    ),
    # a notice, not a sentence about copyright ('Copyright owners had argued ...')
    (
        "copyright",
        _OpensOrCloses(
            # AP's notice after its copyright line: 'This material may not be published, broadcast, ...'
            re.compile(
                r"^(©|\(c\)\s|copyright\s*(©|\(c\)|:|\d{4})|all rights reserved"
                r"|this material may not be published, broadcast, rewritten,? or redistributed\b)",
                re.I,
            ),
            re.compile(
                r"(all rights reserved|todos los derechos reservados|tous droits réservés|alle rechte vorbehalten"
                r"|todos os direitos reservados|tutti i diritti riservati)\.?$",
                re.I,
            ),
            closing=40,
        ),
    ),
    (
        "advert",
        re.compile(
            r"^(advertisement|advertising|sponsored|ad|story continues below( advertisement)?|"
            r"continue reading( below)?|scroll to continue.*)\s*$",
            re.I,
        ),
    ),
    (
        "media-player",
        re.compile(
            r"^(sorry,?\s*)?(note:\s*)?media playback is (not |un)(available|supported) "
            r"on (this|your) device"
            r"\.?$"
            # an audio player's prompt ('Listen to this article', '3 min listen' is `reading-time`)
            r"|^listen to (this|the) (article|story)(\s*[-–—:·(]?\s*\d+\s*(min|minutes?)\)?)?\.?$",
            re.I,
        ),
    ),
    # a prompt, not a sentence that starts with the verb ('Follow him to the depot, she said.')
    (
        "follow",
        re.compile(r"^(follow (us|me)\b|follow (him|her|them) on\b|like us on|find us on)\b.{0,80}$", re.I),
    ),
    (
        "tags",
        re.compile(
            r"^(tags?|topics?|filed under|categories|category|posted in|section"
            r"|etiquetas|temas|mots-clés|mots clés|thèmes|schlagworte|schlagwörter|stichworte|themen|argomenti)"
            r"\s*:.{0,120}$",
            re.I,
        ),
    ),
    ("reading-time", re.compile(r"^\d+\s*(min|minute)s?\s*(read|listen)\s*$", re.I)),
    (
        "image-credit",
        re.compile(r"^(image|photo|photograph|picture|video)\s*(source|credit|caption)?\s*[:,]\s*.{0,80}$"
                   # a flattened page's 'Image copyright Getty Images', 'Image caption The bridge ...'
                   r"|^(image|photo|picture)\s+(copyright|caption|source|credit)\s+\S.{0,120}$", re.I),
    ),
    # a wire's dateline on a line of its own ('LONDON (Reuters) -', 'WASHINGTON, March 3 (AP) —')
    (
        "dateline",
        re.compile(
            rf"^(?:{_WIRE_DATELINE}[-–—]*|{_OTHER_DATELINE})\s*$"
        ),
    ),
    (
        "site-blurb",
        re.compile(
            r"^(about (us|the author|this site)|contact us|privacy policy|terms of (use|service)|"
            r"cookie (policy|settings)|skip to (main )?content|back to top|home\s*[>›»/|])"
            r"\b.{0,120}$|^cookies$"
            # a site's footer credit ('Valley Gazette. Site by WebWorks 2003.'), a way back ('« Back to news')
            r"|^.{0,60}\bsite (designed |built )?by\b.{0,60}$|^[«‹<]+\s*back to\b.{0,40}$",
            re.I,
        ),
    ),
    # a page's own furniture: a rule of underscores ('___', AP's end of story), a live page's
    # heading and time note, an article's table of contents
    ("separator", re.compile(r"^[_=*~\-]{3,}$|^[|•·]+$")),  # a menu's bars left alone on their lines too
    (
        "live-page",
        re.compile(
            r"^(live reporting|live updates|all times (are |stated are |shown are )?(uk|gmt|bst|et|local)\b.{0,20})$"
            # a rolling story's update label and an entry's time on a line of its own ('UPDATE 2 - 12:45
            # GMT', '11:40 GMT'), a live page's summary heading ('Key points')
            r"|^(\d{1,2}(st|nd|rd|th)?\s+)?update(d)?(\s+\d{1,2})?(\s*[-–—:|,]?\s*\d{1,2}[:.]\d{2}(\s*[ap]\.?m\.?)?"
            r"(\s+(gmt|bst|utc|cet|cest|et|est|edt|pt|pst|pdt))?)?\s*$"
            # ('6.37' alone is a table's figure: a time with a point needs its am, pm or zone)
            r"|^([01]?\d|2[0-3]):[0-5]\d(\s*[ap]\.?m\.?)?(\s+(gmt|bst|utc|cet|cest|et|est|edt|pt|pst|pdt))?\s*$"
            r"|^([01]?\d|2[0-3])\.[0-5]\d(\s*[ap]\.?m\.?|\s+(gmt|bst|utc|cet|cest|et|est|edt|pt|pst|pdt))\s*$"
            r"|^(key (points|events|developments|moments|updates)|what we know( so far)?|latest updates?)\s*:?$",
            re.I,
        ),
    ),
    ("contents", re.compile(r"^(table of contents|contents|in this article)\s*:?$", re.I)),
    # a press release's furniture: its end mark ('ENDS', '-30-', '###'), the distributor's credit of
    # who issued it ('SOURCE Acme Corp'), the issuing office ('From: Department of Health'), an embargo
    (
        "press-release",
        re.compile(
            r"^(?i:-*\s*ends?\s*-*|-\s*30\s*-|#\s*#\s*#)$|^SOURCE\s+[A-Z][^!?]{0,80}$"
            r"|^(?i:from)\s*:\s*[^.!?]{1,100}$|^(?i:embargoed|under embargo|embargo)\b[^.!?]{0,100}$"
            r"|^(?i:(press|news|media) release)(?i: (from|by|issued by) [^.!?]{1,80})?\s*:?$"
            # a contact's line: who or which desk, with an address or a number ('Media: Rachel Kim,
            # +1 612-555-0142, media@...', 'Telephone: 01924 292 000', 'Out of hours: 07700 900 123')
            r"|^(?i:(media|press|news|investors?|analysts?|telephone|tel|phone|mobile|e-?mail|fax|out of hours"
            r"|media team|press office|media relations|investor relations))\s*:\s*"
            r"(?=.*(?:\S+@\S+\.\w|\+?\d[\d ()./-]{6,}\d)).{1,160}$"
        ),
    ),
)
#: What a chatbot calls the text it wrote ('the rewritten news article', 'version of the text').
_WRITTEN = (r"(?:news\s+)?(?:text|article|content|story|copy|passage|paragraph|piece|post|blog(?:\s+post)?"
            r"|version|rewrite)")
#: ... and how it says it wrote it.
_REWRITTEN = (r"(?:rewritten|rephrased|paraphrased|revised|reworded|adjusted|humani[sz]ed|spun|friendly|casual|formal"
              r"|engaging|unique|plagiarism-free)")
_HERE_IS = (r"(?:(?:sure|sure thing|certainly|absolutely|of course|okay)[,!.]?\s+)?"
            r"(?:here(?:'s|’s| is| are)|below is)\s+")
#: What a chatbot offers to change in its sign-off.
_EDITS = "changes|modifications|revisions|edits|adjustments|tweaks"
#: A chatbot's sign-off ('I hope this helps', "Let me know if you'd like any further changes").
_SIGN_OFF = "|".join((
    rf"i hope (?:(?:this|that)(?:\s+[\w-]+){{0,2}}|the\s+(?:[\w-]+\s+)?{_WRITTEN})\s+helps(?: you)?",
    rf"let me know if you(?:'d|’d| would)? (?:like|need|want) (?:anything else"
    rf"|any (?:further |other |more )?(?:{_EDITS})"
    rf"|me to (?:make|change|adjust|revise|rewrite)\b.{{0,40}}|(?:further|another|a different) (?:{_EDITS}"
    r"|version|rewrite|tone)\b.{0,30})",
    rf"feel free to (?:let me know|ask)(?: if you (?:need|want|would like|'d like|have) (?:any )?(?:further |other "
    rf"|more )?(?:{_EDITS}|help|questions))?",
    r"is there anything else (?:i can help(?: you)? with|you(?:'d|’d| would) like(?: me to [\w ]{1,30})?)",
))
#: The reason given to a chatbot's words around its text (`DroppedChrome.reason`): a content farm's tell.
AI_LEFTOVER = "ai-leftover"
#: The reason of the note kept when a text's words were disguised (zero-width characters strewn in
#: them, look-alike letters of another script: `text.Unmasked.note`), read through as plain text:
#: another tell, kept with the article though the characters themselves are gone.
HIDDEN_CHARACTERS = "hidden-characters"
#: ... read among this many first and last lines with words: around the text, not inside it (a tech
#: story quoting a chatbot's refusal as a paragraph of its own quotes it).
AI_LEFTOVER_LINES = 2
#: A chatbot's words around the text it wrote, pasted with it by a content farm, each a line of its
#: own. A story quoting one quotes it ('"As an AI language model ..."', it replied), and news lines
#: that sound alike are no chatbot's: 'Here's the short version:', 'Here is the English version of
#: the text:', 'Okay, here's the deal:', 'As an AI chatbot, ChatGPT has ...', 'I hope this helps
#: families ...', "I'm sorry, I can't provide any more details".
_AI_LEFTOVER = re.compile(
    "|".join((
        # its preamble: 'Sure, here's the adjusted text with a more casual tone:', 'Here's the friendly
        # and casual version of the text:', not 'Here is the revised text of the bill:'
        rf"^{_HERE_IS}(?:a|an|the|your|my)\s+(?:[\w-]+[\s,]+){{0,6}}?(?:{_REWRITTEN}\s+{_WRITTEN}"
        rf"|(?:(?:{_REWRITTEN}|more\s+[\w-]+)\s+(?:(?:and\s+)?[\w-]+\s+){{0,2}}?version|rewrite|paraphrase)\s+of\s+"
        rf"(?:the|this|that|your)\s+{_WRITTEN})(?:\s+with\s+.{{0,60}}|\s+in\s+an?\s+.{{0,50}})?\s*:\s*$",
        # ... 'Here's the article rewritten in a more engaging style:', 'Sure thing! Here's the article in
        # a more casual tone:', 'Here's my attempt at rewriting the article:'
        rf"^{_HERE_IS}(?:the|your)\s+{_WRITTEN}\s+(?:(?:rewritten|rephrased|paraphrased|reworded)\b.{{0,60}}"
        r"|(?:in|with)\s+an?\s+(?:more\s+)?[\w-]+\s+(?:tone|style|voice))\s*:\s*$",
        rf"^{_HERE_IS}(?:my|an)\s+attempt\s+at\s+(?:rewriting|rephrasing|paraphrasing)\b.{{0,60}}:\s*$",
        # with 'Sure', no colon needed: 'Sure, here is the rewritten article'
        rf"^(?:sure|certainly|of course)[,!.]?\s+(?:here(?:'s|’s| is)|below is)\s+(?:a|an|the|your)\s+{_REWRITTEN}\s+"
        rf"{_WRITTEN}\s*[.:!]?\s*$",
        # its label: 'Rephrased text:', 'Friendly version:', '**Rewritten Article:**'
        rf"^[*#_\s]*(?:{_REWRITTEN}|simplified)(?:\s+and\s+{_REWRITTEN})?\s+{_WRITTEN}\s*(?::[*_\s]*|[*_]+\s*:)\s*$",
        # its refusal or disclaimer, in its own voice: 'As an AI language model, I cannot ...'
        r"^(?:(?:i(?:'m|’m| am) sorry|i apologi[sz]e)[,.]?\s+(?:but\s+)?|(?:please\s+)?note(?:\s+that|\s*:)\s*)?"
        r"as an ai(?:\s+language)?(?:\s+model|\s+assistant|\s+chatbot)?,?\s+i\b.{0,400}$",
        r"^(?:i(?:'m|’m| am) sorry|i apologi[sz]e)[,.]?\s+(?:but\s+)?i\s+(?:cannot|can't|can’t|am unable to"
        r"|am not able to|won't be able to)\s+(?:fulfil+|complete|comply with|assist with|help with|generate|create"
        r"|write|rewrite|provide)\s+(?:this|that|your|such|the requested)\s+(?:request|prompt|task|query)\b.{0,100}$",
        r"^(?:as of my (?:last )?(?:knowledge|training) (?:update|cutoff|cut-off)|my (?:knowledge|training) "
        r"(?:cutoff|cut-off))\b.{0,300}$",
        # its sign-off, a short line of one or two: 'I hope this helps! Let me know if you need anything
        # else.', "Let me know if you'd like any further changes." (not a service page's 'Let me know if
        # you would like more information about ...')
        rf"^(?:(?:{_SIGN_OFF})[.!?]*\s*){{1,3}}$",
    )),
    re.I,
)
#: Lines no story sentence reads like, however long and well punctuated: these are dropped even
#: when they look like prose (a cookie banner or a correction note runs to a full sentence).
_NEVER_PROSE: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "cookies",
        re.compile(
            r"^(we (use|and our partners use) cookies|this (web)?site uses cookies|by (continuing|using) "
            r"(to (browse|use)|this (web)?site)|(accept|manage|reject) (all )?cookies)\b.{0,300}$"
            # a consent banner's buttons, on lines of their own ('Accept all', 'Manage preferences')
            r"|^(accept|reject|allow|deny) (all|cookies|selection)$|^(manage|cookie) (preferences|settings|options)$"
            r"|^(accept|agree) (and|&) (continue|close)$",
            re.I,
        ),
    ),
    (
        "correction",
        re.compile(
            r"^(this (article|story|piece|report) (was|has been) (amended|updated|corrected|edited)|"
            r"an earlier version of this (article|story|piece|report)|(correction|clarification)\s*:)"
            # not a story's sentence reporting one ('..., the High Court heard on Tuesday.', '..., its
            # lawyer said.'): a note does not end on who said it
            r"(?!.*,\s+(?:the\s+|its\s+|his\s+|her\s+|their\s+)?(?:[\w'’-]+\s+){0,4}"
            r"(?:said|says|heard|told|reported|added|claimed|argued|alleged)(?:\s+on\s+\w+)?\.?[\"”’']?$)"
            r".{0,400}$",
            re.I,
        ),
    ),
    (
        "reader-callout",
        re.compile(
            r"^(have you been affected|are you affected|were you (there|affected)|do you have (a story|information)|"
            r"got a (story|news tip)|share your (story|stories|experiences?|views|pictures)|email us at|"
            r"if you have been affected)\b.{0,300}$",
            re.I,
        ),
    ),
    ("subscribe", re.compile(r"^(sign up|subscribe) (for|to) (our|the)\b.{0,80}\bnewsletters?\b.{0,100}$", re.I)),
    # a paywall's pitch ('This article is for subscribers only', 'Subscribe today to continue reading. ...')
    (
        "paywall",
        re.compile(
            r"^(this (article|story|content) is (for|only (available )?(for|to)|exclusive to) (subscribers|members)\b"
            r"|(subscribe|sign up|register|log ?in) (today |now |free )?to (continue|keep) reading\b"
            r"|get unlimited (digital )?access\b).{0,300}$"
            # the wall's own lines ('Continue reading with a subscription', 'Already a subscriber? Log in')
            r"|^(continue reading with (a|your) (subscription|membership)"
            r"|already (a subscriber|a member|subscribed|have an account)\?? ?((log|sign) ?in( here)?)?)\.?$",
            re.I,
        ),
    ),
    # a press release's contact line ('Media contact: Sam Kettering, Press Officer. Tel: 0191 555 3020.')
    (
        "press-release",
        re.compile(
            r"^((media|press|investor|news) (contacts?|enquiries|inquiries)|for media enquiries)\b\s*:?.{0,300}$", re.I
        ),
    ),
    # a story in progress says so ('This story will be updated throughout the day. Refresh the page
    # for the latest.', 'This is a breaking news story. More details will follow shortly.', 'LIVE:
    # Follow our live coverage of ...'): the page's notice, which every alert of the site repeats
    (
        "live-page",
        re.compile(
            r"^(this (is a )?(developing|breaking)( news)? (story|report)\b|this (story|article|report|page) "
            r"(will be|is being) (updated|refreshed)\b|refresh (the|this) page\b|(live\s*:\s*)?follow (our|the|all "
            r"(of )?(our|the)) (live|latest|rolling) (coverage|updates|blog|reporting)\b).{0,300}$"
            # and alone on its line, as no story sentence ends ('More details will follow when ...')
            r"|^(more (details|information|updates) (will follow|to follow|soon)|more to follow|check back "
            r"(later|soon|shortly) for (updates|more|the latest))( shortly| soon)?\s*[.!…]*$",
            re.I,
        ),
    ),
    # a teaser's way to the rest ('Read more at Reuters.com', 'Continue reading on BBC News',
    # 'Read the full story at Reuters', 'Continue reading...'): the story is elsewhere
    (
        "teaser",
        re.compile(
            r"^(read (more|on|the (full|whole|complete) (story|article|report|piece)|the rest of (the|this) "
            r"(story|article|report|piece))|continue(d)? reading|full (story|article|report))\b"
            r"(\s+(at|on|in|from|via)\s+[^!?]{1,60}?)?\s*(\.{2,3}|…|[.!:»›>→])*\s*$",
            re.I,
        ),
    ),
    # the footer WordPress puts under each feed entry ('The post Flood damage assessed appeared first on
    # Daily Trend Feed.'): the site naming itself, which made an entry other text than its own page
    ("feed-footer", re.compile(r"^the post .{1,300} appeared first on .{1,100}$", re.I)),
    # a print stamp ('This article was printed from https://... on 13/09/2016 08:12')
    ("print-stamp", re.compile(r"^this (article|page|story) was printed from\b.{0,300}$", re.I)),
    # a notice of the site's, not the story's ('The BBC is not responsible for the content of external
    # Internet sites', 'Disclaimer: This article is for informational purposes only ...')
    (
        "disclaimer",
        re.compile(
            r"^(disclaimer\s*:|.{0,40}\bis not responsible for the content of external\b"
            r"|our standards\s*:\s*the thomson reuters trust principles\b).{0,400}$",
            re.I,
        ),
    ),
    # a share prompt written as a sentence ('If you found this article helpful, please share it ...')
    (
        "share",
        re.compile(
            r"^if you (found|enjoyed|liked) this (article|post|story)\b.{0,40}\b(share|like|subscribe)\b.{0,120}$",
            re.I,
        ),
    ),
    # a wire's credit line ('Associated Press writer Mehmet Guzel contributed to this report.')
    ("credit", re.compile(r"^.{0,200}\bcontributed (to this report|reporting)( from [^.]{1,40})?\.?$", re.I)),
    # a syndicated copy's credit ('Originally published by Reuters. Reporting by ...; Editing by ...
    # Republished under licence.'): the wire it came from, no sentence of the story
    (
        "credit",
        re.compile(
            r"^(originally (published|appeared) (by|in|on)|this (article|story) (was )?(originally|first) "
            r"(published|appeared) (by|in|on)|(re)?published (by arrangement with|with permission of|under licen[cs]e))"
            r"\b.{0,300}$",
            re.I,
        ),
    ),
    # a licensed carry's credit ('This story was provided by Associated Press.', 'Content provided by
    # Reuters'): one short clause naming who supplied it, no sentence of the story
    (
        "credit",
        re.compile(
            r"^((this|the) (article|story|report|content) (was|is|has been) |(content|story|article) )"
            r"(provided|supplied|distributed|syndicated) (to [^.]{1,40} )?(by|through|via) "
            r"(the )?(?-i:[A-Z])[^.,;]{0,60}\.?$",
            re.I,
        ),
    ),
    # a pitch that opens with what you get ('Get the latest business headlines delivered to your
    # inbox every morning.'): an imperative, then your inbox; a report about email says 'their'
    (
        "subscribe",
        re.compile(
            r"^(get|receive|have|stay|never miss|don'?t miss|be the first)\s.{0,100}"
            r"\b(to|in|into) your (inbox|e-?mail|mailbox)\b.{0,60}$",
            re.I,
        ),
    ),
)
_LINE_RULES += (
    (
        "related-links",
        re.compile(
            r"^(read more|read also|also read|see also|more on this|related"
            r"|lee también|lea también|ver también|lee más|lire aussi|à lire aussi|lire également|voir aussi"
            r"|lesen sie auch|lesen sie mehr|mehr zum thema|leia também|leia mais|veja também|leggi anche)"
            r"\s*:\s*.{1,150}$",
            re.I,
        ),
    ),
    ("click-prompt", re.compile(r"^click (here|the link)\b.{0,80}$", re.I)),
    # a gallery's or a paged story's controls ('1/8', '‹ Previous', 'Next ›', 'View full screen',
    # 'Continued on next page', 'Page 2 of 3')
    (
        "navigation",
        re.compile(
            r"^(\d{1,3}\s*/\s*\d{1,3}|(image|photo|picture|slide|page)\s+\d{1,3}\s+of\s+\d{1,3}"
            r"|[‹<«]?\s*(previous|prev|next)(\s+(page|image|photo|slide|story|gallery))?\s*[›>»]?"
            r"|view (full ?screen|gallery|all (photos|images))|more galleries"
            r"|continued (on|from) (the )?(next|previous|page)(\s+page|\s+\d{1,3})?)\s*\.?$"
            # a footer's links, one a line in a WET text ('Privacy' / 'Terms'), or several on one line
            r"|^((privacy( policy| notice)?|terms( (of|and) (use|service|conditions))?|terms & conditions"
            r"|cookies?( policy| settings)?|accessibility|site ?map|contact( us)?|about( us)?|advertise( with us)?"
            r"|careers)\s*[|·•/,]?\s*)+$",
            re.I,
        ),
    ),
    (
        "credit",
        re.compile(
            r"^\(?(additional reporting|additional writing|reporting|writing|editing|edited|compiled) by\b.{1,200}$",
            re.I,
        ),
    ),
)
_RULES = dict(_LINE_RULES)
_CATEGORY_WORDS = frozenset(
    "news world uk us politics business economy markets tech technology science health sport sports "
    "football entertainment culture arts lifestyle travel opinion analysis video live local national "
    "international europe asia africa americas middle east australia climate environment education "
    "crime law money finance weather breaking latest home features menu iplayer sounds bitesize food "
    "podcasts newsletters games puzzles obituaries more subscribe search login sign register account "
    "contact about shop watch listen radio tv jobs events newsletter letters".split()
)
#: The heading of a press release's contacts: the names, addresses and numbers under it run to the
#: next blank line ('Media contact:' / 'Jenna Ortiz' / 'press@acmecorp.com' / '+1 617 555 0142').
_CONTACT_HEADER = re.compile(
    r"^(((media|press|investor|news|public)( and \w+)?\s+)?(contacts?|enquiries|inquiries|relations)"
    r"|for (further|more) information,?( [\w ,]{0,40})? (please )?contact)\s*:?$",
    re.I,
)
#: The heading of a press release's closing sections, which are no part of the news: the issuer's
#: profile ('About Acme Corp'), its legal notice ('Forward-Looking Statements', 'Safe Harbor
#: Statement'), its notes for journalists ('Notes to editors'). Each runs to the next heading.
_RELEASE_SECTION = re.compile(
    r"^(about (the )?(?-i:[A-Z])[\w&.,'’ -]{1,60}|forward[- ]looking statements?|safe harbou?r( statement)?"
    r"|cautionary (note|statement)( regarding [\w -]{1,40})?|notes? (to|for) editors?|editors'? notes?)\s*:?$",
    re.I,
)
#: How such a heading opens: a cheap first look at each line (`_release_sections`).
_RELEASE_OPENING = re.compile(
    r"^[ \t]*(?:About|ABOUT|Forward|FORWARD|Safe|SAFE|Cautionary|CAUTIONARY|Notes?|NOTES?|Editors?|EDITORS?)\b", re.M
)
#: The fewest words of story a press release's closing section must follow (`_release_sections`).
RELEASE_STORY_WORDS = 40
#: The heading of a page's closing block of questions and answers: the padding content farms add
#: to a rewritten story ('Frequently Asked Questions' / 'What is this story about?' / ...).
_FAQ_HEADER = re.compile(
    r"^(frequently asked questions|faqs?|people also ask|common questions|questions and answers)\s*:?$", re.I
)
#: ... its questions, at least this many, each answered in at most `FAQ_ANSWER_LINES` lines, maybe
#: with numbered lists ('Top 5 Things To Know' / '1. ...'). A block closing the text is dropped
#: after a story of at least `FAQ_AFTER_WORDS` words and a third of the block's; a block with the
#: story after it, when an opening line stands before it and the story is longer than the block
#: (an article that is itself a Q&A keeps its questions; a story pasted under a few questions, or
#: as the answers to them, stays a story).
FAQ_QUESTIONS = 2
FAQ_ANSWER_LINES = 3
#: ... unless its answers state this many names, figures or dates the story does not: then they are
#: the story's own content (a service FAQ: who is eligible, how much, by when).
FAQ_OWN_FACTS = 2
FAQ_AFTER_WORDS = 25
#: A numbered list's line ('1. The situation is still developing ...', '2) ...').
_NUMBERED = re.compile(rf"^{LIST_MARK}\S")
#: The most words of a list's heading ('Top 10 Things To Know').
LIST_HEADING_WORDS = 8


@dataclass(slots=True, frozen=True)
class Cleaned:
    """A plain-text page with its chrome lines removed."""

    text: str
    dropped: list[DroppedChrome]
    byline: str | None


def _looks_like_prose(line: str) -> bool:
    return len(line.split()) >= 12 and line.rstrip()[-1:] in ".!?\"'”’)"


def _category_label(line: str) -> bool:
    tokens = re.findall(r"[A-Za-z]+", line)
    return (
        0 < len(tokens) <= 4
        and len(line) <= 40
        and all(t.lower() in _CATEGORY_WORDS for t in tokens)
        and not line.rstrip().endswith(".")
    )


def _navigation(line: str) -> bool:
    """A site's menu flattened to a line ('Home World Business Sport Opinion', the first line of
    many WET texts): five or more section names, each capitalised, and nothing else."""
    tokens = re.findall(r"[A-Za-z]+", line)
    return (
        4 < len(tokens) <= 16
        and all(t.lower() in _CATEGORY_WORDS and t != t.lower() for t in tokens)  # capitalised ('iPlayer' too)
        and not re.search(r"[.!?]$", line.rstrip())
    )


def furniture_title(title: str) -> bool:
    """Whether a title is the page's furniture, not its story's headline: a line of chrome
    ('Listen to this article', 'Image copyright Getty Images') or a home page's title ('Home |
    Daily Planet - Latest News'); a family is not named by one (`cluster.story_headline`)."""
    line = title.strip()
    return bool(_chrome_reason(line) or is_chrome_sentence(line) or _HOME_TITLE.match(line))


#: A site's home page as its title names it.
_HOME_TITLE = re.compile(r"^(home|homepage|home page|front page|latest news)\s*(?:[|:–—-]|$)", re.I)


def is_chrome_sentence(sentence: str) -> str | None:
    """The chrome reason for one sentence of running text (players, share prompts), else None.

    Pages flattened to one paragraph hide chrome inside sentences; only rules that never
    match story prose are applied at this level.
    """
    line = sentence.strip()
    for reason in ("media-player", "share", "comments", "advert", "follow", "copyright"):
        if _RULES[reason].search(line):
            return reason
    if _NEWSLETTER_PITCH.match(line):
        return "subscribe"
    if line.startswith("<") and _MARKUP.match(line):
        return "markup"
    return None


#: A newsletter's pitch ending a paragraph ('... in crowded areas. Subscribe to our newsletter for
#: more.'): the publisher speaking of its own ('our'), in one clause (a story quoting such a pitch
#: goes on to who wrote it: 'Sign up for our newsletter, the emails urged, ...').
_NEWSLETTER_PITCH = re.compile(
    r"(?:sign up|subscribe)(?: now| today| free)? (?:for|to) our\b[^,;]{0,80}\bnewsletters?\b[^,;]{0,100}$", re.I
)
#: A sentence of markup alone, left in pasted text ('<script>...</script>', '<img src=... onerror=...>'):
#: HTML tags, comments, or script and style elements, with no word of text outside them. A tag is
#: named as HTML names one: a wire's ticker in angle brackets ('<ETCIA.O>', '<A.N>') is no tag.
_HTML_TAGS = (
    "a abbr article aside audio b blockquote body br button caption center code dd div dl dt em embed figcaption "
    "figure font footer form h1 h2 h3 h4 h5 h6 head header hr html i iframe img input label li link main meta nav "
    "noscript object ol option p picture pre s section select small source span strong sub sup svg table tbody td "
    "template textarea tfoot th thead time title tr u ul video"
).split()
_MARKUP = re.compile(
    r"(?:(?:<script\b[^>]*>.*?</script\s*>|<style\b[^>]*>.*?</style\s*>|<!--.*?-->|<!doctype\b[^<>]*>"
    rf"|</?(?:{'|'.join(_HTML_TAGS)})(?=[\s/>])[^<>]{{0,2000}}>)\s*)+$",
    re.I | re.S,
)


#: Chrome inside running text: a video player's notice left in a page flattened to paragraphs
#: ('... told BBC Radio Gloucestershire: Media playback is not supported on this device "It's the
#: best we've played ..."'). No story says it, so it is cut wherever it stands.
_INLINE = re.compile(
    r"(?:(?<=\s)|^)(?:sorry,?\s*)?media playback is (?:not |un)(?:available|supported|compatible) "
    r"(?:on|with) (?:this|your) device\b\.?[ \t]*",
    re.I,
)


def cut_inline_chrome(text: str) -> tuple[str, list[DroppedChrome]]:
    """`text` without the chrome that stands inside its sentences (`_INLINE`), and what was cut."""
    if "playback" not in text.lower():  # re ignores the case of its letters as lower() does: an exact check
        return text, []
    pieces, dropped, pos = [], [], 0
    for m in _INLINE.finditer(text):
        pieces.append(text[pos : m.start()])
        dropped.append(DroppedChrome(m.group().strip(), "media-player"))
        pos = m.end()
    return ("".join(pieces) + text[pos:], dropped) if dropped else (text, [])


def _breadcrumb(line: str) -> bool:
    """'NEWS | NORTHERN IRELAND', 'Home > World > Europe': short, separated, unpunctuated."""
    parts = [p.strip() for p in re.split(r"(?<!\s)\s++[|>›»/]\s+", line)]
    return (
        1 < len(parts) <= 5
        and all(0 < len(p.split()) <= 3 for p in parts)
        and not re.search(r"[.!?]$", line)
        and (line.isupper() or all(p[:1].isupper() for p in parts))
    )


def strip_chrome(text: str) -> Cleaned:
    """Drop page-chrome lines from plain `text`; keep every line that reads like the story."""
    lines = text.split("\n")
    keep: list[str] = []
    dropped: list[DroppedChrome] = []
    byline: str | None = None
    in_list = False
    block = "related-links"  # what the list's lines are: links to other stories, or a press release's contacts
    listed = 0  # lines of the list under a header so far: a blank line after the header alone goes on to it
    written_kept = 0  # lines kept holding text, counted as kept (a count over `keep` made long texts quadratic)
    wrapped = _wrapped_lines(lines)
    written = [n for n, line in enumerate(lines) if line.strip()]
    edges = set(written[:AI_LEFTOVER_LINES] + written[-AI_LEFTOVER_LINES:])  # where a chatbot's words stand
    faq = _faq_lines(lines)
    release = _release_sections(lines, wrapped)
    for n, raw in enumerate(lines):
        line = raw.strip()
        if n in faq or n in release:
            if line:
                dropped.append(DroppedChrome(line, "faq" if n in faq else "press-release"))
            continue
        if not line:
            in_list = in_list and not listed
            keep.append(raw)
            continue
        before = keep[-1].strip() if keep else ""
        after = lines[n + 1] if n + 1 < len(lines) else ""
        if n in wrapped and ((before and runs_on(before, line)) or runs_on(line, after)):
            # a hard-wrapped sentence going on ('... is owned' / 'by AMR Corp, said'; 'Published reports
            # put the value of the order,' / 'including engines, at ...'): prose, whatever it opens with
            keep.append(raw)
            written_kept += 1
            continue
        if in_list and not _looks_like_prose(line):
            dropped.append(DroppedChrome(line, _chrome_reason(line) or block))
            listed += 1
            continue
        in_list = False
        if (links := _LIST_HEADERS.match(line)) or _CONTACT_HEADER.match(line):
            block = "related-links" if links else "press-release"
            dropped.append(DroppedChrome(line, block))
            in_list, listed = True, 0
            continue
        reason = (
            (AI_LEFTOVER if n in edges and _AI_LEFTOVER.search(line) else None)
            or _first_rule(_NEVER_PROSE, line)
            or (None if _looks_like_prose(line) else _chrome_reason(line))
        )
        if reason:
            dropped.append(DroppedChrome(line, reason))
            if reason == "byline" and byline is None:
                byline = byline_of(line)
            continue
        if written_kept <= 1 and (dateline := _LEDE_DATELINE.match(line)):
            # the story's first line (a headline may stand above it) opens on the wire's dateline: the
            # place and agency are no sentence of it
            dropped.append(DroppedChrome(dateline.group().strip(), "dateline"))
            raw = line[dateline.end() :]
        keep.append(raw)
        written_kept += bool(raw.strip())
    return Cleaned(text="\n".join(keep), dropped=dropped, byline=byline)


def byline_of(line: str) -> str | None:
    """The byline a page's line states ('By Jane Q. Smith, Staff Writer | March 3, 2024' gives
    'Jane Q. Smith, Staff Writer'), without the date or time after a bar; None if the line is
    no byline (`_LINE_RULES`)."""
    line = " ".join(line.split())
    if not _RULES["byline"].search(line):
        return None
    byline = _BY.sub("", line)
    head, *rest = _BYLINE_BAR.split(byline, maxsplit=1)
    if rest and re.search(r"\d|\bago\b", rest[0]):
        byline = head.rstrip(" ,-")
    return readable_byline(byline) or None


#: What sets a byline's date apart from the name: a bar, a bullet, or a dash between spaces.
_BYLINE_BAR = re.compile(r"\s*[|•·]\s*|\s+[-–—]\s+")
_BY = re.compile(rf"^(?:(?i:{_BY_WORDS})|{_BY_WORDS_ABROAD})\s+")


def readable_byline(byline: str | None) -> str | None:
    """A byline whose name is set in capitals, as wires set it, in the case of a name: 'SUZAN FRASER,
    Associated Press' as 'Suzan Fraser, Associated Press'; without a leading 'By' (a feed's author
    'By Content Team'), and with a job title trafilatura split off as a second author ('Jane
    Mackay; Wire Reporter') put back after a comma, as the page wrote it."""
    if byline:
        byline = _BY.sub("", " ".join(byline.split()))
        parts = byline.split("; ")
        if len(parts) > 1 and all(_ROLE.search(p) for p in parts[1:]):
            byline = ", ".join(parts)
    name = re.split(r"\s*[,|]", byline, maxsplit=1)[0] if byline else ""
    if byline and name.isupper() and len(name.split()) >= 2:
        return string.capwords(name.lower()) + byline[len(name) :]
    if byline and (titled := _NAME_AND_ROLE.match(byline)):  # 'Steven McKenzie BBC Scotland ... reporter'
        return titled.group("name")
    return byline


#: A job title standing alone ('Wire Reporter', 'Staff Writer', 'Senior Correspondent').
_ROLE = re.compile(
    r"^(?:[A-Z][\w.'’-]*\s+){0,3}(?:reporter|correspondent|editor|writer|journalist|producer|presenter|"
    r"columnist|contributor|staff)s?$",
    re.IGNORECASE,
)
#: A byline that runs on from the name into the organisation's and the job's ('... BBC Scotland ... reporter').
_NAME_AND_ROLE = re.compile(
    r"^(?P<name>[A-ZÀ-ÖØ-Þ][\w'’.-]+(?:\s+[A-ZÀ-ÖØ-Þ][\w'’.-]+){1,3}?)\s+[A-Z]{2,}\b.{0,80}"
    r"\b(reporter|correspondent|editor|writer|journalist|producer|presenter)s?$"
)


#: A wire's dateline opening the story's first line ('KORTRIJK, Belgium (Reuters) - Belgian cyclist ...',
#: 'ISTANBUL (AP) — ...', 'Madrid, 17 jun (EFE).- ...', '新华社北京4月16日电 ...'): a place, maybe a
#: country or a day, the agency, then a dash.
_LEDE_DATELINE = re.compile(rf"^(?:{_WIRE_DATELINE}[-–—]+\s*|{_OTHER_DATELINE}|{_RELEASE_DATELINE})(?=\S)")


def _faq_lines(lines: list[str]) -> range:
    """The lines of a farm's block of questions and answers (`_FAQ_HEADER`, then questions each
    answered in a few lines, maybe numbered lists), or an empty range. Such padding says nothing
    its story does not, and its boilerplate made farm pages, and independent reports padded
    alike, each other's nearest."""
    walk: _PaddingWalk | None = None  # built once, when a heading is found (most texts have none)
    own: _OwnFacts | None = None  # ... and when a block is weighed
    for n, raw in enumerate(lines):
        if not _FAQ_HEADER.match(raw.strip()):
            continue
        walk = walk or _PaddingWalk(lines)
        end, questions = walk.end(n + 1)
        if questions < FAQ_QUESTIONS:
            continue
        words = walk.words
        before, block, after = words[n], words[end] - words[n], words[-1] - words[end]
        closing = walk.last_written < end
        if (closing and before >= FAQ_AFTER_WORDS and 3 * before >= block) or (
            not closing and before and after > block
        ):
            own = own or _OwnFacts(walk.texts)
            if own.count(n, end) < FAQ_OWN_FACTS:
                return range(n, end)
    return range(0)


def _answer_lines(texts: list[str]) -> list[int]:
    """The indexes of the lines of a block of questions and answers (stripped) that answer: not its
    headings ('FAQ', 'Top 5 Things To Know', whose capitals read as names) nor its questions."""
    return [
        k for k, t in enumerate(texts)
        if t and not _FAQ_HEADER.match(t) and not t.endswith("?") and (_NUMBERED.match(t) or not _opens_list(texts, k))
    ]  # fmt: skip


class _OwnFacts:
    """The distinct names, figures and dates the answers of each block `_faq_lines` weighs in one
    text state that the story around it does not (a service FAQ's eligibility dates and amounts; a
    farm's padding restates the story or says nothing), quotes and list items' numbers aside, as
    `facts.document_facts` reads the answers and the story; each line's facts read once (in
    each language a block or its story reads in): weighing every heading of a text repeating them,
    each with its answers stating figures of their own, read the whole text each time (1,600 lines
    took 40 s).

    A fact key is the block's from a heading on while one of the answers after it states it (a
    name opening its clause: while an answer also capitalises the word inside one), and the story's
    while a line before the heading or after the block does; so of the headings of a block ending
    at one line, the block states a key up to a line, the story from a line on, and counting the
    keys is a look-up among those limits (`facts.SentenceKeys`). The languages of the block and
    the story are read as `document_facts` reads them, from their first lines, at each heading."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts  # the text's lines, stripped
        self.written = [k for k, t in enumerate(texts) if t]
        self.normalized: dict[int, str] = {}
        self.read: dict[str, dict[int, SentenceKeys]] = {}  # by language, each line's keys once read
        self.spans: dict[str, tuple[dict, dict, dict]] = {}  # by language: the first and last lines of keys, ...
        self.answers: dict[int, tuple[int, list[int]]] = {}  # by block end: from which line, its answer lines
        self.limits: dict[tuple[int, int, str, str], list[int]] = {}  # `count`'s look-up, by block and languages
        self.languages: dict[tuple[int, ...], str] = {}

    def count(self, n: int, end: int) -> int:
        """The own facts of the block of lines `n` to `end` (its answers, `_answer_lines`) against the
        rest of the text."""
        start, answers = self.answers.get(end, (end, []))
        if n < start:  # the first heading weighed with this end (later ones stand after it)
            start, answers = n, [n + k for k in _answer_lines(self.texts[n:end])]
            self.answers[end] = start, answers
        opening = bisect_left(answers, n)
        story = self.written[: min(bisect_left(self.written, n), LANGUAGE_SENTENCES)]
        after = bisect_left(self.written, end)
        story += self.written[after : after + LANGUAGE_SENTENCES - len(story)]
        key = (start, end, self._language(answers[opening : opening + LANGUAGE_SENTENCES]), self._language(story))
        if key not in self.limits:
            self.limits[key] = self._limits(answers, end, *key[2:])
        limits = self.limits[key]
        return len(limits) - bisect_right(limits, n)

    def _language(self, lines: list[int]) -> str:
        """The language `document_facts` reads a document opening with `lines` in."""
        key = tuple(lines)
        if key not in self.languages:
            for k in lines:
                if k not in self.normalized:
                    self.normalized[k] = normalize(self.texts[k])
            self.languages[key] = normalized_language([self.normalized[k] for k in lines])
        return self.languages[key]

    def _keys(self, k: int, language: str) -> SentenceKeys:
        """Line `k`'s keys in a document in `language`, read once."""
        read = self.read.setdefault(language, {})
        if k not in read:
            read[k] = sentence_keys(self.texts[k], language)
        return read[k]

    def _limits(self, answers: list[int], end: int, block_language: str, story_language: str) -> list[int]:
        """For each key the answers (`answers`, lines before `end`) state: the first heading line
        from which on the block no longer states it or the story does; sorted."""
        kept: dict[FactKey, int] = {}  # the last answer stating each key, ...
        opening: dict[tuple[FactKey, str], int] = {}  # ... naming it at a clause's opening,
        capitalised: dict[str, int] = {}  # ... capitalising each word inside a clause
        for k in answers:
            parts = self._keys(k, block_language)
            kept.update(dict.fromkeys(parts.kept, k))
            opening.update(dict.fromkeys(parts.opening, k))
            capitalised.update(dict.fromkeys(parts.mid_caps, k))
        in_block = dict.fromkeys(kept.keys() | {key for key, _ in opening}, -1)  # the last heading stating each
        in_block.update(kept)
        for (key, word), k in opening.items():
            in_block[key] = max(in_block[key], min(k, capitalised.get(word, -1)))
        first, last, words = self._spans(story_language)

        def told(item: object) -> float:
            """The first heading from which on the story states `item`: at once when a line after
            the block does, else after its first line."""
            if item not in first:
                return math.inf
            return 0 if last[item] >= end else first[item] + 1

        limits = []
        for key, k in in_block.items():
            story = min([told(key)] + [max(told((key, word)), told(word)) for word in words.get(key, ())])
            limits.append(int(min(k + 1, story)))
        return sorted(limits)

    def _spans(self, language: str) -> tuple[dict, dict, dict]:
        """The first and last lines of the text stating each key, each name opening a clause
        with its word, and capitalising each word inside a clause; the words of each such name."""
        if language not in self.spans:
            first: dict[object, int] = {}
            last: dict[object, int] = {}
            words: dict[FactKey, set[str]] = {}
            for k in self.written:
                parts = self._keys(k, language)
                for item in (*parts.kept, *parts.opening, *parts.mid_caps):
                    first.setdefault(item, k)
                    last[item] = k
                for key, word in parts.opening:
                    words.setdefault(key, set()).add(word)
            self.spans[language] = first, last, words
        return self.spans[language]


def _release_sections(lines: list[str], wrapped: set[int]) -> set[int]:
    """Indexes of the lines of a press release's closing sections (`_RELEASE_SECTION`): each
    heading, a line of its own (capitalised, not in hard-wrapped copy) after `RELEASE_STORY_WORDS`
    words of story, and its lines to the next heading (a short line without a stop) or the end."""
    found: set[int] = set()
    if not _RELEASE_OPENING.search("\n".join(lines)):
        return found  # most texts: no line opens as such a heading
    words = 0
    n = 0
    while n < len(lines):
        line = lines[n].strip()
        if (
            words >= RELEASE_STORY_WORDS
            and n not in wrapped
            and line[:1].isupper()
            and _heading(line)
            and _RELEASE_SECTION.match(line)
        ):
            found.add(n)
            n += 1
            while n < len(lines) and not _heading(lines[n].strip()):
                found.add(n)
                n += 1
            continue
        if n not in found:
            words += len(line.split())
        n += 1
    return found


def _heading(line: str) -> bool:
    """Whether a line heads a section: a few words without a closing stop ('Conference Call',
    'Media contact:', 'SOURCE Acme Corp')."""
    return bool(line) and len(line.split()) <= HEADING_WORDS and not re.search(r"[.!?,;\"”’)]$", line)


#: The most words of a section heading (`_heading`).
HEADING_WORDS = 8


def _padding_end(lines: list[str], start: int) -> tuple[int, int]:
    """Where a block of questions and answers (and numbered lists) starting at `start` ends, and
    its questions (`_PaddingWalk.end`)."""
    return _PaddingWalk(lines).end(start)


class _PaddingWalk:
    """The walk of `_padding_end` over one text's lines, each line's step taken once: a walk from
    every heading of a text repeating them was cubic (each rebuilt the lines, and each question
    listed every later line), now linear."""

    def __init__(self, lines: list[str]) -> None:
        texts = self.texts = [line.strip() for line in lines]
        size = len(texts)
        self.words = [0] * (size + 1)  # words of the lines before each index
        self.written = [size] * (size + 1)  # the first line holding text at or after each index
        self.run = [size] * (size + 1)  # the first line at or after each index neither blank nor numbered
        for k in range(size):
            self.words[k + 1] = self.words[k] + len(texts[k].split())
        for k in range(size - 1, -1, -1):
            self.written[k] = k if texts[k] else self.written[k + 1]
            self.run[k] = self.run[k + 1] if not texts[k] or _NUMBERED.match(texts[k]) else k
        self.last_written = max((k for k in range(size) if texts[k]), default=-1)
        self.ends: dict[int, tuple[int, int]] = {}  # from a line: where the block ends, and its questions

    def end(self, start: int) -> tuple[int, int]:
        """Where a block of questions and answers (and numbered lists) starting at `start` ends, and
        its questions. An answer runs to the next question or list, in at most `FAQ_ANSWER_LINES`
        lines; when more lines follow the last question before the text's end, its answer is one
        line and the story goes on after it."""
        path: list[tuple[int, int]] = []  # lines walked from `start`, each with the questions it counts
        n = start
        while n not in self.ends:
            stop, following, questions = self._step(n)
            if stop:
                self.ends[n] = following, questions
                break
            path.append((n, questions))
            n = following
        end, questions = self.ends[n]
        for k, counted in reversed(path):
            questions += counted
            self.ends[k] = end, questions
        return end, questions

    def _step(self, n: int) -> tuple[bool, int, int]:
        """From line `n`: whether the block ends (then where) or the line the walk goes on at, and
        the questions line `n` counts."""
        texts = self.texts
        if n >= len(texts):
            return True, n, 0
        if not texts[n] or _FAQ_HEADER.match(texts[n]):
            return False, n + 1, 0
        if texts[n].endswith("?"):
            answer: list[int] = []  # its lines, up to the next question or list, or one more than an answer has
            k = self.written[n + 1]
            while k < len(texts) and len(answer) <= FAQ_ANSWER_LINES:
                if texts[k].endswith("?") or _opens_list(texts, k):
                    break
                answer.append(k)
                k = self.written[k + 1]
            if len(answer) > FAQ_ANSWER_LINES:
                return True, answer[0] + 1, 1  # one line answers it; a story follows
            return False, (answer[-1] + 1 if answer else n + 1), 1
        if _opens_list(texts, n):
            return False, self.run[n + 1 if not _NUMBERED.match(texts[n]) else n], 0
        return True, n, 0


def _opens_list(texts: list[str], n: int) -> bool:
    """Whether line `n` opens a numbered list: a numbered line, or a short heading without a stop
    ('Top 5 Things To Know') over two numbered lines."""
    if _NUMBERED.match(texts[n]):
        return True
    following = [t for t in texts[n + 1 : n + 4] if t][:2]
    return (
        len(texts[n].split()) <= LIST_HEADING_WORDS
        and not re.search(r"[.!?:;,]$", texts[n])
        and len(following) == 2
        and all(_NUMBERED.match(t) for t in following)
    )


def _wrapped_lines(lines: list[str]) -> set[int]:
    """Indexes of the lines in hard-wrapped blocks (`text.is_wrapped`: wire copy broken at one
    width), where a line break says nothing of where a sentence ends; a headline over a dateline
    ('Mafia boss shot dead' / 'updated 12 / 19 / 2005 2: 48 PM ET') is no such block."""
    found: set[int] = set()
    start = 0
    for n in range(len(lines) + 1):
        if n == len(lines) or not lines[n].strip():
            if n - start >= 3 and is_wrapped(lines[start:n]):
                found.update(range(start, n))
            start = n + 1
    return found


def _first_rule(rules: tuple[tuple[str, Rule], ...], line: str) -> str | None:
    """The reason of the first of `rules` that matches `line`, else None."""
    return next((reason for reason, pattern in rules if pattern.search(line)), None)


def _chrome_reason(line: str) -> str | None:
    if reason := _first_rule(_LINE_RULES, line):
        return reason
    if _category_label(line):
        return "category-label"
    if _navigation(line):
        return "navigation"
    if _breadcrumb(line):
        return "breadcrumb"
    return None
