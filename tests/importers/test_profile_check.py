"""A user's import profile is checked when it is read: a mistake in it is refused in one line
naming the file, the column and what is wrong, and leaves the other profiles usable."""

from __future__ import annotations

from pathlib import Path

import pytest

from importers.errors import ImportRefused
from importers.normalise import converter
from importers.profile_check import COLUMN_TYPES, FIELD_TYPES
from importers.profiles import Column, all_profiles, broken_profiles, get_profile, load_profile
from tests.conftest import RunIrei
from tests.importers.conftest import SAMPLES
from tests.importers.test_import_cli import irei

SHIPPED_FOLDER = Path(__file__).parents[2] / "importers/profiles"
SHIPPED = sorted(SHIPPED_FOLDER.glob("*.toml"))

# A registrar's own death register profile, as the README says to write one.
KENMIN = """\
name = "kenmin_deaths"
title = "県別死亡者名簿"
target = "person"
key = "register_no"
[[columns]]
header = "名簿番号"
field = "register_no"
type = "number"
required = true
[[columns]]
header = "フリガナ"
field = "reading"
type = "name"
required = true
[[columns]]
header = "氏名"
field = "name"
type = "name"
"""


def written(folder: Path, text: str, name: str = "kenmin.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_profiles_pass_the_check_a_users_must(path: Path) -> None:
    assert load_profile(path).columns


@pytest.mark.parametrize("kind", sorted(COLUMN_TYPES))
def test_every_type_a_field_may_take_is_one_the_pipeline_reads(kind: str) -> None:
    assert converter(Column("見出し", "remarks", kind, choices={"あり": "yes"}))


def test_a_users_well_made_profile_is_read(tmp_path: Path) -> None:
    profile = load_profile(written(tmp_path, KENMIN))
    assert [c.field for c in profile.columns] == ["register_no", "reading", "name"]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            KENMIN.replace('field = "reading"', 'field "reading"'),
            "this import profile is not valid TOML at line 12, column 7: "
            "Expected '=' after a key in a key/value pair",
        ),
        (KENMIN + "remarks =", "this import profile is not valid TOML at its end: Invalid value"),
    ],
    ids=["line", "end"],
)
def test_a_profile_that_is_not_toml_is_refused_with_the_line(
    tmp_path: Path, text: str, said: str
) -> None:
    with pytest.raises(ImportRefused) as refused:
        load_profile(written(tmp_path, text))
    assert refused.value.reason == said


def test_a_profile_saved_in_shift_jis_is_refused_saying_to_save_it_as_utf8(
    tmp_path: Path,
) -> None:
    path = tmp_path / "kenmin.toml"
    path.write_bytes(KENMIN.encode("cp932"))
    with pytest.raises(ImportRefused) as refused:
        load_profile(path)
    assert refused.value.reason == ("this import profile is not UTF-8 text: save it as UTF-8")


def column(header: str, field: str, kind: str, extra: str = "") -> str:
    return f'[[columns]]\nheader = "{header}"\nfield = "{field}"\ntype = "{kind}"\n{extra}'


