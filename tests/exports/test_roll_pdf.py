"""The PDF roll for the ceremony carries its own font, prints the ceremony on every page and
numbers the pages, and its names can be searched and copied."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

from exports import pdf_fonts
from exports.errors import ExportRefused
from exports.roll_pdf import (
    _BODY_TOP,
    _MARGIN,
    FONT_FILE,
    PDF_COLUMNS_WITH_LOTS,
    PDF_COLUMNS_WITH_LOTS_AND_REMARKS,
    write_roll_pdf,
)
from exports.rows import CeremonyInfo, RollRow
from records.kinsoku import CLOSING, OPENING

MakeRow = Callable[..., RollRow]
FONTS = Path(__file__).parents[2] / "exports" / "fonts"

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils is not installed"
)


def _pdftotext(path: Path, *options: str) -> str:
    return subprocess.run(
        ["pdftotext", *options, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_the_japanese_font_and_its_licence_are_bundled() -> None:
    assert (FONTS / FONT_FILE).stat().st_size > 1_000_000
    licence = (FONTS / "IPA_Font_License_Agreement_v1.0.txt").read_text(encoding="utf-8")
    assert "IPA Font License Agreement v1.0" in licence


@needs_poppler
def test_names_readings_and_variant_kanji_can_be_extracted(
    tmp_path: Path, ceremony: CeremonyInfo, roll: list[RollRow]
) -> None:
    write_roll_pdf(tmp_path / "roll.pdf", ceremony, roll)
    # pdftotext turns the full-width space between family and given name into blanks.
    words = " ".join(_pdftotext(tmp_path / "roll.pdf", "-layout").split())
    for expected in ("阿部 正雄", "髙橋 清", "山﨑 茂", "アベ マサオ", "ワタナベ タロウ"):
        assert expected in words
    assert "昭和21年2月13日" in words  # death dates in wareki, as read at a ceremony
    assert "千鳥ケ淵戦没者墓苑" in words


@needs_poppler
def test_rows_keep_the_order_given(
    tmp_path: Path, ceremony: CeremonyInfo, roll: list[RollRow]
) -> None:
    write_roll_pdf(tmp_path / "roll.pdf", ceremony, roll)
    text = _pdftotext(tmp_path / "roll.pdf", "-layout")
    positions = [text.index(r) for r in ("アベ", "タカハシ", "ヤマザキ", "ワタナベ")]
    assert positions == sorted(positions)


@needs_poppler
def test_every_page_has_the_ceremony_header_and_n_of_n(
    tmp_path: Path, ceremony: CeremonyInfo, make_row: MakeRow
) -> None:
    rows = [make_row("佐藤　清", "サトウ キヨシ")] * 100
    write_roll_pdf(tmp_path / "roll.pdf", ceremony, rows)
    pages = _pdftotext(tmp_path / "roll.pdf", "-layout").split("\f")[:-1]
    assert len(pages) == 3
    for number, page in enumerate(pages, start=1):
        assert "令和7年度 シベリア抑留中死亡者追悼式" in page
        assert "令和7年8月23日（2025-08-23）" in page
        assert "番号" in page
        assert re.search(rf"\b{number}\s*/\s*3\b", page)


def test_the_font_is_embedded_as_a_subset(
    tmp_path: Path, ceremony: CeremonyInfo, roll: list[RollRow]
) -> None:
    write_roll_pdf(tmp_path / "roll.pdf", ceremony, roll)
    data = (tmp_path / "roll.pdf").read_bytes()
    assert b"/FontFile2" in data
    assert re.search(rb"/BaseFont /[A-Z]{6}\+IPAexMincho", data)
    assert len(data) < 200_000  # the whole 8 MB font would mean no subsetting


def test_a_character_no_font_has_is_refused_naming_the_row_and_the_font_to_install(
    tmp_path: Path,
    ceremony: CeremonyInfo,
    roll: list[RollRow],
    make_row: MakeRow,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pdf_fonts, "SYSTEM_FALLBACK_FONT", tmp_path / "absent" / "ipamjm.ttf")
    # U+30EDD (biang, CJK Extension G) is in neither IPAex Mincho nor IPAmj Mincho.
    rows = [*roll, make_row("\U00030eddさん", "ビャン")]
    with pytest.raises(ExportRefused) as refused:
        write_roll_pdf(tmp_path / "roll.pdf", ceremony, rows)
    message = str(refused.value)
    assert "row 5 (\U00030eddさん) contains \U00030edd (U+30EDD)" in message
    assert "install fonts-ipamj-mincho" in message
    assert str(tmp_path / "user-data" / "irei" / "fonts") in message
    assert "\n" not in message
    assert list(tmp_path.iterdir()) == []


def test_a_character_the_installed_ipamj_mincho_lacks_is_refused_without_asking_to_install_it(
    tmp_path: Path,
    ceremony: CeremonyInfo,
    roll: list[RollRow],
    make_row: MakeRow,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The bundled font stands for an installed IPAmj Mincho: it lacks biang too.
    installed = FONTS / FONT_FILE
    monkeypatch.setattr(pdf_fonts, "SYSTEM_FALLBACK_FONT", installed)
    rows = [*roll, make_row("\U00030eddさん", "ビャン")]
    with pytest.raises(ExportRefused) as refused:
        write_roll_pdf(tmp_path / "roll.pdf", ceremony, rows)
    folder = tmp_path / "user-data" / "irei" / "fonts"
    assert str(refused.value) == (
        "row 5 (\U00030eddさん) contains \U00030edd (U+30EDD), for which the installed IPAmj "
        f"Mincho ({installed}) has no glyph, nor does any other font: put a font file that has "
        f"it in {folder}"
    )
    assert list(tmp_path.iterdir()) == []
    ceremony = CeremonyInfo("\U00030edd慰霊式", "memorial", "2025-08-23", "")
    with pytest.raises(ExportRefused) as refused:
        write_roll_pdf(tmp_path / "roll.pdf", ceremony, roll)
    assert str(refused.value).startswith(
        "the ceremony name contains \U00030edd (U+30EDD), for which the installed IPAmj Mincho"
    )


@pytest.mark.parametrize(
    ("name", "said"),
    [('Ivanov\n"Ivan"', "a line break (U+000A)"), ("山田\t太郎", "a tab (U+0009)")],
)
def test_a_name_holding_a_line_break_is_refused_for_what_it_is_not_for_a_missing_font(
    tmp_path: Path, ceremony: CeremonyInfo, make_row: MakeRow, name: str, said: str
) -> None:
    # A bare name given on the command line, or kept from a spreadsheet cell, as written.
    with pytest.raises(ExportRefused) as refused:
        write_roll_pdf(tmp_path / "roll.pdf", ceremony, [make_row(name, "")])
    message = str(refused.value)
    assert message.startswith(f"row 1 ({' '.join(name.splitlines())}) contains {said}, which a")
    assert message.endswith("correct the entry and export again")
    assert list(tmp_path.iterdir()) == []


def test_progress_is_reported_up_to_the_last_row(
    tmp_path: Path, ceremony: CeremonyInfo, make_row: MakeRow
) -> None:
    seen: list[tuple[int, int]] = []
    rows = [make_row("佐藤　清", "サトウ キヨシ")] * 1200
    write_roll_pdf(tmp_path / "roll.pdf", ceremony, rows, progress=lambda *p: seen.append(p))
    assert seen == [(1000, 1200), (1200, 1200)]


def test_a_ceremony_name_the_font_cannot_print_is_refused(
    tmp_path: Path, roll: list[RollRow]
) -> None:
    ceremony = CeremonyInfo("\U00030edd慰霊式", "memorial", "2025-08-23", "")
    with pytest.raises(ExportRefused, match="the ceremony name contains \U00030edd"):
        write_roll_pdf(tmp_path / "roll.pdf", ceremony, roll)


@needs_poppler
def test_a_roll_of_remains_prints_each_lot_number_and_its_count(
    tmp_path: Path, ceremony: CeremonyInfo, roll: list[RollRow]
) -> None:
    write_roll_pdf(tmp_path / "roll.pdf", ceremony, roll)
    lines = _pdftotext(tmp_path / "roll.pdf", "-layout").splitlines()
    heading = next(line for line in lines if "氏名" in line).split()
    assert heading[-3:] == ["整理番号", "柱数", "備考"]
    last = next(line for line in lines if "ワタナベ" in line).split()
    assert last[-3:] == ["PR-003-21-0007", "3柱", "氏名は露側記録の読み"]
    yamazaki = next(line for line in lines if "ヤマザキ" in line)
    assert "柱" not in yamazaki  # no count given: none printed


@needs_poppler
def test_a_roll_of_persons_alone_leaves_out_the_lot_columns(
    tmp_path: Path, ceremony: CeremonyInfo, make_row: MakeRow
) -> None:
    rows = [make_row("阿部　正雄", "アベ マサオ", lot_number="", remains_count=None)]
    write_roll_pdf(tmp_path / "roll.pdf", ceremony, rows)
    text = _pdftotext(tmp_path / "roll.pdf", "-layout")
    assert "埋葬地" in text and "整理番号" not in text and "柱数" not in text
    assert "備考" not in text  # no line has a remark
    assert "合計" not in text  # the lines count persons, not remains


@needs_poppler
def test_a_remark_is_printed_in_its_own_column_as_the_xlsx_and_csv_print_it(
    tmp_path: Path, ceremony: CeremonyInfo, make_row: MakeRow
) -> None:
    rows = [
        make_row("阿部　正雄", "アベ マサオ", lot_number="", remains_count=None),
        make_row(
            "髙橋　清", "タカハシ キヨシ", lot_number="", remains_count=None, remarks="遺族参列"
        ),
    ]
    write_roll_pdf(tmp_path / "roll.pdf", ceremony, rows)
    lines = _pdftotext(tmp_path / "roll.pdf", "-layout").splitlines()
    assert next(line for line in lines if "氏名" in line).split()[-1] == "備考"
    assert next(line for line in lines if "タカハシ" in line).split()[-1] == "遺族参列"
    assert (
        next(line for line in lines if "アベ" in line).split()[-1] == "ハバロフスク地方第12埋葬地"
    )


@needs_poppler
def test_a_remark_over_several_lines_or_with_a_tab_is_printed_not_refused(
    tmp_path: Path, ceremony: CeremonyInfo, make_row: MakeRow
) -> None:
    rows = [make_row("山田　一", "ヤマダ ハジメ", remarks="遺族参列\n分骨\t要確認")]
    write_roll_pdf(tmp_path / "roll.pdf", ceremony, rows)
    words = _pdftotext(tmp_path / "roll.pdf", "-layout").split()
    assert words[-7:-3] == ["1柱", "遺族参列", "分骨", "要確認"]  # before 合計 1柱, "1 / 1"


@needs_poppler
def test_remains_on_the_roll_without_a_person_are_printed_as_unnamed_not_blank(
    tmp_path: Path, ceremony: CeremonyInfo, make_row: MakeRow
) -> None:
    lot_only = make_row(
        "", "", death_date="", death_date_text="", prefecture_code="", prefecture=""
    )
    person = make_row("阿部　正雄", "アベ マサオ", lot_number="")
    write_roll_pdf(tmp_path / "roll.pdf", ceremony, [person, lot_only])
    line = next(
        line
        for line in _pdftotext(tmp_path / "roll.pdf", "-layout").splitlines()
        if "HB-012-20-0001" in line
    )
    assert line.split()[:2] == ["2", "氏名不詳"]


@needs_poppler
def test_a_roll_of_lots_alone_leaves_out_the_person_columns_no_line_fills(
    tmp_path: Path, ceremony: CeremonyInfo, make_row: MakeRow
) -> None:
    lots = [
        make_row("", "", death_date="", death_date_text="", prefecture="", lot_number=number)
        for number in ("2025-IR-057-00145", "2025-IR-060-00044")
    ]
    write_roll_pdf(tmp_path / "roll.pdf", ceremony, lots)
    lines = _pdftotext(tmp_path / "roll.pdf", "-layout").splitlines()
    assert next(line for line in lines if "番号" in line).split() == [
        "番号",
        "埋葬地",
        "整理番号",
        "柱数",
    ]
    assert next(line for line in lines if "00145" in line).split() == [
        "1",
        "ハバロフスク地方第12埋葬地",
        "2025-IR-057-00145",
        "1柱",
    ]
    [page] = _pages(tmp_path / "roll.pdf")
    count = next(box for box in page if box.word == "柱数")
    assert count.right > 190  # the columns left fill the page's width


@needs_poppler
def test_a_person_column_no_line_fills_is_left_out_and_the_others_kept(
    tmp_path: Path, ceremony: CeremonyInfo, make_row: MakeRow
) -> None:
    rows = [make_row("阿部　正雄", "アベ マサオ", death_date="", death_date_text="")]
    write_roll_pdf(tmp_path / "roll.pdf", ceremony, rows)
    heading = next(
        line for line in _pdftotext(tmp_path / "roll.pdf", "-layout").splitlines() if "氏名" in line
    )
    assert heading.split() == ["番号", "氏名", "フリガナ", "出身地", "埋葬地", "整理番号", "柱数"]


@needs_poppler
def test_a_roll_of_remains_ends_with_their_total_count_below_the_counts(
    tmp_path: Path, ceremony: CeremonyInfo, make_row: MakeRow
) -> None:
    rows = [
        make_row("", "", remains_count=12),
        make_row("", "", remains_count=None),  # not known: counts for nothing
        make_row("阿部　正雄", "アベ マサオ", lot_number="", remains_count=None),
        make_row("", "", remains_count=1),
    ]
    write_roll_pdf(tmp_path / "roll.pdf", ceremony, rows)
    words = _pdftotext(tmp_path / "roll.pdf", "-layout").split()
    assert words[-3:] == ["合計", "13柱", "1/1"]
    [page] = _pages(tmp_path / "roll.pdf")
    total = next(box for box in page if box.word == "13柱")
    count = next(box for box in page if box.word == "12柱")
    assert abs(total.right - count.right) < 0.5  # set right as the counts above it


def _words(path: Path) -> list[tuple[str, float, float]]:
    """Each word pdftotext finds, with where it starts and ends across the page, in mm."""
    return [(box.word, box.left, box.right) for page in _pages(path) for box in page]


class _Box(NamedTuple):
    word: str
    left: float  # mm from the page's left edge
    top: float  # mm from the page's top edge
    right: float
    bottom: float


def _pages(path: Path) -> list[list[_Box]]:
    """Each page's words as pdftotext finds them, with their boxes in mm."""
    pages = _pdftotext(path, "-bbox").split("<page ")[1:]
    box = r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<'
    return [
        [
            _Box(word, *(float(pt) * 25.4 / 72 for pt in edges))
            for *edges, word in re.findall(box, page)
        ]
        for page in pages
    ]


