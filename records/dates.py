"""Dates as the ministry writes them: wareki (Japanese era) and Western spellings, partial
and approximate dates, read into ISO strings that keep their precision, and back to wareki."""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from records.folding import UNKNOWN_WORDS, fold_dashes, squeeze
from records.messages import Message
from records.numerals import KANJI_FIGURES, with_arabic_figures


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    APPROXIMATE = "approximate"


@dataclass(frozen=True)
class PartialDate:
    text: str  # exactly as received
    value: str | None  # ISO 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'
    precision: Precision | None


UNDATED = PartialDate("", None, None)  # no date given


_NOT_A_SPELLING = Message("not a date spelling we know (e.g. 昭和21年2月13日, S21.2.13, 1946/2/13)")


class DateUnreadable(ValueError):
    """A date, year or fiscal year that cannot be read; `reason` is for a registrar."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class DateInFuture(DateUnreadable):
    """A date read that has not come yet: a slip of the keys (2062 for 2026) that is still a
    date, and is said to be in the future, not to be no date."""


@dataclass(frozen=True)
class Era:
    name: str  # 元号 (gengō), the era name
    letter: str  # the initial used in abbreviations: S21.2.13
    start: date
    # The era's last day, when it is its successor's first too: an emperor who died in the
    # night (30 July 1912, 25 December 1926) left that day to be written in either era.
    shared_last_day: bool = False


# Meiji was declared retroactively from the first day of the lunar year 1868 (25 January).
ERAS: tuple[Era, ...] = (
    Era("明治", "M", date(1868, 1, 25), shared_last_day=True),
    Era("大正", "T", date(1912, 7, 30), shared_last_day=True),
    Era("昭和", "S", date(1926, 12, 25)),
    Era("平成", "H", date(1989, 1, 8)),
    Era("令和", "R", date(2019, 5, 1)),
)

_ERA_BY_TOKEN: dict[str, Era] = {}
for _era in ERAS:
    _ERA_BY_TOKEN[_era.name] = _era
    _ERA_BY_TOKEN[_era.name[0]] = _era
    _ERA_BY_TOKEN[_era.letter] = _era

_ERA_TOKENS = "|".join(sorted(_ERA_BY_TOKEN, key=len, reverse=True))
_ERA_PREFIX = re.compile(rf"(?P<era>{_ERA_TOKENS})\.?")
_KANJI_BODY = re.compile(r"(?P<y>\d+|元)年(?:(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?)?")
# A point, a slash, a dash or the middle dot of Japanese typing (S20・8・15) between the parts.
_NUMERIC_BODY = re.compile(r"(?P<y>\d+|元)(?:[-/.・](?P<m>\d{1,2})(?:[-/.・](?P<d>\d{1,2}))?)?")
_COMPACT = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})")
# CSV exports of datetime cells carry their time, midnight mostly (1946/2/13 0:00:00); a
# register typed in Excel may give the hour of a death (1946/2/13 14:30). The day is the
# date, as a date-time cell's is; the time is kept in the text as written.
_TIME_OF_DAY = re.compile(r"[T\s]+(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?$")
# A '?' or 不明 standing for the day or month says that part is unknown, not that the rest
# is a guess: 昭和21年2月?日, 昭和21年2月不明, S21.2.?, 1946/2/不明, 1946/?/?.
_UNKNOWN = r"(?:\?+|不明|不詳)"
_UNKNOWN_PART = re.compile(rf"{_UNKNOWN}(?=[月日])|(?<=[年月]){_UNKNOWN}$|(?:[-/.・]{_UNKNOWN})+$")
_DANGLING_UNIT = re.compile(r"(?<=[年月])[月日]+$")
# A part of the month (上旬, 中旬, 下旬, 初旬, 月末) says the day is not known: a month's date.
_PART_OF_MONTH = re.compile(r"(?<=月)(?:上旬|中旬|下旬|初旬|末)$")
_APPROXIMATE = re.compile(r"頃|ごろ|ころ|約|推定|\?")
# A part of the year (春, 夏, 秋, 年末, 年初め) says the month is not known: a year's date. A
# winter runs into the next year (昭和20年冬, that of 1945–46, when most detainees died): it
# gives the year it is named by, as approximate.
_WINTER = "冬"
_PARTS_OF_YEAR = (_WINTER, "春", "夏", "秋", "末", "暮", "暮れ", "初め", "始め", "初頭")
_PART_OF_YEAR = re.compile(rf"(?<=年)(?:{'|'.join(_PARTS_OF_YEAR)})$")
_PART_OF_YEAR_ENDS = frozenset(part[-1] for part in _PARTS_OF_YEAR)


def parse_date(raw: object, *, today: date | None = None) -> PartialDate:
    """Read a date cell in any spelling the ministry uses.

    Numbers are not taken as Excel serial dates: a date cell is already a date when it
    reaches us, so a bare number is a year only when it looks like one (1946), otherwise
    it is refused rather than guessed.  不明 (unknown) alone reads as a blank date.
    """
    today = today or date.today()
    if raw is None:
        return UNDATED
    if isinstance(raw, datetime):
        raw = raw.date()
    if isinstance(raw, date):
        _check_not_future(raw, raw.isoformat(), today)
        return PartialDate(raw.isoformat(), raw.isoformat(), Precision.DAY)
    if isinstance(raw, bool):
        raise DateUnreadable(Message("a true/false value, not a date"))
    if isinstance(raw, int | float):
        year = _year_from_number(raw, today)
        return PartialDate(str(year), f"{year:04d}", Precision.YEAR)
    if not isinstance(raw, str):
        raise DateUnreadable(Message("not a date ({kind})", kind=type(raw).__name__))
    if not raw.strip():
        return UNDATED
    return _parse_text(raw, today)


def _parse_text(text: str, today: date) -> PartialDate:
    # Kept as written, but for the spaces around it, as names are: a stray ideographic space
    # before a date is no correction of it when the file is sent again without.
    text = text.strip()
    s = _TIME_OF_DAY.sub("", unicodedata.normalize("NFKC", text))
    s = fold_dashes("".join(s.split()))
    if s in UNKNOWN_WORDS:  # squeezed already: a set's lookup, on every date
        return PartialDate(text, None, None)
    s, unknown_parts = _UNKNOWN_PART.subn("", s)
    if unknown_parts:
        s = _DANGLING_UNIT.sub("", s)
    s, markers = _APPROXIMATE.subn("", s)
    s = s.replace("()", "")
    weekday = aside = None
    if ")" in s or "曜" in s:
        s, weekday, aside = _asides(s)
    if s[-1:] in ("旬", "末"):
        s = _PART_OF_MONTH.sub("", s)
    if s[-1:] in _PART_OF_YEAR_ENDS and (part := _PART_OF_YEAR.search(s)):
        s = s[: part.start()]
        markers += part[0] == _WINTER
    year, month, day = _read_parts(s)
    value = _validated_iso(year, month, day, today)
    if aside is not None:
        _check_written_twice_alike((year, month, day), aside)
    if weekday is not None:
        _check_weekday(year, month, day, weekday)
    if markers:
        return PartialDate(text, value, Precision.APPROXIMATE)
    precision = Precision.DAY if day else Precision.MONTH if month else Precision.YEAR
    return PartialDate(text, value, precision)


# What a register writes beside a date: its weekday, (水), (水曜日) or 水曜日 after the day, and
# the same date in the other calendar in brackets, 大正10年(1921年), 1921(大正10),
# 昭和21年(1946年)2月13日. Both are checked against the date, as a slip in either says the
# date itself may be wrong.
_WEEKDAYS = "月火水木金土日"  # in the order of date.weekday()
_WEEKDAY = re.compile(
    rf"(?:\((?P<bracketed>[{_WEEKDAYS}])(?:曜日?)?\)|(?<=日)(?P<plain>[{_WEEKDAYS}])曜日?)$"
)
_ASIDE = re.compile(r"\((?P<aside>[^()]*)\)")


def _asides(s: str) -> tuple[str, str | None, str | None]:
    """The date without what is written beside it, its weekday and its other calendar's date."""
    weekday = aside = None
    if m := _WEEKDAY.search(s):
        weekday = m["bracketed"] or m["plain"]
        s = s[: m.start()]
    if m := _ASIDE.search(s):
        aside = m["aside"]
        s = s[: m.start()] + s[m.end() :]
    return s, weekday, aside


