"""A list to tick whose boxes say which rows are ticked without colour: Textual's
SelectionList, with an empty box on a row left unticked."""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList
from textual.widgets.option_list import OptionDoesNotExist
from textual.widgets.selection_list import SelectionType


class TickList(SelectionList[SelectionType]):
    """A SelectionList that draws ▐ ▌ on a row left unticked and ▐X▌ on a ticked one.
    Textual draws the same X in every box and tells a ticked one only by colour, which a
    monochrome terminal or a colour-blind registrar cannot see: the evidence cited for a
    verdict looked the same as the evidence left out."""

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        # The row found as SelectionList finds it; its box is the first three segments, drawn
        # with a Checkbox's characters.
        _, scroll_y = self.scroll_offset
        try:
            selection = self.get_option_at_index(scroll_y + y)
        except OptionDoesNotExist:
            return line
        segments = list(line)
        if selection.value in self.selected or segments[1].text != Checkbox.BUTTON_INNER:
            return line
        box = segments[1]
        segments[1] = Segment(" " * len(box.text), box.style, box.control)
        return Strip(segments, line.cell_length)
