"""``irei audit log`` as a registrar and a script read it: the events newest first, filtered
by record, user and date, in the registrar's language or as JSON."""

from __future__ import annotations

import json
from pathlib import Path

from records.database import Database
from records.dates import PartialDate, Precision
from records.models import Location, RemainsLot
from records.services import ceremonies, lot_status, roll_bulk
from records.status import LotStatus
from tests.importers.conftest import SAMPLES
from tests.records.conftest import add_section, create_person, path_to, register_lot, walk
from tests.tui.test_cli_ceremony import _ceremony, db_path, irei

__all__ = ["db_path"]  # the fixture, used by name


def log(db: str, *args: str) -> list[dict[str, object]]:
    code, output = irei(db, "audit", "log", *args, "--json")
    assert code == 0, output
    found: list[dict[str, object]] = json.loads(output)
    return found


def test_a_ceremonys_events_newest_first_say_whom_a_bulk_add_put_on_the_roll(
    db_path: str,
) -> None:
    ceremony = _ceremony(db_path)
    assert (
        irei(
            db_path,
            "roll",
            "bulk-add",
            str(ceremony),
            "--country",
            "モンゴル",
            "--reason",
            "named by the association",
        )[0]
        == 0
    )
    events = log(db_path, "--entity", "ceremony", "--id", str(ceremony))
    assert [e["action"] for e in events] == ["bulk_add", "create"]
    assert {e["entity"] for e in events} == {"ceremony"}
    after = events[0]["after"]
    assert isinstance(after, dict) and after["persons_added"] == 1 and len(after["persons"]) == 1


def test_the_log_pages_by_event_number_and_filters_by_user_and_date(db_path: str) -> None:
    _ceremony(db_path)
    everything = log(db_path)
    numbers = [e["id"] for e in everything]
    assert numbers == sorted(numbers, reverse=True)
    first, *rest = log(db_path, "--limit", "1")
    assert rest == [] and first == everything[0]
    assert log(db_path, "--before", str(first["id"])) == everything[1:]
    assert log(db_path, "--actor", "nobody") == []
    assert log(db_path, "--since", "令和100年1月1日") == []
    assert log(db_path, "--since", "昭和50年") == everything


def test_a_wrong_filter_is_one_line_naming_it(db_path: str) -> None:
    code, output = irei(db_path, "audit", "log", "--entity", "grave")
    assert code == 1
    assert output.strip().startswith("irei: Kind of record: 'grave' is not a kind of record")
    code, output = irei(db_path, "audit", "log", "--id", "3")
    assert (code, output.strip()) == (1, "irei: --id: say which kind of record the id is of")
    code, output = irei(db_path, "audit", "log", "--since", "いつか")
    assert code == 1 and output.startswith("irei: Changed since: ") and "\n" not in output.strip()


def test_an_imports_event_reads_in_japanese(db_path: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "200")
    assert irei(db_path, "import", str(SAMPLES / "recovery_messy.xlsx"))[0] == 0
    code, output = irei(db_path, "--lang", "ja", "audit", "log", "--entity", "import")
    assert code == 0, output
    assert "変更内容" in output and "取り込み" in output
    assert "取込 1" in output  # the record: the import batch and its number
    assert "取込バッチ 1（recovery_messy.xlsx）" in output


def test_a_bulk_add_reads_as_the_criteria_it_was_given(db_path: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "200")
    ceremony = _ceremony(db_path)
    assert (
        irei(
            db_path,
            "roll",
            "bulk-add",
            str(ceremony),
            "--country",
            "モンゴル",
            "--reason",
            "named by the association",
        )[0]
        == 0
    )
    code, output = irei(db_path, "audit", "log", "--entity", "ceremony", "--limit", "1")
    assert code == 0, output
    assert "added to the roll in bulk" in output and "Country=モンゴル" in output
    assert "died_from" not in output  # a criterion not given is not said


def _japanese_log(db: str, *args: str) -> str:
    code, output = irei(db, "--lang", "ja", "audit", "log", *args)
    assert code == 0, output
    return output


