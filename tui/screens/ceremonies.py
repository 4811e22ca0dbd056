"""Ceremonies and their rolls: the screen that lists the ceremonies and previews the chosen
one's roll in print order. Its keys open the forms that create a ceremony and build the roll
(ceremony_forms, roll_candidates) and the roll's export (roll_export)."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult, UnknownModeError
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Static

from exports.order import ORDERS, Order, order_followed
from exports.roll import roll_entries
from exports.rows import RollRow
from records.database import Database
from records.models import RollEntry
from records.services import ceremonies as service
from records.services.interment_rolls import lines_not_interred
from tui.i18n import N_, _, plural
from tui.labels import ceremony_kind_label
from tui.roll_warnings import said_not_interred
from tui.screens.base import RecordScreen
from tui.screens.ceremony_forms import (
    BulkAddScreen,
    CeremonyForm,
    ReadEntryScreen,
    RemoveEntryScreen,
)
from tui.screens.roll_candidates import AddEntryScreen, LinkEntryScreen
from tui.screens.roll_export import ExportScreen
from tui.screens.roll_preview import ROLL_COLUMNS, RollSource, followed_label, shown_columns
from tui.widgets.ceremony_table import CeremonyTable, ListedCeremony
from tui.widgets.key_bar import key_bar
from tui.widgets.paged_table import PagedTable


class CeremoniesScreen(RecordScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        # Short words in the key bar, so that Export still fits at 80 columns; the help lists
        # each key by its tooltip.
        Binding("n", "new_ceremony", N_("New"), tooltip=N_("New ceremony")),
        Binding("a", "add_entry", N_("Add"), tooltip=N_("Search and add")),
        Binding("b", "bulk_add", N_("Bulk add")),
        Binding("l", "link_entry", N_("Link")),
        # k for kana. Off the key bar, which holds no more at 80 columns; the help lists it.
        Binding(
            "k", "read_entry", N_("Reading"), show=False, tooltip=N_("Give a bare name its reading")
        ),
        Binding("x", "remove_entry", N_("Remove")),
        Binding("delete", "remove_entry", N_("Remove"), show=False),
        Binding("o", "next_order", N_("Order")),
        Binding("e", "export", N_("Export")),
        Binding("escape", "back", N_("Back")),
        # As on the dashboard: lines added by `irei roll` while the screen is open.
        Binding("f5", "refresh", N_("Refresh"), show=False),
    ]
    DEFAULT_CSS = """
    CeremoniesScreen #ceremonies { height: 8; }
    CeremoniesScreen #roll-info { padding: 0 1; color: $text-muted; height: 1; }
    """

    def __init__(
        self, database: Database, actor: str, kept: dict[str, object] | None = None
    ) -> None:
        """``kept``: the ceremony chosen and the roll's order, from this screen before the
        language was switched (``kept_state``)."""
        super().__init__(database, actor)
        kept = kept or {}
        self.ceremony_ids: list[int] = []
        self.ceremony_id: int | None = None
        chosen = kept.get("ceremony")
        self.kept_ceremony = chosen if isinstance(chosen, int) else None
        self.order: Order = next((o for o in ORDERS if o == kept.get("order")), "reading")
        self.entries: list[tuple[int, RollRow]] = []
        self.roll_shown: int | None = None  # the ceremony whose roll the table holds

    def compose(self) -> ComposeResult:
        yield Header()
        yield CeremonyTable(id="ceremonies")
        yield Static("", id="roll-info")
        yield PagedTable(ROLL_COLUMNS, id="roll")
        yield key_bar()

    def on_mount(self) -> None:
        self.title = _("Ceremonies")
        self.load_ceremonies(select=self.kept_ceremony)
        self.query_one("#ceremonies", CeremonyTable).focus()

    def kept_state(self) -> dict[str, object]:
        """What this screen, built again in the other language, shows again (``kept``)."""
        return {"ceremony": self.ceremony_id, "order": self.order}

    # Ceremonies ----------------------------------------------------------------------------

    def load_ceremonies(self, select: int | None = None) -> None:
        with self.database.reading() as session:
            found = service.list_ceremonies(session)
        listed = [
            ListedCeremony(
                ceremony.id or 0,
                ceremony.name,
                ceremony.date,
                count,
                ceremony_kind_label(ceremony.kind),
                ceremony.place,
            )
            for ceremony, count in found
        ]
        self.ceremony_ids = [ceremony.id for ceremony in listed]
        table = self.query_one("#ceremonies", CeremonyTable)
        table.show(listed)
        wanted = select if select in self.ceremony_ids else self.ceremony_id
        if wanted in self.ceremony_ids:
            table.move_cursor(row=self.ceremony_ids.index(wanted))
        if not self.ceremony_ids:
            self.query_one("#roll-info", Static).update(_("No ceremonies yet: press n."))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id != "ceremonies" or event.cursor_row >= len(self.ceremony_ids):
            return
        chosen = self.ceremony_ids[event.cursor_row]
        if chosen != self.ceremony_id:
            self.ceremony_id = chosen
            self.load_roll()

    # Roll ----------------------------------------------------------------------------------

    def load_roll(self) -> None:
        if self.ceremony_id is None:
            return
        self.query_one("#roll-info", Static).update(_("Building the roll…"))
        self.build_preview(self.ceremony_id, self.order)

    @work(thread=True, exclusive=True, group="roll")
    def build_preview(self, ceremony_id: int, order: Order) -> None:
        with self.database.reading() as session:
            _info, entries = roll_entries(session, ceremony_id, order)
            not_interred = lines_not_interred(session, ceremony_id)
        shown = shown_columns(entries)  # a walk of the whole roll, kept off the screen's thread
        self.app.call_from_thread(self.show_roll, ceremony_id, order, entries, shown, not_interred)

    def show_roll(
        self,
        ceremony_id: int,
        order: Order,
        entries: list[tuple[int, RollRow]],
        shown: list[int],
        not_interred: list[tuple[str, str]],
    ) -> None:
        if ceremony_id != self.ceremony_id:
            return
        self.entries = entries
        unlinked = sum(not row.linked for _entry, row in entries)
        said_count = plural(
            len(entries),
            N_("{count} entry, {unlinked} unlinked · order: {order}"),
            N_("{count} entries, {unlinked} unlinked · order: {order}"),
        )
        info = said_count.format(
            count=f"{len(entries):,}",
            unlinked=f"{unlinked:,}",
            order=followed_label(order_followed([row for _entry, row in entries], order)),
        )
        # A line with no reading goes last whatever the order: the registrar should know.
        unread = sum(not row.reading for _entry, row in entries if row.name)
        if unread:
            info += " · " + _("{count} without a reading").format(count=f"{unread:,}")
        if not_interred:
            info += " · " + _("{count} not interred now").format(count=f"{len(not_interred):,}")
            if ceremony_id != self.roll_shown:  # told once, not at every reload of the roll
                self.notify(said_not_interred(not_interred), severity="warning")
        self.query_one("#roll-info", Static).update(info)
        columns = [ROLL_COLUMNS[i] for i in shown]
        table = self.query_one("#roll", PagedTable)
        at = self._line_kept(table, entries) if ceremony_id == self.roll_shown else 0
        self.roll_shown = ceremony_id
        table.set_source(
            RollSource(entries, shown), columns=columns, titles=[_(c.title) for c in columns], at=at
        )

    @staticmethod
    def _line_kept(table: PagedTable, entries: list[tuple[int, RollRow]]) -> int:
        """Where the cursor goes on the same roll read again: on the entry it was on, which a
        link or a reading may have moved in gojūon order, or on the line after one removed.
        Back on line 1, the next x offered to remove the wrong line."""
        current = table.current_id
        for number, (entry_id, _row) in enumerate(entries):
            if entry_id == current:
                return number
        return table.cursor

    def refresh_all(self, changed: bool | None = True) -> None:
        if changed:
            self.load_ceremonies()
            self.load_roll()

    def _current_entry(self) -> RollEntry | None:
        entry_id = self.query_one("#roll", PagedTable).current_id
        if entry_id is None:
            self.notify(_("Choose an entry in the roll first."), severity="warning")
            return None
        with self.database.reading() as session:
            return session.get(RollEntry, entry_id)

    def _need_ceremony(self) -> int | None:
        if self.ceremony_id is None:
            self.notify(_("Create or choose a ceremony first."), severity="warning")
        return self.ceremony_id

    # Actions -------------------------------------------------------------------------------

    def action_new_ceremony(self) -> None:
        def created(ceremony_id: int | None) -> None:
            if ceremony_id is not None:
                self.load_ceremonies(select=ceremony_id)

        self.app.push_screen(CeremonyForm(self.database, self.actor), created)

    def action_add_entry(self) -> None:
        if (ceremony_id := self._need_ceremony()) is not None:
            self.app.push_screen(
                AddEntryScreen(self.database, self.actor, ceremony_id), self.refresh_all
            )

    def action_bulk_add(self) -> None:
        if (ceremony_id := self._need_ceremony()) is not None:
            self.app.push_screen(
                BulkAddScreen(self.database, self.actor, ceremony_id), self.refresh_all
            )

    def action_link_entry(self) -> None:
        entry = self._current_entry()
        if entry is None:
            return
        if entry.person_id is not None:
            self.notify(_("This entry is already linked to a person."), severity="warning")
            return
        self.app.push_screen(LinkEntryScreen(self.database, self.actor, entry), self.refresh_all)

    def action_read_entry(self) -> None:
        entry = self._current_entry()
        if entry is None:
            return
        if not entry.bare_name:
            self.notify(_("Only a bare name is given a reading here."), severity="warning")
            return
        self.app.push_screen(ReadEntryScreen(self.database, self.actor, entry), self.refresh_all)

    def action_remove_entry(self) -> None:
        entry = self._current_entry()
        if entry is not None:
            number, name = self._as_shown(entry.id or 0)
            self.app.push_screen(
                RemoveEntryScreen(self.database, self.actor, entry, number, name),
                self.refresh_all,
            )

    def _as_shown(self, entry_id: int) -> tuple[int, str]:
        """The entry's number in the roll and its name, as the table shows them: the entry's
        id means nothing to the registrar."""
        for number, (shown_id, row) in enumerate(self.entries, start=1):
            if shown_id == entry_id:
                return number, row.name or row.reading
        raise AssertionError(f"entry {entry_id} is not on the roll shown")

    def action_refresh(self) -> None:
        self.refresh_all()

    def action_next_order(self) -> None:
        self.order = ORDERS[(ORDERS.index(self.order) + 1) % len(ORDERS)]
        self.load_roll()

    def action_export(self) -> None:
        if (ceremony_id := self._need_ceremony()) is not None:
            self.app.push_screen(ExportScreen(self.database, ceremony_id, self.order))

    def action_back(self) -> None:
        try:
            self.app.switch_mode("dashboard")
        except UnknownModeError:  # the screen shown alone, as in its tests
            self.app.pop_screen()
