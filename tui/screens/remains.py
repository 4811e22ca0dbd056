"""Remains: lots of remains under filters (status, burial site, fiscal year, country, the place
they lie in), or found by lot or specimen number."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Header, Input, Select, Static

from records.status import LotStatus
from tui.i18n import N_, _
from tui.labels import status_label
from tui.queries import Choices, LotFilters, LotsSource, place_choices
from tui.screens.base import FilteredListScreen, SearchBox
from tui.screens.dashboard import lot_columns, lot_titles
from tui.widgets.key_bar import key_bar
from tui.widgets.paged_table import PagedTable, PageSource


class RemainsScreen(FilteredListScreen):
    FIRST_FILTER = "#status"
    HEADING = N_("Remains")
    BINDINGS: ClassVar[list[BindingType]] = [
        # F3, not a letter: the search box has the cursor when the screen opens.
        Binding("f3", "places", N_("Places"), tooltip=N_("Places in the cemetery")),
    ]

    place_names: dict[int, str]  # the place filter's choices, by id

    def compose(self) -> ComposeResult:
        yield Header()
        yield SearchBox(placeholder=_("Lot or specimen number"), id="search")
        with Horizontal(id="filters"):
            yield Select[str](
                [(status_label(s), s.value) for s in LotStatus], prompt=_("Status"), id="status"
            )
            yield Select[int]([], prompt=_("Site"), id="site")
            yield Select[int]([], prompt=_("FY"), id="year")
            yield Select[str]([], prompt=_("Country"), id="country")
            yield Select[int]([], prompt=_("Place"), id="place")
        yield Static("", id="count")
        yield PagedTable(lot_columns(), id="lots")
        yield key_bar()

    def fill_choices(self, found: Choices) -> None:
        self.query_one("#site", Select).set_options((label, i) for i, label in found.sites)
        self.query_one("#year", Select).set_options((str(y), y) for y in found.fiscal_years)
        self.query_one("#country", Select).set_options((c, c) for c in found.lot_countries)
        self.fill_places(found.places)

    def fill_places(self, places: list[tuple[int, str]]) -> None:
        self.place_names = dict(places)
        self.query_one("#place", Select).set_options((label, i) for i, label in places)

    def counted(self, total: int, searching: bool) -> str:
        found = super().counted(total, searching)
        place = self.chosen("#place")
        if not isinstance(place, int):
            return found
        # At 80 columns the filter's box shows only the start of a section's code.
        return _("{found} in {place}").format(found=found, place=self.place_names[place])

    def filters(self) -> LotFilters:
        site, year, place = self.chosen("#site"), self.chosen("#year"), self.chosen("#place")
        return LotFilters(
            status=str(self.chosen("#status") or ""),
            burial_site_id=site if isinstance(site, int) else None,
            fiscal_year=year if isinstance(year, int) else None,
            country=str(self.chosen("#country") or ""),
            number=self.query_one("#search", Input).value.strip(),
            location_id=place if isinstance(place, int) else None,
        )

    def rows(self) -> tuple[PageSource, list[str]]:
        return LotsSource(self.database, self.filters(), status_label), lot_titles()

    def action_places(self) -> None:
        from tui.screens.places import PlacesScreen

        self.app.push_screen(PlacesScreen(self.database, self.actor), self.show_place)

    def show_place(self, place_id: int | None) -> None:
        """The lots in the place chosen among the places, and in the places under it."""
        if place_id is None:
            return
        # Read again: the place may have been added while the places were open.
        with self.database.reading() as session:
            self.fill_places(place_choices(session))
        self.query_one("#place", Select).value = place_id
        self.set_focus(self.query_one(PagedTable))

    def open_record(self, record_id: int) -> None:
        from tui.screens.lot import LotScreen

        self.app.push_screen(LotScreen(self.database, self.actor, record_id))
