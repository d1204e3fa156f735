"""Reversed meanings between linked sentences (`wiretrace.polarity`), and in a full comparison."""

from __future__ import annotations

from tests.conftest import EXAMPLES
from wiretrace.compare import Comparer
from wiretrace.polarity import reversals


def test_an_opposite_word_in_a_linked_sentence_is_a_reversed_meaning() -> None:
    """A fact-checker's review: 'denies all the charges' made 'admits all the charges' kept every
    name and figure, so no change was shown."""
    source = ["The former coach denies all the charges against him.", "He was arrested in March."]
    target = ["The ex-coach admits every charge brought against him.", "Police held him in March."]
    [change] = reversals(source, target, [([0], [0]), ([1], [1])], [False, False])
    assert (change.kind, change.source, change.target, change.before, change.after) == (
        "meaning", 0, 0, "denies", "admits"
    )


def test_a_sentence_saying_both_sides_or_the_same_side_is_no_reversal() -> None:
    both = ["Sales rose while profits fell."]
    assert reversals(both, ["Profits fell even as sales rose."], [([0], [0])], [False]) == []
    assert reversals(["Shares fell 5%."], ["Shares dropped 5%."], [([0], [0])], [False]) == []
    assert reversals(["He denied it."], ["He refuted the claim."], [([0], [0])], [False]) == []


def test_a_negation_counts_only_in_a_sentence_edited_in_place() -> None:
    """'will resign' -> 'will not resign' in a copied sentence; a rewrite's own negations ('did not
    attend' for 'was absent') say the same thing in other words, so paraphrases are left alone."""
    source = ["The minister will resign on Friday, aides said."]
    target = ["The minister will not resign on Friday, aides said."]
    [change] = reversals(source, target, [([0], [0])], [True])
    assert (change.before, change.after) == ("will resign", "will not resign")
    assert reversals(source, target, [([0], [0])], [False]) == []
    contracted = ["The minister won't resign on Friday, aides said."]
    assert reversals(source, contracted, [([0], [0])], [True])[0].after == "minister won't resign"
    never = ["The minister will never resign on Friday, aides said."]
    assert reversals(target, never, [([0], [0])], [True]) == []  # one negation for another
    halted = ["Trains are halted between the two stations."]  # other words, the same meaning
    assert reversals(["Trains are not running between the two stations."], halted, [([0], [0])], [True]) == []
    # a negation beside the opposite word says what the other side says
    assert reversals(["Cars were not allowed in the centre."], ["Cars were banned in the centre."],
                     [([0], [0])], [False]) == []  # fmt: skip
    # ... but in a sentence edited in place a negation elsewhere in it says nothing of the word (a
    # planted edit was missed); a paraphrase's negations say the same in other words
    risen = ["Stocks had risen, so shortages may not arise this winter."]
    [change] = reversals(risen, ["Stocks had fallen, so shortages are unlikely to arise this winter."],
                         [([0], [0])], [True])  # fmt: skip
    assert (change.before, change.after) == ("risen", "fallen")
    oppose = ["The party vowed to oppose the bill unless there is another referendum."]
    assert reversals(oppose, ["The party wants another referendum for its support."], [([0], [0])], [False]) == []


def test_not_guilty_is_the_opposite_of_guilty() -> None:
    [change] = reversals(["He pleaded not guilty to fraud."], ["He pleaded guilty to fraud."], [([0], [0])], [True])
    assert change.kind == "meaning"


def test_a_copy_with_a_reversed_sentence_reports_it_and_is_no_longer_a_copy() -> None:
    text = (EXAMPLES / "l2r" / "000-source.txt").read_text()
    sentence = next(s for s in text.split(". ") if " was " in s and len(s.split()) > 8)
    negated = text.replace(sentence, sentence.replace(" was ", " was not ", 1), 1)
    comparison = Comparer().compare(text, negated)
    meaning = [c for c in comparison.changes if c.kind == "meaning"]
    assert len(meaning) == 1 and "not" in (meaning[0].after or "").split()
    assert comparison.verdict.relation == "edited-copy"
    assert not [c for c in Comparer().compare(text, text).changes if c.kind == "meaning"]


