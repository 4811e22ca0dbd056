"""What the person and lot screens share: tabs of related rows, the full value of a cell, a
copied value, the audit history in words."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Header, Static, TabbedContent, TabPane

from records.audit import ImportCreation
from records.models import AuditEvent
from tui.audit_names import Named
from tui.audit_words import what_changed
from tui.i18n import N_, _
from tui.labels import action_label, moment, reason_said
from tui.record_queries import History
from tui.screens.base import RecordScreen
from tui.screens.value import ValueScreen
from tui.widgets.audit_table import AuditTable
from tui.widgets.key_bar import key_bar
from tui.widgets.record_table import RecordTable

TAB_TITLES = {
    "summary": N_("Summary"),
    "forms": N_("Name forms"),
    "analyses": N_("Specimens and analyses"),
    "custody": N_("Custody"),
    "rolls": N_("Ceremony rolls"),
    "audit": N_("Audit history"),
    "sources": N_("Source rows"),
}
TABS = tuple(TAB_TITLES)
# The words on the tabs themselves, short enough for all seven to fit in 80 columns; the help
# names the number key of each by its title.
TAB_LABELS = {
    "summary": N_("Summary"),
    "forms": N_("Name forms"),
    "analyses": N_("Specimens"),
    "custody": N_("Custody"),
    "rolls": N_("Rolls"),
    "audit": N_("Audit"),
    "sources": N_("Sources"),
}
TAB_KEYS = Binding.Group(N_("Tabs"), compact=True)


def audit_rows(events: History, named: Named | None = None) -> list[tuple[str, ...]]:
    return [
        (
            moment(e.at),
            e.actor,
            action_label(e.action),
            _changed_in(e, named),
            reason_said(e.reason),
        )
        for e in reversed(events)
    ]


def _changed_in(event: ImportCreation | AuditEvent, named: Named | None) -> str:
    """What the event changed; for a test shown on its lot's or its person's history, in which
    test, so that it is not read as a change to the lot or the person itself."""
    changes = what_changed(event, named)
    if event.entity != "Analysis":
        return changes
    test = (named or {}).get((event.entity, event.entity_id or 0), str(event.entity_id))
    return _("Test {test}: {changes}").format(test=test, changes=changes)


def source_titles() -> list[str]:
    return [_("Record"), _("File"), _("Sheet"), _("Row")]


def analysis_titles() -> list[str]:
    return [
        _("Specimen"),
        _("Lot"),
        _("Test"),
        _("Affiliation"),
        _("Match"),
        _("Person"),
        _("Decided"),
        _("Remarks"),
    ]


def custody_titles() -> list[str]:
    return [_("Lot"), _("Event"), _("Date"), _("From"), _("To"), _("Who"), _("Why")]


def roll_titles() -> list[str]:
    return [_("Ceremony"), _("Date"), _("Lot"), _("Remarks")]


def audit_titles() -> list[str]:
    return [_("When (UTC)"), _("Who"), _("Action"), _("What changed"), _("Why")]


# The keys every record view has. Each view lists them after its own actions, so that the
# footer, which at 80 columns has room for only five or six keys, shows those first. Copying
# and reloading are rare enough to leave to the help and the palette: in the key bar they
# pushed a lot's corrections (+ - w) past the edge even at 120 columns.
VALUE_BINDINGS: list[BindingType] = [
    Binding("v", "view_value", N_("Full value")),
    Binding("y", "copy_value", N_("Copy value"), show=False),
    Binding("f5", "reload", N_("Reload"), show=False),
]


class RecordTabs(TabbedContent):
    """Tabs whose shown pane is the one last chosen, by a key or a click. TabbedContent also
    shows the pane of whatever gets focus; here only the shown pane's table is ever focused
    on purpose, but Textual may move the focus off a table its pane just hid, onto the next
    table in sight. With two tab keys in one burst, that move could come after the second
    key's switch and bring the first key's tab back: the focus follows the tab, never leads."""

    def on_tab_pane_focused(self, event: TabPane.Focused) -> None:
        event.prevent_default()  # TabbedContent's own handler would show the focus's pane
        event.stop()


class RecordView(RecordScreen):
    """A record's tabs; subclasses fill them in ``load``."""

    HEADING: ClassVar[str]  # the screen's title, untranslated (N_)
    SHOWN_TABS: ClassVar[tuple[str, ...]] = TABS
    opening_tab = "summary"  # the tab shown first

    DEFAULT_CSS = """
    RecordView #heading { height: 1; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back")),
        # The tabs in turn, from the keyboard of any language: the brackets are keys of their
        # own on a JIS keyboard too.
        Binding("left_square_bracket", "next_tab(-1)", N_("Previous tab"), group=TAB_KEYS),
        Binding("right_square_bracket", "next_tab(1)", N_("Next tab"), group=TAB_KEYS),
    ]

    def __init_subclass__(cls, **options: Any) -> None:
        # Each kind of record numbers its own tabs from 1, as they stand on its screen.
        numbered = [
            Binding(str(number), f"tab('{tab}')", TAB_TITLES[tab], show=False)
            for number, tab in enumerate(cls.SHOWN_TABS, start=1)
        ]
        cls.BINDINGS = [*numbered, *cls.__dict__.get("BINDINGS", [])]
        super().__init_subclass__(**options)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical():
            yield Static(id="heading")
            with RecordTabs(initial=self.opening_tab):
                for tab in self.SHOWN_TABS:
                    with TabPane(_(TAB_LABELS[tab]), id=tab):
                        table = AuditTable if tab == "audit" else RecordTable
                        yield table(id=f"{tab}-table")
        yield key_bar()

    def on_mount(self) -> None:
        self.title = _(self.HEADING)
        self.load()
        self.query_one(f"#{self.opening_tab}-table", RecordTable).focus()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_tab(self, tab: str) -> None:
        tabs = self.query_one(TabbedContent)
        if tabs.active == tab:
            self.query_one(f"#{tab}-table", RecordTable).focus()
            return
        tabs.active = tab  # its table is focused when TabActivated arrives

    def action_next_tab(self, step: int) -> None:
        """The tab ``step`` tabs on from the one shown, round from the last to the first."""
        at = self.SHOWN_TABS.index(self.query_one(TabbedContent).active)
        self.action_tab(self.SHOWN_TABS[(at + step) % len(self.SHOWN_TABS)])

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        pane = event.pane.id or ""
        if pane != event.tabbed_content.active:
            # Stale: another tab was chosen since (2 and 1 in one burst of keys); its own
            # TabActivated follows, and focuses its table.
            return
        self.query_one(f"#{pane}-table", RecordTable).focus()

    def value_table(self) -> RecordTable:
        """The table v and y act on: the focused one, or else the shown tab's, which takes the
        focus, so that once the value is closed the arrow keys move along its row; left on the
        tab bar they switched tabs."""
        if isinstance(self.focused, RecordTable):
            return self.focused
        active = self.query_one(TabbedContent).active
        table = self.query_one(f"#{active}-table", RecordTable)
        table.focus()
        return table

    def action_view_value(self) -> None:
        """The cell in full; on the audit history the whole change, since its reason was what
        a registrar opened it for, and the cursor starts on the time."""
        table = self.value_table()
        if table.id == "audit-table":
            row = table.current_row()
            found = None if row is None else (_(TAB_TITLES["audit"]), row)
        else:
            found = table.current_value()
        if found:
            self.app.push_screen(ValueScreen(*found))

    def action_copy_value(self) -> None:
        found = self.value_table().current_value()
        if found:
            self.app.copy_to_clipboard(found[1])
            self.notify(_("Copied to the clipboard"))

    def action_reload(self) -> None:
        self.load()

    def again(self) -> RecordView:
        """The same record in a new screen, on the tab shown: the language was switched, and
        every text of a screen is translated when it is built."""
        screen = self.reopened()
        screen.opening_tab = self.query_one(TabbedContent).active or self.opening_tab
        return screen

    def reopened(self) -> RecordView:
        """A new screen of this record."""
        raise NotImplementedError

    def load(self) -> None:
        raise NotImplementedError
