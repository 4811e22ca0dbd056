"""The help of ``irei --help`` and of every command's ``--help`` in the user's language."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence

from typer._click import Context, HelpFormatter
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from tui.i18n import _, current_language


def asked_language(args: Sequence[str]) -> str | None:
    """The ``--lang`` of a command line, read before Click parses it: Click prints ``--help``
    before the callback that reads ``--lang`` runs. Only ``irei``'s own options (``--db``,
    ``--lang``) come before the command, so the reading stops at the command's name."""
    words = iter(args)
    for word in words:
        if word == "--lang":
            return next(words, None)
        if word.startswith("--lang="):
            return word.removeprefix("--lang=")
        if word == "--db":
            next(words, None)
        elif not word.startswith("-"):
            break
    return None


# Where a line of Japanese help may break: after a comma, a full stop or a colon, and around
# a bracketed phrase (not between it and the punctuation that follows it).
BREAKS = re.compile(r"(?<=[、。：])(?=\S)|(?<=[^\s\x00-\x7f])(?=（)|(?<=）)(?=[^\s、。：）:,.;])")


def breakable(text: str) -> str:
    """``text`` with a space where a line of Japanese may break: Rich breaks lines only at
    spaces, and cuts a longer run of Japanese with "…" in the narrow column of an option's
    help, losing the rest of the sentence."""
    return BREAKS.sub(" ", text)


class UsageFormatter(HelpFormatter):
    """Click's formatter, its "Usage:" in the current language."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _("Usage: ") if prefix is None else prefix)


def say_typers_words() -> None:
    """Say in the current language the words Typer and Click put around our help, which they
    say only in English: the panels' titles, "[required]", "[default: …]" and "Usage:"."""
    Context.formatter_class = UsageFormatter
    # Set back to English too once set in Japanese in this process (tests run several);
    # otherwise Typer's Rich help, slow to load, is left for --help to load.
    if current_language() == "en" and "typer.rich_utils" not in sys.modules:
        return
    from typer import rich_utils

    rich_utils.ARGUMENTS_PANEL_TITLE = _("Arguments")
    rich_utils.OPTIONS_PANEL_TITLE = _("Options")
    rich_utils.COMMANDS_PANEL_TITLE = _("Commands")
    rich_utils.REQUIRED_LONG_STRING = _("[required]")
    rich_utils.DEFAULT_STRING = _("[default: {}]")


def translate_help(command: TyperCommand | TyperGroup) -> None:
    """Say the help of ``command``, of its options and arguments and of its subcommands in the
    current language. The help strings are English msgids (marked with N_) because the
    commands are declared before the language is chosen."""
    if command.help:
        command.help = breakable(_(command.help))
    if command.short_help:
        command.short_help = breakable(_(command.short_help))
    help_option = command.get_help_option(Context(command))
    if help_option is not None:
        help_option.help = _("Show this message and exit.")
    for param in command.params:
        if isinstance(param, TyperOption | TyperArgument) and param.help:
            param.help = breakable(_(param.help))
    for subcommand in getattr(command, "commands", {}).values():
        if isinstance(subcommand, TyperCommand | TyperGroup):
            translate_help(subcommand)
