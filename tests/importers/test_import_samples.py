"""The ministry's sample files, clean and messy, import with exactly the values in truth_*.json:
every person, every lot with its specimens, every analysis."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from importers.pipeline import apply_import, plan_import
from records.database import Database
from records.models import Analysis, BurialSite, NameForm, Person, RemainsLot, Specimen
from records.prefectures import prefecture_code
from tests.importers.conftest import SAMPLES

AFFILIATION = {
    "日本人": "japanese",
    "日本人以外": "not_japanese",
    "判定不能": "undeterminable",
    "未判定": "pending",
}


def import_all(database: Database, kind: str) -> None:
    for name in (f"soviet_deaths_{kind}.xlsx", f"recovery_{kind}.xlsx", f"analysis_{kind}.csv"):
        report = apply_import(database, "tester", plan_import(database, SAMPLES / name))
        assert report.written and report.counts.rejected == 0, [str(e) for e in report.errors]


def stored_persons(database: Database) -> list[dict[str, object]]:
    with database.reading() as s:
        sites = {site.id: site for site in s.execute(select(BurialSite)).scalars()}
        forms: dict[int, dict[str, str]] = {}
        for form in s.execute(select(NameForm)).scalars():
            forms.setdefault(form.person_id, {})[form.source] = form.text
        rows = []
        for p in s.execute(select(Person).order_by(Person.register_no)).scalars():  # type: ignore[arg-type]
            site = sites[p.burial_site_id]
            rows.append(
                {
                    "no": p.register_no,
                    "kanji": p.name,
                    "kana_roll": p.reading,
                    "form_kana": forms[p.id].get("register-kana"),
                    "form_kanji": forms[p.id].get("register-kanji", ""),
                    "cyrillic": forms[p.id].get("russian-record"),
                    "birth_year": p.birth_year,
                    "death_date": p.death_date,
                    "death_precision": p.death_precision,
                    "country": p.country,
                    "region": p.region,
                    "camp": p.camp,
                    "burial_site": site.name,
                    "site_code": site.code,
                    "prefecture": p.prefecture_code,
                }
            )
        return rows


def expected_persons(kind: str) -> list[dict[str, object]]:
    truth = json.loads((SAMPLES / f"truth_{kind}.json").read_text())["persons"]
    return [
        {
            "no": t["no"],
            "kanji": t["kanji"],
            "kana_roll": t["kana_roll"],
            "form_kana": t["kana_roll"],
            "form_kanji": t["kanji"],
            "cyrillic": t["cyrillic"],
            "birth_year": t["birth_year"],
            "death_date": t["death_date"],
            "death_precision": t["death_precision"],
            "country": t["country"],
            "region": t["region"],
            "camp": t["camp"],
            "burial_site": t["burial_site"],
            "site_code": t["site_code"],
            "prefecture": prefecture_code(t["prefecture"]) or "",
        }
        for t in sorted(truth, key=lambda t: t["no"])
    ]


def stored_lots(database: Database) -> list[dict[str, object]]:
    with database.reading() as s:
        sites = {site.id: site.code for site in s.execute(select(BurialSite)).scalars()}
        specimens: dict[int, list[str]] = {}
        for sp in s.execute(select(Specimen).order_by(Specimen.id)).scalars():  # type: ignore[arg-type]
            specimens.setdefault(sp.lot_id, []).append(sp.number)
        return [
            {
                "lot": lot.lot_number,
                "fiscal_year": lot.fiscal_year,
                "country": lot.country,
                "region": lot.region,
                "site_code": sites[lot.burial_site_id],
                "recovered": lot.recovered_on,
                "count": lot.count,
                "specimens": specimens[lot.id],
                "handed_over_by": lot.handed_over_by,
            }
            for lot in s.execute(select(RemainsLot).order_by(RemainsLot.lot_number)).scalars()  # type: ignore[arg-type]
        ]


def stored_analyses(database: Database) -> list[dict[str, object]]:
    with database.reading() as s:
        numbers = {sp.id: sp.number for sp in s.execute(select(Specimen)).scalars()}
        return [
            {
                "specimen": numbers[a.specimen_id],
                "kind": a.kind,
                "affiliation": a.affiliation,
                "match": a.matched_name,
                "decided": a.decided_on,
            }
            for a in s.execute(select(Analysis).order_by(Analysis.id)).scalars()  # type: ignore[arg-type]
        ]


@pytest.mark.parametrize("kind", ["clean", "messy"])
def test_death_register_imports_exactly_as_truth(database: Database, kind: str) -> None:
    import_all(database, kind)
    assert stored_persons(database) == expected_persons(kind)


@pytest.mark.parametrize("kind", ["clean", "messy"])
def test_recovery_lots_and_specimens_import_exactly_as_truth(database: Database, kind: str) -> None:
    import_all(database, kind)
    truth = json.loads((SAMPLES / f"truth_{kind}.json").read_text())["lots"]
    assert stored_lots(database) == sorted(truth, key=lambda t: t["lot"])


@pytest.mark.parametrize("kind", ["clean", "messy"])
def test_analyses_import_exactly_as_truth(database: Database, kind: str) -> None:
    import_all(database, kind)
    truth = json.loads((SAMPLES / f"truth_{kind}.json").read_text())["analyses"]
    expected = [t | {"affiliation": AFFILIATION[t["affiliation"]]} for t in truth]
    assert stored_analyses(database) == expected


def test_matched_name_links_only_a_sole_namesake(database: Database) -> None:
    import_all(database, "messy")
    with database.reading() as s:
        rows = s.execute(select(Analysis).where(Analysis.matched_name != "")).scalars().all()  # type: ignore[arg-type]
        for analysis in rows:
            namesakes = s.execute(
                select(Person.id).where(Person.name == analysis.matched_name)
            ).all()
            expected = namesakes[0][0] if len(namesakes) == 1 else None
            assert analysis.matched_person_id == expected


def test_every_imported_record_keeps_its_source(database: Database) -> None:
    import_all(database, "messy")
    with database.reading() as s:
        person = s.execute(select(Person).where(Person.register_no == 1)).scalar_one()
        assert (person.source_file, person.source_sheet, person.source_row) == (
            "soviet_deaths_messy.xlsx",
            "名簿",
            5,
        )
        assert person.import_batch_id is not None
        assert person.death_date_text == "1947-10-22"
