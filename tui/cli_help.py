"""The help of ``irei --help`` and of every command's ``--help`` in the user's language."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

from typer._click import Context, HelpFormatter
from typer._click.exceptions import BadParameter, MissingParameter, NoSuchOption
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption
from typer.exceptions import TyperException

from tui.i18n import _


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


FormatHelp = TypeVar("FormatHelp", bound=Callable[..., None])


def whole_and_said(format_help: FormatHelp) -> FormatHelp:
    """A command's ``format_help``, printing its help with Typer's own words in the current
    language and no word cut: Rich cut with "…" a line of an option's help holding Japanese
    (番号, 一致) in English too, and broke a run of Japanese only at a space."""

    @functools.wraps(format_help)
    def format_whole_help(command: Any, ctx: Context, formatter: HelpFormatter) -> None:
        from tui.kinsoku import help_line_breaks  # Textual and Rich: only when help is said

        _say_rich_words()
        with help_line_breaks():
            format_help(command, ctx, formatter)

    return cast(FormatHelp, format_whole_help)


class UsageFormatter(HelpFormatter):
    """Click's formatter, its "Usage:" in the current language."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _("Usage: ") if prefix is None else prefix)


def say_typers_words() -> None:
    """Say in the current language the words Typer and Click put around our help, which they
    say only in English: the panels' titles, "[required]", "[default: …]" and "Usage:"; and
    print the help whole."""
    Context.formatter_class = UsageFormatter
    # Typer's Rich help, slow to load, is left for a help to load. Once in a process, which
    # may say its help more than once (tests do).
    if not hasattr(TyperCommand.format_help, "__wrapped__"):
        TyperCommand.format_help = whole_and_said(TyperCommand.format_help)  # type: ignore[method-assign]
        TyperGroup.format_help = whole_and_said(TyperGroup.format_help)  # type: ignore[method-assign]


def _say_rich_words() -> None:
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
        command.help = _(command.help)
    if command.short_help:
        command.short_help = _(command.short_help)
    help_option = command.get_help_option(Context(command))
    if help_option is not None:
        help_option.help = _("Show this message and exit.")
    for param in command.params:
        if isinstance(param, TyperOption | TyperArgument) and param.help:
            param.help = _(param.help)
    for subcommand in getattr(command, "commands", {}).values():
        if isinstance(subcommand, TyperCommand | TyperGroup):
            translate_help(subcommand)


def usage_said(wrong: TyperException) -> str:
    """What Click says of a command line it cannot take, in the user's language for the
    mistakes a registrar makes (an option or argument missing, invalid or unknown); anything
    else as Click says it."""
    if isinstance(wrong, BadParameter):
        hint = wrong.param_hint or (wrong.param.get_error_hint() if wrong.param else "")
        if isinstance(hint, (list, tuple)):
            hint = " / ".join(hint)
        if isinstance(wrong, MissingParameter):
            if wrong.param_type == "argument" or isinstance(wrong.param, TyperArgument):
                return _("Missing argument {name}").format(name=hint)
            return _("Missing option {name}").format(name=hint)
        return _("Invalid value for {name}: {reason}").format(name=hint, reason=wrong.message)
    if isinstance(wrong, NoSuchOption):
        said = _("No such option: {option}").format(option=wrong.option_name)
        if wrong.possibilities:
            possible = ", ".join(sorted(wrong.possibilities))
            said += _(" (possible options: {options})").format(options=possible)
        return said
    format_message = getattr(wrong, "format_message", None)
    return format_message() if callable(format_message) else str(wrong)
