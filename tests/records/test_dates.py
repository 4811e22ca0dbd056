"""Dates, birth years and fiscal years in every spelling the ministry's files carry."""

from __future__ import annotations

from datetime import date, datetime

import pytest

import records.numerals
from records.dates import (
    DateInFuture,
    DateUnreadable,
    PartialDate,
    Precision,
    format_wareki,
    parse_date,
    parse_fiscal_year,
    parse_year,
)

TODAY = date(2026, 5, 30)
DAY, MONTH, YEAR, APPROX = Precision.DAY, Precision.MONTH, Precision.YEAR, Precision.APPROXIMATE


@pytest.mark.parametrize(
    ("raw", "value", "precision"),
    [
        ("昭和21年2月13日", "1946-02-13", DAY),
        ("昭和２３年１０月２１日", "1948-10-21", DAY),
        ("昭和元年", "1926", YEAR),
        ("昭和元年12月25日", "1926-12-25", DAY),
        ("昭和21年2月", "1946-02", MONTH),
        ("昭和２４年７月", "1949-07", MONTH),
        ("昭和21年", "1946", YEAR),
        ("S21.2.13", "1946-02-13", DAY),
        ("S.21.2.13", "1946-02-13", DAY),
        ("s21.2.13", "1946-02-13", DAY),
        ("S２２.３.２６", "1947-03-26", DAY),
        ("S23.12", "1948-12", MONTH),
        ("S２２.１１", "1947-11", MONTH),
        ("昭21.2.13", "1946-02-13", DAY),
        ("H1", "1989", YEAR),
        ("H22.7.21", "2010-07-21", DAY),
        ("H１９.８.３", "2007-08-03", DAY),
        ("平成２８年８月２２日", "2016-08-22", DAY),
        ("R3/4/5", "2021-04-05", DAY),
        ("R１.７.９", "2019-07-09", DAY),
        ("令和元年7月11日", "2019-07-11", DAY),
        ("令和３年１１月２７日", "2021-11-27", DAY),
        ("明治37年", "1904", YEAR),
        ("大正元年7月30日", "1912-07-30", DAY),
        ("㍼21年2月13日", "1946-02-13", DAY),
        ("1946/2/13", "1946-02-13", DAY),
        ("１９４８/１２/２", "1948-12-02", DAY),
        ("２０２２/８/１３", "2022-08-13", DAY),
        ("１９４６／２／１３", "1946-02-13", DAY),
        ("1946-02-13", "1946-02-13", DAY),
        ("1946.2.13", "1946-02-13", DAY),
        ("1946年2月13日", "1946-02-13", DAY),
        ("1946年1月", "1946-01", MONTH),
        ("１９４６年５月", "1946-05", MONTH),
        ("1947年", "1947", YEAR),
        ("１９４８年", "1948", YEAR),
        ("1946/2", "1946-02", MONTH),
        ("1946", "1946", YEAR),
        ("19460213", "1946-02-13", DAY),
        ("1946-02-13 00:00:00", "1946-02-13", DAY),
        ("1946/2/13 0:00", "1946-02-13", DAY),
        ("1946/2/13 14:30", "1946-02-13", DAY),  # the hour of a death, kept in the text
        ("1946-02-13T23:59:59.5", "1946-02-13", DAY),
        ("昭和21年2月13日 ９:０５", "1946-02-13", DAY),
        ("昭和 21年 2月 13日", "1946-02-13", DAY),
        ("昭和21年2月頃", "1946-02", APPROX),
        ("昭和21年ごろ", "1946", APPROX),
        ("約1946年", "1946", APPROX),
        ("1946?", "1946", APPROX),
        ("1946/2/13？", "1946-02-13", APPROX),
        ("推定昭和21年", "1946", APPROX),
        ("(推定)昭和21年2月", "1946-02", APPROX),
        ("昭和21年2月?日", "1946-02", MONTH),
        ("昭和21年2月不明", "1946-02", MONTH),
        ("昭和64年1月7日", "1989-01-07", DAY),
        ("平成元年1月8日", "1989-01-08", DAY),
        ("平成31年4月30日", "2019-04-30", DAY),
        ("令和元年5月1日", "2019-05-01", DAY),
        ("令和8年5月30日", "2026-05-30", DAY),
    ],
)
def test_date_spellings_read_to_iso_with_precision(
    raw: str, value: str, precision: Precision
) -> None:
    assert parse_date(raw, today=TODAY) == PartialDate(raw, value, precision)


