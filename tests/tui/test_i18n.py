"""The translation layer: every message the app shows has a Japanese translation, and the
language follows --lang, then the saved setting, then the locale; the keys in the footer are
shown in it too."""

from __future__ import annotations

import errno
import re
from pathlib import Path

import pytest
from sqlmodel import SQLModel, select
from textual.app import App
from textual.binding import Binding
from textual.command import CommandInput, CommandPalette
from textual.containers import ScrollableContainer
from textual.dom import DOMNode
from textual.pilot import Pilot
from textual.screen import ModalScreen, Screen
from textual.widgets import (
    Button,
    Checkbox,
    DataTable,
    DirectoryTree,
    Input,
    OptionList,
    Select,
    SelectionList,
    Static,
    TabbedContent,
    Tabs,
)
from textual.widgets._select import SelectOverlay

from records.database import Database
from records.errors import Invalid, NotFound
from records.messages import Message
from records.models import Ceremony, Person, RemainsLot
from records.services.base import get
from records.status import LotStatus
from tests.tui.catalog import messages_in
from tests.tui.helpers import screen_lines, settle, synchronously
from tests.tui.test_workflows import first_person, lot_in
from tui import i18n, labels, textual_words
from tui.app import IreiApp
from tui.commands import KeyCommands
from tui.screens.base import FilteredListScreen
from tui.screens.help import HelpScreen, key_rows
from tui.screens.lot import LotScreen
from tui.screens.person import PersonScreen
from tui.widgets.paged_table import PagedTable
from tui.widgets.record_table import RecordTable


def test_every_message_of_the_app_has_a_japanese_translation() -> None:
    catalog = i18n.load_catalog("ja")
    missing = {msgid: where for msgid, where in messages_in().items() if msgid not in catalog}
    assert missing == {}


def test_one_of_a_thing_is_said_apart_from_several_in_english_alike_in_japanese() -> None:
    one, other = "{count} entry written to {path}", "{count} entries written to {path}"
    said = {n: i18n.plural(n, one, other).format(count=n, path="名簿.xlsx") for n in (0, 1, 2)}
    assert said == {
        0: "0 entries written to 名簿.xlsx",
        1: "1 entry written to 名簿.xlsx",
        2: "2 entries written to 名簿.xlsx",
    }
    i18n.set_language("ja")
    assert (
        i18n.plural(1, one, other)
        == i18n.plural(2, one, other)
        == "{count}件を「{path}」に出力しました"
    )


def test_po_parser_reads_escapes_multiline_and_skips_fuzzy() -> None:
    text = (
        'msgid ""\nmsgstr "Language: ja\\n"\n\n'
        'msgid "a \\"quoted\\" word"\nmsgstr "「引用」"\n\n'
        'msgid ""\n"two "\n"lines"\nmsgstr "二行"\n\n'
        '#, fuzzy\nmsgid "guess"\nmsgstr "推測"\n'
    )
    assert i18n.parse_po(text) == {'a "quoted" word': "「引用」", "two lines": "二行"}


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "ja_JP.UTF-8"}, "ja"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LC_ALL": "ja_JP.UTF-8", "LANG": "en_US.UTF-8"}, "ja"),
        ({"LANG": "C"}, "en"),
        ({}, "en"),
    ],
)
def test_default_language_follows_the_locale(environ: dict[str, str], expected: str) -> None:
    assert i18n.locale_language(environ) == expected