@needs_poppler
@pytest.mark.parametrize(
    ("name", "site", "column", "lines"),
    [
        (
            "勘解由小路　左衛門三郎太郎兵衛之助",
            "沿海地方第3埋葬地",
            "氏名",
            ["勘解由小路", "左衛門三郎太郎兵衛之助"],
        ),
        (
            "髙橋　清",
            "クラスノヤルスク地方第112埋葬地（カンスク地区タイシェト支所）",
            "埋葬地",
            ["クラスノヤルスク地方第112埋葬地", "（カンスク地区タイシェト支所）"],
        ),
    ],
)
def test_a_value_too_long_for_one_line_is_split_over_two_within_its_column(
    tmp_path: Path,
    ceremony: CeremonyInfo,
    make_row: MakeRow,
    name: str,
    site: str,
    column: str,
    lines: list[str],
) -> None:
    # At one line's smallest size it ran over the next column: a name over its reading.
    write_roll_pdf(tmp_path / "roll.pdf", ceremony, [make_row(name, "ア", burial_site=site)])
    start = _MARGIN + sum(width for _, width in PDF_COLUMNS_WITH_LOTS[: _index(column)])
    end = start + dict(PDF_COLUMNS_WITH_LOTS)[column]
    words = {word: (left, right) for word, left, right in _words(tmp_path / "roll.pdf")}
    for line in lines:
        left, right = words[line]
        assert start <= left and right <= end


