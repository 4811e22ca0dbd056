"""The demo's writer: its import batch, the ossuary's vaults, the burial sites abroad, the
people with their name forms, the lots with their history, and the ceremonies' rolls, in
chunks through the bulk path with the indexes built once at the end."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from records.bulk import (
    insert_rows,
    next_id,
    reset_sequences,
    resume_upkeep,
    stored_value,
    suspend_upkeep,
)
from records.demo.history import LotHistory
from records.demo.pools import ABROAD, Part, Pools, fiscal_text, wareki
from records.demo.shape import (
    ANALYSIS_COLUMNS,
    CEMETERY,
    CHUNK,
    CUSTODY_COLUMNS,
    DEMO_FILE,
    DEMO_PROFILE,
    DETAINEE_SHARE,
    HANDED_OVER_BY,
    IDENTIFIED_SHARE,
    LOT_COLUMNS,
    MEMORIAL,
    MEMORIAL_ROLL_LIMIT,
    PERSON_COLUMNS,
    REGISTER_FROM,
    ROLL_COLUMNS,
    SITES_PER_REGION,
    SPECIMEN_COLUMNS,
    SPRING_CEREMONY,
    STATUS_WEIGHTS,
    Progress,
)
from records.models import (
    NAME_FORM_COLUMNS,
    Analysis,
    BurialSite,
    Ceremony,
    CustodyEvent,
    ImportBatch,
    Location,
    NameForm,
    Person,
    RemainsLot,
    RollEntry,
    Specimen,
)
from records.sites import REGIONS
from records.status import LotStatus


@dataclass
class DemoSummary:
    persons: int
    lots: int
    specimens: int
    analyses: int
    custody_events: int
    roll_entries: int
    reused: bool = False


def table_of(model: type[SQLModel]) -> Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


BULK_TABLES = [
    table_of(m) for m in (Person, NameForm, RemainsLot, Specimen, Analysis, CustodyEvent, RollEntry)
]


class DemoWriter:
    """Writes a demo of any size into an empty database, in one connection's transaction."""

    def __init__(self, conn: Connection, rng: random.Random, actor: str, report: Progress) -> None:
        self.conn, self.rng, self.actor, self.report = conn, rng, actor, report
        self.now = datetime.now(UTC)
        # The time the analyses and custody events were recorded, stored as the ORM stores it.
        self.recorded_at = stored_value(conn, table_of(CustodyEvent).c.recorded_at, self.now)
        self.pools = Pools(rng)
        self.sites: list[tuple[int, str, str, str, str]] = []  # id, code, name, region, country
        self.sections: list[int] = []
        self.detainees: list[int] = []
        self.identified: list[tuple[int, str]] = []  # detainees with a kanji name: id, name
        self.form_rows: list[tuple[Any, ...]] = []
        self.last_form_id = 0
        self.batch_id = self._batch()
        self.history = LotHistory(
            rng, actor, self.recorded_at, self.batch_id, self.identified, self.sections
        )

    def write(self, size: int) -> DemoSummary:
        self._locations()
        self._sites()
        suspended = suspend_upkeep(self.conn, BULK_TABLES)
        counts = dict.fromkeys(("persons", "forms", "lots", "specimens", "analyses", "custody"), 0)
        for start in range(1, size + 1, CHUNK):
            persons = list(self._persons(start, min(start + CHUNK, size + 1)))
            counts["persons"] += insert_rows(self.conn, table_of(Person), PERSON_COLUMNS, persons)
            self._flush(counts)
            self.report("persons", counts["persons"], size)
        n_lots = max(size // 10, 20)
        for start in range(1, n_lots + 1, CHUNK):
            lots = list(self._lots(start, min(start + CHUNK, n_lots + 1)))
            counts["lots"] += insert_rows(self.conn, table_of(RemainsLot), LOT_COLUMNS, lots)
            self._flush(counts)
            self.report("lots", counts["lots"], n_lots)
        entries = self._ceremonies()
        self.report("indexes", 0, len(suspended.indexes))
        resume_upkeep(self.conn, suspended, lambda done, total: self.report("indexes", done, total))
        reset_sequences(
            self.conn,
            [
                *BULK_TABLES,
                table_of(Location),
                table_of(BurialSite),
                table_of(Ceremony),
                table_of(ImportBatch),
            ],
        )
        self.conn.execute(
            table_of(ImportBatch)
            .update()
            .values(finished_at=datetime.now(UTC), created=counts["persons"] + counts["lots"])
        )
        return DemoSummary(
            counts["persons"],
            counts["lots"],
            counts["specimens"],
            counts["analyses"],
            counts["custody"],
            entries,
        )

    def _flush(self, counts: dict[str, int]) -> None:
        """Write the rows that hang off the people or lots just inserted."""
        for key, model, columns, rows in (
            ("forms", NameForm, NAME_FORM_COLUMNS, self.form_rows),
            ("specimens", Specimen, SPECIMEN_COLUMNS, self.history.specimen_rows),
            ("analyses", Analysis, ANALYSIS_COLUMNS, self.history.analysis_rows),
            ("custody", CustodyEvent, CUSTODY_COLUMNS, self.history.custody_rows),
        ):
            counts[key] += insert_rows(self.conn, table_of(model), columns, rows)
            rows.clear()

    def _batch(self) -> int:
        batch_id = next_id(self.conn, table_of(ImportBatch))
        self.conn.execute(
            table_of(ImportBatch)
            .insert()
            .values(
                id=batch_id,
                file_name=DEMO_FILE,
                file_sha256="",
                profile=DEMO_PROFILE,
                actor=self.actor,
                started_at=self.now,
                created=0,
                updated=0,
                unchanged=0,
                rejected=0,
            )
        )
        return batch_id

    def _locations(self) -> None:
        table = table_of(Location)
        self.conn.execute(
            table.insert().values(id=1, kind="cemetery", name=CEMETERY, code="CF", version=1)
        )
        rows, next_loc = [], 2
        for vault in range(1, 7):
            vault_id = next_loc
            rows.append((vault_id, 1, "vault", f"第{vault}納骨室", f"CF-V{vault}", 1))
            next_loc += 1
            for section in range(1, 11):
                rows.append(
                    (
                        next_loc,
                        vault_id,
                        "section",
                        f"第{vault}納骨室 第{section}区画",
                        f"CF-V{vault}-S{section:02d}",
                        1,
                    )
                )
                self.sections.append(next_loc)
                next_loc += 1
        insert_rows(self.conn, table, ("id", "parent_id", "kind", "name", "code", "version"), rows)

    def _sites(self) -> None:
        rows, site_id = [], 1
        for region in REGIONS:
            for number in range(1, SITES_PER_REGION + 1):
                code = f"{region.code}-{number:03d}"
                name = f"{region.name}第{number}埋葬地"
                rows.append((site_id, code, name, region.name, region.country, number, 1))
                self.sites.append((site_id, code, name, region.name, region.country))
                site_id += 1
        insert_rows(
            self.conn,
            table_of(BurialSite),
            ("id", "code", "name", "region", "country", "number", "version"),
            rows,
        )

    # People -------------------------------------------------------------------------------

    def _persons(self, first: int, stop: int) -> Iterator[tuple[Any, ...]]:
        # The hot loop of a 2.4-million-person demo: every value comes from a pool drawn
        # once, picked with rng.random() (rng.choice costs ten times more).
        rand, pools = self.rng.random, self.pools
        names, sites, prefectures = pools.names, self.sites, pools.prefectures
        war_deaths, internment_deaths, births = (
            pools.war_deaths,
            pools.internment_deaths,
            pools.births,
        )
        forms, tail = self.form_rows, (self.batch_id, DEMO_FILE, "demo")
        for person_id in range(first, stop):
            f, g, kanji, kana, kanji_key, kana_key = names[int(rand() * len(names))]
            birth = births[int(rand() * len(births))]
            prefecture = prefectures[int(rand() * len(prefectures))]
            if rand() < DETAINEE_SHARE:
                site = sites[int(rand() * len(sites))]
                identified = rand() < IDENTIFIED_SHARE
                self.detainees.append(person_id)
                if identified and len(self.identified) < 50_000:
                    self.identified.append((person_id, kanji))
                search_filters: tuple[Any, ...] = (
                    identified,
                    prefecture if identified else "",
                    site[4],
                    site[0],
                )
                self._detainee_forms(person_id, f, g, search_filters)
                yield (
                    person_id,
                    REGISTER_FROM + person_id,
                    kanji if identified else "",
                    kana if identified else "",
                    *birth,
                    *internment_deaths[int(rand() * len(internment_deaths))],
                    f"{site[4]} {site[3]}",
                    site[4],
                    site[3],
                    pools.camps[int(rand() * len(pools.camps))],
                    site[0],
                    prefecture if identified else "",
                    identified,
                    "",
                    1,
                    *tail,
                    person_id,
                )
                continue
            country = ABROAD[int(rand() * len(ABROAD))]
            self.last_form_id += 2
            form_id = self.last_form_id
            search_filters = (True, prefecture, country, None)
            forms.append(
                (
                    form_id - 1,
                    person_id,
                    kanji,
                    "kanji",
                    "register-kanji",
                    kanji_key,
                    g.kanji_key,
                    *search_filters,
                )
            )
            forms.append(
                (form_id, person_id, kana, "kana", "reading", kana_key, g.kana_key, *search_filters)
            )
            yield (
                person_id,
                None,
                kanji,
                kana,
                *birth,
                *war_deaths[int(rand() * len(war_deaths))],
                country,
                country,
                "",
                "",
                None,
                prefecture,
                True,
                "",
                1,
                *tail,
                person_id,
            )

    def _detainee_forms(
        self, person_id: int, f: Part, g: Part, search_filters: tuple[Any, ...]
    ) -> None:
        (fg, fgk), (gg, ggk) = self.rng.choice(f.garbled), self.rng.choice(g.garbled)
        forms = [
            (f"{fg} {gg}", "kana", "register-kana", fgk + ggk, ggk),
            (
                f"{f.cyrillic} {g.cyrillic}",
                "cyrillic",
                "russian-record",
                f.cyrillic_key + g.cyrillic_key,
                g.cyrillic_key,
            ),
        ]
        if search_filters[0]:  # identified: the register gives the kanji and its reading
            forms.append(
                (
                    f"{f.kanji}　{g.kanji}",
                    "kanji",
                    "register-kanji",
                    f.kanji_key + g.kanji_key,
                    g.kanji_key,
                )
            )
            forms.append(
                (f"{f.kana} {g.kana}", "kana", "reading", f.kana_key + g.kana_key, g.kana_key)
            )
        for form in forms:
            self.last_form_id += 1
            self.form_rows.append((self.last_form_id, person_id, *form, *search_filters))

    # Lots ---------------------------------------------------------------------------------

    def _lots(self, first: int, stop: int) -> Iterator[tuple[Any, ...]]:
        rng = self.rng
        statuses = [s for s, _ in STATUS_WEIGHTS]
        weights = [w for _, w in STATUS_WEIGHTS]
        for lot_id in range(first, stop):
            site_id, code, _name, region, country = rng.choice(self.sites)
            fiscal_year = rng.randint(1995, 2025)
            recovered = date(fiscal_year, rng.randint(6, 9), rng.randint(1, 28))
            status = rng.choices(statuses, weights)[0]
            if status == LotStatus.HANDED_TO_FAMILY and not self.identified:
                # Remains go to a family only when a DNA match names the person: a demo too
                # small to hold an identified detainee keeps such a lot at its verdict.
                status = LotStatus.JAPANESE
            section = (
                rng.choice(self.sections)
                if status in (LotStatus.INTERRED, LotStatus.REINTERRED)
                else None
            )
            yield (
                lot_id,
                f"{fiscal_year}-{code}-{lot_id:05d}",
                fiscal_year,
                fiscal_text(fiscal_year),
                country,
                region,
                site_id,
                wareki(recovered),
                recovered.isoformat(),
                "day",
                rng.choice((1, 1, 1, 2, 2, 3, 5, 8, 12)),
                HANDED_OVER_BY[country],
                status.value,
                section,
                "",
                1,
                self.batch_id,
                DEMO_FILE,
                "demo",
                lot_id,
            )
            self.history.record(lot_id, code, fiscal_year, recovered, status, section)

    # Ceremonies ---------------------------------------------------------------------------

    def _ceremonies(self) -> int:
        table = table_of(Ceremony)
        for ceremony_id, (name, kind, day) in enumerate((SPRING_CEREMONY, MEMORIAL), 1):
            self.conn.execute(
                table.insert().values(
                    id=ceremony_id, name=name, kind=kind, date=day, place=CEMETERY, version=1
                )
            )
        rows: list[tuple[Any, ...]] = []
        # Every lot interred on the ceremony's day, and no other: the roll agrees with custody.
        for lot_id in self.history.interred_at_ceremony:
            rows.append((len(rows) + 1, 1, None, lot_id, "", "", 1))
        for person_id in self.detainees[:MEMORIAL_ROLL_LIMIT]:
            rows.append((len(rows) + 1, 2, person_id, None, "", "", 1))
        for bare in ("ヤマモト キヨシ", "タナカ イサム", "佐藤　ハルオ"):
            rows.append(
                (
                    len(rows) + 1,
                    2,
                    None,
                    None,
                    bare,
                    "list of a bereaved families' association; to be linked",
                    1,
                )
            )
        return insert_rows(self.conn, table_of(RollEntry), ROLL_COLUMNS, rows)
