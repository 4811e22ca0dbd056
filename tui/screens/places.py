"""The places in the cemetery remains are interred in (the cemetery, its ossuary vaults and
their sections), with the lots in each: added and corrected here, each change with its
reason. A new database has none, and a lot can only be interred in a section. Enter on a
place shows the Remains list of the lots in it and the places under it."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Input, Select, Static

from records.database import Database
from records.services.locations import (
    KIND_WORDS,
    PARENT_KIND,
    LocationRow,
    add_location,
    location_rows,
    remove_location,
    rename_location,
)
from tui.i18n import N_, _, said
from tui.labels import field_label
from tui.screens.action_form import ActionForm, ReasonOnlyForm
from tui.screens.base import Modal
from tui.widgets.fitted_table import Fitted, FittedTable
from tui.widgets.key_bar import key_bar
from tui.widgets.text_input import TextInput

if TYPE_CHECKING:
    from sqlmodel import Session


NAME = 1  # the place name's column, the one that gives way


def kind_label(kind: str) -> str:
    word = KIND_WORDS.get(kind)
    return said(word) if word else kind


class PlaceTable(FittedTable):
    """The places, a row each: a name written at length is cut short with an ellipsis, so
    that the kind, the place it lies in and its lots stay on the list (the name is read
    whole in the edit form)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.places: list[LocationRow] = []

    def show(self, places: list[LocationRow]) -> None:
        self.places = places
        self.lay_out()

    def lay_out(self) -> None:
        places = self.places
        columns = [
            Fitted(_("Code"), [p.code for p in places]),
            Fitted(_("Place name"), [p.name for p in places]),
            Fitted(_("Kind"), [kind_label(p.kind) for p in places]),
            Fitted(_("Lies in"), [p.parent_code for p in places]),
            Fitted(_("Lots within"), [f"{p.lots_within:,}" for p in places], justify="right"),
        ]
        widths = [column.width for column in columns]
        left = self.left_for(columns, NAME, self.room(len(places)))
        widths[NAME] = max(min(widths[NAME], left), 1)
        self.fill(columns, widths)