@pytest.mark.parametrize(
    ("raw", "value", "precision"),
    [
        ("昭和二十年八月十五日", "1945-08-15", DAY),
        ("昭和二〇年八月一五日", "1945-08-15", DAY),
        ("大正十年", "1921", YEAR),
        ("昭和十九年十二月", "1944-12", MONTH),
        ("昭和二十一年二月十三日", "1946-02-13", DAY),
        ("昭和元年十二月二十五日", "1926-12-25", DAY),
        ("明治三十七年", "1904", YEAR),
        ("一九四六年二月十三日", "1946-02-13", DAY),
        ("昭和二十年八月頃", "1945-08", APPROX),
        ("昭和 二十年 八月 十五日", "1945-08-15", DAY),
    ],
)
def test_dates_written_in_kanji_numerals_read_to_iso_keeping_the_text(
    raw: str, value: str, precision: Precision
) -> None:
    assert parse_date(raw, today=TODAY) == PartialDate(raw, value, precision)


@pytest.mark.parametrize(
    ("raw", "value", "precision"),
    [
        ("Ｓ２０・８・１５", "1945-08-15", DAY),
        ("昭和20・8・15", "1945-08-15", DAY),
        ("1945･8･15", "1945-08-15", DAY),
        ("S20・8", "1945-08", MONTH),
        ("昭和20年8月中旬", "1945-08", MONTH),
        ("昭和21年2月上旬", "1946-02", MONTH),
        ("昭和二十一年二月下旬", "1946-02", MONTH),
        ("昭和21年2月初旬", "1946-02", MONTH),
        ("昭和21年2月末", "1946-02", MONTH),
        ("昭和21年2月下旬頃", "1946-02", APPROX),
    ],
)
def test_middle_dots_between_the_parts_and_a_part_of_the_month_are_read(
    raw: str, value: str, precision: Precision
) -> None:
    """A part of the month (中旬) gives the month: the day is not known, and the text keeps it."""
    assert parse_date(raw, today=TODAY) == PartialDate(raw, value, precision)


@pytest.mark.parametrize(
    ("raw", "value", "precision"),
    [
        ("昭和20年末", "1945", YEAR),
        ("昭和21年春", "1946", YEAR),
        ("昭和21年夏", "1946", YEAR),
        ("昭和２１年秋", "1946", YEAR),
        ("昭和21年初め", "1946", YEAR),
        ("昭和20年暮れ", "1945", YEAR),
        ("1946年初頭", "1946", YEAR),
        ("昭和21年春頃", "1946", APPROX),
        # Winter runs into the next year: 昭和20年冬 may be February 1946.
        ("昭和20年冬", "1945", APPROX),
        ("1945年冬", "1945", APPROX),
    ],
)
def test_a_part_of_the_year_gives_the_year_and_a_winter_is_approximate(
    raw: str, value: str, precision: Precision
) -> None:
    """Siberian death registers write 昭和20年冬 where the month was not known."""
    assert parse_date(raw, today=TODAY) == PartialDate(raw, value, precision)


@pytest.mark.parametrize("raw", ["冬", "年末", "昭和20年8月冬", "昭和20年8月15日春", "昭和20冬"])
def test_a_part_of_the_year_without_its_year_is_refused(raw: str) -> None:
    with pytest.raises(DateUnreadable):
        parse_date(raw, today=TODAY)


