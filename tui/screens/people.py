"""People: search as you type across every form of a name, with filters, over a table that
reads a window of rows at a time."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Header, Input, Select, Static

from records.prefectures import PREFECTURES
from tui.i18n import N_, _
from tui.queries import (
    Choices,
    PeopleSearchSource,
    PeopleSource,
    PersonFilters,
)
from tui.screens.base import FilteredListScreen, SearchBox
from tui.widgets.key_bar import key_bar
from tui.widgets.paged_table import Column, PagedTable, PageSource

PEOPLE_COLUMNS = [
    # 番号 in the death register, or the app's number of a person outside it: "No. 2400000".
    Column(N_("Reg. No."), 11),
    Column(N_("Name"), 14, grow=6),
    Column(N_("Reading"), 16, grow=6),
    Column(N_("Died"), 10),
    Column(N_("Prefecture"), 8, grow=2),  # its title is 10 cells
    Column(N_("Site"), 6),
    Column(N_("Id."), 3),
]


class PeopleScreen(FilteredListScreen):
    FIRST_FILTER = "#identified"
    HEADING = N_("People")

    def compose(self) -> ComposeResult:
        yield Header()
        yield SearchBox(
            placeholder=_("Name in any script (kanji, kana, Cyrillic…) or 番号"), id="search"
        )
        with Horizontal(id="filters"):
            yield Select[str](
                [(_("identified"), "yes"), (_("unidentified"), "no")],
                prompt=_("Identified?"),
                id="identified",
            )
            yield Select[str]([], prompt=_("Country"), id="country")
            yield Select[int]([], prompt=_("Burial site"), id="site")
            yield Select[str](
                [(name, code) for code, name in PREFECTURES],
                prompt=_("Prefecture"),
                id="prefecture",
            )
        yield Static("", id="count")
        yield PagedTable(PEOPLE_COLUMNS, id="people")
        yield key_bar()

    def fill_choices(self, found: Choices) -> None:
        self.query_one("#country", Select).set_options((c, c) for c in found.person_countries)
        self.query_one("#site", Select).set_options((label, i) for i, label in found.sites)

    def filters(self) -> PersonFilters:
        identified = self.chosen("#identified")
        site = self.chosen("#site")
        return PersonFilters(
            identified=None if identified is None else identified == "yes",
            country=str(self.chosen("#country") or ""),
            burial_site_id=site if isinstance(site, int) else None,
            prefecture_code=str(self.chosen("#prefecture") or ""),
        )

    def rows(self) -> tuple[PageSource, list[str]]:
        text = self.query_one("#search", Input).value.strip()
        source = (
            PeopleSearchSource(self.database, text, self.filters())
            if text
            else PeopleSource(self.database, self.filters())
        )
        return source, [_(c.title) for c in PEOPLE_COLUMNS]

    def open_record(self, record_id: int) -> None:
        from tui.screens.person import PersonScreen

        self.app.push_screen(PersonScreen(self.database, self.actor, record_id))
