"""What every screen of the app shares: key descriptions in the user's language, and the
database and acting user it was given."""

from __future__ import annotations

import gc
from typing import ClassVar, Protocol, TypeVar, runtime_checkable

from textual import events, work
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Select, Static
from textual.widgets.select import InvalidSelectValueError

from records.database import Database
from tui.dashboard_queries import last_change
from tui.i18n import N_, _, translate_bindings
from tui.queries import SEARCH_CAP, Choices, choices
from tui.widgets.paged_table import PagedTable, PageSource
from tui.widgets.text_input import TextInput

T = TypeVar("T")


@runtime_checkable
class KeepsState(Protocol):
    """A screen that, built again in the other language, shows what it showed: what it
    returns here is given back to the new one as ``kept``."""

    def kept_state(self) -> dict[str, object]: ...


class SearchBox(TextInput):
    """The search box of a list screen. `/` is the key that brings the cursor here, so typed
    here it stays where it is instead of becoming part of the search: no name, lot or
    specimen number holds a slash, and a registrar presses `/` by habit."""

    async def _on_key(self, event: events.Key) -> None:
        if event.character == "/":
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)


class RecordScreen(Screen[None]):
    """A full screen that reads and writes through the database it was given."""

    def __init__(self, database: Database, actor: str) -> None:
        super().__init__()
        self.database = database
        self.actor = actor
        translate_bindings(self)


def count_text(total: int, capped: bool) -> str:
    if capped and total > SEARCH_CAP:
        return _("{count}+ found").format(count=f"{SEARCH_CAP:,}")
    return _("{count} found").format(count=f"{total:,}")


def freeze_long_lived_objects() -> None:
    """Leave the objects of start-up out of every later garbage collection, once per process.

    The modules, screens and widgets built until the first list opens are some 130,000
    objects; each full collection walked them all and stalled a keystroke of the People search
    by 50-200 ms on this machine, at random. Objects created afterwards are still collected."""
    if gc.get_freeze_count() == 0:
        gc.freeze()


class Modal(ModalScreen[T]):
    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)