@pytest.mark.parametrize("raw", ["昭和20年中旬", "中旬", "昭和20年8月15日末", "1945/8/中旬"])
def test_a_part_of_the_month_without_its_month_is_refused(raw: str) -> None:
    with pytest.raises(DateUnreadable):
        parse_date(raw, today=TODAY)


@pytest.mark.parametrize(
    ("raw", "reason_part"),
    [
        ("昭和十十年", "not a date spelling"),
        ("昭和百年", "not a date spelling"),
        ("昭和二十年十三月", "no month 13"),
        ("昭和六十五年", "outside the 昭和 era"),
        ("二十年", "four digits"),
    ],
)
def test_kanji_numerals_that_are_no_date_are_refused_with_the_usual_reason(
    raw: str, reason_part: str
) -> None:
    with pytest.raises(DateUnreadable) as refused:
        parse_date(raw, today=TODAY)
    assert reason_part in refused.value.reason


@pytest.mark.parametrize(
    ("raw", "text", "value"),
    [
        (datetime(1947, 10, 22, 0, 0), "1947-10-22", "1947-10-22"),  # openpyxl date cell
        (date(1948, 2, 19), "1948-02-19", "1948-02-19"),  # calamine date cell
        (1946.0, "1946", "1946"),  # a year typed as a number, read by calamine
        (1946, "1946", "1946"),
    ],
)
def test_date_cells_keep_iso_text(raw: object, text: str, value: str) -> None:
    assert parse_date(raw, today=TODAY).text == text
    assert parse_date(raw, today=TODAY).value == value


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("明治45年7月30日", "1912-07-30"),  # the emperor died in the night: the day is
        ("大正元年7月30日", "1912-07-30"),  # written in either era
        ("大正15年12月25日", "1926-12-25"),
        ("昭和元年12月25日", "1926-12-25"),
        ("昭和64年1月7日", "1989-01-07"),  # Heisei began the next day: no day is shared
        ("平成31年4月30日", "2019-04-30"),
    ],
)
def test_the_day_an_era_ended_is_read_in_the_eras_that_share_it(raw: str, value: str) -> None:
    assert parse_date(raw, today=TODAY).value == value


@pytest.mark.parametrize("raw", [None, "", "   ", "\u3000"])
def test_blank_date_is_empty(raw: object) -> None:
    assert parse_date(raw, today=TODAY) == PartialDate("", None, None)


def test_unknown_date_keeps_its_text_without_a_value() -> None:
    assert parse_date("不明", today=TODAY) == PartialDate("不明", None, None)


@pytest.mark.parametrize(
    ("raw", "reason_part"),
    [
        ("昭和65年", "outside the 昭和 era"),
        ("昭和65年1月1日", "outside the 昭和 era"),
        ("平成元年1月7日", "outside the 平成 era"),
        ("平成31年5月1日", "outside the 平成 era"),
        ("大正元年7月29日", "outside the 大正 era"),
        ("明治45年7月31日", "outside the 明治 era (1868-01-25 to 1912-07-30)"),
        ("大正15年12月26日", "outside the 大正 era (1912-07-30 to 1926-12-25)"),
        ("昭和64年1月8日", "outside the 昭和 era (1926-12-25 to 1989-01-07)"),
        ("S0.1.1", "does not exist"),
        ("昭和21年2月30日", "no such day"),
        ("1946/2/29", "no such day"),
        ("昭和21年13月", "no month 13"),
        ("2099/1/1", "future"),
        ("令和9年", "future"),
        ("令和8年5月31日", "future"),
        ("21.2.13", "four digits"),
        ("昭和21年2月13日から", "not a date spelling"),
        ("第7収容地区", "not a date spelling"),
        ("1946/2/13 25:00", "not a date spelling"),  # no hour of a day
        (17462.0, "a number, not a date"),  # an Excel serial in a cell not formatted as a date
        (79.0, "a number, not a date"),
        (True, "true/false"),
    ],
)
def test_impossible_or_unknown_dates_are_refused_with_a_reason(
    raw: object, reason_part: str
) -> None:
    with pytest.raises(DateUnreadable) as refused:
        parse_date(raw, today=TODAY)
    assert reason_part in refused.value.reason


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        ("2099/1/1", "2099-01-01 is in the future"),
        ("令和9年", "2027 is in the future"),
        ("令和8年6月", "2026-06 is in the future"),
        ("令和8年5月31日", "2026-05-31 is in the future"),
        (date(2026, 5, 31), "2026-05-31 is in the future"),
    ],
)
def test_a_date_in_the_future_is_said_to_be_in_the_future_not_to_be_no_date(
    raw: object, said: str
) -> None:
    with pytest.raises(DateInFuture) as refused:
        parse_date(raw, today=TODAY)
    assert str(refused.value.reason) == said


