"""The roll exported to a file the registrar chooses, in the format and order asked for,
with its progress shown."""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar, cast

import platformdirs
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Input, ProgressBar, Select, Static
from textual.widgets.input import Selection

from exports.order import ORDERS, Order
from exports.roll import FORMATS, build_roll, refuse_misnamed, write_roll
from exports.roll_csv import CsvEncoding
from records.database import Database
from records.errors import IreiError
from records.models import Ceremony
from records.services import ceremonies as service
from tui.i18n import N_, _, load_settings, plural, said, save_setting
from tui.roll_warnings import lots_not_interred
from tui.screens.ceremony_forms import MODAL_CSS, RollForm, form_field
from tui.screens.form import ReplaceFileScreen, labelled_field
from tui.screens.roll_preview import order_label
from tui.widgets.key_bar import key_bar

LAST_FOLDER = "export_folder"  # the setting that keeps the folder last exported to


def documents_folder() -> Path:
    """An irei folder among the user's documents, not whatever folder the app was started
    from; made when a roll is first written there."""
    return Path(platformdirs.user_documents_dir()) / "irei"


def export_folder() -> Path:
    """Where the app proposes to write a roll: the folder last exported to, in this session
    or an earlier one, while it is still there; else the documents folder."""
    last = load_settings().get(LAST_FOLDER)
    if isinstance(last, str) and Path(last).is_dir():
        return Path(last)
    return documents_folder()


_NOT_IN_FILE_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')


def export_name(ceremony: Ceremony, file_format: str) -> str:
    """A file name that says which roll it holds: 2026-08-23_追悼の集い.xlsx."""
    stem = _NOT_IN_FILE_NAMES.sub("_", f"{ceremony.date}_{ceremony.name}").strip(" .")
    return f"{stem[:100]}.{file_format}"


class ExportScreen(RollForm):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "save", N_("Export"))]
    DEFAULT_CSS = MODAL_CSS.format(name="ExportScreen")

    def __init__(self, database: Database, ceremony_id: int, order: Order) -> None:
        super().__init__()
        self.database, self.ceremony_id, self.order = database, ceremony_id, order
        with database.reading() as session:
            self.proposed = export_folder() / export_name(
                service.ceremony(session, ceremony_id), "xlsx"
            )

    def compose(self) -> ComposeResult:
        with Vertical(classes="frame"):
            with VerticalScroll():
                yield Static(Text(_("Export the roll"), style="bold"))
                yield from labelled_field(
                    _("Format"),
                    Select[str](
                        [(f, f) for f in FORMATS], value="xlsx", id="format", allow_blank=False
                    ),
                    "format",
                )
                yield from labelled_field(
                    _("Order"),
                    Select[str](
                        [(order_label(o), o) for o in ORDERS],
                        value=self.order,
                        id="order",
                        allow_blank=False,
                    ),
                    "order",
                )
                yield from labelled_field(
                    _("Encoding (csv)"),
                    Select[str](
                        [("UTF-8 (BOM)", "utf-8-sig"), ("Shift_JIS (cp932)", "cp932")],
                        value="utf-8-sig",
                        id="encoding",
                        allow_blank=False,
                    ),
                    "encoding",
                )
                yield from form_field(_("File"), "path", value=str(self.proposed))
                yield ProgressBar(total=1, id="progress", show_eta=False)  # not pulsing while idle
                yield Static("", classes="error", id="error")
            yield from self.buttons(_("Export"))
        yield key_bar()

    def on_mount(self) -> None:
        # Not the scrolling box around the fields, which Textual would focus first.
        self.query_one("#format", Select).focus()
        # A path is edited more often than typed again: the cursor stays where it was.
        self.query_one("#path", Input).select_on_focus = False

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "format":
            path = self.query_one("#path", Input)
            path.value = str(Path(path.value).with_suffix(f".{event.value}"))

    def action_save(self) -> None:
        path = Path(self.value("#path").strip()).expanduser()
        if not path.name:
            self.error("path", _("Give the file to write."))
            return
        file_format = str(self.query_one("#format", Select).value)
        if not path.suffix:  # a name typed bare (名簿) is given the format's suffix
            path = path.with_name(f"{path.name}.{file_format}")
            self.query_one("#path", Input).value = str(path)
        try:
            refuse_misnamed(path, file_format)
        except IreiError as misnamed:
            self.error("path", said(misnamed))
            return
        if path.exists():

            def answered(replace: bool | None) -> None:
                if replace:
                    self.start_export(path)
                else:
                    self.choose_another_name()

            self.app.push_screen(ReplaceFileScreen(str(path)), answered)
            return
        self.start_export(path)

    def choose_another_name(self) -> None:
        """Back at the file, its name selected: what the registrar types replaces the name and
        keeps the folder and the format's suffix."""
        field = self.query_one("#path", Input)
        name = Path(field.value).name
        start = len(field.value) - len(name)
        field.selection = Selection(start, start + len(Path(name).stem))
        field.focus()

    def start_export(self, path: Path) -> None:
        self.query_one("#save", Button).disabled = True
        self.query_one(ProgressBar).update(total=None, progress=0)  # pulsing until it counts
        self.error("", _("Exporting…"))
        self.export(
            path,
            str(self.query_one("#format", Select).value),
            cast(Order, self.query_one("#order", Select).value),
            cast(CsvEncoding, self.query_one("#encoding", Select).value),
        )

    @work(thread=True, exclusive=True, group="export")
    def export(self, path: Path, file_format: str, order: Order, encoding: CsvEncoding) -> None:
        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(
                self.query_one(ProgressBar).update, total=total, progress=done
            )

        try:
            if path.parent == documents_folder():
                path.parent.mkdir(parents=True, exist_ok=True)  # the folder the app proposed
            with self.database.reading() as session:
                ceremony, rows = build_roll(session, self.ceremony_id, order)
                not_interred = lots_not_interred(session, self.ceremony_id)
            write_roll(path, ceremony, rows, file_format, encoding, progress)
        except (IreiError, OSError) as refused:
            self.app.call_from_thread(self.failed, said(refused))
            return
        self.app.call_from_thread(self.done, path, len(rows), not_interred)

    def failed(self, message: str) -> None:
        self.query_one("#save", Button).disabled = False
        self.query_one(ProgressBar).update(total=1, progress=0)
        self.error("", message)

    def done(self, path: Path, count: int, not_interred: str) -> None:
        written = plural(
            count, N_("{count} entry written to {path}"), N_("{count} entries written to {path}")
        )
        self.notify(written.format(count=f"{count:,}", path=path))
        if not_interred:
            self.notify(not_interred, severity="warning")
        # Only a convenience: unsaved, the next export proposes the documents folder again.
        save_setting(LAST_FOLDER, str(path.parent.resolve()))
        self.dismiss(True)
