"""The first screen: counts by status and by region, the latest imports, and the lots waiting
for an affiliation decision."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from rich.cells import cell_len
from rich.columns import Columns
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Header, Static

from records.errors import IreiError
from records.models import ImportBatch
from records.status import LotStatus
from tui.dashboard_queries import Dashboard, dashboard, last_change
from tui.i18n import N_, _, said_alone
from tui.labels import file_label, status_label
from tui.queries import LotFilters, LotsSource
from tui.screens.base import RecordScreen
from tui.widgets.key_bar import key_bar
from tui.widgets.paged_table import Column, PagedTable

# Status and Country widen, when the terminal has room, to their longest texts:
# "handed to the family" (20 cells) and カザフスタン (12). FY and Site are as wide as
# their values (2007, KZ-013) and 年度 and 埋葬地, to leave Status the room.
LOT_COLUMNS = [
    Column(N_("Lot"), 18),
    Column(N_("Status"), 12, grow=8),
    Column(N_("FY"), 4),
    Column(N_("Country"), 8, grow=4),
    Column(N_("Site"), 6),
    Column(N_("Sets"), 4),
    Column(N_("Remarks"), 10),
]


STATUS, REMARKS = 1, 6


def lot_titles() -> list[str]:
    return [_(c.title) for c in LOT_COLUMNS]


def lot_columns() -> list[Column]:
    """The lot columns for the user's language: Status is never narrower than the status most
    lots wait in, read whole ("affiliation pen…" at 80 columns), and widens from there to the
    longest status; Remarks, as wide as its title, takes what the others leave."""
    columns = list(LOT_COLUMNS)
    waiting = status_label(LotStatus.AFFILIATION_PENDING)
    status = max(cell_len(waiting), cell_len(_(columns[STATUS].title)))
    longest = max(cell_len(status_label(s)) for s in LotStatus)
    columns[STATUS] = replace(columns[STATUS], width=status, grow=max(longest - status, 0))
    columns[REMARKS] = replace(columns[REMARKS], width=cell_len(_(columns[REMARKS].title)))
    return columns


def waiting_columns() -> list[Column]:
    """The lot columns for the lots waiting, which all have one status: its column is as wide
    as that status's words, and no wider."""
    columns = lot_columns()
    columns[STATUS] = replace(columns[STATUS], grow=0)
    return columns


def add_counts(grid: Table, title: str, counts: list[tuple[str, int]], lines: int) -> None:
    """The title, then as many counts as ``lines`` hold: a list that is cut gives its last
    line to how many are left out, so the figures keep their height and a registrar does not
    take the six regions listed for all there are."""
    grid.add_row(Text(title, style="bold"), Text(""))
    shown = counts if len(counts) <= lines else counts[: lines - 1]
    for name, count in shown:
        grid.add_row(Text(name), Text(f"{count:,}", justify="right"))
    if len(shown) < len(counts):
        more = _("… and {more:,} more").format(more=len(counts) - len(shown))
        grid.add_row(Text(more, style="dim"), Text(""))


def import_counts(batch: ImportBatch) -> Columns:
    """What an import did, its counts laid side by side as far as the block is wide: a line
    breaks between them, never inside one (新規 2,200・更新 / 0・不採用 0 at 80 columns). The
    rows found unchanged too: a file imported again read "0 new 0 updated 0 rejected", as
    if nothing had been read."""
    counts = [
        _("{created:,} new").format(created=batch.created),
        _("{updated:,} updated").format(updated=batch.updated),
        _("{unchanged:,} unchanged").format(unchanged=batch.unchanged),
        _("{rejected:,} rejected").format(rejected=batch.rejected),
    ]
    return Columns([Text(count, style="dim") for count in counts], padding=(0, 2))


