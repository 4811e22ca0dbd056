"""Header rows as the ministry writes them: note marks after a header, a column headed by a
synonym of the format's header, several headers written otherwise at once. A column the
format may read is read, or the file refused naming it; never its values dropped unsaid."""

from __future__ import annotations

from pathlib import Path

import pytest

from importers.errors import ImportRefused
from importers.headers import Layout, find_layouts
from importers.profiles import all_profiles, column_key
from importers.readers import SheetRows

REGISTER = ["番号", "氏名（カナ）", "氏名（漢字）", "生年", "死亡年月日", "死亡場所", "収容所",
            "埋葬地", "出身地", "露側記録氏名", "備考"]  # fmt: skip
PERSON = [1, "サトウ タロウ", "佐藤 太郎", "1921", "S21.2.13", "ハバロフスク", "第1収容所",
          "ハバロフスク第1", "東京都", "Сато Таро", None]  # fmt: skip
ANALYSIS = ["検体番号", "鑑定種別", "所属集団判定", "照合結果", "照合先氏名", "判定会議日", "備考"]
TEST = ["HB-012-20-0009", "DNA", "日本人", "一致", "佐藤 太郎", "2024-03-01", None]


def layout(tmp_path: Path, header: list[str], row: list[object]) -> Layout:
    rows: list[list[object]] = [list(header), row]
    sheet = SheetRows("名簿", False, iter(enumerate(rows, 1)))
    [found] = find_layouts("book.xlsx", [sheet], all_profiles(tmp_path / "no profiles"))
    return found.layout


def renamed(header: list[str], names: dict[str, str]) -> list[str]:
    return [names.get(h, h) for h in header]


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("氏名（漢字）※1", "氏名(漢字)"),
        ("氏名（漢字）※１", "氏名(漢字)"),
        ("死亡年月日（注2）", "死亡年月日"),
        ("死亡年月日(注)", "死亡年月日"),
        ("備考【注】", "備考"),
        ("生年＊", "生年"),
        ("生年*1", "生年"),
        ("死亡場所 ※", "死亡場所"),
        ("死亡場所（※2）", "死亡場所"),
        ("氏名（カナ）", "氏名(カナ)"),  # what the column holds: not a note
        # how to fill the column in, which its values say for themselves
        ("生年（西暦）", "生年"),
        ("死亡年月日(和暦)", "死亡年月日"),
        ("死亡年月日（yyyy/mm/dd）", "死亡年月日"),
        ("死亡年月日【YYYY-MM-DD】", "死亡年月日"),
        ("柱数（柱）", "柱数"),
        ("柱数〔単位：柱〕", "柱数"),
        ("番号【必須】", "番号"),
        ("氏名（漢字）＜任意＞", "氏名(漢字)"),
        ("生年（西暦）※1", "生年"),
        ("氏名（ローマ字）", "氏名(ローマ字)"),  # what it holds: not the kanji name's column
        ("※", "※"),  # a mark alone is kept, not made an empty header
        # a mark before a header, as forms mark those to be filled in, and 欄 after it
        ("※氏名（カナ）", "氏名(カナ)"),
        ("＊番号", "番号"),
        ("**死亡年月日", "死亡年月日"),
        ("備考欄", "備考"),
        ("※備考欄（注1）", "備考"),
        ("欄", "欄"),
    ],
)
def test_a_note_mark_after_a_header_is_not_part_of_it(written: str, key: str) -> None:
    assert column_key(written) == key


@pytest.mark.parametrize(
    ("written", "fields"),
    [
        # brackets telling how to fill the column in
        (
            {"番号": "番号【必須】", "生年": "生年（西暦）", "死亡年月日": "死亡年月日（和暦）"},
            {"register_no", "birth_year", "death"},
        ),
        # marks of a column to be filled in, and a closing 欄
        (
            {"番号": "※番号", "氏名（カナ）": "＊氏名（カナ）", "備考": "備考欄"},
            {"register_no", "reading", "remarks"},
        ),
    ],
)
def test_headers_telling_how_to_fill_the_column_in_are_read_as_their_columns(
    tmp_path: Path, written: dict[str, str], fields: set[str]
) -> None:
    found = layout(tmp_path, renamed(REGISTER, written), PERSON)
    assert fields <= found.fields
    assert found.unread == ()


