"""A small roll with the names that break naive exports: variant kanji, an unidentified entry,
partial dates, and remarks that a spreadsheet would run as formulas."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from exports.rows import CeremonyInfo, RollRow

MakeRow = Callable[..., RollRow]


def roll_row(name: str, reading: str, **changes: object) -> RollRow:
    values: dict[str, object] = {
        "name": name,
        "reading": reading,
        "death_date": "1946-02-13",
        "death_date_text": "昭和21年2月13日",
        "prefecture_code": "13",
        "prefecture": "東京都",
        "burial_site": "ハバロフスク地方第12埋葬地",
        "site_code": "HB-012",
        "lot_number": "HB-012-20-0001",
        "remains_count": 1,
        "linked": True,
        "remarks": "",
    }
    values.update(changes)
    return RollRow(**values)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def user_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty user data folder (platformdirs reads $XDG_DATA_HOME), so that a font the tester
    put in their own fonts folder never changes what a test prints or refuses."""
    folder = tmp_path / "user-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))
    return folder / "irei"


@pytest.fixture
def make_row() -> MakeRow:
    """``make_row(name, reading, **changes)``: a complete row, changed only where a test says."""
    return roll_row


@pytest.fixture
def ceremony() -> CeremonyInfo:
    return CeremonyInfo(
        name="令和7年度 シベリア抑留中死亡者追悼式",
        kind="memorial",
        date="2025-08-23",
        place="千鳥ケ淵戦没者墓苑",
    )


@pytest.fixture
def roll() -> list[RollRow]:
    return [
        roll_row("阿部　正雄", "アベ マサオ", prefecture_code="02", prefecture="青森県"),
        roll_row(
            "髙橋　清", "タカハシ キヨシ", death_date="1946-02", death_date_text="昭和21年2月"
        ),
        roll_row("山﨑　茂", "ヤマザキ シゲル", remains_count=None, remarks="露側記録による"),
        roll_row(
            "",
            "ワタナベ タロウ",
            death_date="",
            death_date_text="不詳",
            prefecture_code="",
            prefecture="",
            site_code="PR-003",
            burial_site="沿海地方第3埋葬地",
            lot_number="PR-003-21-0007",
            remains_count=3,
            linked=False,
            remarks="氏名は露側記録の読み",
        ),
    ]