def _index(column: str) -> int:
    return [heading for heading, _ in PDF_COLUMNS_WITH_LOTS].index(column)


@needs_poppler
def test_a_remark_too_long_for_one_line_is_split_over_two_within_its_column(
    tmp_path: Path, ceremony: CeremonyInfo, make_row: MakeRow
) -> None:
    remark = "遺族参列（長男・次男）　第1納骨室に分骨して安置"
    write_roll_pdf(tmp_path / "roll.pdf", ceremony, [make_row("髙橋　清", "ア", remarks=remark)])
    start = _MARGIN + sum(width for _, width in PDF_COLUMNS_WITH_LOTS_AND_REMARKS[:-1])
    end = start + PDF_COLUMNS_WITH_LOTS_AND_REMARKS[-1][1]
    words = {word: (left, right) for word, left, right in _words(tmp_path / "roll.pdf")}
    for line in ("遺族参列（長男・次男）", "第1納骨室に分骨して安置"):
        left, right = words[line]
        assert start <= left and right <= end


LONG_NAME = "Александр Константинович Христофоров-Преображенский"
LONG_SITE = "クラスノヤルスク地方第112埋葬地（カンスク地区タイシェト支所）旧第7収容所第3分所墓地"
LONG_REMARK = ("遺族参列長男次男孫三名同伴第一納骨室分骨安置旧満州国奉天省出身抑留中死亡" * 2)[:60]
A4 = (210.0, 297.0)


