"""The candidates for a name, ranked, with their score and the reason for it, laid out for
the terminal's width: the reason is cut short with an ellipsis to what the other columns
leave (its whole words are said under the table, for the candidate the cursor is on).

None is chosen unless one alone matches the whole name: a registrar who saved what the cursor
rested on linked a roll's 佐藤 ハルオ to a 佐藤 正雄 who matched by family name only."""

from __future__ import annotations

from dataclasses import dataclass

from records.matching import MatchScore, matches_whole_name
from records.names import known_as
from records.search import PersonHit
from tui.i18n import _, said
from tui.labels import listed_number, person_number
from tui.widgets.fitted_table import Fitted, FittedTable

# The reason takes what the columns before it leave, at least a word of it; the number and
# the other forms of the name, after it, run past the edge rather than cut it shorter (the
# number is said under the table too, for the candidate the cursor is on).
REASON_AT_LEAST = 8
REASON = 4  # the reason's column


@dataclass(frozen=True)
class Candidate:
    hit: PersonHit
    score: MatchScore

    @property
    def other_forms(self) -> str:
        hit = self.hit
        return ", ".join(f for f in hit.forms if f not in (self.name, hit.reading))

    @property
    def name(self) -> str:
        return known_as(self.hit.name, self.hit.reading, self.hit.forms)

    def said(self) -> str:
        """Who the candidate is and why, whole: the line under the table."""
        number = person_number(self.hit.register_no, self.hit.id)
        line = f"{number} {self.name}: {said(self.score.reason)}"
        if self.other_forms:
            line += f"\n{_('Other forms')}: {self.other_forms}"
        return line


class CandidateTable(FittedTable):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.candidates: list[Candidate] = []

    def show(self, candidates: list[Candidate]) -> None:
        self.candidates = candidates
        whole = [c for c in candidates if matches_whole_name(c.score)]
        # Namesakes who all match the whole name are no surer than a weak match.
        self.show_cursor = len(whole) == 1 and whole[0] is candidates[0]
        self.lay_out()
        if self.row_count:
            self.move_cursor(row=0)  # not where the cursor was among the last name's

    def choose_deliberately(self) -> bool:
        """Show the cursor on the first candidate if none is chosen yet; whether it was."""
        if self.show_cursor or not self.candidates:
            return False
        self.move_cursor(row=0)
        self.show_cursor = True
        return True

    def action_cursor_down(self) -> None:
        if not self.choose_deliberately():
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if not self.choose_deliberately():
            super().action_cursor_up()

    def action_select_cursor(self) -> None:
        if not self.choose_deliberately():
            super().action_select_cursor()

    def action_scroll_top(self) -> None:
        self.choose_deliberately()
        super().action_scroll_top()

    def action_scroll_bottom(self) -> None:
        self.choose_deliberately()
        super().action_scroll_bottom()

    def lay_out(self) -> None:
        candidates = self.candidates
        columns = [
            Fitted(_("Name"), [c.name for c in candidates]),
            Fitted(_("Reading"), [c.hit.reading for c in candidates]),
            Fitted(_("Died"), [c.hit.death_date or "" for c in candidates]),
            Fitted(_("Score"), [f"{c.score.score:.0f}" for c in candidates]),
            Fitted(_("Reason"), [said(c.score.reason) for c in candidates]),
            Fitted(_("Reg. No."), [listed_number(c.hit.register_no, c.hit.id) for c in candidates]),
            Fitted(_("Other forms"), [c.other_forms for c in candidates]),
        ]
        widths = [column.width for column in columns]
        left = self.left_for(columns[: REASON + 1], REASON, self.room(len(candidates)))
        widths[REASON] = min(widths[REASON], max(left, REASON_AT_LEAST))
        self.fill(columns, widths)

    @property
    def chosen(self) -> Candidate | None:
        if not self.show_cursor or self.cursor_row >= len(self.candidates):
            return None
        return self.candidates[self.cursor_row]