@pytest.mark.parametrize(
    ("raw", "year"),
    [
        (1921, 1921),
        (1904.0, 1904),
        ("1921", 1921),
        ("１９１９", 1919),
        ("1921年", 1921),
        ("大正10年", 1921),
        ("大正5年", 1916),
        ("T10", 1921),
        ("T14", 1925),
        ("大10", 1921),
        ("M37", 1904),
        ("明治40年", 1907),
        ("明治元年", 1868),
        ("S3", 1928),
        ("昭和3年", 1928),
        ("大正十一年", 1922),
        ("昭和二年", 1927),
        ("明治四〇年", 1907),
        (None, None),
        ("", None),
    ],
)
def test_birth_years(raw: object, year: int | None) -> None:
    assert parse_year(raw, today=TODAY) == year


@pytest.mark.parametrize("raw", ["大正16年", "T0", "生年", "2099", 12.5, "大正十十年", "百年"])
def test_impossible_birth_years_are_refused(raw: object) -> None:
    with pytest.raises(DateUnreadable):
        parse_year(raw, today=TODAY)


@pytest.mark.parametrize(
    ("raw", "year"),
    [
        ("令和元年度", 2019),
        ("平成30年度", 2018),
        ("平成13年度", 2001),
        ("平成31年度", 2019),  # the fiscal year began on 1 April 2019, still in Heisei
        ("令和６年度", 2024),
        ("2004年度", 2004),
        ("２００４年度", 2004),
        ("2004", 2004),
        (2004.0, 2004),
        ("", None),
        (None, None),
    ],
)
def test_fiscal_years(raw: object, year: int | None) -> None:
    assert parse_fiscal_year(raw, today=TODAY) == year


@pytest.mark.parametrize(
    ("raw", "year"),
    [
        ("平成三十年度", 2018),
        ("昭和五十二年度", 1977),
        ("平成三十一年度", 2019),
        ("令和六年度", 2024),
        ("平成十年度", 1998),
        ("二〇〇四年度", 2004),
        ("平成 三十 年度", 2018),
    ],
)
def test_fiscal_years_written_in_kanji_numerals(raw: str, year: int) -> None:
    assert parse_fiscal_year(raw, today=TODAY) == year