def test_a_lots_move_names_the_place_as_the_app_does(  # type: ignore[no-untyped-def]
    database: Database, actor: str, db_path: str, monkeypatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    section = add_section(database)
    lot = register_lot(database, actor)
    walk(database, actor, lot, path_to(LotStatus.INTERRED), section)
    output = _japanese_log(db_path, "--entity", "lot", "--id", str(lot), "--limit", "1")
    assert "安置場所: （空欄） → 第1納骨室 第1区画" in output
    after = log(db_path, "--entity", "lot", "--id", str(lot), "--limit", "1")[0]["after"]
    assert isinstance(after, dict) and after["location_id"] == section  # a script's id kept


def test_a_bulk_add_lists_the_persons_by_their_number(  # type: ignore[no-untyped-def]
    database: Database, actor: str, db_path: str, monkeypatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    create_person(database, actor, name="阿部　勇", country="モンゴル", register_no=4321)
    ceremony = _ceremony(db_path)
    code, output = irei(db_path, "roll", "bulk-add", str(ceremony), "--country", "モンゴル",
                        "--reason", "named by the association")  # fmt: skip
    assert code == 0, output
    code, output = irei(db_path, "audit", "log", "--entity", "ceremony", "--limit", "1")
    # The fixture's 阿部 has no 番号: the app's number, as their heading shows it.
    assert "Persons added (Reg. No.): (blank) → No. 2, 4321;" in output, output


def test_a_bulk_add_of_interred_lots_lists_their_lot_numbers(  # type: ignore[no-untyped-def]
    database: Database, actor: str, db_path: str, monkeypatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    section = add_section(database)
    lot = register_lot(database, actor)
    walk(database, actor, lot, path_to(LotStatus.INTERRED)[:-1], section)
    on = PartialDate("2026-05-25", "2026-05-25", Precision.DAY)
    with database.session() as session:
        number = lot_status.inter(session, actor, lot, section, on, "spring ceremony").lot_number
    with database.session() as session:
        ceremony = ceremonies.create_ceremony(
            session, actor, "拝礼式", "interment", "2026-05-25", "", "spring"
        )
    with database.session() as session:
        roll_bulk.bulk_add_interred_lots(session, actor, ceremony.id or 0, "spring")
    output = _japanese_log(db_path, "--entity", "ceremony", "--limit", "1")
    assert f"追加した遺骨: （空欄） → {number};" in output, output


def test_a_ceremonys_and_a_places_name_are_labelled_as_theirs_not_a_persons(  # type: ignore[no-untyped-def]
    db_path: str, monkeypatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    _ceremony(db_path)
    output = _japanese_log(db_path, "--entity", "ceremony", "--limit", "1")
    assert (
        "式典名: （空欄） → 追悼の集い;" in output
        and "場所: （空欄） → 千鳥ヶ淵戦没者墓苑" in output
    )
    for place in (
        ("cemetery", "CF", "千鳥ヶ淵戦没者墓苑"),
        ("vault", "CF-V1", "第1納骨室", "--in", "CF"),
    ):
        assert irei(db_path, "location", "add", *place, "--reason", "built")[0] == 0
    output = _japanese_log(db_path, "--entity", "place", "--limit", "1")
    assert (
        "名称: （空欄） → 第1納骨室;" in output and "所在: （空欄） → 千鳥ヶ淵戦没者墓苑" in output
    )
    assert "氏名" not in output and "parent_id" not in output


def test_a_roll_entry_names_its_ceremony_person_and_lot(  # type: ignore[no-untyped-def]
    database: Database, actor: str, db_path: str, monkeypatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    lot = register_lot(database, actor)
    with database.reading() as session:
        number = session.get_one(RemainsLot, lot).lot_number
    ceremony = str(_ceremony(db_path))
    for entry in (("--person", "1"), ("--name", "山田　太郎"), ("--lot", number)):
        assert irei(db_path, "roll", "add", ceremony, *entry, "--reason", "asked")[0] == 0
    # A line removed since is named from what its removal recorded, not by its old id.
    removed = irei(db_path, "roll", "remove", ceremony, "--name", "山田　太郎", "--reason", "twice")
    assert removed[0] == 0, removed[1]
    code, output = irei(db_path, "audit", "log", "--entity", "roll_entry")
    assert code == 0, output
    assert "Ceremony: (blank) → 追悼の集い; Person: (blank) → 松本　一郎 (No. 1)" in output
    assert "Ceremony: (blank) → 追悼の集い; Bare name: (blank) → 山田　太郎" in output
    assert f"Ceremony: (blank) → 追悼の集い; Lot: (blank) → {number}" in output
    # It read "roll entry 2"; the ceremony and the person or lot say which line it is.
    assert _records_shown(output) == {
        "roll entry 追悼の集い: 松本　一郎 (No. 1)",
        "roll entry 追悼の集い: 山田　太郎",
        f"roll entry 追悼の集い: {number}",
    }
    assert "_id" not in output and "Identified as" not in output


def test_a_removal_says_what_it_removed_as_a_creation_says_what_it_created(  # type: ignore[no-untyped-def]
    db_path: str, monkeypatch
) -> None:
    """A removed place's line said only "place removed": its name was in the JSON alone."""
    monkeypatch.setenv("COLUMNS", "250")
    for place in (
        ("cemetery", "CF", "千鳥ヶ淵戦没者墓苑"),
        ("vault", "CF-V9", "第9納骨室", "--in", "CF"),
    ):
        assert irei(db_path, "location", "add", *place, "--reason", "built")[0] == 0
    assert irei(db_path, "location", "remove", "CF-V9", "--reason", "added in error")[0] == 0
    ceremony = str(_ceremony(db_path))
    assert (
        irei(db_path, "roll", "add", ceremony, "--name", "山田　太郎", "--reason", "asked")[0] == 0
    )
    removed = irei(db_path, "roll", "remove", ceremony, "--name", "山田　太郎", "--reason", "twice")
    assert removed[0] == 0, removed[1]

    code, output = irei(db_path, "audit", "log", "--entity", "place", "--id", "CF-V9")

    assert code == 0, output
    removal = next(line for line in output.splitlines() if "place removed" in line)
    assert "Place name: 第9納骨室 → (blank);" in removal and "Code: CF-V9 → (blank)" in removal
    assert "Lies in: 千鳥ヶ淵戦没者墓苑 → (blank)" in removal and "parent_code" not in removal
    code, output = irei(db_path, "audit", "log", "--entity", "roll_entry", "--limit", "1")
    assert code == 0, output
    assert "Ceremony: 追悼の集い → (blank); Bare name: 山田　太郎 → (blank)" in output


def test_an_analysis_reads_as_the_laboratory_reported_it(  # type: ignore[no-untyped-def]
    database: Database, actor: str, db_path: str, monkeypatch
) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    register_lot(database, actor, specimens=("HB-012-19-9001",))
    create_person(database, actor, name="佐藤　十二郎", register_no=12)
    code, output = irei(db_path, "analysis", "add", "HB-012-19-9001", "--kind", "DNA(STR)",
                        "--affiliation", "japanese", "--match", "match", "--person", "番号 12",
                        "--on", "令和3年3月4日", "--reason", "laboratory report")  # fmt: skip
    assert code == 0, output
    output = _japanese_log(db_path, "--entity", "analysis", "--limit", "1")
    assert "検体: （空欄） → HB-012-19-9001;" in output
    assert "所属判定: （空欄） → 日本人; 照合: （空欄） → 一致;" in output
    assert "戦没者: （空欄） → 佐藤　十二郎（番号 12）" in output
    for stored in ("japanese", "match;", "recorded", "supersedes", "_id", "precision"):
        assert stored not in output


def test_a_places_kind_reads_in_words(db_path: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "250")
    cemetery = ("cemetery", "CF", "千鳥ヶ淵戦没者墓苑")
    assert irei(db_path, "location", "add", *cemetery, "--reason", "opened")[0] == 0
    output = _japanese_log(db_path, "--entity", "place")
    assert "種類: （空欄） → 墓苑;" in output and "cemetery" not in output


def test_an_imports_event_names_its_file_and_counts(db_path: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "250")
    assert irei(db_path, "import", str(SAMPLES / "recovery_messy.xlsx"))[0] == 0
    code, output = irei(db_path, "audit", "log", "--entity", "import")
    assert code == 0, output
    assert "File: (blank) → recovery_messy.xlsx;" in output
    assert "New records: (blank) → 120;" in output and "Rows rejected: (blank) → 0;" in output
    assert "Import profile: (blank) → recovery;" in output and "SHA-256 of the file:" in output
    assert "sha256" not in output and "created" not in output


def _records_shown(output: str) -> set[str]:
    """The Record column of an `irei audit log` table."""
    rows = [line.split("│") for line in output.splitlines() if line.startswith("│")]
    return {row[5].strip() for row in rows if row[5].strip()}


def test_the_record_column_quotes_a_record_as_id_takes_it(  # type: ignore[no-untyped-def]
    database: Database, actor: str, db_path: str, monkeypatch
) -> None:
    """It showed ids nothing else shows ("lot 3"), and --id took only those."""
    monkeypatch.setenv("COLUMNS", "250")
    create_person(database, actor, name="阿部　勇", register_no=4321)
    section = add_section(database)
    lot_id = register_lot(database, actor)
    with database.reading() as session:
        lot = session.get(RemainsLot, lot_id)
        place = session.get(Location, section)
        assert lot is not None and place is not None
    for entity, given, shown in [
        ("person", "Reg. No. 4321", "person Reg. No. 4321"),
        ("lot", lot.lot_number, f"lot {lot.lot_number}"),
        ("place", place.code.lower(), f"place {place.code}"),
    ]:
        code, output = irei(db_path, "audit", "log", "--entity", entity, "--id", given)
        assert code == 0, output
        assert _records_shown(output) == {shown}
    assert _records_shown(_japanese_log(db_path, "--entity", "person", "--id", "番号 4321")) == {
        "戦没者 番号 4321"
    }
    assert log(db_path, "--entity", "lot", "--id", lot.lot_number) == log(
        db_path, "--entity", "lot", "--id", str(lot_id)
    )  # a script's id kept


def test_an_id_that_quotes_no_record_of_its_kind_is_refused_in_one_line(db_path: str) -> None:
    code, output = irei(db_path, "audit", "log", "--entity", "lot", "--id", "2019-HB-012-99999")
    assert (code, output.count("\n")) == (1, 1) and output.startswith("irei: ")
    code, output = irei(db_path, "audit", "log", "--entity", "ceremony", "--id", "追悼の集い")
    assert (code, output) == (1, "irei: --id: '追悼の集い' is not an id\n")
    code, output = irei(db_path, "audit", "log", "--id", "CF1-V1")
    assert (code, output) == (1, "irei: --id: say which kind of record the id is of\n")


def test_an_analysis_is_quoted_by_specimen_kind_and_date_and_found_by_its_specimen(  # type: ignore[no-untyped-def]
    database: Database, actor: str, db_path: str, monkeypatch
) -> None:
    """It read "analysis 1", an id nothing prints, and --id refused the specimen's number."""
    monkeypatch.setenv("COLUMNS", "250")
    register_lot(database, actor, specimens=("HB-012-19-9001", "HB-012-19-9002"))
    for specimen, kind, on in [
        ("HB-012-19-9001", "DNA(STR)", "令和3年3月4日"),
        ("HB-012-19-9001", "DNA(Y-STR)", "2021-05"),
        ("HB-012-19-9002", "DNA(STR)", "令和3年3月4日"),
    ]:
        added = ("analysis", "add", specimen, "--kind", kind, "--affiliation", "pending")
        code, output = irei(db_path, *added, "--on", on, "--reason", "report")
        assert code == 0, output
    output = _japanese_log(db_path, "--entity", "analysis", "--id", "ＨＢ－０１２－１９－９００１")
    assert _records_shown(output) == {
        "鑑定 HB-012-19-9001 DNA(STR) 令和3年3月4日",
        "鑑定 HB-012-19-9001 DNA(Y-STR) 2021-05",
    }
    first = log(db_path, "--entity", "analysis", "--id", "HB-012-19-9001")[-1]
    assert first == log(db_path, "--entity", "analysis", "--id", str(first["entity_id"]))[0]
    code, output = irei(db_path, "audit", "log", "--entity", "analysis", "--id", "HB-012-19-9999")
    assert (code, output) == (1, "irei: --id: no lot has specimen HB-012-19-9999\n")


REGISTER_HEADINGS = (
    "番号,氏名（カナ）,氏名（漢字）,生年,死亡年月日,死亡場所,収容所,埋葬地,出身地,露側記録氏名,備考"
)


def _register(path: Path, remarks: list[str]) -> Path:
    rows = [
        f"{900 + n},テスト タロウ,,1920,1946-01-15,,,,東京都,,{remark}"
        for n, remark in enumerate(remarks)
    ]
    path.write_text("\n".join([REGISTER_HEADINGS, *rows]) + "\n", encoding="utf-8")
    return path


def test_one_imports_events_are_its_corrections_and_its_summary(
    db_path: str, tmp_path: Path
) -> None:
    """What did the corrected file change? Its own events, not the first file's, nor a
    registrar's work before or after it."""
    first = _register(tmp_path / "r1.csv", ["初回", "初回", "初回"])
    corrected = _register(tmp_path / "r2.csv", ["初回", "訂正", "訂正"])
    assert irei(db_path, "import", str(first))[0] == 0
    _ceremony(db_path)
    assert irei(db_path, "import", str(corrected))[0] == 0
    _ceremony(db_path)
    batches = [e["entity_id"] for e in log(db_path, "--entity", "import")]

    second = log(db_path, "--batch", str(batches[0]))

    assert [(e["entity"], e["action"]) for e in second] == [
        ("import", "import"), ("person", "update"), ("person", "update")
    ]  # fmt: skip
    assert {e["reason"] for e in second} == {f"import batch {batches[0]} (r2.csv)"}
    assert [e["action"] for e in log(db_path, "--batch", str(batches[1]))] == ["import"]
    newest, *rest = log(db_path, "--batch", str(batches[0]), "--limit", "1")
    assert (
        rest == []
        and log(db_path, "--batch", str(batches[0]), "--before", str(newest["id"])) == second[1:]
    )
    code, output = irei(db_path, "audit", "log", "--batch", "99")
    assert (code, output.strip()) == (1, "irei: no import batch 99")
