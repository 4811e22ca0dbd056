"""Names from family registers (戸籍) with characters the bundled IPAex Mincho lacks (𠮷田) are
printed in a fallback font: one the site put in the app's fonts folder, else the system's
IPAmj Mincho; measured and set on the line like their neighbours."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from fontTools.fontBuilder import FontBuilder  # type: ignore[import-untyped]
from fontTools.pens.ttGlyphPen import TTGlyphPen  # type: ignore[import-untyped]

from exports.errors import ExportRefused
from exports.pdf_fonts import SYSTEM_FALLBACK_FONT
from exports.roll_pdf import write_roll_pdf
from exports.rows import CeremonyInfo, RollRow
from tests.exports.conftest import MakeRow
from tests.exports.test_roll_pdf import _assert_nothing_overprinted, _in_column, _pages

BIANG = "\U00030edd"  # CJK Extension G: in neither IPAex Mincho nor IPAmj Mincho

needs_ipamj = pytest.mark.skipif(
    not SYSTEM_FALLBACK_FONT.is_file(),
    reason=f"IPAmj Mincho is not installed ({SYSTEM_FALLBACK_FONT}): apt-get install "
    "fonts-ipamj-mincho",
)
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils is not installed"
)


def _pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def _pdffonts(path: Path) -> str:
    return subprocess.run(
        ["pdffonts", str(path)], check=True, capture_output=True, text=True
    ).stdout


def _font_with_biang(path: Path) -> None:
    """A one-glyph font, a full-width square, standing for the font a site would buy."""
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "biang"])
    builder.setupCharacterMap({ord(BIANG): "biang"})
    pen = TTGlyphPen(None)
    pen.moveTo((100, 0))
    pen.lineTo((100, 800))
    pen.lineTo((900, 800))
    pen.lineTo((900, 0))
    pen.closePath()
    square = pen.glyph()
    builder.setupGlyf({".notdef": square, "biang": square})
    builder.setupHorizontalMetrics({".notdef": (1000, 100), "biang": (1000, 100)})
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable({"familyName": "SiteBiang", "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=880, usWinAscent=880, usWinDescent=120)
    builder.setupPost()
    builder.save(str(path))


@needs_ipamj
@needs_poppler
def test_a_name_outside_the_bundled_font_is_printed_in_ipamj_mincho(
    tmp_path: Path, ceremony: CeremonyInfo, roll: list[RollRow], make_row: MakeRow
) -> None:
    rows = [*roll, make_row("𠮷田　次郎", "ヨシダ ジロウ", burial_site="𠮷田村第1埋葬地")]
    write_roll_pdf(tmp_path / "roll.pdf", ceremony, rows)
    words = " ".join(_pdftotext(tmp_path / "roll.pdf").split())
    assert "𠮷田 次郎 ヨシダ ジロウ" in words
    assert "𠮷田村第1埋葬地" in words
    fonts = _pdffonts(tmp_path / "roll.pdf")
    assert "IPAexMincho" in fonts and "IPAmjMincho" in fonts


@needs_ipamj
@needs_poppler
def test_a_ceremony_name_outside_the_bundled_font_is_printed_in_its_header(
    tmp_path: Path, roll: list[RollRow]
) -> None:
    ceremony = CeremonyInfo("𠮷野慰霊式", "memorial", "2025-08-23", "𡈽村墓苑")
    write_roll_pdf(tmp_path / "roll.pdf", ceremony, roll)
    text = _pdftotext(tmp_path / "roll.pdf")
    assert "𠮷野慰霊式" in text
    assert "𡈽村墓苑" in text


@needs_ipamj
@needs_poppler
def test_a_name_in_the_fallback_font_sits_on_the_line_of_its_neighbours(
    tmp_path: Path, ceremony: CeremonyInfo, make_row: MakeRow
) -> None:
    write_roll_pdf(tmp_path / "roll.pdf", ceremony, [make_row("𠮷田　次郎", "ヨシダ ジロウ")])
    (page,) = _pages(tmp_path / "roll.pdf")
    name, given, reading = (
        next(box for box in page if box.word == word) for word in ("𠮷田", "次郎", "ヨシダ")
    )
    assert abs(name.bottom - reading.bottom) < 0.3 and abs(given.bottom - reading.bottom) < 0.3
    # 田 follows 𠮷 at 𠮷's own width, not over it nor apart: two full-width characters each
    assert abs((name.right - name.left) - (given.right - given.left)) < 0.2
    _assert_nothing_overprinted(page)


@needs_ipamj
@needs_poppler
def test_a_long_name_in_the_fallback_font_is_wrapped_whole_within_its_column(
    tmp_path: Path, ceremony: CeremonyInfo, make_row: MakeRow
) -> None:
    # Measured by IPAmj's widths: by IPAex's (none for 𠮷) it ran into the next column.
    name = "𠮷田" * 12 + "　" + "𩸽太郎" * 6
    row = make_row(name, "ヨシダ", remarks="遺族参列")
    write_roll_pdf(tmp_path / "roll.pdf", ceremony, [row, make_row("𠮷田　清", "ヨシダ キヨシ")])
    (page,) = _pages(tmp_path / "roll.pdf")
    assert _in_column(page, "氏名") == name.replace("　", "") + "𠮷田清"
    _assert_nothing_overprinted(page)


@needs_poppler
def test_a_font_in_the_user_fonts_folder_prints_what_no_other_font_has(
    tmp_path: Path, user_data_dir: Path, ceremony: CeremonyInfo, make_row: MakeRow
) -> None:
    (user_data_dir / "fonts").mkdir(parents=True)
    _font_with_biang(user_data_dir / "fonts" / "site-biang.ttf")
    write_roll_pdf(tmp_path / "roll.pdf", ceremony, [make_row(f"{BIANG}　太郎", "ビャン タロウ")])
    assert f"{BIANG} 太郎" in " ".join(_pdftotext(tmp_path / "roll.pdf").split())
    assert "SiteBiang" in _pdffonts(tmp_path / "roll.pdf")


def test_a_font_file_that_cannot_be_read_is_named_in_a_one_line_refusal(
    tmp_path: Path, user_data_dir: Path, ceremony: CeremonyInfo, make_row: MakeRow
) -> None:
    (user_data_dir / "fonts").mkdir(parents=True)
    (user_data_dir / "fonts" / "broken.ttf").write_bytes(b"not a font")
    with pytest.raises(ExportRefused, match=r"the font file .*broken\.ttf cannot be read"):
        write_roll_pdf(tmp_path / "roll.pdf", ceremony, [make_row(f"{BIANG}　太郎", "ビャン")])
    assert not (tmp_path / "roll.pdf").exists()


@needs_poppler
def test_a_roll_the_bundled_font_prints_whole_embeds_no_fallback_font(
    tmp_path: Path, user_data_dir: Path, ceremony: CeremonyInfo, roll: list[RollRow]
) -> None:
    (user_data_dir / "fonts").mkdir(parents=True)
    _font_with_biang(user_data_dir / "fonts" / "site-biang.ttf")
    write_roll_pdf(tmp_path / "roll.pdf", ceremony, roll)
    fonts = _pdffonts(tmp_path / "roll.pdf")
    assert "IPAexMincho" in fonts and "SiteBiang" not in fonts and "IPAmj" not in fonts
