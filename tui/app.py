"""The terminal app: counts of the records and a search across every form of a name."""

from __future__ import annotations

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Input, Static

from records.database import Database
from records.search import PersonHit, search
from records.stats import statistics


class IreiApp(App[None]):
    TITLE = "irei 慰霊"
    BINDINGS = [
        Binding("slash", "focus_search", "Search"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, database: Database, *, actor: str, lang: str | None = None) -> None:
        super().__init__()
        self.database = database
        self.actor = actor
        self.lang = lang

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical():
            yield Static(id="counts", markup=False)
            yield Input(placeholder="name in any script, lot or specimen number", id="query")
            yield DataTable(id="results", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("kind", "id", "name", "reading", "died", "prefecture", "site")
        with self.database.reading() as session:
            figures = statistics(session)
        self.query_one("#counts", Static).update(
            f"persons {figures['persons']['total']:,}  lots {figures['lots']['total']:,}  "
            f"ceremonies {figures['ceremonies']['total']:,}"
        )
        self.query_one(Input).focus()

    def action_focus_search(self) -> None:
        self.query_one(Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.run_search(event.value)

    @work(exclusive=True, thread=True)
    def run_search(self, text: str) -> None:
        with self.database.reading() as session:
            hits = search(session, text, 100) if text.strip() else []
        self.call_from_thread(self.show_hits, hits)

    def show_hits(self, hits: list[object]) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for hit in hits:
            if isinstance(hit, PersonHit):
                table.add_row(
                    "person",
                    str(hit.id),
                    hit.name or " / ".join(hit.forms),
                    hit.reading,
                    hit.death_date or "",
                    hit.prefecture,
                    hit.site,
                )