def _column(heading: str) -> tuple[float, float]:
    """Where a column of the fullest layout starts and ends across the page, in mm."""
    index = [name for name, _ in PDF_COLUMNS_WITH_LOTS_AND_REMARKS].index(heading)
    start = _MARGIN + sum(width for _, width in PDF_COLUMNS_WITH_LOTS_AND_REMARKS[:index])
    return start, start + PDF_COLUMNS_WITH_LOTS_AND_REMARKS[index][1]


def _in_column(page: list[_Box], heading: str) -> str:
    """The rows' text inside a column, top to bottom, without its heading or the spaces
    pdftotext reads between words."""
    start, end = _column(heading)
    body = [box for box in page if box.top > _BODY_TOP and box.bottom < A4[1] - 15]
    inside = sorted((box for box in body if start <= box.left and box.right <= end), key=_by_line)
    return "".join(box.word for box in inside)


def _by_line(box: _Box) -> tuple[float, float]:
    return round(box.top, 1), box.left


def _assert_nothing_overprinted(page: list[_Box]) -> None:
    for first, box in enumerate(page):
        assert box.left >= 0 and box.right <= A4[0] and box.top >= 0 and box.bottom <= A4[1]
        for other in page[first + 1 :]:
            apart = (
                box.right <= other.left + 0.05
                or other.right <= box.left + 0.05
                or box.bottom <= other.top + 0.05
                or other.bottom <= box.top + 0.05
            )
            assert apart, f"{box.word} is printed over {other.word}"


