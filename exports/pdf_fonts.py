"""Where the PDF roll finds a font for the characters of family registers (戸籍) that the bundled
IPAex Mincho lacks (𠮷, 𡈽, 𣘺…): a font file the user put in the app's fonts folder, then the
system's IPAmj Mincho, which covers the 戸籍統一文字 (Debian: fonts-ipamj-mincho)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

import platformdirs

# fontTools is fpdf2's font reader and ships no type hints.
from fontTools.ttLib import TTFont, TTLibError  # type: ignore[import-untyped]

from exports.errors import ExportRefused

# Too large to ship with irei (46 MB), and under the same IPA Font License as the bundled font.
SYSTEM_FALLBACK_FONT = Path("/usr/share/fonts/truetype/ipamj/ipamjm.ttf")
SYSTEM_FALLBACK_PACKAGE = "fonts-ipamj-mincho"
_FONT_SUFFIXES = (".ttf", ".otf")


class FallbackFont(NamedTuple):
    path: Path
    glyphs: frozenset[int]  # the code points of the characters it is taken for


def user_font_folder() -> Path:
    """The folder a site puts a font in for the characters no installed font has."""
    return Path(platformdirs.user_data_dir("irei", appauthor=False)) / "fonts"


def fallback_fonts_for(missing: Iterable[int]) -> list[FallbackFont]:
    """The fonts, in the order they are looked in, that print some of ``missing``; each is
    taken for the characters no font before it has. Read only when the bundled font lacks a
    character, as a font of the 戸籍統一文字 is large."""
    wanted = set(missing)
    found: list[FallbackFont] = []
    for path in _candidate_files():
        if not wanted:
            break
        covered = wanted & _code_points(path)
        if covered:
            found.append(FallbackFont(path, frozenset(covered)))
            wanted -= covered
    return found


def _candidate_files() -> list[Path]:
    folder = user_font_folder()
    own = sorted(
        path
        for path in (folder.iterdir() if folder.is_dir() else ())
        if path.suffix.lower() in _FONT_SUFFIXES and path.is_file()
    )
    return [*own, SYSTEM_FALLBACK_FONT] if SYSTEM_FALLBACK_FONT.is_file() else own


def _code_points(path: Path) -> set[int]:
    try:
        with TTFont(path, lazy=True) as font:
            cmap = font.getBestCmap()
    except (TTLibError, OSError, AssertionError, KeyError) as broken:
        raise ExportRefused(
            "the font file {path} cannot be read ({reason}); remove it or put a working "
            "font in its place",
            path=str(path),
            reason=str(broken),
        ) from broken
    return set(cmap or ())