def test_a_fiscal_year_in_figures_is_read_without_trying_kanji_numerals(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(numeral: object) -> str:
        raise AssertionError("kanji numerals tried on figures")

    monkeypatch.setattr(records.numerals, "_arabic", refuse)
    assert parse_fiscal_year("平成30年度", today=TODAY) == 2018


@pytest.mark.parametrize(
    "raw",
    [
        *("平成32年度", "昭和64年度", "令和9年度", "収集年度", "04年度"),
        # Kanji numerals that are no number, or a year outside its era or without one.
        *("平成十十年度", "平成百年度", "昭和六十五年度", "三十年度"),
    ],
)
def test_impossible_fiscal_years_are_refused(raw: str) -> None:
    with pytest.raises(DateUnreadable):
        parse_fiscal_year(raw, today=TODAY)


@pytest.mark.parametrize(
    ("cell", "number"), [(3000, "3000"), (12, "12"), (12.0, "12"), (1867, "1867"), (2027, "2027")]
)
def test_a_number_cell_that_is_no_fiscal_year_is_refused_saying_the_years_expected(
    cell: float, number: str
) -> None:
    with pytest.raises(DateUnreadable) as refused:
        parse_fiscal_year(cell, today=TODAY)
    assert refused.value.reason == (
        f"{number} is not a fiscal year: a year from 1868 to 2026 is expected "
        "(e.g. 令和元年度, 平成30年度 or 2019)"
    )


@pytest.mark.parametrize(
    ("iso", "wareki"),
    [
        ("2026-05-30", "令和8年5月30日"),
        ("2019-05-01", "令和元年5月1日"),
        ("2019-04-30", "平成31年4月30日"),
        ("1989-01-07", "昭和64年1月7日"),
        ("1989-01-08", "平成元年1月8日"),
        ("1946-02-13", "昭和21年2月13日"),
        ("1926-12-25", "昭和元年12月25日"),
        ("1912-07-30", "大正元年7月30日"),
        ("1904", "明治37年"),
        ("1946-02", "昭和21年2月"),
        ("1989-01", "昭和64年1月"),  # a partial date takes the era of its first day
        ("2019", "平成31年"),
        ("1850-01-01", "1850年1月1日"),
    ],
)
def test_iso_dates_written_in_wareki(iso: str, wareki: str) -> None:
    assert format_wareki(iso) == wareki


@pytest.mark.parametrize("iso", ["1946-02-13", "1946-02", "1946", "2019-05-01", "1989-01-08"])
def test_wareki_reads_back_to_the_same_date(iso: str) -> None:
    assert parse_date(format_wareki(iso), today=TODAY).value == iso


@pytest.mark.parametrize("iso", ["13 Feb 1946", "1946-2-13", "", "1946-02-30"])
def test_format_wareki_refuses_what_is_not_iso(iso: str) -> None:
    with pytest.raises(ValueError):
        format_wareki(iso)


@pytest.mark.parametrize(
    ("raw", "year"), [("大正10年生", 1921), ("大正10年生まれ", 1921), ("1921年 生", 1921)]
)
def test_a_year_of_birth_written_as_born_in_is_read(raw: str, year: int) -> None:
    assert parse_year(raw, today=TODAY) == year


def test_a_year_of_birth_not_read_is_refused_with_years_as_examples() -> None:
    with pytest.raises(DateUnreadable, match=r"^not a year spelling we know \(e.g. 大正10年, T10"):
        parse_year("大正十年頃か", today=TODAY)


@pytest.mark.parametrize("raw", ["\u3000昭和23年7月", "昭和23年7月 ", " \u3000昭和23年7月\u3000"])
def test_the_text_kept_is_the_date_as_written_without_the_spaces_around_it(raw: str) -> None:
    """A re-sent file without a stray space is then no correction of the date."""
    assert parse_date(raw, today=TODAY) == PartialDate("昭和23年7月", "1948-07", MONTH)


@pytest.mark.parametrize("raw", ["昭和99年2月30日", "昭和99年13月"])
def test_a_year_outside_its_era_is_said_before_a_day_or_month_that_does_not_exist(
    raw: str,
) -> None:
    with pytest.raises(DateUnreadable) as refused:
        parse_date(raw, today=TODAY)
    assert refused.value.reason.startswith(f"{raw} is outside the 昭和 era")


@pytest.mark.parametrize(
    ("raw", "value", "precision"),
    [
        ("S21.2.?", "1946-02", MONTH),
        ("1946/2/不明", "1946-02", MONTH),
        ("1946/2/??", "1946-02", MONTH),
        ("1946-2-不詳", "1946-02", MONTH),
        ("S21・2・?", "1946-02", MONTH),
        ("1946/?/?", "1946", YEAR),
        ("昭和21年2月不明", "1946-02", MONTH),
    ],
)
def test_an_unknown_day_or_month_in_figures_reads_as_the_parts_known(
    raw: str, value: str, precision: Precision
) -> None:
    """As 昭和21年2月?日 does: the ? stands for the day, it does not make the month a guess."""
    assert parse_date(raw, today=TODAY) == PartialDate(raw, value, precision)


@pytest.mark.parametrize("raw", ["1946/?/13", "S21.?.13"])
def test_an_unknown_month_before_a_known_day_is_refused(raw: str) -> None:
    with pytest.raises(DateUnreadable):
        parse_date(raw, today=TODAY)


@pytest.mark.parametrize(
    "raw",
    ["昭和21年2月13日(水)", "昭和21年2月13日（水）", "昭和21年2月13日(水曜日)",
     "昭和21年2月13日（水曜）", "昭和21年2月13日 水曜日", "1946/2/13(水)", "S21.2.13 (水)"],
)  # fmt: skip
def test_a_date_with_its_weekday_is_read(raw: str) -> None:
    assert parse_date(raw, today=TODAY) == PartialDate(raw.strip(), "1946-02-13", DAY)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("昭和21年2月13日(木)", "1946-02-13 was a 水曜日, not a 木曜日"),
        ("昭和21年2月(水)", "a weekday (水) is written without a day of the month"),
    ],
)
def test_a_weekday_that_is_not_the_dates_is_refused_as_a_slip(raw: str, reason: str) -> None:
    with pytest.raises(DateUnreadable) as refused:
        parse_date(raw, today=TODAY)
    assert refused.value.reason.startswith(reason)