PERSON_FIELDS = ", ".join(FIELD_TYPES["person"])


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (  # a field misspelled: its column would be read and thrown away
            KENMIN.replace('field = "name"', 'field = "nmae"'),
            f'column 3 (氏名): no field "nmae" in a person record; fields: {PERSON_FIELDS}',
        ),
        (  # 東京都 would be stored as a prefecture code, breaking every search finding it
            KENMIN + column("本籍", "prefecture_code", "text"),
            "column 4 (本籍): field prefecture_code takes type prefecture, not text",
        ),
        (
            KENMIN + column("生年", "birth_year", "date"),
            "column 4 (生年): field birth_year takes type year, not date",
        ),
        (
            KENMIN + column("死亡日", "death", "text"),
            "column 4 (死亡日): field death takes type date, not text",
        ),
        (
            KENMIN + column("埋葬地", "burial_site", "text"),
            "column 4 (埋葬地): field burial_site takes type site_code/site_name, not text",
        ),
        (
            KENMIN + column("備考", "remarks", "texte"),
            'column 4 (備考): no column type "texte"; types: ' + ", ".join(sorted(COLUMN_TYPES)),
        ),
        (  # a row with both cells would keep the second and drop the first
            KENMIN + column("摘要", "remarks", "text") + column("特記事項", "remarks", "text"),
            "column 5 (特記事項): field remarks is given by column 4 (摘要) already",
        ),
        (
            KENMIN.split("[[columns]]")[0],
            "no [[columns]] table",
        ),
        (
            KENMIN.split("[[columns]]")[0] + 'columns = "番号"\n',
            "no [[columns]] table",
        ),
        (
            KENMIN.replace('type = "number"\n', ""),
            'column 1 (名簿番号): no "type" is given',
        ),
        (
            KENMIN.replace('header = "名簿番号"\n', ""),
            'column 1: no "header" is given',
        ),
        (
            KENMIN.replace(
                'required = true\n[[columns]]\nheader = "フリガナ"',
                ('required = "yes"\n[[columns]]\nheader = "フリガナ"'),
            ),
            'column 1 (名簿番号): "required" must be true or false',
        ),
        (
            KENMIN.replace('target = "person"', 'taget = "person"'),
            'unknown key "taget"; the keys are: name, title, title_en, target, key, '
            "deaths_between, columns",
        ),
        (
            KENMIN.replace('target = "person"', 'target = "persons"'),
            'target "persons" is not one of: analysis, lot, person, roll_entry',
        ),
        (  # every row would be rejected for a 番号 neither file nor profile has
            KENMIN.replace('key = "register_no"', 'key = "reading"'),
            'the key of a person profile is register_no, not "reading"',
        ),
        (
            KENMIN.replace('field = "register_no"', 'field = "remarks"').replace(
                'type = "number"', 'type = "text"'
            ),
            "a person profile needs a column for register_no (its key)",
        ),
        (
            KENMIN.replace(
                'required = true\n[[columns]]\nheader = "フリガナ"',
                ('requird = true\n[[columns]]\nheader = "フリガナ"'),
            ),
            'column 1 (名簿番号): unknown key "requird"; the keys are: header, field, type, '
            "required, not_blank, aliases, choices, blank",
        ),
        (
            KENMIN.replace(
                'required = true\n[[columns]]\nheader = "フリガナ"',
                ('[[columns]]\nheader = "フリガナ"'),
            ),
            "column 1 (名簿番号): the key column must say required = true",
        ),
    ],
    ids=[
        "misspelled field",
        "prefecture as text",
        "birth year as date",
        "death as text",
        "burial site as text",
        "unknown type",
        "two columns one field",
        "no columns",
        "columns not tables",
        "column without type",
        "column without header",
        "required not true or false",
        "misspelled key",
        "unknown target",
        "wrong key",
        "no key column",
        "misspelled option",
        "key not required",
    ],
)
def test_a_mistake_in_a_profile_is_refused_in_one_line_saying_where(
    tmp_path: Path, text: str, said: str
) -> None:
    path = written(tmp_path, text)
    with pytest.raises(ImportRefused) as refused:
        load_profile(path)
    assert str(refused.value) == f"{path}: {said}"


# A laboratory's own result sheet, its decision column in its own words.
KENSA = """\
name = "kensa"
target = "analysis"
key = "specimen"
[[columns]]
header = "検体番号"
field = "specimen"
type = "specimen"
required = true
[[columns]]
header = "判定"
field = "affiliation"
type = "choice"
"""
VALUES = '"japanese", "not_japanese", "undeterminable", "pending"'


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        (
            'blank = "pending"\nchoices = { "邦人" = "Japanese" }\n',
            f'field affiliation has no value "Japanese"; its values: {VALUES}',
        ),
        (
            'choices = { "邦人" = "japanese" }\n',
            f'field affiliation has no value "" for a blank cell; give "blank" one of: {VALUES}',
        ),
        (
            'blank = "未判定"\nchoices = { "邦人" = "japanese" }\n',
            f'field affiliation has no value "未判定" for a blank cell; give "blank" one of: '
            f"{VALUES}",
        ),
    ],
    ids=["choice", "blank cell", "blank given"],
)
def test_a_choice_its_field_has_not_is_refused(tmp_path: Path, extra: str, said: str) -> None:
    """Written as it is, Japanese for japanese was a decision no screen knows."""
    path = written(tmp_path, KENSA + extra)
    with pytest.raises(ImportRefused) as refused:
        load_profile(path)
    assert str(refused.value) == f"{path}: column 2 (判定): {said}"


def test_choices_of_values_the_field_has_are_read(tmp_path: Path) -> None:
    for extra in ('blank = "pending"\n', "not_blank = true\n"):
        choices = 'choices = { "邦人" = "japanese", "不明" = "undeterminable" }\n'
        assert load_profile(written(tmp_path, KENSA + extra + choices)).columns[1].choices


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        (
            column("ﾌﾘｶﾞﾅ", "remarks", "text"),
            "column 4 (ﾌﾘｶﾞﾅ): header ﾌﾘｶﾞﾅ is column 2's (reading) already",
        ),
        (
            column("備考", "remarks", "text", 'aliases = ["氏 名"]\n'),
            "column 4 (備考): header 氏 名 is column 3's (name) already",
        ),
    ],
    ids=["header", "alias"],
)
def test_a_header_two_columns_share_is_refused(tmp_path: Path, extra: str, said: str) -> None:
    """Read into the first column only, the other's field was never read."""
    path = written(tmp_path, KENMIN + extra)
    with pytest.raises(ImportRefused) as refused:
        load_profile(path)
    assert str(refused.value) == f"{path}: {said}"


