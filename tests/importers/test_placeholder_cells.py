"""Cells that stand for a value instead of holding one: a ditto mark (〃, 同上) refused in
every column, a name cell saying the name is unknown (不明, ―) read as no name, a dash alone
read as a blank cell where a value is read from it, and a name laid out on two lines read as
one name."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlmodel import col

from importers.headers import Layout
from importers.normalise import RowReader
from importers.pipeline import plan_import
from importers.profiles import get_profile
from records.database import Database
from records.models import NameForm, Person
from tests.importers.test_import_pipeline import ROW, register, run
from tests.importers.test_messy_files import csv_file

DITTO = "(ditto) repeats the row above: write the value itself"


def _reader(profile: str, *fields: str) -> RowReader:
    """A reader of these columns of a profile, in this order."""
    found = get_profile(profile)
    columns = {column.field: column for column in found.columns}
    positions = tuple((columns[field], i) for i, field in enumerate(fields))
    return RowReader.for_layout(Layout(found, "Sheet", 1, (), positions))


# --- ditto marks ----------------------------------------------------------------------------


@pytest.mark.parametrize("mark", ["〃", "同上", " 同上 ", "″", "同", "同　上"])
@pytest.mark.parametrize(
    ("profile", "field", "header"),
    [
        ("recovery", "country", "国・地域"),
        ("recovery", "region", "地域詳細"),
        ("recovery", "handed_over_by", "引渡機関"),
        ("recovery", "remarks", "備考"),
        ("recovery", "lot_number", "整理番号"),
        ("recovery", "fiscal_year", "収集年度"),
        ("recovery", "count", "柱数"),
        ("soviet_deaths", "death_place", "死亡場所"),
        ("soviet_deaths", "camp", "収容所"),
        ("soviet_deaths", "name", "氏名（漢字）"),
        ("soviet_deaths", "russian_name", "露側記録氏名"),
        ("soviet_deaths", "death", "死亡年月日"),
        ("soviet_deaths", "prefecture_code", "出身地"),
        ("analysis", "kind", "鑑定種別"),
    ],
)
def test_a_ditto_mark_is_refused_in_every_column_saying_what_it_is(
    mark: str, profile: str, field: str, header: str
) -> None:
    reader = _reader(profile, field)
    fields, [error] = reader.read([mark])
    assert field not in fields
    assert (error.column, error.value) == (header, mark)
    assert error.reason == f"{mark.strip()} {DITTO}"
    assert reader.values([mark]) is None  # the quick reading leaves it to read() too


@pytest.mark.parametrize("text", ["同上に記す", "〃印あり", "同郷"])
def test_text_that_only_holds_a_ditto_mark_among_other_words_is_kept(text: str) -> None:
    fields, errors = _reader("recovery", "remarks").read([text])
    assert (fields, errors) == ({"remarks": text}, [])


def test_a_recovery_file_copying_the_row_above_with_ditto_marks_is_refused_not_copied(
    database: Database, tmp_path: Path
) -> None:
    rows: list[list[object]] = [
        ["整理番号", "収集年度", "国・地域", "地域詳細", "埋葬地番号", "柱数", "引渡機関"],
        ["2023-PR-003-00501", "令和5年度", "ロシア", "沿海地方", "PR-003", 1, "ロシア国防省"],
        ["2023-PR-003-00502", "令和5年度", "〃", "〃", "PR-003", 1, "同上"],
    ]
    plan = plan_import(database, csv_file(tmp_path / "lots.csv", rows))
    assert plan.counts is not None
    assert (plan.counts.created, plan.counts.rejected) == (1, 1)
    [rejected] = plan.rejects
    assert [(e.column, e.value) for e in rejected.errors] == [
        ("国・地域", "〃"),
        ("地域詳細", "〃"),
        ("引渡機関", "同上"),
    ]


# --- names that say the name is unknown --------------------------------------------------


@pytest.mark.parametrize(
    "cell", ["不明", "不詳", "なし", "―", "－", "ー", "-", "――", " 不明 ", "？"]
)
def test_a_name_cell_saying_only_that_the_name_is_unknown_reads_as_no_name(cell: str) -> None:
    fields, errors = _reader("soviet_deaths", "name", "reading", "russian_name").read(
        [cell, cell, cell]
    )
    assert errors == []
    assert fields == {"name": "", "reading": "", "russian_name": ""}


@pytest.mark.parametrize("name", ["不明　太郎", "なし子", "Сато-Таро", "ユーリ"])
def test_a_name_holding_such_characters_among_others_is_kept_as_written(name: str) -> None:
    fields, errors = _reader("soviet_deaths", "name").read([name])
    assert (fields, errors) == ({"name": name}, [])


@pytest.mark.parametrize("placeholder", ["不明", "―"])
def test_a_person_whose_kanji_name_is_marked_unknown_is_stored_unidentified(
    database: Database, tmp_path: Path, placeholder: str
) -> None:
    run(database, register(tmp_path / "r.xlsx", [[*ROW[:2], placeholder, *ROW[3:]]]))
    with database.reading() as s:
        person = s.execute(select(Person)).scalar_one()
        forms = sorted(s.execute(select(col(NameForm.text))).scalars())
    assert (person.name, person.identified) == ("", False)
    assert forms == ["Сато Таро", "サトウ タロウ"]


def test_a_row_whose_every_name_is_marked_unknown_is_refused_holding_no_name(
    database: Database, tmp_path: Path
) -> None:
    row = [*ROW[:2], "不明", *ROW[3:]]
    row[1], row[9] = "―", "－"
    plan = plan_import(database, register(tmp_path / "r.xlsx", [row]))
    [rejected] = plan.rejects
    assert [e.reason for e in rejected.errors] == ["the row holds no form of the name"]


# --- a dash alone ---------------------------------------------------------------------------


@pytest.mark.parametrize("dash", ["―", "－", "-", "ー", " — "])
def test_a_dash_alone_in_a_register_is_a_blank_cell_to_dates_places_and_sites(
    database: Database, tmp_path: Path, dash: str
) -> None:
    """Forms ask for a dash where there is nothing to write: a year, a date, a home or a
    burial site not known is not a bad row. The place of death keeps its dash as written,
    but names no country; the remark keeps it."""
    row = [*ROW[:3], dash, dash, dash, ROW[6], dash, dash, ROW[9], dash]
    run(database, register(tmp_path / "r.xlsx", [row]))
    with database.reading() as s:
        person = s.execute(select(Person)).scalar_one()
    assert (person.birth_year, person.birth_year_text) == (None, "")
    assert (person.death_date, person.death_date_text) == (None, "")
    assert (person.death_place, person.country) == (dash.strip(), "")
    assert (person.prefecture_code, person.home) == ("", "")
    assert person.burial_site_id is None
    assert person.remarks == dash.strip()


def test_a_dash_alone_in_a_decision_is_one_not_yet_taken() -> None:
    reader = _reader("analysis", "specimen", "kind", "affiliation", "match_result")
    fields, errors = reader.read(["HB-012-20-0009", "DNA", "―", "－"])
    assert errors == []
    assert (fields["affiliation"], fields["match_result"]) == ("pending", "")


@pytest.mark.parametrize("cells", [["―", "サトウ"], [1.0, "サトウ", "――"]])
def test_a_dash_alone_is_no_register_number_nor_a_count(cells: list[object]) -> None:
    reader = _reader("soviet_deaths", "register_no", "reading", "remarks")
    fields, errors = reader.read(cells)
    if cells[0] == "―":
        assert [e.column for e in errors] == ["番号"]
    else:
        assert errors == [] and fields["remarks"] == "――"
    counts = _reader("recovery", "count")
    assert [e.column for e in counts.read(["―"])[1]] == ["柱数"]


# --- names laid out on two lines -----------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "cell", "name"),
    [
        ("name", "佐藤\n太郎", "佐藤　太郎"),
        ("name", "佐藤\r\n太郎", "佐藤　太郎"),
        ("name", "佐藤　\n\n 太郎", "佐藤　太郎"),
        ("reading", "サトウ\nタロウ", "サトウ タロウ"),
        ("russian_name", "Сато\nТаро", "Сато Таро"),
        ("name", "佐藤  太郎", "佐藤  太郎"),  # no line break: as written
    ],
)
def test_a_line_break_in_a_name_parts_it_as_the_names_separator(
    field: str, cell: str, name: str
) -> None:
    fields, errors = _reader("soviet_deaths", field).read([cell])
    assert (fields, errors) == ({field: name}, [])


def test_a_register_resent_with_a_name_on_two_lines_is_unchanged(
    database: Database, tmp_path: Path
) -> None:
    run(database, register(tmp_path / "a.xlsx", [ROW]))
    broken = [ROW[0], "サトウ\nタロウ", "佐藤\n太郎", *ROW[3:9], "Сато\nТаро", ROW[10]]

    report = run(database, register(tmp_path / "b.xlsx", [broken]))

    assert (report.counts.updated, report.counts.unchanged) == (0, 1)
    with database.reading() as s:
        assert s.execute(select(col(Person.name))).scalar_one() == "佐藤　太郎"
        forms = sorted(s.execute(select(col(NameForm.text))).scalars())
    assert forms == ["Сато Таро", "サトウ タロウ", "佐藤　太郎"]
