"""The key bar at 80×24, the classic terminal: the keys that fit are shown whole, the screen's
own first, before the palette's key, which stays whole at the right edge, in English and in
Japanese; the keys left out are in the help and the palette."""

from __future__ import annotations

import pytest

from records.database import Database
from records.status import LotStatus
from tests.tui.helpers import screen_lines, settle, synchronously
from tests.tui.test_workflows import first_person, lot_in
from tui.app import IreiApp
from tui.commands import KeyCommands
from tui.screens.help import key_rows
from tui.screens.lot import LotScreen
from tui.screens.person import PersonScreen
from tui.screens.record_view import RecordView


@synchronously
async def test_on_the_ceremonies_screen_nothing_follows_the_palettes_key(
    demo_db: Database,
) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await settle(app, pilot)
        # A letter of the Dashboard key, laid out under the palette's key, showed after it.
        assert screen_lines(app)[-1].endswith("▏^p palette")


@pytest.mark.parametrize("lang", ["en", "ja"])
@synchronously
async def test_on_a_lot_the_palettes_key_reads_whole(demo_db: Database, lang: str) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        lot = lot_in(demo_db, LotStatus.AFFILIATION_PENDING)
        await app.push_screen(LotScreen(demo_db, "tanaka", lot.id or 0))
        await settle(app, pilot)
        # The edge of a key laid out under it blanked the ン of コマンド.
        palette = "▏^p palette" if lang == "en" else "▏^p コマンド"
        assert screen_lines(app)[-1].rstrip().endswith(palette)


# What the bar shows before the palette's key. A key that did not fit was cut where the
# palette's key began: "f5▏", "y 値▏", "r 遺 ▏". At 120 columns the lot's corrections (+ - w)
# were left out behind "y Copy value f5 Reload". The keys left out are said to be there by
# "? More" (the help): at 80 columns the lot's w Withdraw was left out without a sign.
BARS = {
    ("person", "en", 80): "esc Back [ ] Tabs e Edit n Add name form v Full value ? More",
    ("lot", "en", 80): "esc Back [ ] Tabs e Edit s Status a Affiliation n Analysis ? More",
    ("person", "ja", 80): "esc 戻る [ ] タブ e 編集 n 表記を追加 v 全文を表示 ? その他",
    ("lot", "ja", 80): "esc 戻る [ ] タブ e 編集 s 状態 a 所属判定 n 鑑定 + - 検体 ? その他",
    ("person", "en", 100): "esc Back [ ] Tabs e Edit n Add name form v Full value"
    " - Remove name form ? More",
    ("lot", "en", 100): "esc Back [ ] Tabs e Edit s Status a Affiliation n Analysis"
    " + - Specimen w Withdraw ? More",
    ("lot", "ja", 100): "esc 戻る [ ] タブ e 編集 s 状態 a 所属判定 n 鑑定 + - 検体 w 取り消す"
    " ? その他",
    ("person", "en", 120): "esc Back [ ] Tabs e Edit n Add name form v Full value"
    " - Remove name form d Dashboard p People ? More",
    ("lot", "en", 120): "esc Back [ ] Tabs e Edit s Status a Affiliation n Analysis"
    " + - Specimen w Withdraw v Full value ? More",
    ("person", "ja", 120): "esc 戻る [ ] タブ e 編集 n 表記を追加 v 全文を表示 - 表記を削除"
    " d 総覧 p 戦没者 r 遺骨 c 式典 ? その他",
    ("lot", "ja", 120): "esc 戻る [ ] タブ e 編集 s 状態 a 所属判定 n 鑑定 + - 検体 w 取り消す"
    " v 全文を表示 d 総覧 p 戦没者 ? その他",
}


def _record_screen(demo_db: Database, record: str) -> RecordView:
    if record == "person":
        return PersonScreen(demo_db, "tanaka", first_person(demo_db).id or 0)
    return LotScreen(demo_db, "tanaka", lot_in(demo_db, LotStatus.AFFILIATION_PENDING).id or 0)


@pytest.mark.parametrize(("record", "lang", "width"), list(BARS))
@synchronously
async def test_a_record_screen_shows_whole_keys_its_own_first(
    demo_db: Database, record: str, lang: str, width: int
) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang=lang)
    async with app.run_test(size=(width, {80: 24, 100: 30}.get(width, 40))) as pilot:
        await app.push_screen(_record_screen(demo_db, record))
        await settle(app, pilot)

        keys, _palette = screen_lines(app)[-1].split("▏")

        assert keys.rstrip() == BARS[record, lang, width]


@synchronously
async def test_keys_come_back_to_the_bar_when_the_terminal_widens(demo_db: Database) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(_record_screen(demo_db, "person"))
        await settle(app, pilot)
        for width, height in [(80, 24), (120, 40)]:
            await pilot.resize_terminal(width, height)
            await settle(app, pilot)

            keys, _palette = screen_lines(app)[-1].split("▏")

            assert keys.rstrip() == BARS["person", "en", width]


@pytest.mark.parametrize("lang", ["en", "ja"])
@synchronously
async def test_the_keys_left_out_of_the_bar_are_in_the_help_and_the_palette(
    demo_db: Database, lang: str
) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(_record_screen(demo_db, "lot"))
        await settle(app, pilot)
        bar = screen_lines(app)[-1]
        left_out = {"y", "f5"}  # Copy value, Reload
        assert not any(f" {key} " in f" {bar}" for key in left_out)
        assert (" ? More " if lang == "en" else " ? その他 ") in bar

        helped = dict(key_rows(app.screen))
        commands = {key for _title, key, _run in KeyCommands(app.screen)._commands()}

        assert {*left_out, "?"} <= set(helped) and left_out <= commands


@synchronously
async def test_a_lots_shortened_keys_read_in_full_in_the_help_and_the_palette(
    demo_db: Database,
) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(_record_screen(demo_db, "lot"))
        await settle(app, pilot)

        helped = dict(key_rows(app.screen))
        commands = {key: title for title, key, _run in KeyCommands(app.screen)._commands()}

        for key, words in [("s", "Change status"), ("w", "Withdraw event"), ("+", "Add specimens")]:
            assert helped[key] == words and commands[key] == words


@synchronously
async def test_an_open_drop_down_list_describes_its_key_in_japanese(demo_db: Database) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="ja")
    async with app.run_test(size=(80, 24)) as pilot:
        lot = lot_in(demo_db, LotStatus.JAPANESE)
        await app.push_screen(LotScreen(demo_db, "tanaka", lot.id or 0))
        await settle(app, pilot)
        await pilot.press("s", "enter")  # the status change, its list of statuses opened
        await settle(app, pilot)
        # Textual's own words for the list's key were shown as they are: "esc Dismiss menu".
        assert screen_lines(app)[-1].startswith("esc 一覧を閉じる")


@synchronously
async def test_more_is_not_said_beside_the_help_key_itself(demo_db: Database) -> None:
    app = IreiApp(demo_db, actor="tanaka", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        keys, _palette = screen_lines(app)[-1].split("▏")

        # The dashboard leaves out only "q Quit" at 120 columns: "? Help" says the rest.
        assert " ? Help " in keys and "? More" not in keys