def test_a_hedged_claim_stated_as_fact_is_a_changed_meaning() -> None:
    """A fact-checker's review: 'may have been caused by carelessness' made 'was caused by
    carelessness' was not reported. A hedge the target drops, stating the claim, is; a hedge kept
    in other words ('probably' / 'likely') or a sentence told anew is not."""
    source = 'A police spokesman said the "ghastly accident" may have been caused by carelessness.'
    falsified = 'A police spokesman said the "ghastly accident" was caused by carelessness.'
    [change] = reversals([source], [falsified], [([0], [0])], [True])
    assert (change.kind, change.before) == ("meaning", 'accident" may have been caused')
    assert change.after == 'accident" was caused'
    kept = 'A police spokesman said the "ghastly accident" was likely caused by carelessness.'
    assert reversals([source], [kept], [([0], [0])], [True]) == []
    other_words = (["It probably functioned as a garden."], ["It likely served as a garden."])
    assert reversals(*other_words, [([0], [0])], [False]) == []
    month = (["Held in May, the vote was close."], ["Held in June, the vote was close."])
    assert reversals(*month, [([0], [0])], [True]) == []  # 'May' the month hedges nothing


def test_a_hedge_taken_out_makes_the_claim_certain() -> None:
    """A standards editor's review: 'he allegedly abused three boys' made 'he abused three boys'
    (the court report's legal risk) and the docs' own 'reportedly fled' -> 'fled' were not reported:
    only a hedge replaced by a stating verb was. A hedging adverb deleted with nothing in its place
    is a meaning change; one deleted beside other edits, or 'might' (which needs a verb put back), is
    left to the rules above."""
    court = ["Sands killed her neighbour weeks after finding out he allegedly abused three boys."]
    [change] = reversals(court, [court[0].replace("allegedly ", "")], [([0], [0])], [True])
    assert (change.kind, change.before, change.after) == ("meaning", "he allegedly abused", "he abused")
    fled = ["The driver reportedly fled the scene on foot."]
    [change] = reversals(fled, ["The driver fled the scene on foot."], [([0], [0])], [False])
    assert (change.before, change.after) == ("driver reportedly fled", "driver fled")
    kept = ["The driver is said to have fled the scene on foot."]
    assert reversals(fled, kept, [([0], [0])], [False]) == []
    assert reversals(fled, ["The driver apparently fled the scene on foot."], [([0], [0])], [False]) == []


def test_above_and_below_are_opposites_in_a_sentence_edited_in_place() -> None:
    """A standards editor's review: 'below the expectations of some City analysts' made 'above ...'
    was not reported. 'Higher' and 'lower' also tell two things of a story apart ('the lower
    reservoir', 'the upper one'), so they count only in a sentence edited in place."""
    said = ["Despite the record profits, BP's performance was below the expectations of some analysts."]
    flipped = [said[0].replace("below", "above")]
    [change] = reversals(said, flipped, [([0], [0])], [True])
    assert (change.kind, change.before, change.after) == ("meaning", "below", "above")
    assert reversals(said, flipped, [([0], [0])], [False]) == []


def test_a_direction_or_a_markets_side_flipped_in_place_is_a_changed_meaning() -> None:
    """A templated-news review: 'closed eastbound' made 'westbound', 'closed up 12.45 points' made
    'closed down', 'led the gainers' made 'led the fallers' were edited copies with no change
    listed. A report says both of different things ('up 3%' of one share, 'down 2%' of the next),
    so only a sentence edited in place counts."""
    for before, after, words in [
        ("The M62 is closed eastbound between junctions 25 and 26.", "eastbound", "westbound"),
        ("The FTSE 100 index closed up 12.45 points at 7,692.65 on Thursday.", "up", "down"),
        ("Fennick Retail led the gainers after a bid approach.", "gainers", "fallers"),
    ]:
        flipped = [before.replace(after, words)]
        [change] = reversals([before], flipped, [([0], [0])], [True])
        assert (change.before, change.after) == (after, words)
        assert reversals([before], flipped, [([0], [0])], [False]) == []
    both = ["Shares of Fennick were up 3% and Kestrel down 2%."]
    assert reversals(both, ["Shares of Fennick were down 3% and Kestrel up 2%."], [([0], [0])], [True]) == []