@needs_poppler
def test_a_value_too_long_for_two_lines_is_printed_whole_within_its_column(
    tmp_path: Path, ceremony: CeremonyInfo, make_row: MakeRow
) -> None:
    # Two lines at the smallest size ran past the column: a remark off the page's right edge.
    row = make_row(LONG_NAME, "ア", burial_site=LONG_SITE, remarks=LONG_REMARK)
    write_roll_pdf(tmp_path / "roll.pdf", ceremony, [row, make_row("髙橋　清", "タカハシ キヨシ")])
    (page,) = _pages(tmp_path / "roll.pdf")
    assert _in_column(page, "氏名") == LONG_NAME.replace(" ", "") + "髙橋清"
    assert _in_column(page, "埋葬地") == LONG_SITE + "ハバロフスク地方第12埋葬地"
    assert _in_column(page, "備考") == LONG_REMARK
    _assert_nothing_overprinted(page)


@needs_poppler
def test_rows_grown_for_long_values_are_never_split_over_a_page_break(
    tmp_path: Path, ceremony: CeremonyInfo, make_row: MakeRow
) -> None:
    rows = [
        make_row(
            "髙橋　清", "タカハシ キヨシ", lot_number=f"HB-012-20-{n:04d}", remarks=LONG_REMARK
        )
        for n in range(1, 61)
    ]
    write_roll_pdf(tmp_path / "roll.pdf", ceremony, rows)
    pages = _pages(tmp_path / "roll.pdf")
    assert len(pages) > 1
    printed = 0
    for number, page in enumerate(pages, start=1):
        words = [box.word for box in page]
        assert "番号" in words and "備考" in words
        footer = " ".join(box.word for box in page if box.top > A4[1] - 15)
        assert footer == f"{number} / {len(pages)}"
        lots = re.findall(r"HB-012-20-\d{4}", _in_column(page, "整理番号"))
        assert lots == [row.lot_number for row in rows[printed : printed + len(lots)]]
        assert _in_column(page, "備考") == LONG_REMARK * len(lots)  # each row whole on one page
        _assert_nothing_overprinted(page)
        printed += len(lots)
    assert printed == len(rows)


