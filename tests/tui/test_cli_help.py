"""``irei --help`` and every command's ``--help`` in the user's language."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterator

import pytest
import typer.main
from rich.cells import cell_len
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from records.kinsoku import CLOSING, OPENING
from tests.tui.catalog import messages_in
from tui.cli import app, main
from tui.cli_help import asked_language
from tui.i18n import _, load_catalog, save_setting, set_language

ENGLISH_SUMMARY = "records of the unidentified war dead, their remains and ceremonies."
JAPANESE_SUMMARY = "身元不明の戦没者と遺骨、"


def test_irei_help_with_lang_ja_is_in_japanese(run_irei) -> None:
    result = run_irei(["--lang", "ja", "--help"])

    assert result.returncode == 0, result.stderr
    assert JAPANESE_SUMMARY in result.stdout
    assert "データベースのスキーマ" in result.stdout  # a group's summary in the list
    assert ENGLISH_SUMMARY not in result.stdout


def test_import_help_with_lang_ja_is_in_japanese(run_irei) -> None:
    result = run_irei(["--lang=ja", "import", "--help"])

    assert result.returncode == 0, result.stderr
    assert "厚生労働省の表計算ファイルを取込みます：" in result.stdout
    assert "不採用の行をこの .xlsx に書き出します。" in result.stdout
    assert "--replace" in result.stdout
    assert "Write the rejected rows" not in result.stdout


@pytest.mark.parametrize("args", [["--lang", "en", "--help"], ["--help"]], ids=["en", "default"])
def test_irei_help_in_english_by_lang_en_or_by_default(run_irei, args: list[str]) -> None:
    result = run_irei(args)

    assert result.returncode == 0, result.stderr
    assert ENGLISH_SUMMARY in result.stdout
    assert JAPANESE_SUMMARY not in result.stdout


def test_irei_help_follows_the_saved_language_and_lang_en_beats_it(run_irei) -> None:
    assert save_setting("language", "ja") is None

    assert JAPANESE_SUMMARY in run_irei(["--help"]).stdout
    assert ENGLISH_SUMMARY in run_irei(["--lang", "en", "--help"]).stdout


def test_irei_help_follows_a_japanese_locale(run_irei) -> None:
    assert JAPANESE_SUMMARY in run_irei(["--help"], env={"LANG": "ja_JP.UTF-8"}).stdout


def test_an_unknown_lang_is_still_one_line_and_exit_2(run_irei) -> None:
    result = run_irei(["--lang", "fr", "stats"])

    assert result.returncode == 2
    assert result.stderr == "irei: Invalid value for --lang: choose ja or en\n"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["export", "roll", "1", "--format", "doc", "--out", "a.doc"], "--formatの値が正しく"),
        (["export", "roll", "1", "--format", "pdf"], "オプション'--out'がありません"),
        (
            ["export", "roll", "--format", "pdf", "--out", "a.pdf"],
            "引数'ceremony_id'がありません",
        ),
        (["stats", "--bogus"], "そのようなオプションはありません: --bogus"),
    ],
    ids=["invalid", "missing option", "missing argument", "no such option"],
)
def test_a_command_line_mistake_is_said_in_japanese(run_irei, args: list[str], said: str) -> None:
    result = run_irei(["--lang", "ja", *args])

    assert result.returncode == 2
    assert result.stderr.startswith(f"irei {args[0]}")
    assert result.stderr.split(": ", 1)[1].startswith(said)
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "asked"),
    [
        (["--lang", "ja", "--help"], "ja"),
        (["--lang=ja", "import", "--help"], "ja"),
        (["--db", "x.sqlite3", "--lang", "en", "stats"], "en"),
        (["--db", "--lang", "stats"], None),  # a database file named "--lang"
        (["search", "--lang", "ja"], None),  # what a command searches for, not irei's --lang
        (["--lang"], None),
        (["--help"], None),
    ],
)
def test_the_lang_of_a_command_line_is_read_before_click_parses_it(
    args: list[str], asked: str | None
) -> None:
    assert asked_language(args) == asked


def _helps(command: TyperCommand | TyperGroup) -> Iterator[str]:
    yield from (text for text in (command.help, command.short_help) if text)
    for param in command.params:
        if isinstance(param, TyperOption | TyperArgument) and param.help:
            yield param.help
    for subcommand in getattr(command, "commands", {}).values():
        yield from _helps(subcommand)


HELPS = sorted(set(_helps(typer.main.get_group(app))))


@pytest.mark.parametrize("help_text", HELPS)
def test_every_help_is_in_the_catalog_with_its_japanese(help_text: str) -> None:
    assert help_text in messages_in()
    assert load_catalog("ja").get(help_text)


def _command_paths(command: object, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield path
    for name, subcommand in sorted(getattr(command, "commands", {}).items()):
        yield from _command_paths(subcommand, (*path, name))


COMMANDS = list(_command_paths(typer.main.get_group(app)))


def _shown_helps(command: TyperCommand | TyperGroup) -> Iterator[str]:
    """The paragraphs a command's --help shows in the current language: all of its own help and
    its options', and the first of each subcommand's help, its summary in the list."""
    own = [command.help] + [
        param.help
        for param in command.params
        if isinstance(param, TyperOption | TyperArgument) and param.help
    ]
    for text in own:
        yield from _(text or "").split("\n\n")
    for subcommand in getattr(command, "commands", {}).values():
        yield _(subcommand.help or "").split("\n\n")[0]


def _unspaced(text: str) -> str:
    return re.sub(r"[\s│╭╮╰╯─]", "", text)


def _japanese_help(
    path: tuple[str, ...], columns: int, capsys: pytest.CaptureFixture[str], lang: str = "ja"
) -> str:
    """What ``irei --lang ja PATH --help`` prints in a terminal ``columns`` wide."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COLUMNS", str(columns))
        patch.setattr(sys, "argv", ["irei", "--lang", lang, *path, "--help"])
        with pytest.raises(SystemExit):
            main()
    return capsys.readouterr().out