def _check_written_twice_alike(parts: tuple[int, int | None, int | None], aside: str) -> None:
    """A date written in both calendars: the one in brackets names the same year, or the same
    year, month and day as far as it goes."""
    other = _read_parts(aside)
    shared = 1 if other[1] is None else 2 if other[2] is None else 3
    if other[:shared] != parts[:shared]:
        raise DateUnreadable(
            Message(
                "the date is written twice and the two disagree: {date} and {other}",
                date="-".join(f"{n:02d}" for n in parts[:shared] if n is not None),
                other="-".join(f"{n:02d}" for n in other if n is not None),
            )
        )


def _check_weekday(year: int, month: int | None, day: int | None, weekday: str) -> None:
    if month is None or day is None:
        raise DateUnreadable(
            Message("a weekday ({weekday}) is written without a day of the month", weekday=weekday)
        )
    actual = _WEEKDAYS[date(year, month, day).weekday()]
    if actual != weekday:
        raise DateUnreadable(
            Message(
                "{date} was a {actual}曜日, not a {weekday}曜日: the date or the weekday is "
                "mistyped",
                date=f"{year:04d}-{month:02d}-{day:02d}",
                actual=actual,
                weekday=weekday,
            )
        )


def _read_parts(s: str) -> tuple[int, int | None, int | None]:
    """Split normalised text into a Gregorian year, month and day, checking the era."""
    era_match = _ERA_PREFIX.match(s.upper() if s[:1].isascii() else s)
    era = _ERA_BY_TOKEN[era_match["era"]] if era_match else None
    body = s[era_match.end() :] if era_match else s
    compact = _COMPACT.fullmatch(body) if era is None else None
    m = compact or _KANJI_BODY.fullmatch(body) or _NUMERIC_BODY.fullmatch(body)
    # Tried only on a spelling refused in figures, so that a million rows of them pay nothing.
    if m is None and not KANJI_FIGURES.isdisjoint(body):
        m = _KANJI_BODY.fullmatch(with_arabic_figures(body))
    if m is None:
        raise DateUnreadable(_NOT_A_SPELLING)
    month = int(m["m"]) if m["m"] else None
    day = int(m["d"]) if m["d"] else None
    if era is None:
        if m["y"] == "元" or len(m["y"]) != 4:
            raise DateUnreadable(Message("a year without an era must have four digits (1946)"))
        return int(m["y"]), month, day
    era_year = 1 if m["y"] == "元" else int(m["y"])
    if era_year < 1:
        raise DateUnreadable(Message("{era}0年 does not exist", era=era.name))
    year = era.start.year + era_year - 1
    label = f"{era.name}{m['y']}年" + (f"{month}月" if month else "") + (f"{day}日" if day else "")
    try:
        period = _period(year, month, day)
    except DateUnreadable:
        # 昭和99年2月30日: the year is no year of the era, which says more than its day.
        _check_in_era(era, label, _period(year, None, None))
        raise
    _check_in_era(era, label, period)
    return year, month, day


