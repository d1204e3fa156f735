"""Story-family kernels: grouping verified links, orienting pairs, inferring the origin."""

from __future__ import annotations

from wiretrace.cluster import DerivedLink, Member, build_families, families, infer_origin, orient


def link(s: str, t: str, cov: float = 0.9) -> DerivedLink:
    return DerivedLink(source=s, target=t, relation="rewrite", score=0.9, target_coverage=cov)


def test_families_are_connected_components_largest_first() -> None:
    groups = families([link("a", "b"), link("c", "b"), link("x", "y"), link("d", "c")])
    assert groups == [["a", "b", "c", "d"], ["x", "y"]]


def test_orient_prefers_dates_then_containment_then_quotes() -> None:
    early = Member("wire", "2016-07-02T09:00", quotes=2)
    late = Member("farm", "2016-07-03", quotes=0)
    assert orient(late, early, 0.9, 0.4) == ("wire", "farm", "earlier published date")
    undated_a, undated_b = Member("a", None, 0), Member("b", None, 3)
    # a's sentences are 90% supported by b, b's only 40% by a: a was made from b
    assert orient(undated_a, undated_b, 0.9, 0.4) == ("b", "a", "containment")
    assert orient(undated_a, undated_b, 0.8, 0.8)[2] == "carries the quotes"
    assert orient(undated_a, undated_b, 0.8, 0.8)[0] == "b"


def test_origin_by_date_or_by_containment() -> None:
    members = [Member("src", "2017-01-01", 3), Member("r1", "2017-01-02", 0), Member("r2", "2017-01-05", 0)]
    links = [link("src", "r1"), link("src", "r2"), link("r1", "r2", 0.5)]
    assert infer_origin(members, links) == ("src", "earliest published date")
    undated = [Member(m.id, None, m.quotes) for m in members]
    assert infer_origin(undated, links)[0] == "src"
    assert infer_origin(undated, links)[1].startswith("containment")


def test_build_families_reports_origin_per_family() -> None:
    members = {m: Member(m, None, 1 if m in ("a", "x") else 0) for m in "abcxy"}
    fams = build_families(members, [link("a", "b"), link("a", "c"), link("x", "y")])
    assert [(f.members, f.origin) for f in fams] == [(("a", "b", "c"), "a"), (("x", "y"), "x")]
