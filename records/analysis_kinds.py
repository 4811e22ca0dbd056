"""The kind of test an analysis is (鑑定種別: DNA(STR), DNA(Y-STR), DNA(mtDNA), 安定同位体),
in the one form it is stored and compared in. What tells a specimen's tests apart is their
kind, and the same kind arrives written many ways."""

from __future__ import annotations

import re

from records.folding import fold_dashes, squeeze

# The kinds as the records write them, by what a file writes of them in capitals, without
# "DNA" and its brackets: STR, str and ＳＴＲ are DNA(STR); mtdna and MT-DNA are DNA(mtDNA).
# Only spellings of one known kind: "DNA" alone could be any of three, and stays as written.
_KINDS = {
    "STR": "DNA(STR)",
    "Y-STR": "DNA(Y-STR)",
    "YSTR": "DNA(Y-STR)",
    "MTDNA": "DNA(mtDNA)",
    "MT-DNA": "DNA(mtDNA)",
    "安定同位体": "安定同位体",
}
# DNA, then what kind of DNA test, in brackets or after a hyphen, or alone.
_WRITTEN = re.compile(r"(?:DNA-?)?\((?P<inner>[^()]+)\)|(?:DNA-?)?(?P<bare>[^()]+)")


def kind_key(text: str) -> str:
    """The kind in one form, squeezed as the import compares its headers (NFKC without
    whitespace): ＤＮＡ（Ｙ-ＳＴＲ）, DNA (Y-STR) and DNA(Y-STR) are all DNA(Y-STR), and a known
    kind written short or in other letter case (str, mtdna) is that kind as the records write
    it. Another kind keeps its letter case. The text as written is kept beside it
    (Analysis.kind_text)."""
    key = squeeze(text)
    written = _WRITTEN.fullmatch(fold_dashes(key.upper()))
    if written is None:
        return key
    return _KINDS.get(written["inner"] or written["bare"], key)


def identifies_a_person(kind: str) -> bool:
    """Whether a match of a test of this kind says whose remains they are: only a DNA test
    (STR, Y-STR, mtDNA) does; a stable-isotope test tells where a person grew up, not who."""
    return kind_key(kind).upper().startswith("DNA")