def _period(year: int, month: int | None, day: int | None) -> tuple[date, date]:
    """First and last day covered by a (possibly partial) date."""
    if month is not None and not 1 <= month <= 12:
        raise DateUnreadable(Message("there is no month {month}", month=month))
    try:
        if day is not None and month is not None:
            d = date(year, month, day)
            return d, d
        if month is not None:
            last = calendar.monthrange(year, month)[1]
            return date(year, month, 1), date(year, month, last)
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        raise DateUnreadable(
            Message("there is no such day: {date}", date=f"{year}年{month}月{day}日")
        ) from None


def _check_in_era(era: Era, label: str, period: tuple[date, date]) -> None:
    following = _next_era(era)
    first, last = period
    if last < era.start or (following is not None and first > _last_day(era, following)):
        since = f"{era.start:%Y-%m-%d}"
        if following is None:
            raise DateUnreadable(
                Message(
                    "{date} is outside the {era} era (from {since})",
                    date=label,
                    era=era.name,
                    since=since,
                )
            )
        raise DateUnreadable(
            Message(
                "{date} is outside the {era} era ({since} to {until})",
                date=label,
                era=era.name,
                since=since,
                until=f"{_last_day(era, following):%Y-%m-%d}",
            )
        )


def _last_day(era: Era, following: Era) -> date:
    return following.start if era.shared_last_day else following.start - timedelta(days=1)


