"""Burial sites abroad, named two ways by the ministry's files: region + number in the death
register (ハバロフスク地方第12埋葬地) and region code + number in recovery files (HB-012)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from records.folding import fold_dashes, fold_number, squeeze
from records.messages import Message


@dataclass(frozen=True)
class Region:
    code: str  # two letters, as in HB-012
    name: str  # ハバロフスク地方
    country: str  # ロシア
    # What a file may call the region besides its name: the name without 地方 or 州, and
    # an older name of the same place.
    also: tuple[str, ...] = ()


REGIONS: tuple[Region, ...] = (
    Region("HB", "ハバロフスク地方", "ロシア", ("ハバロフスク",)),
    # 沿海州 (Primorye), as Japanese wrote it in the internment's years.
    Region("PR", "沿海地方", "ロシア", ("沿海州",)),
    Region("IR", "イルクーツク州", "ロシア", ("イルクーツク",)),
    Region("AM", "アムール州", "ロシア", ("アムール",)),
    # チタ州 (Chita), merged into the Zabaykalsky Krai in 2008, as the detainees knew it.
    Region("ZB", "ザバイカル地方", "ロシア", ("ザバイカル", "チタ")),
    Region("KR", "クラスノヤルスク地方", "ロシア", ("クラスノヤルスク",)),
    Region("MN", "ウランバートル", "モンゴル"),
    Region("KZ", "カラガンダ州", "カザフスタン", ("カラガンダ",)),
)

# Each country of a region, by the names files give it: the official one and the one of the
# internment's years. The Soviet Union held Russia and Kazakhstan both (not Mongolia), so
# ソ連 is no contradiction of either.
COUNTRY_NAMES: dict[str, frozenset[str]] = {
    "ロシア": frozenset({"ロシア"}),
    "ロシア連邦": frozenset({"ロシア"}),
    "カザフスタン": frozenset({"カザフスタン"}),
    "カザフ": frozenset({"カザフスタン"}),
    "モンゴル": frozenset({"モンゴル"}),
    "外蒙古": frozenset({"モンゴル"}),  # not 蒙古 alone: 内蒙古 is China's
    # Inner Mongolia is China's, no country of the region table: found whole, it names
    # none, and its モンゴル is not read as Mongolia.
    "内モンゴル": frozenset(),
    **{name: frozenset({"ロシア", "カザフスタン"}) for name in ("ソ連", "ソビエト", "ソヴィエト")},
}

_BY_CODE = {r.code: r for r in REGIONS}
_BY_NAME = {r.name: r for r in REGIONS}

# Site numbers are written with three digits in codes, so 999 is the most a region can hold.
MAX_SITE_NUMBER = 999


@dataclass(frozen=True)
class SiteRef:
    code: str  # 'HB-012'
    region: str  # 'ハバロフスク地方'
    country: str  # 'ロシア'
    number: int  # 12
    name: str  # 'ハバロフスク地方第12埋葬地'


def site_ref(region: Region, number: int) -> SiteRef:
    """The burial site numbered `number` in `region`, with both of its spellings."""
    if not 1 <= number <= MAX_SITE_NUMBER:
        raise ValueError(
            Message(
                "burial site number {number} is outside 1–{most}",
                number=number,
                most=MAX_SITE_NUMBER,
            )
        )
    return SiteRef(
        code=f"{region.code}-{number:03d}",
        region=region.name,
        country=region.country,
        number=number,
        name=f"{region.name}第{number}埋葬地",
    )


_SITE_NAME = re.compile(r"(?P<region>.+?)第(?P<number>\d+)(?:号)?埋葬地")
_SITE_CODE = re.compile(r"(?P<code>[A-Z]{2})-?(?P<number>\d{1,3})")


def parse_site_name(text: str) -> SiteRef:
    """Read a site as the death register writes it: ハバロフスク地方第12埋葬地."""
    m = _SITE_NAME.fullmatch(squeeze(text))
    if m is None:
        raise ValueError(Message("not a burial site name (e.g. ハバロフスク地方第12埋葬地)"))
    region = _BY_NAME.get(m["region"])
    if region is None:
        raise ValueError(
            Message("unknown region {region!r} (not in the region table)", region=m["region"])
        )
    return site_ref(region, int(m["number"]))


def parse_site_code(text: str) -> SiteRef:
    """Read a site as recovery files write it: HB-012, hb-12, ＨＢ－０１２."""
    m = _SITE_CODE.fullmatch(fold_dashes(squeeze(text)).upper())
    if m is None:
        raise ValueError(Message("not a burial site code (e.g. HB-012)"))
    region = _BY_CODE.get(m["code"])
    if region is None:
        raise ValueError(
            Message("unknown region code {code!r} (not in the region table)", code=m["code"])
        )
    return site_ref(region, int(m["number"]))


def specimen_of_another_site(number: str, site_code: str) -> Message | None:
    """Why a specimen number cannot be of this burial site: a specimen number begins with its
    site's code (HB-012-20-0009 is from HB-012; the year after it may be a later one than the
    mission's, a sample taken later), so one beginning otherwise is another site's or mistyped."""
    if number.startswith(f"{site_code}-"):
        return None
    return Message(
        "specimen {number} is not from burial site {site}: its number begins with another code",
        number=number,
        site=site_code,
    )


# A lot number as the ministry numbers lots: the mission's fiscal year, the burial site and a
# serial number (2004-ZB-022-00001).
_LOT_NUMBER = re.compile(r"(\d{4})-([A-Z]{2}-\d{3})-\d+")


def read_lot_number(text: str) -> str:
    """A lot number (整理番号) as it is stored, its dashes, widths and letter case folded as a
    specimen number's are: 2019‐HB‐０１２－00002 and 2019-hb-012-00002 are 2019-HB-012-00002.
    A leading apostrophe is dropped: Excel's mark of a text cell, kept as a character when
    the cell was pasted from elsewhere. A lot number is a lot's key for good, so anything
    else (spaces between the parts, a word) is refused, never made into a key: ValueError."""
    number = fold_number(text).strip().removeprefix("'").strip()
    if _LOT_NUMBER.fullmatch(number) is None:
        raise ValueError(
            Message(
                "{text!r} is not a lot number (e.g. 2019-HB-012-00001)",
                text=text.strip(),
            )
        )
    return number


def lot_number_contradicted(
    number: str, fiscal_year: int | None, site_code: str | None
) -> tuple[str, Message] | None:
    """The field and why, when a lot number numbered as the ministry numbers lots names
    another fiscal year (収集年度) or burial site than the lot's: one of them is mistyped, and a
    lot number, its key for good, is never corrected afterwards. A number numbered otherwise is
    taken as it is."""
    numbered = _LOT_NUMBER.fullmatch(number)
    if numbered is None:
        return None
    if fiscal_year is not None and int(numbered[1]) != fiscal_year:
        reason = Message(
            "lot {lot} is numbered for fiscal year {numbered}, not {year}: one of them is mistyped",
            lot=number,
            numbered=int(numbered[1]),
            year=fiscal_year,
        )
        return "fiscal_year", reason
    if site_code and numbered[2] != site_code:
        reason = Message(
            "lot {lot} is numbered for burial site {numbered}, not {site}: one of them is mistyped",
            lot=number,
            numbered=numbered[2],
            site=site_code,
        )
        return "burial_site_id", reason
    return None


# A katakana letter or the long-vowel mark: what goes on spelling a katakana name. The middle
# dot ・ (U+30FB, just past ヺ) separates names, so it is left out.
_KATAKANA = "[ァ-ヺー]"


def _whole_names(names: Iterable[str]) -> re.Pattern[str]:
    """The names as whole place names: a name ending in katakana not followed by more (アムール
    is not the start of アムールスク, a town of the Khabarovsk Krai); what comes before a name
    does not matter, for Japanese writes a place after its country without a break
    (ロシアハバロフスク). The longest name first, so that ロシア連邦 is found whole."""
    return re.compile(
        "|".join(
            re.escape(name) + (f"(?!{_KATAKANA})" if re.fullmatch(_KATAKANA, name[-1]) else "")
            for name in sorted(names, key=len, reverse=True)
        )
    )


_COUNTRY_RE = _whole_names(COUNTRY_NAMES)
_REGION_NAMES = {name: r for r in REGIONS for name in (r.name, *r.also)}
_REGION_RE = _whole_names(_REGION_NAMES)


def place_contradicted(country: str, region: str, site: SiteRef) -> tuple[str, Message] | None:
    """The field and why, when a row's country (国・地域) or region (地域詳細) names only other
    places of the region table than its burial site's: one of them is mistyped. A text naming
    the site's place anywhere (ロシア連邦, 旧ソ連, ハバロフスク地方東部, チタ州 for ザバイカル地方)
    agrees, and so does one naming no place the table knows: nothing contradicts it."""
    # NFKC as squeeze folds a text, but with its spaces kept: a space ends a name, as in
    # ハバロフスク アムールスク.
    found = _COUNTRY_RE.findall(unicodedata.normalize("NFKC", country))
    named = {c for name in found for c in COUNTRY_NAMES[name]}
    if named and site.country not in named:
        reason = Message(
            "{text!r} is not the country of burial site {site} ({country}): one of them is "
            "mistyped",
            text=country,
            site=site.code,
            country=site.country,
        )
        return "country", reason
    found = _REGION_RE.findall(unicodedata.normalize("NFKC", region))
    regions = {_REGION_NAMES[name].name for name in found}
    if regions and site.region not in regions:
        reason = Message(
            "{text!r} is not the region of burial site {site} ({region}): one of them is mistyped",
            text=region,
            site=site.code,
            region=site.region,
        )
        return "region", reason
    return None