class FilteredListScreen(RecordScreen):
    """A search box, a row of filters and a paged table of records (People, Remains).
    Subclasses say which filter F2 focuses, which rows the search and filters give and what
    Enter opens."""

    FIRST_FILTER: ClassVar[str]
    HEADING: ClassVar[str]  # marked with N_, translated when the screen mounts

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "focus_filters", N_("Filters")),
        Binding("ctrl+r", "clear_filters", N_("Clear filters")),
        Binding("down", "focus_table", N_("To the table"), show=False),
        Binding("escape", "back", N_("Back")),
    ]
    DEFAULT_CSS = """
    FilteredListScreen #filters { height: 3; }
    FilteredListScreen #filters > Select { width: 1fr; }
    /* The filter chosen stays on its line, cut short if it must (CF-V1-S01 第1納骨室 第1区画
       at 80 columns): wrapped, its second line fell on the box's lower edge. */
    FilteredListScreen #filters SelectCurrent Static#label {
        height: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    /* A filter's choices drop down as wide as the longest, not as the filter's box: at 80
       columns 身元判明・遺族へ引渡し split mid-word over two lines. Kept on the screen. */
    FilteredListScreen #filters > Select > SelectOverlay {
        width: auto;
        min-width: 100%;
        constrain: inside inside;
    }
    FilteredListScreen #count { padding: 0 1; color: $text-muted; }
    """

    seen: tuple[int, int] | None = None  # last_change when the user left the list
    shown: tuple[object, ...] = ()  # the search and filters the table's rows answer

    def __init__(
        self, database: Database, actor: str, kept: dict[str, object] | None = None
    ) -> None:
        super().__init__(database, actor)
        # The search and filters of the same screen before the language was switched, by
        # widget id: shown again, each filter once its choices are read.
        self.kept = dict(kept or {})

    def on_mount(self) -> None:
        freeze_long_lived_objects()
        self.title = _(self.HEADING)
        with self.prevent(Input.Changed):
            self.query_one("#search", Input).value = str(self.kept.pop("search", ""))
        self.choose_kept()
        self.refresh_rows()
        self.query_one("#search", Input).focus()
        self.load_choices()

    def kept_state(self) -> dict[str, object]:
        """The search typed and each filter chosen, by widget id: what this screen, built again
        in the other language, shows (``kept``)."""
        chosen = {str(s.id): s.value for s in self.query(Select) if s.value != Select.NULL}
        # A filter whose choices were not read yet is still waiting to be set.
        return {**self.kept, "search": self.query_one("#search", Input).value, **chosen}

    def choose_kept(self) -> bool:
        """Set each filter kept that its choices now offer; whether one was."""
        chosen = False
        with self.prevent(Select.Changed):
            for select in self.query(Select):
                name = str(select.id)
                if name not in self.kept:
                    continue
                try:
                    select.value = self.kept[name]
                except InvalidSelectValueError:
                    continue  # its choices are still being read, or it is no longer one
                del self.kept[name]
                chosen = True
        return chosen

    @work(thread=True, group="choices")
    def load_choices(self) -> None:
        found = choices(self.database)
        self.app.call_from_thread(self.choices_read, found)

    def choices_read(self, found: Choices) -> None:
        self.fill_choices(found)
        if self.choose_kept():
            self.refresh_rows()
        self.kept.clear()  # a choice still not offered is gone from the records

    def fill_choices(self, found: Choices) -> None:
        raise NotImplementedError

    def rows(self) -> tuple[PageSource, list[str]]:
        """The rows under the search and filters as they stand, and the table's titles."""
        raise NotImplementedError

    def asked(self) -> tuple[object, ...]:
        """The search and the filters as the screen shows them."""
        text = self.query_one("#search", Input).value.strip()
        return (text, *(select.value for select in self.query(Select)))

    def refresh_rows(self) -> None:
        self.query_one("#count", Static).update(_("Searching…"))
        source, titles = self.rows()
        self.query_one(PagedTable).set_source(source, titles=titles)
        self.shown = self.asked()

    def chosen(self, selector: str) -> object:
        """What a filter is set to; None when nothing is chosen."""
        value = self.query_one(selector, Select).value
        return None if value == Select.NULL else value

    def open_record(self, record_id: int) -> None:
        raise NotImplementedError

    def on_screen_suspend(self) -> None:
        self.seen = last_change(self.database)

    def on_screen_resume(self) -> None:
        # Back from a record whose status, custody or name the user changed, or from an
        # import: the rows are read again where the user left them, not only once the
        # search is typed again. Nothing written meanwhile, nothing is read.
        if self.seen is not None and last_change(self.database) != self.seen:
            self.query_one(PagedTable).reload()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refresh_rows()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        # set_focus, not focus(), which waits its turn behind the keys already typed: the
        # Enter pressed right after this one would go to the search box again.
        self.set_focus(self.query_one(PagedTable))

    def on_select_changed(self, event: Select.Changed) -> None:
        self.refresh_rows()

    def on_paged_table_counted(self, event: PagedTable.Counted) -> None:
        searching = bool(self.query_one("#search", Input).value.strip())
        self.query_one("#count", Static).update(self.counted(event.total, searching))

    def counted(self, total: int, searching: bool) -> str:
        return count_text(total, searching)

    def on_paged_table_chosen(self, event: PagedTable.Chosen) -> None:
        # A search typed but not yet asked for (its keys still on their way to the screen)
        # leaves the last query's rows in the table: Enter on one would open a record the
        # registrar did not search for, and the next form would be saved on it.
        if self.asked() == self.shown:
            self.open_record(event.record_id)

    def action_focus_table(self) -> None:
        self.set_focus(self.query_one(PagedTable))

    def action_back(self) -> None:
        self.app.switch_mode("dashboard")

    def action_focus_search(self) -> None:
        # At once, not by focus(): the keys typed right behind `/` go to the search box.
        self.set_focus(self.query_one("#search", Input))

    def action_focus_filters(self) -> None:
        self.query_one(self.FIRST_FILTER, Select).focus()

    def action_clear_filters(self) -> None:
        with self.prevent(Select.Changed):
            for select in self.query(Select):
                select.clear()
        self.refresh_rows()