def _next_era(era: Era) -> Era | None:
    index = ERAS.index(era)
    return ERAS[index + 1] if index + 1 < len(ERAS) else None


def _validated_iso(year: int, month: int | None, day: int | None, today: date) -> str:
    first = _period(year, month, day)[0]
    if day is not None and month is not None:
        iso = f"{year:04d}-{month:02d}-{day:02d}"
    elif month is not None:
        iso = f"{year:04d}-{month:02d}"
    else:
        iso = f"{year:04d}"
    _check_not_future(first, iso, today)
    return iso


def _check_not_future(first: date, iso: str, today: date) -> None:
    if first > today:
        raise DateInFuture(Message("{date} is in the future", date=iso))


def _year_from_number(raw: float, today: date) -> int:
    if raw != int(raw) or not 1868 <= raw <= today.year:
        raise DateUnreadable(
            Message(
                "a number, not a date: write it as text (1946/2/13) or format the cell as a date"
            )
        )
    return int(raw)


def parse_year(raw: object, *, today: date | None = None) -> int | None:
    """Read a year of birth (1921, 大正10年, T10, 大10, 昭和元年); blank gives None."""
    today = today or date.today()
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, date):
        return raw.year
    if isinstance(raw, bool):
        raise DateUnreadable(Message("a true/false value, not a year"))
    if isinstance(raw, int | float):
        return _year_from_number(raw, today)
    if not isinstance(raw, str):
        raise DateUnreadable(Message("not a year ({kind})", kind=type(raw).__name__))
    # 大正10年生 (born in): how a register often writes the year of birth.
    text = re.sub(r"(?<=\S)\s*生(?:まれ)?\s*$", "", raw)
    try:
        parsed = _parse_text(text, today)
    except DateUnreadable as error:
        if error.reason is not _NOT_A_SPELLING:
            raise
        raise DateUnreadable(
            Message("not a year spelling we know (e.g. 大正10年, T10, 1921)")
        ) from None
    if parsed.value is None:
        return None
    return int(parsed.value[:4])


_FISCAL = re.compile(r"(?:FY)?(?P<rest>.+?)年?度")


def parse_fiscal_year(raw: object, *, today: date | None = None) -> int | None:
    """Read a Japanese fiscal year (年度, starting 1 April): 令和元年度 → 2019, 2004年度 → 2004."""
    today = today or date.today()
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    current = today.year if today.month >= 4 else today.year - 1
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise DateUnreadable(Message("not a fiscal year"))
    if isinstance(raw, int | float):
        year = _fiscal_year_from_number(raw, current)
    else:
        year = _fiscal_year_from_text(raw)
    if year > current:
        raise DateUnreadable(Message("fiscal year {year} has not begun yet", year=year))
    return year


def _fiscal_year_from_number(number: float, current: int) -> int:
    """A number cell: the fiscal year it writes, from Meiji to the one in progress. Refused
    in a fiscal year's words: _year_from_number's speak of a date."""
    year = int(number)
    if year == number and 1868 <= year <= current:
        return year
    raise DateUnreadable(
        Message(
            "{number} is not a fiscal year: a year from 1868 to {current} is expected "
            "(e.g. 令和元年度, 平成30年度 or 2019)",
            number=year if year == number else number,
            current=current,
        )
    )


