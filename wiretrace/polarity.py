"""Reversed meaning between linked sentences: a denial made an admission, a rise a fall, a
conviction an acquittal, a `not` slipped into a copied sentence.

A falsified rewrite can keep every name, figure, date and quote and still say the opposite
('denies all the charges' -> 'admits all the charges'). Such a change shows in no fact, so it
is read from the words: a link whose source sentences use one side of a pair of opposites and
whose target sentences use only the other side. Report-only: the verdict does not read it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from wiretrace.model import Change

#: Pairs of opposite sides, each side the word forms that say it. Only words whose opposite a
#: rewrite would not use to say the same thing ('Chelsea lost to Arsenal' says 'Arsenal won', so
#: winning and losing are left out; so are 'up' / 'down' and 'more' / 'less', said of anything).
OPPOSITES: tuple[tuple[frozenset[str], frozenset[str]], ...] = tuple(
    (frozenset(a.split()), frozenset(b.split()))
    for a, b in (
        (
            "admit admits admitted admitting admission confess confesses confessed confessing confession "
            "acknowledge acknowledges acknowledged acknowledging concede concedes conceded conceding",
            "deny denies denied denying denial refute refutes refuted refuting",
        ),
        (
            "accept accepts accepted accepting approve approves approved approving approval endorse endorses "
            "endorsed endorsing grant grants granted granting",
            "reject rejects rejected rejecting rejection veto vetoes vetoed vetoing refuse refuses refused refusing",
        ),
        (
            "agree agrees agreed agreeing",
            "refuse refuses refused refusing refusal",
        ),
        (
            "rise rises rose risen rising increase increases increased increasing climb climbs climbed climbing "
            "grew grow grows growing jump jumps jumped jumping soar soars soared soaring surge surges surged surging "
            "boost boosts boosted boosting rocket rockets rocketed rocketing",
            "fall falls fell fallen falling decrease decreases decreased decreasing drop drops dropped dropping "
            "slump slumps slumped slumping plunge plunges plunged plunging shrink shrinks shrank shrinking "
            "decline declines declined declining tumble tumbles tumbled tumbling",
        ),
        (
            "guilty convicted conviction",
            "acquitted acquittal innocent",
        ),
        (
            "support supports supported supporting backed backing",
            "oppose opposes opposed opposing",
        ),
        (
            "allow allows allowed allowing permit permits permitted permitting legalise legalised legalize "
            "legalized",
            "ban bans banned banning forbid forbids forbade forbidden prohibit prohibits prohibited prohibiting",
        ),
        (
            "survive survives survived surviving survivor survivors",
            "die dies died dying",
        ),
        (
            "praise praises praised praising",
            "criticise criticises criticised criticising criticize criticizes criticized criticizing "
            "condemn condemns condemned condemning",
        ),
    )
)
#: Opposites that also place or compare two things a story holds at once ('the higher reservoir',
#: 'the lower one'), or that a story says of one thing and another ('up 3%' of one share, 'down 2%'
#: of the next; the eastbound and the westbound carriageway): read only in a sentence edited in place
#: ('above expectations' / 'below', 'closed up 12.45 points' / 'closed down', 'led the gainers' /
#: 'led the fallers', 'closed eastbound' / 'westbound').
PLACED_OPPOSITES = tuple(
    (frozenset(a.split()), frozenset(b.split()))
    for a, b in (
        ("above higher", "below lower"),
        ("up", "down"),
        ("gainer gainers winner winners", "faller fallers loser losers"),
        ("gain gains gained profit profits", "loss losses"),
        ("eastbound", "westbound"),
        ("northbound", "southbound"),
    )
)
#: Words that negate what follows ("n't" is split off by `words`). One side negated says what
#: the opposite word says ('not allowed' / 'banned'): no reversal then.
NEGATIONS = frozenset("not no never n't nobody nothing neither nor none cannot without unless".split())
#: A verb's form before "n't" ('won't', "can't", "shan't").
_CONTRACTED = {"wo": "will", "ca": "can", "sha": "shall"}
_WORD = re.compile(r"[a-z]+(?=n't)|n't|[a-z]+(?:'[a-z]+)?")


def words(sentence: str) -> list[tuple[str, int, int]]:
    """Lower-case words with their spans in `sentence`; a contracted negation ('didn't', 'won't')
    is its verb and "n't", and the 'guilty' of 'not guilty' reads as 'acquitted' (the other side)."""
    text = sentence.replace("\u2019", "'")
    found = [(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text.lower())]
    out: list[tuple[str, int, int]] = []
    for w, a, b in found:
        if w == "guilty" and out and out[-1][0] == "not":
            out[-1] = ("acquitted", out[-1][1], b)
        else:
            out.append((w, a, b))
    return out


def reversals(
    source_sentences: Sequence[str],
    target_sentences: Sequence[str],
    links: Sequence[tuple[Sequence[int], Sequence[int]]],
    in_place: Sequence[bool],
) -> list[Change]:
    """The `meaning` changes of `links` (source sentence indexes, target sentence indexes): a link
    whose source sentences say one side of a pair of `OPPOSITES` and not the other, and whose
    target sentences say only the other; and in a link edited in place (`in_place`: one sentence
    each, most words the same in order) a negation added or taken away. `before` and `after` are
    the words that differ."""
    out: list[Change] = []
    for (src_ids, tgt_ids), edited in zip(links, in_place):
        said = [(i, w) for i in src_ids for w in words(source_sentences[i])]
        says = [(j, w) for j in tgt_ids for w in words(target_sentences[j])]
        before, after = {w for _, (w, _, _) in said}, {w for _, (w, _, _) in says}
        # a paraphrase's negations say the same in other words ('oppose ... unless' / 'want ... for
        # their support', 'not enacting a universal ban' / 'allowed'): there one side negated
        # anywhere is no reversal; a sentence edited in place keeps its words where they stood
        read = edited or bool(before & NEGATIONS) == bool(after & NEGATIONS)
        for one, other in (OPPOSITES + (PLACED_OPPOSITES if edited else ())) if read else ():
            for side, opposite in ((one, other), (other, one)):
                was, now = before & side, after & opposite
                if was and now and not before & opposite and not after & side:
                    k, (i, (old, _, _)) = next((k, x) for k, x in enumerate(said) if x[1][0] in was)
                    n, (j, (new, _, _)) = next((n, x) for n, x in enumerate(says) if x[1][0] in now)
                    if not edited or _negated(said, k) == _negated(says, n):  # 'not allowed' / 'banned'
                        out.append(Change(kind="meaning", source=i, target=j, before=old, after=new))
        if edited:
            i, j = src_ids[0], tgt_ids[0]
            out.extend(_negation_change(source_sentences[i], target_sentences[j], i, j))
        if len(src_ids) == 1 and len(tgt_ids) == 1 and _hedged(said) and not after & _HEDGING:
            i, j = src_ids[0], tgt_ids[0]
            out.extend(_certainty_change(source_sentences[i], target_sentences[j], i, j))
    return out


#: Words before an opposite within which a negation turns it ('did not rise', 'will never be allowed').
NEGATION_REACH = 3


def _negated(sentence_words: Sequence[tuple[int, tuple[str, int, int]]], k: int) -> bool:
    """Whether the `k`-th of `sentence_words` has a negation `NEGATION_REACH` words or fewer before it,
    in its own sentence: a negation elsewhere ('had risen ... may not arise') says nothing of it."""
    sentence = sentence_words[k][0]
    return any(
        i == sentence and w in NEGATIONS for i, (w, _, _) in sentence_words[max(0, k - NEGATION_REACH) : k]
    )


#: Words that leave a claim unproven ('reportedly fled', 'possibly linked'): a rewrite that drops
#: them all states as fact what its source did not. Not 'alleged' ('he alleged that' is a claim).
HEDGES = frozenset("might possibly probably allegedly reportedly apparently presumably perhaps".split())
#: Those of them a sentence reads the same without, bar the doubt ('the driver reportedly fled'):
#: taken out and nothing put in their place, the claim is made certain.
_HEDGE_ADVERBS = HEDGES - {"might"}
#: ... and 'may' or 'could' before 'have' or 'be' ('may have been caused', 'could be charged'): 'May'
#: is a month too, and 'could' tells what someone was able to do.
_HEDGED_VERBS = frozenset({"may", "could"})
#: Any of which in the target sentence keeps a claim unproven there too ('likely served as',
#: 'potentially linked to', 'believed to be', 'consistent with').
_HEDGING = HEDGES | _HEDGED_VERBS | frozenset(
    "likely unlikely potentially potential possible alleged suspected believed thought appears appeared seems "
    "seemed suggest suggests suggested suggesting consistent would unclear uncertain unconfirmed".split()
)


def _hedged(sentence_words: Sequence[tuple[int, tuple[str, int, int]]]) -> bool:
    """Whether words (sentence index, (word, start, end)) hedge a claim (`HEDGES`, `_HEDGED_VERBS`)."""
    ws = [w for _, (w, _, _) in sentence_words]
    return any(w in HEDGES or (w in _HEDGED_VERBS and nxt in ("have", "be")) for w, nxt in zip(ws, [*ws[1:], ""]))


def _certainty_change(source: str, target: str, i: int, j: int) -> list[Change]:
    """A claim the source hedges ('may have been caused by carelessness') that its linked sentence,
    hedging nothing, states as fact ('was caused by carelessness'): the words around the first
    hedge, and what the target says in their place."""
    said, says = words(source), words(target)
    diff = difflib.SequenceMatcher(None, [w for w, _, _ in said], [w for w, _, _ in says], autojunk=False)
    for tag, a0, a1, b0, b1 in diff.get_opcodes():
        put = {w for w, _, _ in says[b0:b1]}
        stated = put & _STATING if not put & _HEARSAY else set()
        short = a1 - a0 <= _CERTAIN_WORDS and b1 - b0 <= _CERTAIN_WORDS
        replaced = tag == "replace" and short and stated and _hedged([(i, w) for w in said[a0 : a1 + 1]])
        if replaced or (tag == "delete" and {w for w, _, _ in said[a0:a1]} <= _HEDGE_ADVERBS):
            return [Change(kind="meaning", source=i, target=j, before=_span(source, said, a0, a1),
                           after=_span(target, says, b0, b1))]  # fmt: skip
    return []


#: The most words a hedge's passage and the target's in its place may have for the change to be the
#: claim made certain ('may have been' -> 'was'), not the sentence told anew ...
_CERTAIN_WORDS = 4
#: ... which states it with one of these ('was caused', 'were seen', 'has been'), not as a purpose
#: or a summary ('criminals might take advantage' -> 'to stop criminals from taking advantage').
_STATING = frozenset("is are was were has have had been did does do".split())
#: ... unless the words put in the hedge's place report it as hearsay still ('reportedly fled' ->
#: 'is said to have fled').
_HEARSAY = frozenset("said reported claimed alleged understood rumoured rumored reputed thought believed".split())


def _negation_change(source: str, target: str, i: int, j: int) -> list[Change]:
    """A negation added or taken away and nothing else changed there, shown as written with a word
    either side ('will resign' -> 'will not resign', "won't resign"); 'are not running' -> 'are
    halted' says the same in other words."""
    said, says = words(source), words(target)
    diff = difflib.SequenceMatcher(None, [w for w, _, _ in said], [w for w, _, _ in says], autojunk=False)
    for tag, a0, a1, b0, b1 in diff.get_opcodes():
        old, new = [w for w, _, _ in said[a0:a1]], [w for w, _, _ in says[b0:b1]]
        if tag == "equal" or sum(w in NEGATIONS for w in old) == sum(w in NEGATIONS for w in new):
            continue  # no negation here, or one for another ('not' / 'never')
        if _unnegated(old) == _unnegated(new):
            return [Change(kind="meaning", source=i, target=j, before=_span(source, said, a0, a1),
                           after=_span(target, says, b0, b1))]  # fmt: skip
    return []


def _unnegated(words: Sequence[str]) -> list[str]:
    return [_CONTRACTED.get(w, w) for w in words if w not in NEGATIONS]


def _span(sentence: str, words: Sequence[tuple[str, int, int]], lo: int, hi: int) -> str:
    """The text of words `lo`..`hi` (exclusive) of `sentence` with one word either side."""
    lo, hi = max(0, lo - 1), min(len(words), hi + 1)
    return sentence[words[lo][1] : words[hi - 1][2]] if lo < hi else ""