@pytest.mark.parametrize(
    ("raw", "value", "precision"),
    [
        ("昭和廿一年二月", "1946-02", MONTH),
        ("昭和廿年八月十五日", "1945-08-15", DAY),
        ("昭和二十年八月卅日", "1945-08-30", DAY),
        ("昭和十九年十二月丗一日", "1944-12-31", DAY),
        ("昭和廿一年二月廿日", "1946-02-20", DAY),
    ],
)
def test_the_old_numerals_for_twenty_and_thirty_are_read(
    raw: str, value: str, precision: Precision
) -> None:
    assert parse_date(raw, today=TODAY) == PartialDate(raw, value, precision)


@pytest.mark.parametrize(
    ("raw", "value", "precision"),
    [
        ("昭和21年(1946年)2月13日", "1946-02-13", DAY),
        ("昭和21年2月13日(1946年2月13日)", "1946-02-13", DAY),
        ("1946年（昭和21年）2月", "1946-02", MONTH),
    ],
)
def test_a_date_written_in_both_calendars_is_read_when_they_agree(
    raw: str, value: str, precision: Precision
) -> None:
    assert parse_date(raw, today=TODAY) == PartialDate(raw, value, precision)


@pytest.mark.parametrize(
    ("raw", "year"),
    [("大正10年（1921年）", 1921), ("1921（大正10）", 1921), ("1921年(大正10年)", 1921),
     ("大正十年（一九二一年）", 1921), ("T10(1921)", 1921), ("大正10年(1921年)生", 1921),
     ("平成元年（1989年）", 1989), ("1989(昭和64)", 1989)],
)  # fmt: skip
def test_a_birth_year_written_in_both_calendars_is_read_when_they_agree(
    raw: str, year: int
) -> None:
    assert parse_year(raw, today=TODAY) == year


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("大正10年（1922年）", "the date is written twice and the two disagree: 1921 and 1922"),
        ("1921(大正11)", "the date is written twice and the two disagree: 1921 and 1922"),
    ],
)
def test_a_birth_year_written_in_two_calendars_that_disagree_is_refused(
    raw: str, reason: str
) -> None:
    with pytest.raises(DateUnreadable) as refused:
        parse_year(raw, today=TODAY)
    assert refused.value.reason == reason


def test_a_date_written_in_two_calendars_that_disagree_is_refused() -> None:
    with pytest.raises(DateUnreadable) as refused:
        parse_date("昭和21年2月13日(1946年2月14日)", today=TODAY)
    assert refused.value.reason == (
        "the date is written twice and the two disagree: 1946-02-13 and 1946-02-14"
    )
