"""The words of Textual's own that the app shows, marked here for the catalog: its palette's
commands, and what its widgets call their keys, which the help and the palette list for the
widget the cursor is in (a search box's Copy selected text, a table's Page up …). They are
translated where they are shown."""

from __future__ import annotations

from tui.i18n import N_

# What Textual's own palette commands are called (App.get_system_commands).
COMMANDS = (
    N_("Theme"),
    N_("Change the current theme"),
    N_("Quit the application as soon as possible"),
    N_("Keys"),
    N_("Minimize"),
    N_("Minimize the widget and restore to normal size"),
    N_("Maximize"),
    N_("Maximize the focused widget"),
    N_("Screenshot"),
    N_("Save an SVG 'screenshot' of the current screen"),
)

# What Textual calls the keys of the screens and widgets the app is built of.
KEYS = (
    # Every screen (Screen.BINDINGS), and the app (App.BINDINGS)
    N_("Focus Next"),
    N_("Focus Previous"),
    N_("Copy selected text"),
    N_("Quit"),
    # A text box (Input)
    N_("Move cursor left"),
    N_("Move cursor left and select"),
    N_("Move cursor left a word"),
    N_("Move cursor left a word and select"),
    N_("Move cursor right or accept the completion suggestion"),
    N_("Move cursor right and select"),
    N_("Move cursor right a word"),
    N_("Move cursor right a word and select"),
    N_("Delete character left"),
    N_("Delete character right"),
    N_("Delete left to start of word"),
    N_("Delete right to start of word"),
    N_("Delete all to the left"),
    N_("Delete all to the right"),
    N_("Select all"),
    N_("Select line start"),
    N_("Select line end"),
    N_("Go to start"),
    N_("Go to end"),
    N_("Submit"),
    N_("Cut selected text"),
    N_("Paste text from the clipboard"),
    # A table (DataTable)
    N_("Select"),
    N_("Cursor up"),
    N_("Cursor down"),
    N_("Cursor left"),
    N_("Cursor right"),
    N_("Page up"),
    N_("Page down"),
    N_("Top"),
    N_("Bottom"),
    N_("Home"),
    N_("End"),
    # A scrolling box (ScrollableContainer)
    N_("Scroll Up"),
    N_("Scroll Down"),
    N_("Scroll Left"),
    N_("Scroll Right"),
    N_("Scroll Home"),
    N_("Scroll End"),
    N_("Page Up"),
    N_("Page Down"),
    N_("Page Left"),
    N_("Page Right"),
    # A drop-down list (Select, its OptionList) and a list to tick (SelectionList)
    N_("Show menu"),
    N_("Dismiss menu"),
    N_("Up"),
    N_("Down"),
    N_("First"),
    N_("Last"),
    N_("Toggle option"),
    # A check box and a button
    N_("Toggle"),
    N_("Press button"),
    # The tab strip (Tabs)
    N_("Previous tab"),
    N_("Next tab"),
    # The file picker (DirectoryTree, a Tree)
    N_("Cursor Up"),
    N_("Cursor Down"),
    N_("Cursor to parent"),
    N_("Cursor to next ancestor"),
    N_("Cursor to previous sibling"),
    N_("Cursor to next sibling"),
    N_("Expand or collapse all"),
)