def _fiscal_year_from_text(text: str) -> int:
    s = squeeze(text).upper()
    m = _FISCAL.fullmatch(s)
    body = m["rest"] if m else s.removeprefix("FY")
    era_match = _ERA_PREFIX.match(body)
    number = body[era_match.end() :] if era_match else body
    number = number.removesuffix("年")
    if not (number == "元" or number.isdigit()):
        # Kanji numerals (平成三十年度), as a date's: read only in a spelling refused in figures,
        # so that a million rows of them pay nothing.
        number = with_arabic_figures(number)
        if not number.isdigit():
            raise DateUnreadable(
                Message("not a fiscal year (e.g. 令和元年度, 平成30年度, 2004年度)")
            )
    if era_match is None:
        if len(number) != 4:
            raise DateUnreadable(Message("a year without an era must have four digits (2004)"))
        return int(number)
    era = _ERA_BY_TOKEN[era_match["era"]]
    era_year = 1 if number == "元" else int(number)
    year = era.start.year + era_year - 1
    # A fiscal year is named after the era in force on its first day, 1 April, so
    # 平成31年度 (from 1 April 2019) is valid although Reiwa began a month later.
    following = _next_era(era)
    starts = date(year, 4, 1)
    if (
        era_year < 1
        or (following and starts >= following.start)
        or date(year + 1, 3, 31) < era.start
    ):
        raise DateUnreadable(
            Message(
                "{year} is outside the {era} era", year=f"{era.name}{era_year}年度", era=era.name
            )
        )
    return year


_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def dies_before_birth(birth_year: int | None, death: str | None) -> bool:
    """A death (ISO, any precision) dated before the year of birth: a typing error in one of
    the two, whether typed in a form or received in a register."""
    if birth_year is None or not death:
        return False
    return int(death[:4]) < birth_year


def fiscal_year_span(fiscal_year: int) -> tuple[date, date]:
    """The first and last day of a Japanese fiscal year: 1 April to the next 31 March."""
    return date(fiscal_year, 4, 1), date(fiscal_year + 1, 3, 31)


def surely_before(date: str | None, other: str | None) -> bool:
    """Whether ``date`` is before ``other``, both ISO dates known to any precision, compared
    as far as both go (1995 is not before 1995-06-13); an unknown date is before nothing."""
    if date is None or other is None:
        return False
    shared = min(len(date), len(other))
    return date[:shared] < other[:shared]


def recovery_outside_fiscal_year(
    fiscal_year: int | None, fiscal_year_text: str, when: str | None
) -> Message | None:
    """Why a lot's recovery date (ISO, any precision) and fiscal year (収集年度) cannot both be
    right: no day of the date falls in the fiscal year. None when some day does (a recovery
    known only to its year or month may still belong to the mission of that fiscal year), or
    when either is unknown. The import, registering a lot and correcting its year all ask this."""
    if fiscal_year is None or not when:
        return None
    m = _ISO.fullmatch(when)
    if m is None:
        return None
    first, last = _period(int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None)
    starts, ends = fiscal_year_span(fiscal_year)
    if starts <= last and first <= ends:
        return None
    return Message(
        "the recovery date ({recovered}) is outside the fiscal year {fiscal_year} "
        "({starts} to {ends})",
        recovered=when,
        fiscal_year=fiscal_year_text or str(fiscal_year),
        starts=f"{starts:%Y-%m-%d}",
        ends=f"{ends:%Y-%m-%d}",
    )


def format_wareki(iso_date: str) -> str:
    """Write an ISO date ('YYYY', 'YYYY-MM' or 'YYYY-MM-DD') in wareki: 令和8年5月30日.

    A partial date is named by the era in force on its first day (1989 → 昭和64年), and a
    date before Meiji is written in Western years (1850年).
    """
    m = _ISO.fullmatch(iso_date)
    if m is None:
        raise ValueError(f"not an ISO date: {iso_date!r}")
    year = int(m[1])
    month = int(m[2]) if m[2] else None
    day = int(m[3]) if m[3] else None
    first, _ = _period(year, month, day)
    era = next((e for e in reversed(ERAS) if e.start <= first), None)
    if era is None:
        head = f"{year}年"
    else:
        era_year = year - era.start.year + 1
        head = f"{era.name}{'元' if era_year == 1 else era_year}年"
    if month is None:
        return head
    if day is None:
        return f"{head}{month}月"
    return f"{head}{month}月{day}日"
