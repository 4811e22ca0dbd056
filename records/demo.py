"""A synthetic database at any scale, shaped like the real records: kanji names with readings,
katakana garbled by Russian clerks, Cyrillic, sites in Russia, Mongolia and Kazakhstan, lots
in every status, custody, an ossuary with vaults, and the two yearly ceremonies.

It is written through the bulk path (tuples, executemany, indexes built once afterwards) in
one transaction and recorded as one import batch with one audit event."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Table, func
from sqlalchemy.engine import Connection
from sqlmodel import Session, SQLModel, select

from records import audit
from records.analysis_kinds import identifies_a_person
from records.bulk import (
    insert_rows,
    next_id,
    reset_sequences,
    resume_upkeep,
    stored_value,
    suspend_upkeep,
    widened_cache,
)
from records.database import Database
from records.errors import IreiError
from records.garbled_readings import garble_katakana
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
from records.prefectures import PREFECTURES
from records.readings import katakana_to_cyrillic
from records.search_keys import search_key
from records.services.analyses import cited_evidence, named_analysis
from records.services.lot_status import DECIDED_KINDS
from records.sites import REGIONS
from records.status import LotStatus

DEMO_PROFILE = "demo"
# The file name of the demo's import batch and rows, read from no file; the app shows it in
# the registrar's language.
DEMO_FILE = "(demo generator)"
Progress = Callable[[str, int, int], None]

FAMILY = (
    "佐藤 サトウ",
    "鈴木 スズキ",
    "高橋 タカハシ",
    "髙橋 タカハシ",
    "田中 タナカ",
    "伊藤 イトウ",
    "渡辺 ワタナベ",
    "渡邉 ワタナベ",
    "山本 ヤマモト",
    "中村 ナカムラ",
    "小林 コバヤシ",
    "加藤 カトウ",
    "吉田 ヨシダ",
    "山田 ヤマダ",
    "佐々木 ササキ",
    "山口 ヤマグチ",
    "松本 マツモト",
    "井上 イノウエ",
    "木村 キムラ",
    "林 ハヤシ",
    "斎藤 サイトウ",
    "齋藤 サイトウ",
    "清水 シミズ",
    "山崎 ヤマザキ",
    "山﨑 ヤマザキ",
    "森 モリ",
    "池田 イケダ",
    "橋本 ハシモト",
    "阿部 アベ",
    "石川 イシカワ",
    "山下 ヤマシタ",
    "中島 ナカジマ",
    "石井 イシイ",
    "小川 オガワ",
    "前田 マエダ",
    "岡田 オカダ",
    "長谷川 ハセガワ",
    "藤田 フジタ",
    "後藤 ゴトウ",
    "近藤 コンドウ",
    "村上 ムラカミ",
    "遠藤 エンドウ",
    "青木 アオキ",
    "坂本 サカモト",
    "斉藤 サイトウ",
    "福田 フクダ",
    "太田 オオタ",
    "西村 ニシムラ",
    "藤井 フジイ",
    "金子 カネコ",
    "岡本 オカモト",
    "藤原 フジワラ",
    "中野 ナカノ",
    "三浦 ミウラ",
    "原田 ハラダ",
    "中川 ナカガワ",
    "松田 マツダ",
    "竹内 タケウチ",
    "小野 オノ",
    "田村 タムラ",
    "中山 ナカヤマ",
    "和田 ワダ",
    "石田 イシダ",
    "森田 モリタ",
    "上田 ウエダ",
    "原 ハラ",
    "内田 ウチダ",
    "柴田 シバタ",
    "酒井 サカイ",
    "宮崎 ミヤザキ",
    "横山 ヨコヤマ",
    "高木 タカギ",
    "安藤 アンドウ",
    "宮本 ミヤモト",
    "大野 オオノ",
    "小島 コジマ",
    "工藤 クドウ",
    "大塚 オオツカ",
    "菅原 スガワラ",
    "久保 クボ",
    "野口 ノグチ",
    "松井 マツイ",
    "千葉 チバ",
    "岩崎 イワサキ",
    "桜井 サクライ",
    "木下 キノシタ",
    "野村 ノムラ",
    "菊地 キクチ",
    "東 ヒガシ",
)
GIVEN = (
    "正 タダシ",
    "春雄 ハルオ",
    "一郎 イチロウ",
    "清 キヨシ",
    "茂 シゲル",
    "実 ミノル",
    "勇 イサム",
    "博 ヒロシ",
    "進 ススム",
    "弘 ヒロシ",
    "武 タケシ",
    "勝 マサル",
    "三郎 サブロウ",
    "二郎 ジロウ",
    "次郎 ジロウ",
    "正雄 マサオ",
    "義雄 ヨシオ",
    "秀雄 ヒデオ",
    "幸雄 ユキオ",
    "豊 ユタカ",
    "明 アキラ",
    "昭 アキラ",
    "久雄 ヒサオ",
    "正一 ショウイチ",
    "健一 ケンイチ",
    "太郎 タロウ",
    "利雄 トシオ",
    "信夫 ノブオ",
    "敏夫 トシオ",
    "武雄 タケオ",
    "忠雄 タダオ",
    "金蔵 キンゾウ",
    "久 ヒサシ",
    "治 オサム",
    "亀吉 カメキチ",
    "寅雄 トラオ",
    "一男 カズオ",
    "辰雄 タツオ",
    "光男 ミツオ",
    "四郎 シロウ",
    "五郎 ゴロウ",
    "保 タモツ",
    "稔 ミノル",
    "昇 ノボル",
    "誠 マコト",
    "孝 タカシ",
    "隆 タカシ",
    "満 ミツル",
    "栄 サカエ",
    "登 ノボル",
    "正夫 マサオ",
    "重雄 シゲオ",
    "俊夫 トシオ",
    "良一 リョウイチ",
    "善吉 ゼンキチ",
    "留吉 トメキチ",
    "喜一 キイチ",
    "徳治 トクジ",
    "政雄 マサオ",
    "源治 ゲンジ",
    "文雄 フミオ",
    "達雄 タツオ",
)
ABROAD = (
    "フィリピン",
    "中国",
    "ミャンマー",
    "パプアニューギニア",
    "インドネシア",
    "ソロモン諸島",
    "マリアナ諸島",
    "硫黄島",
    "沖縄",
    "樺太",
    "台湾",
    "朝鮮半島",
)
ANALYSIS_KINDS = ("DNA(STR)", "DNA(Y-STR)", "DNA(mtDNA)", "安定同位体")
HANDED_OVER_BY = {
    "ロシア": "ロシア連邦国防省",
    "モンゴル": "モンゴル国防省",
    "カザフスタン": "カザフスタン共和国内務省",
}
SITES_PER_REGION = 60
# The demo register's 番号 start past the sample registers' (1-200), so a sample imported into
# the demo adds its people instead of being refused as other people under the demo's numbers.
REGISTER_FROM = 100_000
DETAINEE_SHARE = 0.10  # of the war dead in the demo, died in Soviet or Mongolian internment
IDENTIFIED_SHARE = 0.72  # of those, identified (about 41,000 of 57,000 names in MHLW's lists)
CHUNK = 50_000
STATUS_WEIGHTS = (
    (LotStatus.RECOVERED, 5),
    (LotStatus.AFFILIATION_PENDING, 15),
    (LotStatus.JAPANESE, 8),
    (LotStatus.NOT_JAPANESE, 5),
    (LotStatus.UNDETERMINABLE, 5),
    (LotStatus.HANDED_TO_FAMILY, 5),
    (LotStatus.INTERRED, 40),
    (LotStatus.HELD, 3),
    (LotStatus.REPATRIATED, 4),
    (LotStatus.DISINTERRED, 2),
    (LotStatus.REINTERRED, 8),
)
AFFILIATION_OF = {
    LotStatus.AFFILIATION_PENDING: "pending",
    LotStatus.NOT_JAPANESE: "not_japanese",
    LotStatus.HELD: "not_japanese",
    LotStatus.REPATRIATED: "not_japanese",
    LotStatus.UNDETERMINABLE: "undeterminable",
}
SPRING_CEREMONY = ("令和8年度 千鳥ヶ淵戦没者墓苑拝礼式", "interment", "2026-05-25")
MEMORIAL = ("シベリア抑留等戦後強制抑留者追悼の集い", "memorial", "2026-08-23")
# Everything the demo records has happened by its spring ceremony: no test, decision or move
# is dated in the future, whatever day the demo is built.
AS_OF = date(2026, 5, 25)
# How many days after the committee's decision a lot in each status last moved.
LAST_MOVE_AFTER = {
    LotStatus.INTERRED: 90,
    LotStatus.DISINTERRED: 400,
    LotStatus.REINTERRED: 430,
    LotStatus.HANDED_TO_FAMILY: 60,
    LotStatus.REPATRIATED: 60,
}
CEMETERY = "千鳥ヶ淵戦没者墓苑"
MEMORIAL_ROLL_LIMIT = 57_000
# The committee's verdict a lot in each status rests on; the statuses before any verdict have
# none.
VERDICT_OF = {
    LotStatus.JAPANESE: LotStatus.JAPANESE,
    LotStatus.HANDED_TO_FAMILY: LotStatus.JAPANESE,
    LotStatus.INTERRED: LotStatus.JAPANESE,
    LotStatus.DISINTERRED: LotStatus.JAPANESE,
    LotStatus.REINTERRED: LotStatus.JAPANESE,
    LotStatus.NOT_JAPANESE: LotStatus.NOT_JAPANESE,
    LotStatus.HELD: LotStatus.NOT_JAPANESE,
    LotStatus.REPATRIATED: LotStatus.NOT_JAPANESE,
    LotStatus.UNDETERMINABLE: LotStatus.UNDETERMINABLE,
}
COMMITTEE = "decision of the affiliation committee"


@dataclass(frozen=True)
class Part:
    """One family or given name from the pools, with everything derived from it once."""

    kanji: str
    kana: str
    kanji_key: str
    kana_key: str
    cyrillic: str
    cyrillic_key: str
    garbled: tuple[tuple[str, str], ...]  # (katakana as a Russian clerk left it, its key)


def _parts(pool: tuple[str, ...], rng: random.Random) -> list[Part]:
    parts = []
    for entry in pool:
        kanji, kana = entry.split()
        cyrillic = katakana_to_cyrillic(kana)
        garbled = {kana} | {garble_katakana(kana, rng) for _ in range(4)}
        parts.append(
            Part(
                kanji,
                kana,
                search_key(kanji),
                search_key(kana),
                cyrillic,
                search_key(cyrillic),
                tuple((g, search_key(g)) for g in sorted(garbled)),
            )
        )
    return parts


@dataclass
class DemoSummary:
    persons: int
    lots: int
    specimens: int
    analyses: int
    custody_events: int
    roll_entries: int
    reused: bool = False


def existing_demo_size(database: Database) -> int | None:
    """The number of people the demo generator made in a demo database, or None if this is
    not one. Only theirs: people imported into the demo afterwards (a sample file, tried out)
    do not make it a demo of another size, to be built again in its place."""
    with database.reading() as session:
        batch = session.execute(
            select(ImportBatch.id).where(ImportBatch.profile == DEMO_PROFILE).limit(1)
        ).first()
        if batch is None:
            return None
        made = select(func.count()).where(Person.import_batch_id == batch.id)
        return int(session.execute(made).scalar_one())


def is_empty(database: Database) -> bool:
    with database.reading() as session:
        return session.execute(select(Person.id).limit(1)).first() is None and (
            session.execute(select(RemainsLot.id).limit(1)).first() is None
        )


def build_demo(
    database: Database, actor: str, size: int, seed: int = 1945, progress: Progress | None = None
) -> DemoSummary:
    """Fill an empty database with ``size`` people and lots in proportion."""
    if size < 10:
        raise IreiError("a demo needs at least 10 persons")
    if not is_empty(database):
        raise IreiError(
            f"{database.display_url()} already holds records; a demo is built only into an "
            "empty database"
        )
    report = progress or (lambda _stage, _done, _total: None)
    with Session(database.engine) as session, session.begin():
        conn = session.connection()
        writer = _DemoWriter(conn, random.Random(seed), actor, report)
        with widened_cache(conn):
            summary = writer.write(size)
        audit.record(
            session,
            actor,
            "demo",
            "ImportBatch",
            writer.batch_id,
            after=vars(summary),
            reason=f"demo database of {size} persons",
        )
    return summary


def _table(model: type[SQLModel]) -> Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


BULK_TABLES = [
    _table(m) for m in (Person, NameForm, RemainsLot, Specimen, Analysis, CustodyEvent, RollEntry)
]


class _Pools:
    """Everything the person loop picks from, built once."""

    def __init__(self, rng: random.Random) -> None:
        family, given = _parts(FAMILY, rng), _parts(GIVEN, rng)
        self.names = [
            (
                f,
                g,
                f"{f.kanji}　{g.kanji}",
                f"{f.kana} {g.kana}",
                f.kanji_key + g.kanji_key,
                f.kana_key + g.kana_key,
            )
            for f in family
            for g in given
        ]
        self.births = [(year, str(year)) for year in range(1895, 1929)]
        self.prefectures = [code for code, _name in PREFECTURES]
        self.war_deaths = [_death_date(rng, date(1937, 7, 7), 2950) for _ in range(20_000)]
        self.internment_deaths = [_death_date(rng, date(1945, 9, 1), 1600) for _ in range(20_000)]
        self.camps = [f"第{a}収容地区第{b}分所" for a in range(1, 41) for b in range(1, 21)]


class _DemoWriter:
    def __init__(self, conn: Connection, rng: random.Random, actor: str, report: Progress) -> None:
        self.conn, self.rng, self.actor, self.report = conn, rng, actor, report
        self.now = datetime.now(UTC)
        # The time the analyses and custody events were recorded, stored as the ORM stores it.
        self.recorded_at = stored_value(conn, _table(CustodyEvent).c.recorded_at, self.now)
        self.pools = _Pools(rng)
        self.batch_id = 0
        self.sites: list[tuple[int, str, str, str, str]] = []  # id, code, name, region, country
        self.sections: list[int] = []
        self.detainees: list[int] = []
        self.identified: list[tuple[int, str]] = []  # detainees with a kanji name: id, name
        self.interred_recent: list[int] = []
        self.form_rows: list[tuple[Any, ...]] = []
        self.specimen_rows: list[tuple[Any, ...]] = []
        self.analysis_rows: list[tuple[Any, ...]] = []
        self.custody_rows: list[tuple[Any, ...]] = []
        self.ids = dict.fromkeys(("form", "specimen", "analysis", "custody"), 0)
        self.last_specimen_analysed = 0
        self.last_kind = ""
        # Specimen numbers run from 0001 within one burial site and fiscal year (HB-012-20-0009),
        # as a recovery file writes them and as a registrar types them.
        self.specimens_of: dict[str, int] = {}

    def write(self, size: int) -> DemoSummary:
        self.batch_id = self._batch()
        self._locations()
        self._sites()
        suspended = suspend_upkeep(self.conn, BULK_TABLES)
        counts = dict.fromkeys(("persons", "forms", "lots", "specimens", "analyses", "custody"), 0)
        for start in range(1, size + 1, CHUNK):
            persons = list(self._persons(start, min(start + CHUNK, size + 1)))
            counts["persons"] += insert_rows(self.conn, _table(Person), PERSON_COLUMNS, persons)
            self._flush(counts)
            self.report("persons", counts["persons"], size)
        n_lots = max(size // 10, 20)
        for start in range(1, n_lots + 1, CHUNK):
            lots = list(self._lots(start, min(start + CHUNK, n_lots + 1)))
            counts["lots"] += insert_rows(self.conn, _table(RemainsLot), LOT_COLUMNS, lots)
            self._flush(counts)
            self.report("lots", counts["lots"], n_lots)
        entries = self._ceremonies()
        self.report("indexes", 0, len(suspended.indexes))
        resume_upkeep(self.conn, suspended, lambda done, total: self.report("indexes", done, total))
        reset_sequences(
            self.conn,
            [
                *BULK_TABLES,
                _table(Location),
                _table(BurialSite),
                _table(Ceremony),
                _table(ImportBatch),
            ],
        )
        self.conn.execute(
            _table(ImportBatch)
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
            ("specimens", Specimen, SPECIMEN_COLUMNS, self.specimen_rows),
            ("analyses", Analysis, ANALYSIS_COLUMNS, self.analysis_rows),
            ("custody", CustodyEvent, CUSTODY_COLUMNS, self.custody_rows),
        ):
            counts[key] += insert_rows(self.conn, _table(model), columns, rows)
            rows.clear()

    def _batch(self) -> int:
        batch_id = next_id(self.conn, _table(ImportBatch))
        self.conn.execute(
            _table(ImportBatch)
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
        table = _table(Location)
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
            _table(BurialSite),
            ("id", "code", "name", "region", "country", "number", "version"),
            rows,
        )

    # People -------------------------------------------------------------------------------

    def _next(self, kind: str) -> int:
        self.ids[kind] += 1
        return self.ids[kind]

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
            self.ids["form"] += 2
            form_id = self.ids["form"]
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
            self.form_rows.append((self._next("form"), person_id, *form, *search_filters))

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
                _fiscal_text(fiscal_year),
                country,
                region,
                site_id,
                _wareki(recovered),
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
            self._lot_detail(lot_id, code, fiscal_year, recovered, status, section)
            if status == LotStatus.INTERRED and fiscal_year == 2025:
                self.interred_recent.append(lot_id)

    def _lot_detail(
        self,
        lot_id: int,
        code: str,
        fiscal_year: int,
        recovered: date,
        status: LotStatus,
        section: int | None,
    ) -> None:
        rng = self.rng
        self._custody(lot_id, "recovered", None, None, recovered, "ministry recovery mission")
        decided_after = rng.randint(120, 700)
        # A lot recovered lately goes through the same steps, closer together, by AS_OF.
        last_move_after = decided_after + LAST_MOVE_AFTER.get(status, 0)
        scale = min(1.0, (AS_OF - recovered).days / last_move_after)

        def on(days: int) -> date:
            """The day ``days`` after the recovery on the lot's own time scale."""
            return recovered + timedelta(days=int(days * scale))

        decided = on(decided_after)
        # An overturned verdict's tests came between the recovery and the later tests.
        overturned = on(decided_after - 300 if decided_after > 300 else decided_after // 2)
        # What each verdict's decision cites: (specimen, kind of test, date as written).
        found: dict[str, list[tuple[str, str, str]]] = {}
        matched: tuple[int, str] | None = None
        for _ in range(rng.choice((1, 1, 2, 3))):
            specimen_id = self._next("specimen")
            prefix = f"{code}-{fiscal_year % 100:02d}"
            serial = self.specimens_of[prefix] = self.specimens_of.get(prefix, 0) + 1
            number = f"{prefix}-{serial:04d}"
            self.specimen_rows.append(
                (specimen_id, number, lot_id, 1, self.batch_id, DEMO_FILE, "demo", lot_id)
            )
            if status == LotStatus.RECOVERED:
                continue
            drawn = (
                rng.choice(self.identified)
                if (status == LotStatus.HANDED_TO_FAMILY and self.identified)
                else None
            )
            # Every test of a lot handed over matches the one person it was handed over as:
            # matches naming different persons would refuse the hand-over. (Each specimen's
            # draw is still made, so that every other value of the demo stays as it was.)
            matched = matched or drawn
            affiliation = AFFILIATION_OF.get(status, "japanese")
            if status == LotStatus.AFFILIATION_PENDING and lot_id % 2 == 0:
                # The results are in and the committee has yet to meet: a verdict can cite
                # them. (Decided by the lot's number, so the random draws stay as they were.)
                affiliation = "japanese"
            if status == LotStatus.REPATRIATED and rng.random() < 0.5:
                # decisions get overturned: first judged Japanese, later not
                kind = self._analysis(specimen_id, "japanese", None, overturned)
                found.setdefault("first", []).append((number, kind, _wareki(overturned)))
            kind = self._analysis(specimen_id, affiliation, matched, decided)
            found.setdefault(affiliation, []).append((number, kind, _wareki(decided)))
        self._decisions(lot_id, status, overturned, decided, found)
        if status in (LotStatus.INTERRED, LotStatus.DISINTERRED, LotStatus.REINTERRED):
            first = section if status == LotStatus.INTERRED else rng.choice(self.sections)
            self._custody(
                lot_id,
                "interred",
                None,
                first,
                on(decided_after + 90),
                "spring interment ceremony",
            )
            if status != LotStatus.INTERRED:
                self._custody(
                    lot_id,
                    "disinterred",
                    first,
                    None,
                    on(decided_after + 400),
                    "vault renovation",
                )
            if status == LotStatus.REINTERRED:
                self._custody(
                    lot_id,
                    "reinterred",
                    None,
                    section,
                    on(decided_after + 430),
                    "vault renovation completed",
                )
        elif status in (LotStatus.HANDED_TO_FAMILY, LotStatus.REPATRIATED):
            # A hand-over cites the matches naming the person, as change_status records it.
            matches = found["japanese"] if status == LotStatus.HANDED_TO_FAMILY else []
            self._custody(
                lot_id,
                status.value,
                None,
                None,
                on(decided_after + 60),
                COMMITTEE,
                evidence=cited_evidence([named_analysis(*a) for a in matches]),
                person_id=matched[0] if matched else None,
            )

    def _decisions(
        self,
        lot_id: int,
        status: LotStatus,
        overturned: date,
        decided: date,
        found: dict[str, list[tuple[str, str, str]]],
    ) -> None:
        """The committee's decisions a lot in ``status`` rests on, dated and citing the tests
        that found them, as deciding the affiliation records them: an overturned lot's first
        verdict too, dated by its tests."""
        verdict = VERDICT_OF.get(status)
        if verdict is None:
            return
        if "first" in found:
            first = cited_evidence([named_analysis(*a) for a in found["first"]])
            kind = DECIDED_KINDS[LotStatus.JAPANESE]
            self._custody(lot_id, kind, None, None, overturned, COMMITTEE, evidence=first)
        cited = cited_evidence([named_analysis(*a) for a in found.get(verdict.value, [])])
        self._custody(
            lot_id, DECIDED_KINDS[verdict], None, None, decided, COMMITTEE, evidence=cited
        )

    def _analysis(
        self, specimen_id: int, affiliation: str, matched: tuple[int, str] | None, decided: date
    ) -> str:
        """One test of the specimen, recorded; its kind."""
        analysis_id = self._next("analysis")
        supersedes = analysis_id - 1 if self.last_specimen_analysed == specimen_id else None
        self.last_specimen_analysed = specimen_id
        kind = self.rng.choice(ANALYSIS_KINDS)
        if matched and not identifies_a_person(kind):
            # Only a DNA test names whose remains they are (no draw made, so that every other
            # value of the demo stays as it was).
            kind = ANALYSIS_KINDS[0]
        if supersedes is not None:
            # A retest repeats the test it overturns (the draw above still made, so that
            # every other value of the demo stays as it was).
            kind = self.last_kind
        self.last_kind = kind
        self.analysis_rows.append(
            (
                analysis_id,
                specimen_id,
                kind,
                kind,
                affiliation,
                "match" if matched else "",
                matched[1] if matched else "",
                matched[0] if matched else None,
                _wareki(decided),
                decided.isoformat(),
                "day",
                "",
                supersedes,
                self.actor,
                self.recorded_at,
                self.batch_id,
                DEMO_FILE,
                "demo",
                None,
            )
        )
        return kind

    def _custody(
        self,
        lot_id: int,
        kind: str,
        source: int | None,
        target: int | None,
        on: date,
        reason: str,
        *,
        evidence: str = "",
        person_id: int | None = None,
    ) -> None:
        self.custody_rows.append(
            (
                self._next("custody"),
                lot_id,
                kind,
                source,
                target,
                _wareki(on),
                on.isoformat(),
                self.actor,
                reason,
                evidence,
                self.recorded_at,
                person_id,
            )
        )

    # Ceremonies ---------------------------------------------------------------------------

    def _ceremonies(self) -> int:
        table = _table(Ceremony)
        for ceremony_id, (name, kind, day) in enumerate((SPRING_CEREMONY, MEMORIAL), 1):
            self.conn.execute(
                table.insert().values(
                    id=ceremony_id, name=name, kind=kind, date=day, place=CEMETERY, version=1
                )
            )
        rows: list[tuple[Any, ...]] = []
        for lot_id in self.interred_recent[:5_000]:
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
        return insert_rows(self.conn, _table(RollEntry), ROLL_COLUMNS, rows)


def _death_date(rng: random.Random, start: date, span_days: int) -> tuple[str, str, str]:
    day = start + timedelta(days=rng.randrange(span_days))
    shape = rng.random()
    if shape < 0.7:
        return _wareki(day), day.isoformat(), "day"
    if shape < 0.9:
        return f"昭和{day.year - 1925}年{day.month}月", f"{day.year}-{day.month:02d}", "month"
    return f"昭和{day.year - 1925}年", str(day.year), "year"


def _wareki(day: date) -> str:
    if day >= date(2019, 5, 1):
        era, year = "令和", day.year - 2018
    elif day >= date(1989, 1, 8):
        era, year = "平成", day.year - 1988
    else:
        era, year = "昭和", day.year - 1925
    return f"{era}{'元' if year == 1 else year}年{day.month}月{day.day}日"


def _fiscal_text(year: int) -> str:
    if year >= 2019:
        era, number = "令和", year - 2018
    else:
        era, number = "平成", year - 1988
    return f"{era}{'元' if number == 1 else number}年度"


PERSON_COLUMNS = (
    "id",
    "register_no",
    "name",
    "reading",
    "birth_year",
    "birth_year_text",
    "death_date_text",
    "death_date",
    "death_precision",
    "death_place",
    "country",
    "region",
    "camp",
    "burial_site_id",
    "prefecture_code",
    "identified",
    "remarks",
    "version",
    "import_batch_id",
    "source_file",
    "source_sheet",
    "source_row",
)
LOT_COLUMNS = (
    "id",
    "lot_number",
    "fiscal_year",
    "fiscal_year_text",
    "country",
    "region",
    "burial_site_id",
    "recovered_text",
    "recovered_on",
    "recovered_precision",
    "count",
    "handed_over_by",
    "status",
    "location_id",
    "remarks",
    "version",
    "import_batch_id",
    "source_file",
    "source_sheet",
    "source_row",
)
SPECIMEN_COLUMNS = (
    "id",
    "number",
    "lot_id",
    "version",
    "import_batch_id",
    "source_file",
    "source_sheet",
    "source_row",
)
ANALYSIS_COLUMNS = (
    "id",
    "specimen_id",
    "kind",
    "kind_text",
    "affiliation",
    "match_result",
    "matched_name",
    "matched_person_id",
    "decided_text",
    "decided_on",
    "decided_precision",
    "remarks",
    "supersedes_id",
    "recorded_by",
    "recorded_at",
    "import_batch_id",
    "source_file",
    "source_sheet",
    "source_row",
)
CUSTODY_COLUMNS = (
    "id",
    "lot_id",
    "kind",
    "from_location_id",
    "to_location_id",
    "happened_text",
    "happened_on",
    "actor",
    "reason",
    "evidence",
    "recorded_at",
    "person_id",
)
ROLL_COLUMNS = ("id", "ceremony_id", "person_id", "lot_id", "bare_name", "remarks", "version")