def test_lang_option_beats_the_setting_which_beats_the_locale(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    assert i18n.resolve_language(None) == "ja"
    i18n.save_setting("language", "en")
    assert i18n.settings_path().is_relative_to(tmp_path)
    assert i18n.resolve_language(None) == "en"
    assert i18n.resolve_language("ja") == "ja"


def test_switching_the_language_translates_later_messages() -> None:
    i18n.set_language("ja")
    try:
        assert i18n._("Lots waiting for a decision") == "所属判定待ちの遺骨"
        assert i18n._("not a message of the app") == "not a message of the app"
    finally:
        i18n.set_language("en")
    assert i18n._("Lots waiting for a decision") == "Lots waiting for a decision"


def test_stored_codes_and_records_messages_are_said_in_japanese() -> None:
    i18n.set_language("ja")
    try:
        assert labels.action_label("update") == "訂正"
        assert labels.value_label("status", "affiliation_pending") == "所属判定待ち"
        assert labels.value_label("identified", True) == "はい"
        reason = Message(
            "{text!r} is not a date ({reason})", text="x", reason=Message("not a fiscal year")
        )
        assert (
            i18n.said(Invalid("date", reason).reason)
            == "「x」は日付ではありません（年度ではありません）"
        )
        assert i18n.said("as it is") == "as it is"
    finally:
        i18n.set_language("en")


@pytest.mark.parametrize(
    ("model", "english", "japanese"),
    [
        (RemainsLot, "no lot 999", "遺骨「999」はありません"),
        (Ceremony, "no ceremony 999", "式典「999」はありません"),
        (Person, "no person 999", "戦没者「999」はありません"),
    ],
    ids=["lot", "ceremony", "person"],
)
def test_a_record_not_found_is_named_in_the_registrars_words_not_its_class_name(
    database: Database, model: type[SQLModel], english: str, japanese: str
) -> None:
    with database.reading() as session, pytest.raises(NotFound) as missing:
        get(session, model, 999)
    assert i18n.said(missing.value) == english
    i18n.set_language("ja")
    try:
        assert i18n.said(missing.value) == japanese
    finally:
        i18n.set_language("en")


# In Japanese as in English, ": " parts a label from its value (表示言語: 日本語); "：" joins
# the two clauses of a sentence.
PARTED = [
    (
        Message(
            "{field}: {reason}",
            field="code",
            reason=Message("a code has no spaces: {code}", code="CF V1"),
        ),
        "code: コードに空白は使えません: CF V1",
    ),
    (
        Message(
            "sheet {sheet}: {reason}",
            sheet="名簿",
            reason=Message("there is no such day: {date}", date="昭和21年2月30日"),
        ),
        "シート「名簿」: その日はありません: 昭和21年2月30日",
    ),
    (
        Message(
            "no import profile named {name!r} (known: {known})", name="名簿", known="roll, recovery"
        ),
        "取込プロファイル「名簿」はありません（あるもの: roll, recovery）",
    ),
    (Message("not a burial site code (e.g. HB-012)"), "埋葬地コードではありません（例: HB-012）"),
    (
        Message(
            "{number} is not a fiscal year: a whole year is expected (e.g. 2004年度 or 令和元年度)",
            number="20.4",
        ),
        "「20.4」は年度ではありません：年を整数で書いてください（例: 2004年度 または 令和元年度）",
    ),
]


@pytest.mark.parametrize(
    ("message", "japanese"), PARTED, ids=["field", "sheet", "known", "example", "two clauses"]
)
def test_in_japanese_a_label_and_its_value_are_parted_by_a_colon_and_a_space(
    message: Message, japanese: str
) -> None:
    i18n.set_language("ja")
    try:
        assert i18n.said(message) == japanese
    finally:
        i18n.set_language("en")


def test_in_japanese_a_value_is_quoted_in_corner_brackets_never_in_python_quotes() -> None:
    quoting = [words for words in i18n.load_catalog("ja").values() if "!r}" in words]
    assert quoting == []
    i18n.set_language("ja")
    try:
        assert (
            i18n.said(Message("{text!r} is not a date", text="昭和"))
            == "「昭和」は日付ではありません"
        )
        # A blank value, which English shows as '', stays visible.
        assert i18n.said(Message("{text!r} is not a date", text="")) == "「」は日付ではありません"
    finally:
        i18n.set_language("en")


# A value, or the 」 closing it, then a space, then the particle that belongs to it.
SPACED_PARTICLE = re.compile(r"[}」] +(?:から|まで|より|[はにをがのでとへも])")


def test_in_japanese_a_value_runs_straight_into_its_particle() -> None:
    # Rich wraps at a space, so 遺骨 {lot} は would put は at the head of the next line, away
    # from the lot it is said of; and Japanese puts no space there.
    spaced = {
        msgid: words
        for msgid, words in i18n.load_catalog("ja").items()
        if SPACED_PARTICLE.search(words)
    }
    assert spaced == {}
    i18n.set_language("ja")
    try:
        assert (
            i18n.said(Message("lot {lot} already exists", lot="2004-ZB-022-00001"))
            == "遺骨「2004-ZB-022-00001」はすでにあります"
        )
    finally:
        i18n.set_language("en")


# A count, written or a placeholder, then a space, then the counter or unit that belongs to it.
SPACED_COUNTER = re.compile(r"[}0-9][ \u3000]+(?:[件柱行人名個枚回通部点本冊体箇]|バイト)")


def test_in_japanese_a_count_runs_straight_into_its_counter() -> None:
    # Textual wraps at a space, so {count} 件を… put 292 alone at the end of a notice's first
    # line and 件を「…」に出力しました on the next; and Japanese puts no space there.
    spaced = {
        msgid: words
        for msgid, words in i18n.load_catalog("ja").items()
        if SPACED_COUNTER.search(words)
    }
    assert spaced == {}


# An aside in Japanese words between half-width brackets, or spaced from what it qualifies.
HALF_WIDTH_ASIDE = re.compile(r"\([^()]*[^\x00-\x7f][^()]*\)| （")


def test_a_japanese_aside_is_in_full_width_brackets_run_into_its_word() -> None:
    # A form read いつ（任意） over 理由 (必須).
    mixed = [words for words in i18n.load_catalog("ja").values() if HALF_WIDTH_ASIDE.search(words)]
    assert mixed == []


def test_a_japanese_question_ends_in_a_full_width_question_mark() -> None:
    asking = [words for words in i18n.load_catalog("ja").values() if "?" in words]
    assert asking == []


def test_every_japanese_example_is_introduced_by_a_colon_and_a_space() -> None:
    examples = [words for words in i18n.load_catalog("ja").values() if "例" in words]
    assert examples and [words for words in examples if "例：" in words] == []


def test_an_os_error_is_said_by_its_file_and_reason_not_its_number() -> None:
    missing = FileNotFoundError(errno.ENOENT, "No such file or directory", "/srv/名簿.xlsx")
    assert i18n.said(missing) == "/srv/名簿.xlsx: no such file or folder"
    i18n.set_language("ja")
    try:
        assert i18n.said(missing) == "/srv/名簿.xlsx: そのファイルまたはフォルダはありません"
    finally:
        i18n.set_language("en")


@synchronously
async def test_the_keys_of_a_focused_table_are_shown_in_japanese(demo_db: Database) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="ja")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.focused, PagedTable)
        shown = {b.binding.description: b.binding.show for b in app.screen.active_bindings.values()}
        assert shown["開く"] is True
        assert shown["最終行"] is False  # listed in the help, not the key bar
        assert not {"Last row", "Open"} & set(shown)