class DashboardScreen(RecordScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f5", "refresh", N_("Refresh")),
    ]
    DEFAULT_CSS = """
    DashboardScreen #figures { height: auto; max-height: 14; }
    DashboardScreen #figures > Static { width: 1fr; height: auto; padding: 0 1; }
    /* Each count on the line of its words, however narrow the terminal; the imports, the
       least looked at, take what is left. */
    DashboardScreen #figures > #by-status, DashboardScreen #figures > #by-region {
        width: auto;
    }
    DashboardScreen #waiting-title { padding: 0 1; text-style: bold; }
    """

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical():
            with Horizontal(id="figures"):
                yield Static(_("Loading…"), id="by-status")
                yield Static(id="by-region")
                yield Static(id="imports")
            yield Static(_("Lots waiting for a decision"), id="waiting-title")
            yield PagedTable(waiting_columns(), id="waiting")
        yield key_bar()

    figures: Dashboard | None = None
    seen: tuple[int, int] | None = None  # last_change when the figures were read

    def on_mount(self) -> None:
        self.title = _("Dashboard")
        table = self.query_one(PagedTable)
        table.set_source(
            LotsSource(
                self.database, LotFilters(status=LotStatus.AFFILIATION_PENDING), status_label
            ),
            titles=lot_titles(),
        )
        table.focus()
        # The figures count millions of rows on a national database; started after the first
        # frame, they leave the CPU to drawing it: measured on two busy cores, the screen
        # shows ~0.1 s sooner through `irei` and the figures ~0.1 s later.
        self.call_after_refresh(self.load)

    def on_screen_resume(self) -> None:
        # Back from an edit, a decision on a lot or an import: the figures and the lots
        # waiting follow, without F5, if anything was written meanwhile.
        if self.figures is not None:
            self.load(only_if_changed=True)

    def action_refresh(self) -> None:
        self.load()

    async def action_focus_search(self) -> None:
        # No search box of its own: `/` opens the People search, where a name is looked up,
        # with the keys typed behind it (the app holds them until the box has the cursor).
        await self.app.run_action("go('people')")
        await self.app.run_action("focus_search")

    @work(thread=True, exclusive=True, group="dashboard")
    def load(self, only_if_changed: bool = False) -> None:
        try:
            seen = last_change(self.database)
            if only_if_changed and seen == self.seen:
                return
            figures = dashboard(self.database)
        except IreiError as refused:  # the server away: the figures shown stay, F5 reads again
            self.app.call_from_thread(self.notify, said_alone(refused), severity="error")
            return
        self.app.call_from_thread(self.show, figures, seen)

    def show(self, figures: Dashboard, seen: tuple[int, int]) -> None:
        if self.figures is not None:  # a refresh: the lots waiting are read again too
            self.query_one(PagedTable).reload()
        self.figures, self.seen = figures, seen
        status = Table.grid(padding=(0, 1))
        status.add_row(Text(_("Persons"), style="bold"), Text(f"{figures.persons:,}"))
        status.add_row(Text(_("identified")), Text(f"{figures.identified:,}"))
        status.add_row(Text(_("Lots by status"), style="bold"), Text(""))
        for code, count in figures.lots_by_status.items():
            status.add_row(Text(status_label(code)), Text(f"{count:,}", justify="right"))
        self.query_one("#by-status", Static).update(status)

        regions = Table.grid(padding=(0, 1))
        by_region = [
            (region or country, count) for country, region, count in figures.lots_by_region
        ]
        add_counts(regions, _("Lots by region"), by_region, 6)
        add_counts(regions, _("Persons by country"), figures.persons_by_country, 5)
        self.query_one("#by-region", Static).update(regions)

        imports = Table.grid(padding=(0, 1))
        imports.add_row(Text(_("Latest imports (UTC)"), style="bold"))
        if not figures.imports:
            imports.add_row(Text(_("none yet")))
        for batch in figures.imports:
            when = batch.started_at.strftime("%Y-%m-%d")
            imports.add_row(Text(f"{when} {file_label(batch.file_name)}"))
            imports.add_row(Padding(import_counts(batch), (0, 0, 0, 2)))
        self.query_one("#imports", Static).update(imports)

    def on_paged_table_chosen(self, event: PagedTable.Chosen) -> None:
        from tui.screens.lot import LotScreen

        self.app.push_screen(LotScreen(self.database, self.actor, event.record_id))