def test_a_value_longer_than_a_page_can_hold_is_refused_naming_the_row(
    tmp_path: Path, ceremony: CeremonyInfo, make_row: MakeRow
) -> None:
    rows = [make_row("髙橋　清", "タカハシ キヨシ", remarks=LONG_REMARK * 40)]
    with pytest.raises(ExportRefused, match=r"row 1 \(髙橋　清\) is too long to print on one page"):
        write_roll_pdf(tmp_path / "roll.pdf", ceremony, rows)
    assert list(tmp_path.iterdir()) == []


@needs_poppler
def test_a_long_cyrillic_name_is_wrapped_between_its_words_not_inside_them(
    tmp_path: Path, ceremony: CeremonyInfo, make_row: MakeRow
) -> None:
    # Each Cyrillic letter was taken for a word of its own, as a kanji is: Христофоров-П / етров.
    name = "Христофоров-Петров Константин Николаевич"
    write_roll_pdf(tmp_path / "roll.pdf", ceremony, [make_row(name, "ア", remarks="遺族参列")])
    (page,) = _pages(tmp_path / "roll.pdf")
    start, end = _column("氏名")
    inside = [box.word for box in page if start <= box.left and box.right <= end]
    assert inside[1:] == ["Христофоров-", "Петров", "Константин", "Николаевич"]  # below 氏名


@needs_poppler
def test_a_value_of_spaces_alone_too_wide_for_two_lines_prints_as_blank_not_a_crash(
    tmp_path: Path, ceremony: CeremonyInfo, make_row: MakeRow
) -> None:
    rows = [make_row("阿部　正雄", "アベ マサオ", burial_site="\u3000" * 80)]
    write_roll_pdf(tmp_path / "roll.pdf", ceremony, rows)  # divided by zero
    lines = _pdftotext(tmp_path / "roll.pdf", "-layout").splitlines()
    assert next(line for line in lines if "アベ" in line).split()[-3:] == [
        "東京都",  # and no 埋葬地 between it and the lot's number
        "HB-012-20-0001",
        "1柱",
    ]


@needs_poppler
def test_a_wrapped_value_follows_kinsoku_no_line_starts_with_a_closing_mark(
    tmp_path: Path, ceremony: CeremonyInfo, make_row: MakeRow
) -> None:
    # Each piece is as long as a line of 備考 at the smallest size holds, so that wrapped by
    # width alone the next line would start with 、 or ） and one end with （.
    remark = "遺" * 13 + "、" + "族" * 12 + "）" + "参" * 11 + "（" + "列" * 13
    write_roll_pdf(tmp_path / "roll.pdf", ceremony, [make_row("髙橋　清", "ア", remarks=remark)])
    (page,) = _pages(tmp_path / "roll.pdf")
    start, end = _column("備考")
    lines = [box.word for box in sorted(page, key=_by_line) if start <= box.left < end]
    assert "".join(lines[1:]) == remark  # below the heading
    assert len(lines) > 3
    assert not [line for line in lines if line[0] in CLOSING or line[-1] in OPENING], lines