@synchronously
async def test_switching_the_language_twice_keeps_the_app_open(demo_db: Database) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="ja")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        for mode, expected in (("dashboard", "en"), ("dashboard", "ja"), ("people", "en")):
            await app.switch_mode(mode)
            await settle(app, pilot)
            app.screen.query_one(PagedTable).focus()  # in a search box, L is a letter
            await pilot.press("L")
            await settle(app, pilot)
            assert i18n.current_language() == expected
            assert app.is_running and app.current_mode == mode
        assert app.screen.title == "People"


@synchronously
async def test_textuals_own_palette_words_are_shown_in_japanese(demo_db: Database) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="ja")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        palette = app.screen.active_bindings["ctrl+p"].binding
        assert (palette.description, palette.tooltip) == ("コマンド", "コマンドパレットを開きます")
        commands = {c.title: c.help for c in app.get_system_commands(app.screen)}
        assert commands["配色"] == "画面の配色を変えます"
        assert commands["画面の保存"] == "今の画面を SVG の画像として保存します"
        assert not {"Theme", "Quit", "Keys", "Screenshot"} & set(commands)

        # Keys opens the app's own list, in Japanese, not Textual's English widget help.
        assert commands["キー一覧"] == "この画面のキーと働きを一覧します"
        keys = next(c for c in app.get_system_commands(app.screen) if c.title == "キー一覧")
        keys.callback()
        await settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)
        assert not app.screen.query("HelpPanel")


# The widgets of Textual's the app's screens are built of, with those they are built of.
TEXTUAL_WIDGETS = (
    App, Screen, ModalScreen, Input, DataTable, ScrollableContainer, Select, SelectOverlay,
    OptionList, SelectionList, Checkbox, Button, Tabs, TabbedContent, DirectoryTree,
)  # fmt: skip


@pytest.mark.parametrize("widget", TEXTUAL_WIDGETS, ids=lambda widget: widget.__name__)
def test_the_words_of_textuals_keys_are_marked_for_translation(widget: type[DOMNode]) -> None:
    """A newer Textual may add a key, or reword one: it is then marked in tui.textual_words
    and translated, or the help lists it in English."""
    described = {
        binding.description
        for node in widget.__mro__
        for binding in Binding.make_bindings(vars(node).get("BINDINGS", []))
        if binding.description
    }
    assert described - set(textual_words.KEYS) == set()


@pytest.mark.parametrize("focus", ["#search", "PagedTable"])
@synchronously
async def test_the_help_lists_textuals_keys_in_japanese(demo_db: Database, focus: str) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="ja")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.switch_mode("people")
        await settle(app, pilot)
        app.screen.query_one(focus).focus()
        await pilot.pause()
        rows = dict(key_rows(app.screen))
        # A search box's keys were English: Copy selected text, Move cursor left a word …
        assert rows["^c"] == "選択した文字をコピー"
        english = {words for words in rows.values() if re.search("[a-z]{3}", words)}
        assert english <= {"日本語 / English"}
        commands = {title for title, _key, _run in KeyCommands(app.screen)._commands()}
        assert "Copy selected text" not in commands and "選択した文字をコピー" in commands


