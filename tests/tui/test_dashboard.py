"""The dashboard follows what was written while another screen covered it, without F5, and
reads its figures again only when something was written. Its latest imports keep their UTC
time whatever zone the database server keeps."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.cells import cell_len
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlmodel import col
from textual.widgets import Select

import tui.screens.dashboard
from records import audit
from records.database import Database, make_engine
from records.models import Person
from records.services.persons import update_person
from records.status import LotStatus
from tests.importers.test_import_pipeline import ROW, register, run
from tests.tui.helpers import screen_lines, settle, synchronously
from tests.tui.test_workflows import first_person, lot_in
from tui.app import IreiApp
from tui.dashboard_queries import Dashboard, dashboard
from tui.i18n import _
from tui.labels import status_label
from tui.queries import choices
from tui.screens.dashboard import DashboardScreen, lot_titles
from tui.screens.lot import LotScreen
from tui.screens.person import PersonScreen


@synchronously
async def test_back_on_the_dashboard_the_figures_follow_a_change(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[Dashboard] = []
    counted = tui.screens.dashboard.dashboard

    def counting(database: Database) -> Dashboard:
        reads.append(counted(database))
        return reads[-1]

    monkeypatch.setattr(tui.screens.dashboard, "dashboard", counting)
    with demo_db.reading() as session:
        person = session.execute(
            select(Person).where(col(Person.identified).is_(False)).limit(1)
        ).scalar_one()
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        board = app.screen
        assert isinstance(board, DashboardScreen) and board.figures is not None
        before = board.figures.identified
        await app.push_screen(PersonScreen(demo_db, "tanaka", first_person(demo_db).id or 0))
        await settle(app, pilot)
        app.pop_screen()  # nothing written meanwhile: the figures are not read again
        await settle(app, pilot)
        assert len(reads) == 1
        await app.push_screen(PersonScreen(demo_db, "tanaka", person.id or 0))
        with demo_db.session() as session:
            update_person(
                session, "tanaka", person.id or 0, {"identified": True, "name": "佐藤　太郎"},
                "DNA match",
                expected_version=person.version,
            )  # fmt: skip
        app.pop_screen()
        await settle(app, pilot)
        assert len(reads) == 2
        assert board.figures.identified == before + 1


@pytest.mark.parametrize("lang", ["en", "ja"])
@synchronously
async def test_at_80_by_24_every_status_is_counted_on_its_own_line(
    demo_db: Database, lang: str
) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        board = app.screen
        assert isinstance(board, DashboardScreen) and board.figures is not None
        lines = screen_lines(app)
        title = _("Lots waiting for a decision")
        waiting = next(i for i, line in enumerate(lines) if title in line)
        # "identified, handed to family" wrapped onto two lines and pushed "reinterred" out.
        for code, count in board.figures.lots_by_status.items():
            said = re.compile(rf"^ {re.escape(status_label(code))} +{count:,} ")
            assert any(said.match(line) for line in lines[:waiting]), status_label(code)


@pytest.mark.parametrize("lang", ["en", "ja"])
@synchronously
async def test_at_80_by_24_the_lots_waiting_show_their_status_and_every_title_whole(
    demo_db: Database, lang: str
) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        lines = screen_lines(app)
        header = next(i for i, line in enumerate(lines) if line.startswith(_("Lot") + " "))

        titles = lines[header].split()
        rows = [line for line in lines[header + 1 : -1] if re.match(r"\d{4}-", line)]

        # "affiliation pen…": the one status of the lots waiting was cut.
        assert titles == lot_titles()
        assert rows and all(
            f" {status_label(LotStatus.AFFILIATION_PENDING)} " in row for row in rows
        )


@pytest.mark.parametrize("lang", ["en", "ja"])
@synchronously
async def test_at_80_by_24_the_region_and_country_lists_say_how_many_are_left_out(
    demo_db: Database, lang: str
) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        board = app.screen
        assert isinstance(board, DashboardScreen) and board.figures is not None
        regions, countries = board.figures.lots_by_region, board.figures.persons_by_country
        assert len(regions) > 6 and len(countries) > 5  # the demo has more than are listed
        text = "\n".join(screen_lines(app))

        # The six regions and five countries listed read as all there were.
        for title, listed, more in [
            (_("Lots by region"), regions[0][1], len(regions) - 5),
            (_("Persons by country"), countries[0][0], len(countries) - 4),
        ]:
            said = _("… and {more:,} more").format(more=more)
            assert re.search(rf"{re.escape(title)}.*?{re.escape(listed)}.*?{said}", text, re.S)
        assert regions[4][1] in text and regions[5][1] not in text, text
        assert countries[3][0] in text and countries[4][0] not in text, text


@pytest.mark.parametrize("lang", ["en", "ja"])
@synchronously
async def test_at_80_by_24_the_remains_list_shows_the_statuses_whole(
    demo_db: Database, lang: str
) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        statuses = _statuses_listed(screen_lines(app))
        app.screen.query_one("#status", Select).value = LotStatus.HANDED_TO_FAMILY.value
        await settle(app, pilot)
        handed = _statuses_listed(screen_lines(app))

        # "affiliation pen…": the status most lots wait in was cut in the Remains list.
        assert status_label(LotStatus.AFFILIATION_PENDING) in statuses
        # "identified, handed to …": the longest status, in English, was cut too.
        assert handed and set(handed) == {status_label(LotStatus.HANDED_TO_FAMILY)}, handed
        assert set(statuses) <= {status_label(code) for code in LotStatus}, statuses


def _statuses_listed(lines: list[str]) -> list[str]:
    """The status of each lot listed, as the lines of the Remains screen show it."""
    return [
        found.group(1) for line in lines if (found := re.match(r"\d{4}-\S+ +(\S.*?) +\d{4} ", line))
    ]


@pytest.mark.parametrize("lang", ["en", "ja"])
@synchronously
async def test_at_80_by_24_the_latest_imports_counts_each_read_whole_on_a_line(
    demo_db: Database, lang: str
) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        board = app.screen
        assert isinstance(board, DashboardScreen) and board.figures is not None
        [batch] = board.figures.imports
        lines = screen_lines(app)

    # 新規 2,200・更新 / 0・不採用 0: the line broke inside the count of updates.
    for count in (
        _("{created:,} new").format(created=batch.created),
        _("{updated:,} updated").format(updated=batch.updated),
        _("{unchanged:,} unchanged").format(unchanged=batch.unchanged),
        _("{rejected:,} rejected").format(rejected=batch.rejected),
    ):
        assert any(count in line for line in lines), (count, lines)


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize(("mode", "select"), [("remains", "#status"), ("people", "#site")])
@synchronously
async def test_at_80_by_24_a_filters_choices_drop_down_each_on_one_line(
    demo_db: Database, lang: str, mode: str, select: str
) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.switch_mode(mode)
        await settle(app, pilot)
        if mode == "remains":
            options = [status_label(code) for code in LotStatus]
        else:
            options = [label for _id, label in choices(demo_db).sites]
        longest = max(options[:8], key=cell_len)  # among those shown before it scrolls
        app.screen.query_one(select, Select).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        lines = screen_lines(app)

    # 身元判明・遺族へ引渡し dropped down as 身元判明・遺 over 族へ引渡し, as wide as the filter.
    framed = re.compile(rf"▊  {re.escape(longest)} +▎")  # in the drop-down, not the list
    assert any(framed.search(line) for line in lines), lines


@pytest.mark.postgres
def test_on_a_server_keeping_tokyo_time_the_latest_import_keeps_its_utc_time(
    pg_database_in_tokyo: Database, tmp_path: Path
) -> None:
    before = audit.now_utc().isoformat(timespec="microseconds")
    run(pg_database_in_tokyo, register(tmp_path / "名簿.xlsx", [ROW]))
    after = audit.now_utc().isoformat(timespec="microseconds")

    [latest] = dashboard(pg_database_in_tokyo).imports

    # The date shown is this time's: read in the server's zone, it would be a day on
    # from 15:00 UTC.
    assert before <= latest.started_at.isoformat(timespec="microseconds") <= after


@synchronously
async def test_in_japanese_the_demos_file_reads_in_japanese(demo_db: Database) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="ja")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        board = "\n".join(screen_lines(app))
        await app.push_screen(
            LotScreen(demo_db, "tanaka", lot_in(demo_db, LotStatus.JAPANESE).id or 0)
        )
        await settle(app, pilot)
        await pilot.press("6")  # the lot's source rows
        await settle(app, pilot)
        sources = "\n".join(screen_lines(app))

    # The demo's stored file name, a word of the app's own, read in English among Japanese.
    for shown in (board, sources):
        assert "（デモデータ生成）" in shown and "(demo generator)" not in shown


def server_gone(database: Database) -> None:
    """The database server stops answering: its URL now names a port nothing listens on."""
    stopped = make_url(database.url).set(port=1).render_as_string(hide_password=False)
    database.engine.dispose()
    database.url, database.engine = stopped, make_engine(stopped)


@pytest.mark.postgres
@synchronously
async def test_f5_with_the_database_server_away_says_so_and_the_app_stays(
    pg_database: Database,
) -> None:
    app = IreiApp(pg_database, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        server_gone(pg_database)
        await pilot.press("f5")
        await settle(app, pilot)

        assert isinstance(app.screen, DashboardScreen)
        assert [n.message for n in app._notifications] == [
            "The database server localhost:1 cannot be reached: try again once it is back"
        ]


@pytest.mark.postgres
@synchronously
async def test_a_screen_reading_with_the_server_away_ends_the_app_on_one_line_not_a_traceback(
    pg_database: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    app = IreiApp(pg_database, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        server_gone(pg_database)
        await pilot.press("p")  # People reads its list as it opens
        await settle(app, pilot)

    assert app.return_code == 1
    said = " ".join(capsys.readouterr().err.split())  # as the terminal wrapped it
    assert said == (
        "irei stopped: the database server localhost:1 cannot be reached: try again once it is back"
    )
