"""The life of a lot of remains as a state machine: which status may follow which."""

from __future__ import annotations

from enum import StrEnum


class LotStatus(StrEnum):
    RECOVERED = "recovered"
    AFFILIATION_PENDING = "affiliation_pending"
    JAPANESE = "japanese"
    NOT_JAPANESE = "not_japanese"
    UNDETERMINABLE = "undeterminable"
    HANDED_TO_FAMILY = "handed_to_family"  # identified and handed to the family
    INTERRED = "interred"  # unidentified, interred at the cemetery
    HELD = "held"  # not Japanese, held until it can be returned
    REPATRIATED = "repatriated"  # returned to the country of origin
    DISINTERRED = "disinterred"
    REINTERRED = "reinterred"


S = LotStatus

VERDICTS = (S.JAPANESE, S.NOT_JAPANESE, S.UNDETERMINABLE)
# A lot is judged Japanese or not on the strength of its tests; "undeterminable" may rest on
# none, when no specimen could be tested.
NEEDS_EVIDENCE = (S.JAPANESE, S.NOT_JAPANESE)

# A verdict can be revisited: since 2020 the affiliation committee's decisions have been
# overturned (remains returned from Russia later judged not Japanese), so a decided lot may
# go back to pending for a new test or take a different verdict directly. Disinterred remains
# may leave the cemetery for their family or their country when a later decision says so:
# remains decided Japanese go abroad only once decided not Japanese (services/verdicts.py).
TRANSITIONS: dict[LotStatus, tuple[LotStatus, ...]] = {
    S.RECOVERED: (S.AFFILIATION_PENDING,),
    S.AFFILIATION_PENDING: VERDICTS,
    S.JAPANESE: (
        S.HANDED_TO_FAMILY,
        S.INTERRED,
        S.AFFILIATION_PENDING,
        S.NOT_JAPANESE,
        S.UNDETERMINABLE,
    ),
    S.NOT_JAPANESE: (S.HELD, S.REPATRIATED, S.AFFILIATION_PENDING, S.JAPANESE, S.UNDETERMINABLE),
    S.UNDETERMINABLE: (S.AFFILIATION_PENDING, S.JAPANESE, S.NOT_JAPANESE),
    S.HELD: (S.REPATRIATED,),
    S.INTERRED: (S.DISINTERRED,),
    S.DISINTERRED: (
        S.REINTERRED,
        S.HANDED_TO_FAMILY,
        S.REPATRIATED,
        S.NOT_JAPANESE,
        S.UNDETERMINABLE,
    ),
    S.REINTERRED: (S.DISINTERRED,),
    S.HANDED_TO_FAMILY: (),
    S.REPATRIATED: (),
}

LABELS_EN: dict[LotStatus, str] = {
    S.RECOVERED: "recovered",
    S.AFFILIATION_PENDING: "affiliation pending",
    S.JAPANESE: "Japanese",
    S.NOT_JAPANESE: "not Japanese",
    S.UNDETERMINABLE: "undeterminable",
    S.HANDED_TO_FAMILY: "handed to the family",
    S.INTERRED: "interred",
    S.HELD: "held",
    S.REPATRIATED: "repatriated",
    S.DISINTERRED: "disinterred",
    S.REINTERRED: "reinterred",
}


def allowed_after(status: str) -> tuple[LotStatus, ...]:
    return TRANSITIONS[LotStatus(status)]


def verdicts_after(status: str) -> tuple[LotStatus, ...]:
    """The affiliation verdicts that may follow ``status``: recorded by deciding the lot's
    affiliation, never by a plain status change."""
    return tuple(s for s in allowed_after(status) if s in VERDICTS)


def moves_after(status: str) -> tuple[LotStatus, ...]:
    """The statuses a plain status change may set after ``status``: all but the verdicts."""
    return tuple(s for s in allowed_after(status) if s not in VERDICTS)


def is_allowed(current: str, requested: str) -> bool:
    return LotStatus(requested) in TRANSITIONS[LotStatus(current)]