@synchronously
async def test_a_language_the_settings_cannot_keep_is_used_now_and_the_user_is_told(
    demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(blocked))
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            app.screen.query_one(PagedTable).focus()
            await pilot.press("L")
            await settle(app, pilot)
            assert i18n.current_language() == "ja"
            told = [n.message for n in app._notifications]
            warning = next(m for m in told if m.startswith("言語の設定は次回の起動まで保存"))
            assert warning.endswith("パスの途中にフォルダでないものがあります")
    finally:
        i18n.set_language("en")


@synchronously
async def test_a_person_and_a_lot_are_headed_in_japanese(demo_db: Database) -> None:
    person = first_person(demo_db)
    lot = lot_in(demo_db, LotStatus.AFFILIATION_PENDING)
    app = IreiApp(demo_db, actor="tanaka", lang="ja")
    async with app.run_test(size=(80, 24)) as pilot:
        for screen, which in (
            (PersonScreen(demo_db, "tanaka", person.id or 0), "（No. {}・第{}版）"),
            (LotScreen(demo_db, "tanaka", lot.id or 0), "（第{1}版）"),
        ):
            await app.push_screen(screen)
            await settle(app, pilot)
            record = person if isinstance(screen, PersonScreen) else lot
            heading = str(screen.query_one("#heading", Static).render())
            assert heading.endswith(which.format(record.id, record.version)), heading


@synchronously
async def test_the_command_palette_asks_for_a_command_and_says_none_matched_in_japanese(
    demo_db: Database,
) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="ja")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(CommandInput).placeholder == "コマンドを検索…"
        assert not any("Search for commands" in line for line in screen_lines(app))
        await pilot.press(*"zzzz")
        await pilot.pause(1)  # Textual says so half a second after the search found nothing
        lines = screen_lines(app)
        assert any("一致するものがありません" in line for line in lines), lines
        assert not any("No matches found" in line for line in lines)


@synchronously
async def test_the_headings_of_the_people_list_are_read_whole_in_japanese(
    demo_db: Database,
) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="ja")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.switch_mode("people")
        await settle(app, pilot)
        heading = app.screen.query_one(PagedTable).render_line(0).text
        # "Id." is 判明 (identified), four cells; in a column of three it read "判…".
        assert heading.split() == ["番号", "氏名", "読み", "死亡", "都道府県", "埋葬地", "判明"]


@synchronously
async def test_a_lots_sources_name_the_lot_itself_not_its_number_in_japanese(
    demo_db: Database,
) -> None:
    lot = lot_in(demo_db, LotStatus.AFFILIATION_PENDING)
    app = IreiApp(demo_db, actor="tanaka", lang="ja")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(LotScreen(demo_db, "tanaka", lot.id or 0))
        await settle(app, pilot)
        sources = app.screen.query_one("#sources-table", RecordTable).full
        # Beside 検体 … and 鑑定 …, the lot's own row read 遺骨番号 (lot number).
        assert sources[0][0] == "遺骨"


async def chosen(app: IreiApp, pilot: Pilot[None], filters: dict[str, object]) -> None:
    """Each filter set as the registrar chooses it, once the list has read its choices."""
    await settle(app, pilot)
    for name, value in filters.items():
        app.screen.query_one(f"#{name}", Select).value = value
    await settle(app, pilot)


def asked(app: IreiApp) -> tuple[tuple[object, ...], int]:
    """The search and filters the list shows, and how many rows they found."""
    screen = app.screen
    assert isinstance(screen, FilteredListScreen)
    return screen.asked(), screen.query_one(PagedTable).total


@synchronously
async def test_l_keeps_the_search_and_filters_of_the_remains_and_the_people(
    demo_db: Database,
) -> None:
    """The lists came back unfiltered: every row, under a search the registrar had to type
    and filters to choose again."""
    lot = lot_in(demo_db, LotStatus.INTERRED)
    person = first_person(demo_db)
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await app.switch_mode("people")
            await pilot.press(*person.reading.split()[0])
            identified = "yes" if person.identified else "no"
            await chosen(app, pilot, {"country": person.country, "identified": identified})
            people = asked(app)
            assert people[1] > 0
            await app.switch_mode("remains")
            await pilot.press(*lot.lot_number[:4])
            await chosen(app, pilot, {"status": lot.status, "country": lot.country})
            remains = asked(app)
            assert 0 < remains[1] < lot_count(demo_db)
            listed = app.screen
            app.screen.query_one(PagedTable).focus()  # in a search box, L is a letter

            await pilot.press("L")
            await settle(app, pilot)

            assert i18n.current_language() == "ja"
            assert app.screen is not listed and app.screen.title == "遺骨"
            assert asked(app) == remains
            await app.switch_mode("people")
            await settle(app, pilot)
            assert app.screen.title == "戦没者" and asked(app) == people
    finally:
        i18n.set_language("en")


def lot_count(database: Database) -> int:
    with database.reading() as session:
        return len(session.execute(select(RemainsLot.id)).all())
