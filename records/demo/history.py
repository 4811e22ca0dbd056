"""What happened to each lot of the demo after its recovery: its specimens, their tests, the
committee's verdicts citing them, and the lot's custody from the site to a vault, a family or
back abroad, each dated by the lot's own time scale."""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta
from typing import Any

from records.analysis_kinds import identifies_a_person
from records.demo.pools import wareki
from records.demo.shape import (
    AFFILIATION_OF,
    ANALYSIS_KINDS,
    AS_OF,
    COMMITTEE,
    DEMO_FILE,
    LAST_MOVE_AFTER,
    VERDICT_OF,
)
from records.services.analyses import cited_evidence, named_analysis
from records.services.lot_status import DECIDED_KINDS
from records.status import LotStatus


class LotHistory:
    """The rows of every lot's specimens, tests and custody events, gathered for the writer
    to insert beside the lots."""

    def __init__(
        self,
        rng: random.Random,
        actor: str,
        recorded_at: Any,
        batch_id: int,
        identified: list[tuple[int, str]],
        sections: list[int],
    ) -> None:
        self.rng, self.actor, self.recorded_at, self.batch_id = rng, actor, recorded_at, batch_id
        # The writer's lists, filled as it writes the people and the vaults.
        self.identified, self.sections = identified, sections
        self.specimen_rows: list[tuple[Any, ...]] = []
        self.analysis_rows: list[tuple[Any, ...]] = []
        self.custody_rows: list[tuple[Any, ...]] = []
        self.specimen_ids, self.analysis_ids = itertools.count(1), itertools.count(1)
        self.custody_ids = itertools.count(1)
        # The lots interred at the spring ceremony, on its day: its roll.
        self.interred_at_ceremony: list[int] = []
        self.last_specimen_analysed = 0
        self.last_kind = ""
        # Specimen numbers run from 0001 within one burial site and fiscal year (HB-012-20-0009),
        # as a recovery file writes them and as a registrar types them.
        self.specimens_of: dict[str, int] = {}

    def record(
        self,
        lot_id: int,
        code: str,
        fiscal_year: int,
        recovered: date,
        status: LotStatus,
        section: int | None,
    ) -> None:
        """The specimens, tests, verdicts and moves that brought the lot to ``status``."""
        rng = self.rng
        self._custody(lot_id, "recovered", None, None, recovered, "ministry recovery mission")
        decided_after = rng.randint(120, 700)
        # A lot recovered lately goes through the same steps, closer together, by AS_OF.
        last_move_after = decided_after + LAST_MOVE_AFTER.get(status, 0)
        scale = min(1.0, (AS_OF - recovered).days / last_move_after)

        def on(days: int) -> date:
            """The day ``days`` after the recovery on the lot's own time scale."""
            return recovered + timedelta(days=int(days * scale))

        decided = on(decided_after)
        # An overturned verdict's tests came between the recovery and the later tests.
        overturned = on(decided_after - 300 if decided_after > 300 else decided_after // 2)
        # What each verdict's decision cites: (specimen, kind of test, date as written).
        found: dict[str, list[tuple[str, str, str]]] = {}
        matched: tuple[int, str] | None = None
        for _ in range(rng.choice((1, 1, 2, 3))):
            specimen_id = next(self.specimen_ids)
            prefix = f"{code}-{fiscal_year % 100:02d}"
            serial = self.specimens_of[prefix] = self.specimens_of.get(prefix, 0) + 1
            number = f"{prefix}-{serial:04d}"
            self.specimen_rows.append(
                (specimen_id, number, lot_id, 1, self.batch_id, DEMO_FILE, "demo", lot_id)
            )
            if status == LotStatus.RECOVERED:
                continue
            drawn = (
                rng.choice(self.identified)
                if (status == LotStatus.HANDED_TO_FAMILY and self.identified)
                else None
            )
            # Every test of a lot handed over matches the one person it was handed over as:
            # matches naming different persons would refuse the hand-over. (Each specimen's
            # draw is still made, so that every other value of the demo stays as it was.)
            matched = matched or drawn
            affiliation = AFFILIATION_OF.get(status, "japanese")
            if status == LotStatus.AFFILIATION_PENDING and lot_id % 2 == 0:
                # The results are in and the committee has yet to meet: a verdict can cite
                # them. (Decided by the lot's number, so the random draws stay as they were.)
                affiliation = "japanese"
            if status == LotStatus.REPATRIATED and rng.random() < 0.5:
                # decisions get overturned: first judged Japanese, later not
                kind = self._analysis(specimen_id, "japanese", None, overturned)
                found.setdefault("first", []).append((number, kind, wareki(overturned)))
            kind = self._analysis(specimen_id, affiliation, matched, decided)
            found.setdefault(affiliation, []).append((number, kind, wareki(decided)))
        self._decisions(lot_id, status, overturned, decided, found)
        if status in (LotStatus.INTERRED, LotStatus.DISINTERRED, LotStatus.REINTERRED):
            first = section if status == LotStatus.INTERRED else rng.choice(self.sections)
            interred = on(decided_after + 90)
            if status == LotStatus.INTERRED and scale < 1:
                # A lot whose steps were drawn closer to end by AS_OF is interred at the spring
                # ceremony itself, not a day before it as the rounding of its scale may fall.
                interred = AS_OF
            if interred == AS_OF:
                self.interred_at_ceremony.append(lot_id)
            self._custody(lot_id, "interred", None, first, interred, "spring interment ceremony")
            if status != LotStatus.INTERRED:
                self._custody(
                    lot_id,
                    "disinterred",
                    first,
                    None,
                    on(decided_after + 400),
                    "vault renovation",
                )
            if status == LotStatus.REINTERRED:
                self._custody(
                    lot_id,
                    "reinterred",
                    None,
                    section,
                    on(decided_after + 430),
                    "vault renovation completed",
                )
        elif status in (LotStatus.HANDED_TO_FAMILY, LotStatus.REPATRIATED):
            # A hand-over cites the matches naming the person, as change_status records it.
            matches = found["japanese"] if status == LotStatus.HANDED_TO_FAMILY else []
            self._custody(
                lot_id,
                status.value,
                None,
                None,
                on(decided_after + 60),
                COMMITTEE,
                evidence=cited_evidence([named_analysis(*a) for a in matches]),
                person_id=matched[0] if matched else None,
            )

    def _decisions(
        self,
        lot_id: int,
        status: LotStatus,
        overturned: date,
        decided: date,
        found: dict[str, list[tuple[str, str, str]]],
    ) -> None:
        """The committee's decisions a lot in ``status`` rests on, dated and citing the tests
        that found them, as deciding the affiliation records them: an overturned lot's first
        verdict too, dated by its tests."""
        verdict = VERDICT_OF.get(status)
        if verdict is None:
            return
        if "first" in found:
            first = cited_evidence([named_analysis(*a) for a in found["first"]])
            kind = DECIDED_KINDS[LotStatus.JAPANESE]
            self._custody(lot_id, kind, None, None, overturned, COMMITTEE, evidence=first)
        cited = cited_evidence([named_analysis(*a) for a in found.get(verdict.value, [])])
        self._custody(
            lot_id, DECIDED_KINDS[verdict], None, None, decided, COMMITTEE, evidence=cited
        )

    def _analysis(
        self, specimen_id: int, affiliation: str, matched: tuple[int, str] | None, decided: date
    ) -> str:
        """One test of the specimen, recorded; its kind."""
        analysis_id = next(self.analysis_ids)
        supersedes = analysis_id - 1 if self.last_specimen_analysed == specimen_id else None
        self.last_specimen_analysed = specimen_id
        kind = self.rng.choice(ANALYSIS_KINDS)
        if matched and not identifies_a_person(kind):
            # Only a DNA test names whose remains they are (no draw made, so that every other
            # value of the demo stays as it was).
            kind = ANALYSIS_KINDS[0]
        if supersedes is not None:
            # A retest repeats the test it overturns (the draw above still made, so that
            # every other value of the demo stays as it was).
            kind = self.last_kind
        self.last_kind = kind
        self.analysis_rows.append(
            (
                analysis_id,
                specimen_id,
                kind,
                kind,
                affiliation,
                "match" if matched else "",
                matched[1] if matched else "",
                matched[0] if matched else None,
                wareki(decided),
                decided.isoformat(),
                "day",
                "",
                supersedes,
                self.actor,
                self.recorded_at,
                self.batch_id,
                DEMO_FILE,
                "demo",
                None,
            )
        )
        return kind

    def _custody(
        self,
        lot_id: int,
        kind: str,
        source: int | None,
        target: int | None,
        on: date,
        reason: str,
        *,
        evidence: str = "",
        person_id: int | None = None,
    ) -> None:
        self.custody_rows.append(
            (
                next(self.custody_ids),
                lot_id,
                kind,
                source,
                target,
                wareki(on),
                on.isoformat(),
                self.actor,
                reason,
                evidence,
                self.recorded_at,
                person_id,
            )
        )