def test_headers_pointing_to_footnotes_are_read_as_their_columns(tmp_path: Path) -> None:
    notes = {
        "氏名（漢字）": "氏名（漢字）※1",
        "死亡年月日": "死亡年月日（注2）",
        "備考": "備考【注】",
    }
    found = layout(tmp_path, renamed(REGISTER, notes), PERSON)
    assert {"name", "death", "remarks"} <= found.fields


@pytest.mark.parametrize(
    ("header", "written", "field"),
    [
        ("死亡場所", "死亡地", "death_place"),
        ("死亡場所", "死没地", "death_place"),
        ("収容所", "収容所名", "camp"),
        ("出身地", "本籍", "prefecture_code"),
        ("死亡年月日", "死没年月日", "death"),
    ],
)
def test_a_synonym_of_a_register_header_is_read_as_its_column(
    tmp_path: Path, header: str, written: str, field: str
) -> None:
    assert field in layout(tmp_path, renamed(REGISTER, {header: written}), PERSON).fields


@pytest.mark.parametrize(
    ("header", "row", "written", "message"),
    [
        (REGISTER, PERSON, {"死亡場所": "死亡の地"}, "F (死亡の地) → 死亡場所"),
        (REGISTER, PERSON, {"埋葬地": "埋葬場所"}, "H (埋葬場所) → 埋葬地"),
        # An appraisal date is not the decision meeting's: not an alias, but the only date of
        # the sheet, and the registrar says which it is.
        (ANALYSIS, TEST, {"判定会議日": "鑑定日"}, "F (鑑定日) → 判定会議日"),
    ],
)
def test_a_column_headed_by_a_word_of_a_lacking_column_is_refused_not_dropped(
    tmp_path: Path, header: list[str], row: list[object], written: dict[str, str], message: str
) -> None:
    with pytest.raises(ImportRefused) as refused:
        layout(tmp_path, renamed(header, written), row)
    assert f"does not read, whose values would not be imported: {message};" in str(refused.value)


def test_every_column_headed_otherwise_is_named_in_one_refusal(tmp_path: Path) -> None:
    written = {"死亡年月日": "死亡年月", "死亡場所": "死亡の地", "収容所": "所在収容所",
               "出身地": "本籍県名"}  # fmt: skip
    with pytest.raises(ImportRefused) as refused:
        layout(tmp_path, renamed(REGISTER, written), PERSON)
    assert str(refused.value) == (
        "book.xlsx: sheet 名簿: columns the soviet_deaths format does not read, whose values "
        "would not be imported: E (死亡年月) → 死亡年月日、F (死亡の地) → 死亡場所、"
        "G (所在収容所) → 収容所、I (本籍県名) → 出身地; if a column is the one its arrow "
        "points to, give it that header (or add its header to the format's aliases in a "
        "profile file)"
    )


def test_columns_ministries_add_are_left_alone_beside_lacking_ones(tmp_path: Path) -> None:
    """調査票番号, No., 担当者 and 遺族氏名 are not the register's columns: a register without
    露側記録氏名 and 氏名（漢字） imports, leaving them unread."""
    header = [h for h in REGISTER if h not in ("露側記録氏名", "氏名（漢字）")]
    row = [cell for h, cell in zip(REGISTER, PERSON, strict=True) if h in header]
    extra = ["調査票番号", "No.", "担当者", "遺族氏名", "備考2"]
    found = layout(tmp_path, header + extra, [*row, "A-1", 1, "山田", "佐藤 花子", None])
    assert {"russian_name", "name"}.isdisjoint(found.fields)