def _command(path: tuple[str, ...]) -> TyperCommand | TyperGroup:
    command: object = typer.main.get_group(app)
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    assert isinstance(command, TyperCommand | TyperGroup)
    return command


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) or "irei" for p in COMMANDS])
def test_no_word_of_a_help_is_lost(
    path: tuple[str, ...], columns: int, lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Rich cut a run of Japanese too long for an option's column with "…", and in English a
    line of an option's help holding Japanese (番号, 一致)."""
    shown = _unspaced(_japanese_help(path, columns, capsys, lang))

    set_language(lang)
    for paragraph in _shown_helps(_command(path)):
        assert _unspaced(paragraph) in shown


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def _spaced_japanese(text: str) -> set[str]:
    """Each character and the single space next to it, where one of the two is Japanese."""
    return {
        pair
        for pair in re.findall(r"(?=([^\s─│] [^\s─│]))", text)
        if (_wide(pair[0]) or _wide(pair[2])) and pair[2] != "["
    }


WRAPPED = [(), ("import",), ("audit", "log")]


@pytest.mark.parametrize("columns", [60, 120])
@pytest.mark.parametrize("path", WRAPPED, ids=[" ".join(p) or "irei" for p in WRAPPED])
def test_japanese_help_wraps_at_the_width_by_kinsoku_without_spaces(
    path: tuple[str, ...], columns: int, capsys: pytest.CaptureFixture[str]
) -> None:
    """Rich breaks lines only at spaces: the help was given spaces between Japanese words,
    which Japanese has none of. A space before "[" is Typer's, before [必須] or [既定値: …]."""
    shown = _japanese_help(path, columns, capsys)
    set_language("ja")
    catalog = "\n".join(_shown_helps(_command(path)))
    lines = [line.strip(" │╭╮╰╯─") for line in shown.splitlines()]

    assert max(cell_len(line) for line in shown.splitlines()) <= columns
    assert shown.count("…") == catalog.count("…")
    assert _spaced_japanese(shown) <= _spaced_japanese(catalog)
    # Not CLOSING's "." and ")": a line may start with ".xlsx" after a space.
    closing, opening = set(filter(_wide, CLOSING)), set(filter(_wide, OPENING))
    assert not [line for line in lines if line[:1] in closing or line[-1:] in opening]


def test_typers_own_words_around_the_help_are_in_japanese_too(run_irei) -> None:
    """Typer and Click said "Usage:", the panels' titles, "[required]", "[default: …]" and
    the --help option's help in English only, amid the Japanese."""
    roll = run_irei(["--lang", "ja", "export", "roll", "--help"], env={"COLUMNS": "120"})
    group = run_irei(["--lang", "ja", "roll", "--help"], env={"COLUMNS": "120"})

    assert roll.returncode == group.returncode == 0, roll.stderr + group.stderr
    for word in (
        "使い方: irei export roll",
        "─ 引数 ─",
        "─ オプション ─",
        "[必須]",
        "[既定値: reading]",
    ):
        assert word in roll.stdout
    assert "─ コマンド ─" in group.stdout
    assert "この説明を表示して終了します。" in group.stdout
    for word in ("Usage:", "Arguments", "Options", "Commands", "required", "default", "Show this"):
        assert word not in roll.stdout + group.stdout