class PlacesScreen(Modal[int | None]):
    """The places; dismissed with the id of the place whose lots the registrar asked for."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_place", N_("New place")),
        Binding("e", "edit_place", N_("Edit")),
        Binding("x", "remove_place", N_("Remove"), tooltip=N_("Remove a place added in error")),
        Binding("delete", "remove_place", N_("Remove"), show=False),
        Binding("escape", "dismiss", N_("Close")),
    ]
    DEFAULT_CSS = """
    PlacesScreen { align: center middle; }
    PlacesScreen > Vertical { width: 90%; max-width: 110; height: 90%; border: round $accent;
                              padding: 0 1; }
    PlacesScreen #hint { color: $text-muted; height: auto; }
    PlacesScreen #places { height: 1fr; }
    """

    def __init__(self, database: Database, actor: str) -> None:
        super().__init__()
        self.database, self.actor = database, actor
        self.places: list[LocationRow] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(_("Places in the cemetery"), style="bold"))
            yield Static("", id="hint")
            yield PlaceTable(id="places")
        yield key_bar()

    def on_mount(self) -> None:
        self.load()
        self.query_one(PlaceTable).focus()

    def load(self, saved: bool | None = None) -> None:
        with self.database.reading() as session:
            self.places = location_rows(session)
        self.query_one(PlaceTable).show(self.places)
        hint = (
            _("Enter: the lots in the place and in the places under it")
            if self.places
            else _(
                "No places yet. Press n to add the cemetery, then its vaults, then their sections: "
                "a lot is interred in a section."
            )
        )
        self.query_one("#hint", Static).update(Text(hint))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if 0 <= event.cursor_row < len(self.places):
            self.dismiss(self.places[event.cursor_row].id)

    def action_new_place(self) -> None:
        self.app.push_screen(PlaceForm(self.database, self.actor, self.places), self.load)

    def action_edit_place(self) -> None:
        place = self.chosen()
        if place is not None:
            self.app.push_screen(
                PlaceForm(self.database, self.actor, self.places, place), self.load
            )

    def action_remove_place(self) -> None:
        place = self.chosen()
        if place is not None:
            self.app.push_screen(RemovePlaceForm(self.database, self.actor, place), self.load)

    def chosen(self) -> LocationRow | None:
        row = self.query_one(DataTable).cursor_row
        return self.places[row] if 0 <= row < len(self.places) else None


class PlaceForm(ActionForm):
    """A new place (its kind and the place it lies in, then code and name), or a place's code,
    name or the place it lies in corrected."""

    FIELDS: ClassVar[tuple[str, ...]] = ("kind", "parent", "code", "name", "reason")
    STALE = N_(
        "{who} changed this place at {when} after you opened it; close the form and open it again"
    )

    def __init__(
        self,
        database: Database,
        actor: str,
        places: list[LocationRow],
        place: LocationRow | None = None,
    ) -> None:
        super().__init__()
        self.database, self.actor = database, actor
        self.places, self.place = places, place

    def compose(self) -> ComposeResult:
        place = self.place
        with VerticalScroll():
            heading = (
                _("New place")
                if place is None
                else _("{kind} {code}").format(kind=kind_label(place.kind), code=place.code)
            )
            yield Static(Text(heading), classes="heading")
            if place is None:
                kinds = [(kind_label(kind), kind) for kind in PARENT_KIND]
                yield from self.field_row(
                    "kind",
                    Select[str](kinds, prompt=_("Cemetery, vault or section"), id="field-kind"),
                )
                yield from self.field_row(
                    "parent",
                    Select[int](
                        [], prompt=_("The place it lies in"), id="field-parent", disabled=True
                    ),
                )
            elif PARENT_KIND.get(place.kind):
                parents = self.parents(PARENT_KIND[place.kind])
                yield from self.field_row(
                    "parent",
                    Select[int](
                        parents, prompt=_("The place it lies in"), id="field-parent",
                        value=self.parent_id(place) or Select.BLANK,
                    ),
                )  # fmt: skip
            code = place.code if place else ""
            name = place.name if place else ""
            yield from self.field_row(
                "code", TextInput(value=code, placeholder="CF-V1-S01", id="field-code")
            )
            yield from self.field_row(
                "name",
                TextInput(value=name, placeholder="第1納骨室 第1区画", id="field-name"),
                _("Place name"),
            )
            yield from self.reason_row(_("Why? (required)"))
            yield from self.buttons()
        yield key_bar()

    def on_mount(self) -> None:
        first = "#field-kind" if self.place is None else "#field-name"
        self.query_one(first).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        # A choice answers what was refused of the one before: its refusal goes at once, and
        # a new kind's places to lie in answer the old kind's.
        field = (event.select.id or "").removeprefix("field-")
        if field in self.FIELDS:
            self.error(field, "")
        if field != "kind":
            return
        within = PARENT_KIND.get(event.value) if isinstance(event.value, str) else None
        parent = self.query_one("#field-parent", Select)
        parent.set_options(self.parents(within))
        parent.disabled = within is None
        self.error("parent", "")

    def parents(self, kind: str | None) -> list[tuple[str, int]]:
        """The places of the kind a place lies in, to choose from."""
        return [(f"{p.code} {p.name}", p.id) for p in self.places if kind and p.kind == kind]

    def parent_id(self, place: LocationRow) -> int | None:
        return next((p.id for p in self.places if p.code == place.parent_code), None)

    def action_save(self) -> None:
        self.clear_errors()
        code = self.query_one("#field-code", Input).value
        name = self.query_one("#field-name", Input).value
        reason = self.reason()
        if reason is None:
            return
        place = self.place
        versions: list[int] = []  # the place's after the save: its own when nothing changed
        if place is not None:
            lies_in = self.chosen_parent()
            written = self.written(
                "code",
                lambda session: versions.append(rename_location(
                    session, self.actor, place.id, name, code, reason,
                    parent_id=lies_in, expected_version=place.version,
                ).version),
            )  # fmt: skip
        else:
            kind = self.query_one("#field-kind", Select).value
            parent = self.query_one("#field-parent", Select).value
            if not isinstance(kind, str):
                self.error("kind", _("choose what kind of place it is"))
                return
            written = self.written(
                "code",
                lambda session: add_location(
                    session, self.actor, kind, name, code, reason,
                    parent_id=parent if isinstance(parent, int) else None,
                ),
            )  # fmt: skip
        if written:
            unchanged = place is not None and versions == [place.version]
            self.notify(_("Nothing was changed") if unchanged else _("Place saved"))
            self.dismiss(True)

    def chosen_parent(self) -> int | None:
        """The place it lies in as chosen: a cemetery has no choice, and lies in none."""
        found = self.query("#field-parent")
        if not found:
            return None
        value = found.first(Select).value
        return value if isinstance(value, int) else None


class RemovePlaceForm(ReasonOnlyForm):
    """A place added in error taken away, with the reason: the service refuses one that holds
    or held lots, or has places under it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Remove")),
        Binding("escape", "cancel", N_("Cancel")),
    ]
    VERB = N_("Remove")
    FIELDS: ClassVar[tuple[str, ...]] = ("place", "reason")
    STALE = PlaceForm.STALE

    def __init__(self, database: Database, actor: str, place: LocationRow) -> None:
        super().__init__()
        self.database, self.actor, self.place = database, actor, place

    def heading(self) -> str:
        return _("Remove a place added in error")

    def named(self) -> tuple[str, str]:
        place = self.place
        line = _("{kind} {code}: {name}").format(
            kind=kind_label(place.kind), code=place.code, name=place.name
        )
        return field_label("place"), line

    def act(self, session: Session, reason: str) -> None:
        place = self.place
        remove_location(session, self.actor, place.id, reason, expected_version=place.version)

    def done(self) -> None:
        self.notify(_("Place removed"))
