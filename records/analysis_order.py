"""The order in which a specimen's tests of one kind supersede each other: by the date each
was tested, not the order they were entered, so that an old report found in a backlog and
entered late is kept as evidence but never stands over a newer one."""

from __future__ import annotations

from collections.abc import Sequence

from records.dates import surely_before


def chain_of(links: Sequence[tuple[int, int | None]]) -> list[int]:
    """The ids of one specimen's tests of one kind, each with the test it supersedes, oldest
    first as they supersede each other: from the standing test back along what each
    supersedes."""
    supersedes = dict(links)
    standing = [test_id for test_id in supersedes if test_id not in supersedes.values()]
    if not standing:
        return []
    chain = [max(standing)]
    while (earlier := supersedes.get(chain[-1])) is not None:
        chain.append(earlier)
    return chain[::-1]


def place_by_date(dates: Sequence[str | None], tested_on: str | None) -> int:
    """Where a test dated ``tested_on`` goes among the dates of its kind's tests, oldest first:
    after every one not surely tested later than it. The test before that place is the one it
    supersedes; the one after, if any, supersedes it. An undated test, or dates whose
    precision leaves the order open (2024 and 2024-05-01), keep the order they were entered in."""
    place = len(dates)
    while place and surely_before(tested_on, dates[place - 1]):
        place -= 1
    return place