def test_a_second_user_file_of_one_profile_name_is_left_out_naming_the_first(
    tmp_path: Path,
) -> None:
    """The later file replaced the earlier without a word: which one imported was unknown."""
    written(tmp_path, KENMIN, "kenmin.toml")
    copy = written(tmp_path, KENMIN.replace('"フリガナ"', '"ふりがな"'), "kenmin_2026.toml")
    used = {p.name: p for p in all_profiles(tmp_path)}["kenmin_deaths"]
    assert used.source == str(tmp_path / "kenmin.toml")
    [broken] = broken_profiles(tmp_path)
    assert str(broken.error) == (
        f"{copy}: profile name 'kenmin_deaths' is given by kenmin.toml already; "
        "give this one another name"
    )


def test_a_broken_user_profile_is_left_out_and_the_others_still_load(tmp_path: Path) -> None:
    written(tmp_path, 'name = "draft\ntarget = person\n', "draft.toml")
    written(tmp_path, KENMIN.replace('field = "name"', 'field = "nmae"'))
    names = {p.name for p in all_profiles(tmp_path)}
    assert names == {"analysis", "recovery", "roll", "soviet_deaths"}
    assert [b.name for b in broken_profiles(tmp_path)] == ["draft", "kenmin_deaths"]
    assert get_profile("soviet_deaths", tmp_path).name == "soviet_deaths"
    with pytest.raises(ImportRefused, match='no field "nmae"'):
        get_profile("kenmin_deaths", tmp_path)


def test_a_broken_user_profile_namesake_of_a_shipped_one_is_refused_when_named(
    tmp_path: Path,
) -> None:
    text = (
        (SHIPPED_FOLDER / "soviet_deaths.toml")
        .read_text(encoding="utf-8")
        .replace('type = "prefecture"', 'type = "text"')
    )
    written(tmp_path, text, "soviet_deaths.toml")
    with pytest.raises(ImportRefused, match="field prefecture_code takes type prefecture"):
        get_profile("soviet_deaths", tmp_path)


def test_import_says_a_broken_user_profile_and_imports_a_file_of_another(tmp_path: Path) -> None:
    profile = written(
        tmp_path / "config/irei/profiles", KENMIN.replace('field = "name"', 'field = "nmae"')
    )
    db = tmp_path / "db.sqlite3"
    result = irei(db, str(SAMPLES / "soviet_deaths_clean.xlsx"), "--dry-run")
    assert result.exit_code == 0, result.output
    assert f'irei: {profile}: column 3 (氏名): no field "nmae"' in result.stderr
    assert result.stderr.count("\n") == 1


def test_import_with_a_broken_profile_named_is_refused_with_its_mistake(tmp_path: Path) -> None:
    profile = written(tmp_path / "config/irei/profiles", 'name = "x"\ntarget = "person"\n')
    db = tmp_path / "db.sqlite3"
    result = irei(db, str(SAMPLES / "soviet_deaths_clean.xlsx"), "--profile", "x", "--dry-run")
    assert result.exit_code == 1
    assert result.stderr == f'irei: {profile}: no "key" is given\n'


def test_import_with_a_profile_no_one_has_is_refused_once_before_any_file(
    tmp_path: Path, run_irei: RunIrei
) -> None:
    """Wrong usage: refused file by file, it said the same line for each file, headed by the
    profile's name as if it were a file's, with the exit code of a refused file."""
    db = tmp_path / "db.sqlite3"
    files = [str(SAMPLES / "soviet_deaths_clean.xlsx"), str(SAMPLES / "recovery_clean.xlsx")]
    result = run_irei(["--db", str(db), "import", *files, "--profile", "nosuch", "--json"])
    assert (result.returncode, result.stdout, result.stderr) == (
        2,
        "",
        "irei import: Invalid value for --profile: no import profile named 'nosuch' "
        "(known: analysis, recovery, roll, soviet_deaths)\n",
    )
    assert not db.exists()


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ('"1945-08-09"', "must be two dates without quotes"),
        ("[1945-08-09]", "must be two dates without quotes"),
        ('["1945-08-09", "1956-12-31"]', "must be two dates without quotes"),
        ("[1956-12-31, 1945-08-09]", "must give the first day first"),
    ],
)
def test_a_period_of_deaths_not_two_dates_in_order_is_refused(
    tmp_path: Path, given: str, said: str
) -> None:
    shipped = (SHIPPED_FOLDER / "soviet_deaths.toml").read_text(encoding="utf-8")
    period = "deaths_between = [1945-08-09, 1956-12-31]"
    assert period in shipped
    own = tmp_path / "own.toml"
    own.write_text(shipped.replace(period, f"deaths_between = {given}"), encoding="utf-8")
    with pytest.raises(ImportRefused, match=said):
        load_profile(own)


def test_a_period_of_deaths_is_for_a_person_profile_only(tmp_path: Path) -> None:
    shipped = (SHIPPED_FOLDER / "recovery.toml").read_text(encoding="utf-8")
    own = tmp_path / "own.toml"
    own.write_text("deaths_between = [1945-08-09, 1956-12-31]\n" + shipped, encoding="utf-8")
    with pytest.raises(ImportRefused, match="for a person profile only"):
        load_profile(own)
