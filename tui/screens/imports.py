"""Import a ministry spreadsheet: pick the file, see the detected profile and the first rows,
check it (a dry run: what would be created, updated, unchanged, rejected), then import with
progress and a cancel that leaves the database unchanged. Rejected rows go to a workbook.
A workbook with several sheets whose headers a profile fits (an example sheet, a sheet a year)
offers them in a list, to tick the ones to import."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import (
    Button,
    Checkbox,
    DataTable,
    Header,
    Input,
    ProgressBar,
    SelectionList,
    Static,
)

from importers.errors import ImportRefused, SheetsToChoose
from importers.pipeline import (
    SAVING,
    ImportCancelled,
    ImportPlan,
    apply_import,
    plan_import,
    preview,
)
from importers.profiles import broken_profiles
from importers.reading import RejectedRow
from records.database import Database
from records.messages import Message
from tui.i18n import N_, _, load_settings, said, save_setting
from tui.import_outcome import checked_outcome, imported_outcome, save_rejects
from tui.import_words import found_in, preview_cell, rows_done, sheets_to_choose
from tui.screens.base import RecordScreen
from tui.widgets.import_summary import ImportSummary
from tui.widgets.key_bar import key_bar
from tui.widgets.spreadsheet_tree import SpreadsheetTree
from tui.widgets.text_input import TextInput
from tui.widgets.tick_box import TickBox
from tui.widgets.tick_list import TickList

IMPORT_FOLDER = "import_folder"  # the setting


def import_folder() -> Path:
    """Where the file picker opens: the folder the last file was picked from (ministry files
    arrive in the same place year after year) while it is there, else the working folder."""
    last = load_settings().get(IMPORT_FOLDER)
    if isinstance(last, str) and Path(last).is_dir():
        return Path(last)
    return Path.cwd()


class ImportScreen(RecordScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f6", "check", N_("Check (dry run)")),
        Binding("f7", "run_import", N_("Import")),
        Binding("f8", "cancel_import", N_("Cancel import")),
        Binding("escape", "back", N_("Back")),
        Binding("down", "focus_files", N_("Pick a file"), show=False),
        # Not the app's 検索: there is nothing to search here, but a registrar who presses `/`
        # by habit is taken to where a path is typed, which starts with one.
        Binding("slash", "focus_path", N_("File path")),
    ]
    DEFAULT_CSS = """
    ImportScreen SpreadsheetTree { height: 1fr; min-height: 3; }
    ImportScreen #sheets { display: none; height: auto; max-height: 8; }
    ImportScreen #sheets.offered { display: block; }
    ImportScreen #preview { height: 1fr; min-height: 4; }
    ImportScreen #actions { height: 3; }
    ImportScreen #actions > Checkbox { width: 1fr; }
    """

    def __init__(
        self,
        database: Database,
        actor: str,
        start: Path | None = None,
        kept: dict[str, object] | None = None,
    ) -> None:
        super().__init__(database, actor)
        self.start = start or import_folder()
        # The path typed, the file and sheets chosen and the tick of the same screen before
        # the language was switched (``kept_state``): chosen again once it is shown.
        self.kept = dict(kept or {})
        self.path: Path | None = None
        self.plan: ImportPlan | None = None
        self.offered: list[str] = []  # the sheets to choose from, when the file has several
        self.sheets: list[str] = []  # those chosen, in the workbook's order
        self.cancel = threading.Event()
        self.running = False
        self.started = 0.0  # when the running check or import began, for its pace
        self.doing = ""  # what the running check or import is doing: its rows, then each step
        self.told = ""  # said under it, to Esc pressed meanwhile
        self.left_out: list[str] = []  # why each broken user profile is left out
        self.found = ""  # what is said of the file chosen, above those

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical():
            yield TextInput(
                placeholder=_(
                    "Path of a workbook (.xlsx, .xls, .ods) or CSV file (or pick it below)"
                ),
                id="path",
            )
            yield SpreadsheetTree(self.start, id="files")
            yield Static(_("No file chosen"), id="profile")
            yield TickList[str](id="sheets")
            yield DataTable[Text](id="preview")
            yield ImportSummary(id="summary")
            yield ProgressBar(total=1, id="progress", show_eta=False)  # not pulsing while idle
            with Horizontal(id="actions"):
                # Unticked, an import is all or nothing, as `irei import` is without
                # --accept-valid; either way the rejected rows go to a workbook.
                yield TickBox(_("Skip rejected rows"), id="accept")
                yield Button(_("Check"), id="check")
                yield Button(_("Import"), variant="primary", id="import")
                yield Button(_("Cancel"), variant="error", id="cancel", disabled=True)
        yield key_bar()

    def on_mount(self) -> None:
        self.title = _("Import")
        # The path box first: a path typed at once goes there, not to the app's own keys.
        path_box = self.query_one("#path", Input)
        path_box.focus()
        path_box.value = str(self.kept.get("typed", ""))
        chosen = self.kept.get("chosen")
        if isinstance(chosen, str):
            self.choose(Path(chosen))
            self.query_one("#accept", Checkbox).value = self.kept.get("accept") is True

    def kept_state(self) -> dict[str, object]:
        """What the registrar typed and chose, for this screen built again in the other
        language; what was checked is not kept, it is said in the language it was said in."""
        return {
            "typed": self.query_one("#path", Input).value,
            "chosen": None if self.path is None else str(self.path),
            # Those still to be ticked again, if the file's sheets are not offered yet.
            "sheets": self.sheets or self.kept.get("sheets", []),
            "accept": self.query_one("#accept", Checkbox).value,
        }

    def action_focus_path(self) -> None:
        self.set_focus(self.query_one("#path", Input))

    def action_focus_files(self) -> None:
        """Down from the path box goes on to the file picker below it."""
        if self.focused is self.query_one("#path", Input):
            self.query_one(SpreadsheetTree).focus()

    def action_back(self) -> None:
        """Not away from a running import (one transaction, going on unseen): said, as a
        silent Esc read as a hang."""
        if not self.running:
            self.app.switch_mode("dashboard")
        elif self.query_one("#cancel", Button).disabled:  # the commit has begun
            self.tell(_("The import is being saved: it will finish shortly"))
        else:
            self.tell(_("An import is running: F8 cancels it (nothing is written)"))

    def tell(self, message: str) -> None:
        """Said under what the import is doing, not in a notification: at 80×24 one lay over
        the buttons, which cut the Japanese characters at their edges to blanks."""
        self.told = message
        self.say_doing(self.doing)

    def say_doing(self, doing: str) -> None:
        self.doing = doing
        self.query_one(ImportSummary).report("\n".join(line for line in (doing, self.told) if line))

    # Choosing a file ----------------------------------------------------------------------

    def on_directory_tree_file_selected(self, event: SpreadsheetTree.FileSelected) -> None:
        self.query_one("#path", Input).value = str(event.path)
        self.choose(Path(event.path))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.choose(Path(event.value.strip()).expanduser())

    def choose(self, path: Path) -> None:
        """Nothing shown or planned about the file chosen before outlives it: its rows beside
        this file's refusal would read as this file's. Nor does Skip rejected rows, ticked for
        rows the registrar saw rejected: another file is all or nothing until its own are seen
        (kept ticked, the next file was imported without the rows nobody had looked at)."""
        if path != self.path:
            self.query_one("#accept", Checkbox).value = False
        self.path, self.plan = path, None
        self.offered, self.sheets = [], []
        sheets = self.query_one("#sheets", SelectionList)
        sheets.remove_class("offered")
        sheets.clear_options()
        self.hide_preview()
        self.query_one(ImportSummary).report("")
        self.reading(path)
        self.show_preview(path, [])

    def current(self, path: Path, sheets: list[str]) -> bool:
        """Whether a worker's result is for the file and sheets now chosen: a slow read or
        check of the file chosen before ends after it."""
        return (path, sheets) == (self.path, self.sheets)

    def reading(self, path: Path) -> None:
        """Say that the file is being read, until its preview or its refusal replaces this."""
        self.say_found(_("Reading {file}…").format(file=path.name))

    @work(thread=True, exclusive=True, group="import-preview")
    def show_preview(self, path: Path, sheets: list[str]) -> None:
        self.recheck_profiles()
        try:
            shown = preview(path, 5, sheets=sheets)
        except SheetsToChoose as error:
            self.app.call_from_thread(self.offer_sheets, path, error)
            return
        except (ImportRefused, OSError) as error:
            self.app.call_from_thread(self.refuse_preview, path, sheets, said(error))
            return
        self.app.call_from_thread(self.fill_preview, path, sheets, shown)

    def refuse_preview(self, path: Path, sheets: list[str], message: str) -> None:
        """The refusal in the preview's place; a list of sheets offered stays, to untick one
        that cannot be read."""
        if self.current(path, sheets):
            self.hide_preview()
            self.say_found(message)

    def offer_sheets(self, path: Path, error: SheetsToChoose) -> None:
        """The sheets whose headers a profile fits, in a list to tick the ones to import."""
        if path != self.path:
            return
        self.hide_preview()
        self.say_found(sheets_to_choose(path, error.sheets))
        self.offered = error.sheets
        sheets = self.query_one("#sheets", SelectionList)
        sheets.clear_options()
        sheets.add_options([(name, name) for name in error.sheets])
        sheets.highlighted = 0  # Space ticks the first at once
        sheets.add_class("offered")
        sheets.focus()
        ticked = self.kept.pop("sheets", [])
        for name in error.sheets:
            if isinstance(ticked, list) and name in ticked:
                sheets.select(name)

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        chosen = set(event.selection_list.selected)
        self.sheets = [name for name in self.offered if name in chosen]
        self.plan = None
        if self.path is not None and self.sheets:
            self.reading(self.path)
            self.show_preview(self.path, self.sheets)
        elif self.path is not None:
            self.hide_preview()
            self.say_found(sheets_to_choose(self.path, self.offered))

    def hide_preview(self) -> None:
        """No rows to show, until a sheet is ticked or for a refused file: the list of sheets
        takes their room (at 80×24, the buttons would go off screen)."""
        table = self.query_one("#preview", DataTable)
        table.clear(columns=True)
        table.display = False

    def fill_preview(self, path: Path, sheets: list[str], shown: Any) -> None:
        if not self.current(path, sheets):
            return
        save_setting(IMPORT_FOLDER, str(path.resolve().parent))  # a convenience: never stops
        layouts = shown.layouts
        profile = layouts[0].profile
        self.say_found(found_in(path, layouts))
        table = self.query_one("#preview", DataTable)
        table.clear(columns=True)
        table.display = True
        fields = frozenset().union(*(layout.fields for layout in layouts))
        columns = [column for column in profile.columns if column.field in fields]
        several = len(layouts) > 1
        table.add_columns(
            *([_("Sheet")] if several else []),
            _("Row"),
            *(c.header for c in columns),
            _("Problems"),
        )
        # A cell that cannot be read shows what the file writes there, marked, not a blank.
        refused_style = Style(color=self.app.theme_variables.get("error"), bold=True, reverse=True)
        for sheet, number, fields_read, problems, refused in shown.rows:
            cells = [
                Text(refused[c.header] or _("(blank)"), style=refused_style)
                if c.header in refused
                else Text(preview_cell(fields_read.get(c.field), c))
                for c in columns
            ]
            table.add_row(
                *([Text(sheet)] if several else []),
                Text(str(number)),
                *cells,
                Text("; ".join(map(said, problems))),
            )

    def say(self, target: str, message: str) -> None:
        self.query_one(target, Static).update(Text(message))

    def say_found(self, message: str) -> None:
        """What was found in the file, and under it each user profile left out as broken:
        a file of its format is refused as fitting no profile, which alone would not say why."""
        self.found = message
        self.say("#profile", "\n".join(line for line in (message, *self.left_out) if line))

    def recheck_profiles(self) -> None:
        """From a worker, before a preview, a check or an import: the user's profiles are
        read again (a few small files), as the file will be read with them. A profile mended
        in its folder while the screen was open was still said broken at F6 and F7."""
        broken = [said(b.error) for b in broken_profiles()]
        self.app.call_from_thread(self.leave_out, broken)

    def leave_out(self, problems: list[str]) -> None:
        if problems != self.left_out:
            self.left_out = problems
            self.say_found(self.found)

    # Dry run and import -------------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {
            "check": self.action_check,
            "import": self.action_run_import,
            "cancel": self.action_cancel_import,
        }
        actions[event.button.id or "check"]()

    def progress(self, done: int, total: int | None) -> None:
        self.app.call_from_thread(self.rows_read, done, total, rows_done(done, total, self.started))

    def rows_read(self, done: int, total: int | None, said_so: str) -> None:
        """The rows read so far and their pace, as `irei import` says them; not once the
        registrar cancelled, which is said until the import stops."""
        self.query_one(ProgressBar).update(total=total, progress=done)
        if not self.cancel.is_set():
            self.say_doing(said_so)

    def stage(self, step: Message) -> None:
        self.app.call_from_thread(self.after_rows, step)

    def after_rows(self, step: Message) -> None:
        """A step after the rows (an index built, the commit): at a million rows they take
        seconds, in which a full bar standing still reads as a hang. It pulses instead. Once
        the commit has begun nothing stops it: Cancel is no longer offered (it said
        "Cancelling…", then "Imported")."""
        if step == SAVING:
            self.query_one("#cancel", Button).disabled = True
        self.query_one(ProgressBar).update(total=None)
        if not self.cancel.is_set():
            self.say_doing(said(step))

    def typed_file(self) -> Path | None:
        """The file the path box names: F6 and F7 act on what the registrar sees there, even
        when Enter was not pressed after typing it (or after changing the chosen file's name)."""
        typed = self.query_one("#path", Input).value.strip()
        if typed and Path(typed).expanduser() != self.path:
            self.choose(Path(typed).expanduser())
        return self.path

    def action_check(self) -> None:
        path = None if self.running else self.typed_file()
        if path is None:
            self.notify(_("Choose a file first"), severity="warning")
            return
        self.busy(True)
        self.dry_run(path, self.query_one("#accept", Checkbox).value, self.sheets)

    @work(thread=True, exclusive=True, group="import")
    def dry_run(self, path: Path, accept_valid: bool, sheets: list[str]) -> None:
        self.recheck_profiles()
        try:
            plan = plan_import(self.database, path, progress=self.progress, sheets=sheets)
        except ImportRefused as error:
            self.app.call_from_thread(self.refused, path, sheets, error)
            return
        assert plan.counts is not None  # compared: a plan_import is
        message = checked_outcome(plan.counts, accept_valid)
        self.app.call_from_thread(self.checked, path, sheets, plan, message)

    def checked(self, path: Path, sheets: list[str], plan: ImportPlan, message: str) -> None:
        """The plan F7 imports, unless another file or other sheets were chosen meanwhile."""
        if self.current(path, sheets):
            self.plan = plan
        self.finished(message, plan.rejects, several_sheets=len(plan.layouts) > 1)

    def refused(self, path: Path, sheets: list[str], error: ImportRefused) -> None:
        """A file refused at its check or import: its earlier preview and plan go, since
        they show the file as it no longer is; a list of sheets offered stays, or is offered
        afresh when the file now has several."""
        if isinstance(error, SheetsToChoose):
            message = sheets_to_choose(path, error.sheets)
        else:
            message = said(error)
        if self.current(path, sheets):
            self.plan = None
            self.hide_preview()
            if isinstance(error, SheetsToChoose):
                self.offer_sheets(path, error)
            else:
                self.say_found(sheets_to_choose(path, self.offered) if self.offered else "")
        self.finished(message, nothing_done=True)

    def action_run_import(self) -> None:
        path = None if self.running else self.typed_file()
        if path is None:
            self.notify(_("Choose a file first"), severity="warning")
            return
        self.busy(True)
        self.import_file(path, self.query_one("#accept", Checkbox).value, self.sheets)

    @work(thread=True, exclusive=True, group="import")
    def import_file(self, path: Path, accept_valid: bool, sheets: list[str]) -> None:
        self.recheck_profiles()
        try:
            plan = self.plan or plan_import(self.database, path, sheets=sheets)
            report = apply_import(
                self.database,
                self.actor,
                plan,
                accept_valid=accept_valid,
                progress=self.progress,
                cancel=self.cancel,
                stage=self.stage,
            )
        except ImportCancelled:
            cancelled = _("Import cancelled: nothing was changed")
            self.app.call_from_thread(self.finished, cancelled, nothing_done=True)
            return
        except ImportRefused as error:
            self.app.call_from_thread(self.refused, path, sheets, error)
            return
        self.plan = None
        message = imported_outcome(report.counts, report.written)
        if report.rejects:
            message = "\n".join([message, save_rejects(path, plan.layouts, report.rejects)])
            # The workbook to correct and import again, in the picker (its folders open and
            # its cursor kept): the registrar could not pick it without leaving the screen.
            self.app.call_from_thread(self.query_one(SpreadsheetTree).reload)
        self.app.call_from_thread(
            self.finished,
            message,
            report.rejects,
            several_sheets=len(plan.layouts) > 1,
            nothing_done=not report.written,
        )

    def action_cancel_import(self) -> None:
        if self.running and not self.query_one("#cancel", Button).disabled:
            self.cancel.set()
            self.told = ""  # how to cancel, said to an Esc before
            self.say_doing(_("Cancelling…"))

    def busy(self, running: bool) -> None:
        self.running = running
        self.query_one("#cancel", Button).disabled = not running
        self.query_one("#import", Button).disabled = running
        self.query_one("#check", Button).disabled = running
        self.told = ""
        if running:
            self.cancel.clear()  # a check after a cancelled import says its rows too
            self.started = time.monotonic()
            self.query_one(ProgressBar).update(total=None, progress=0)
            self.say_doing(_("Working…"))

    def finished(
        self,
        message: str,
        rejects: Sequence[RejectedRow] = (),
        *,
        several_sheets: bool = False,
        nothing_done: bool = False,
    ) -> None:
        """The outcome, and the rejected rows listed under it, to be scrolled through. Where
        it has no room for its first rejected rows (at 80×24, under a list of sheets ticked or
        a refused import's four lines), they take the preview's: the file's first rows were
        read before the check, and the rejected rows came only by Tab and scrolling. A file
        or sheet chosen next is previewed again.

        A bar pulsing through a step after the rows stops with the work, showing how far the
        rows got: full after an import as after a dry run; left pulsing it read ``--%`` beside
        取込完了. It is empty where nothing came of the work (a file refused, an import
        cancelled or, all or nothing, refused for its rejected rows): full beside "Nothing was
        written" it read as a success."""
        self.busy(False)
        bar = self.query_one(ProgressBar)
        if nothing_done:
            bar.update(total=1, progress=0)
        elif bar.total is None:
            bar.update(total=max(bar.progress, 1))
        summary = self.query_one(ImportSummary)
        summary.report(message, rejects, several_sheets=several_sheets)
        if summary.crowded():
            self.query_one("#preview", DataTable).display = False
            summary.call_after_refresh(summary.fit)
