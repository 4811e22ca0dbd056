"""Burial sites named by region and number in registers and by code in recovery files."""

from __future__ import annotations

import pytest

from records.sites import REGIONS, SiteRef, parse_site_code, parse_site_name, place_contradicted

HB_012 = SiteRef("HB-012", "ハバロフスク地方", "ロシア", 12, "ハバロフスク地方第12埋葬地")


def test_region_table_from_the_format_notes() -> None:
    assert [(r.code, r.name, r.country) for r in REGIONS] == [
        ("HB", "ハバロフスク地方", "ロシア"),
        ("PR", "沿海地方", "ロシア"),
        ("IR", "イルクーツク州", "ロシア"),
        ("AM", "アムール州", "ロシア"),
        ("ZB", "ザバイカル地方", "ロシア"),
        ("KR", "クラスノヤルスク地方", "ロシア"),
        ("MN", "ウランバートル", "モンゴル"),
        ("KZ", "カラガンダ州", "カザフスタン"),
    ]


@pytest.mark.parametrize(
    "written",
    ["ハバロフスク地方第12埋葬地", "ハバロフスク地方第１２埋葬地", " ハバロフスク地方 第12 埋葬地 ",
     "ハバロフスク地方第012埋葬地", "ﾊﾊﾞﾛﾌｽｸ地方第12埋葬地"],
)  # fmt: skip
def test_site_name_as_the_register_writes_it(written: str) -> None:
    assert parse_site_name(written) == HB_012


@pytest.mark.parametrize(
    "written", ["HB-012", "hb-12", "ＨＢ－０１２", " HB-012 ", "HB012", "HB−012"]
)
def test_site_code_as_recovery_files_write_it(written: str) -> None:
    assert parse_site_code(written) == HB_012


@pytest.mark.parametrize(
    ("written", "code"),
    [("ウランバートル第41埋葬地", "MN-041"), ("カラガンダ州第52埋葬地", "KZ-052"),
     ("沿海地方第15埋葬地", "PR-015")],
)  # fmt: skip
def test_both_spellings_name_the_same_site(written: str, code: str) -> None:
    assert parse_site_name(written) == parse_site_code(code)


@pytest.mark.parametrize(
    ("written", "reason_part"),
    [("樺太第3埋葬地", "unknown region"), ("ハバロフスク地方", "not a burial site name"),
     ("ハバロフスク地方第0埋葬地", "outside"), ("", "not a burial site name")],
)  # fmt: skip
def test_unreadable_site_names_are_refused(written: str, reason_part: str) -> None:
    with pytest.raises(ValueError, match=reason_part):
        parse_site_name(written)


@pytest.mark.parametrize(
    ("written", "reason_part"),
    [("XX-012", "unknown region code"), ("HB-1234", "not a burial site code"),
     ("HB-000", "outside"), ("埋葬地番号", "not a burial site code")],
)  # fmt: skip
def test_unreadable_site_codes_are_refused(written: str, reason_part: str) -> None:
    with pytest.raises(ValueError, match=reason_part):
        parse_site_code(written)


@pytest.mark.parametrize(
    ("country", "region", "code"),
    [
        ("ロシア", "ハバロフスク地方", "HB-012"),
        ("ロシア連邦", "ハバロフスク", "HB-012"),  # the official name; the region without 地方
        ("ソ連", "ハバロフスク地方", "HB-012"),  # the country of the internment's years
        ("旧ソ連", "カラガンダ州", "KZ-001"),  # Kazakhstan was Soviet too
        ("ロシア（旧ソ連）", "沿海州", "PR-003"),  # 沿海州: the old name of 沿海地方
        ("ロシア", "チタ州", "ZB-022"),  # merged into the Zabaykalsky Krai in 2008
        ("ﾛｼｱ", "ハバロフスク地方コムソモリスク", "HB-012"),  # half-width; a place within
        ("モンゴル国", "ウランバートル市", "MN-004"),
        ("", "", "HB-012"),  # nothing said, nothing contradicted
        ("中国", "タイシェト", "HB-012"),  # no place of the region table: nothing to compare
        ("中国内モンゴル自治区", "", "HB-012"),  # China's, not Mongolia: nothing to compare
        ("内モンゴル", "", "MN-004"),
        ("ロシア", "アムールスク", "HB-012"),  # a town of the krai, not the Amur region (アムール)
        ("ロシア", "ハバロフスク アムールスク", "HB-012"),  # a space ends a name
        ("ロシア", "ｱﾑｰﾙｽｸ", "HB-012"),  # half-width, its long-vowel mark no dash
        ("ロシアハバロフスク", "ロシアハバロフスク", "HB-012"),  # a place after its country
    ],
)
def test_a_place_naming_the_sites_country_and_region_agrees(
    country: str, region: str, code: str
) -> None:
    assert place_contradicted(country, region, parse_site_code(code)) is None


@pytest.mark.parametrize(
    ("country", "region", "code", "field", "reason"),
    [
        (
            "モンゴル", "ハバロフスク地方", "HB-012", "country",
            "'モンゴル' is not the country of burial site HB-012 (ロシア): one of them is mistyped",
        ),
        (
            "ソ連", "ウランバートル", "MN-004", "country",
            "'ソ連' is not the country of burial site MN-004 (モンゴル): one of them is mistyped",
        ),
        (
            "ロシア", "イルクーツク州", "HB-012", "region",
            "'イルクーツク州' is not the region of burial site HB-012 (ハバロフスク地方): one of "
            "them is mistyped",
        ),
        (
            "ロシア", "アムール", "HB-012", "region",
            "'アムール' is not the region of burial site HB-012 (ハバロフスク地方): one of them "
            "is mistyped",
        ),
        (
            "ロシア", "アムール・ブラゴヴェシチェンスク", "HB-012", "region",
            "'アムール・ブラゴヴェシチェンスク' is not the region of burial site HB-012 "
            "(ハバロフスク地方): one of them is mistyped",
        ),
        (
            "ロシア", "チタ 収容所", "HB-012", "region",
            "'チタ 収容所' is not the region of burial site HB-012 (ハバロフスク地方): one of them "
            "is mistyped",
        ),
        (
            "カザフスタン", "カラガンダ州", "HB-012", "country",
            "'カザフスタン' is not the country of burial site HB-012 (ロシア): one of them is "
            "mistyped",
        ),
    ],
)  # fmt: skip
def test_a_place_naming_another_country_or_region_than_the_sites_is_refused(
    country: str, region: str, code: str, field: str, reason: str
) -> None:
    assert place_contradicted(country, region, parse_site_code(code)) == (field, reason)
