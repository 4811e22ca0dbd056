"""The kind of test an analysis is (鑑定種別: DNA(STR), DNA(Y-STR), DNA(mtDNA), 安定同位体),
in the one form it is stored and compared in. What tells a specimen's tests apart is their
kind, and the same kind arrives written many ways."""

from __future__ import annotations

from records.folding import squeeze


def kind_key(text: str) -> str:
    """The kind in one form, squeezed as the import compares its headers (NFKC without
    whitespace): ＤＮＡ（Ｙ-ＳＴＲ）, DNA (Y-STR) and DNA(Y-STR) are all DNA(Y-STR). Letter case
    is kept (mtDNA is written so). The text as written is kept beside it (Analysis.kind_text)."""
    return squeeze(text)


def identifies_a_person(kind: str) -> bool:
    """Whether a match of a test of this kind says whose remains they are: only a DNA test
    (STR, Y-STR, mtDNA) does; a stable-isotope test tells where a person grew up, not who."""
    return kind_key(kind).upper().startswith("DNA")
