"""An interment roll against its lots' custody: a lot whose interment was withdrawn stays on
the roll, a record of its own, and is named as not interred, never removed unsaid."""

from __future__ import annotations

from records.database import Database
from records.dates import PartialDate, Precision
from records.models import Ceremony, RemainsLot
from records.services import ceremonies, lot_status, roll_bulk
from records.services.custody import latest_event, withdraw_event
from records.services.interment_rolls import interment_rolls_listing, lines_not_interred
from records.status import LotStatus
from tests.records.conftest import path_to, register_lot, walk

SPRING = PartialDate("2026-05-25", "2026-05-25", Precision.DAY)


def interred_on_the_roll(db: Database, actor: str, section: int) -> tuple[int, int, int]:
    """A lot interred at the spring ceremony and put on its roll, and a memorial: their ids."""
    with db.session() as session:
        spring = ceremonies.create_ceremony(
            session, actor, "拝礼式", "interment", "2026-05-25", "", "planned"
        )
        memorial = ceremonies.create_ceremony(
            session, actor, "追悼の集い", "memorial", "2026-08-23", "", "planned"
        )
    lot_id = register_lot(db, actor)
    walk(db, actor, lot_id, path_to(LotStatus.INTERRED)[:-1], section)
    with db.session() as session:
        lot_status.inter(session, actor, lot_id, section, SPRING, "spring ceremony")
        roll_bulk.bulk_add_interred_lots(session, actor, spring.id or 0, "interred that day")
    return lot_id, spring.id or 0, memorial.id or 0


def test_an_interred_lot_on_its_roll_is_named_nowhere(
    database: Database, actor: str, section: int
) -> None:
    lot_id, spring, _memorial = interred_on_the_roll(database, actor, section)

    with database.reading() as session:
        assert lines_not_interred(session, spring) == []
        assert interment_rolls_listing(session, lot_id) == []


def test_a_withdrawn_interment_names_the_roll_still_listing_the_lot(
    database: Database, actor: str, section: int
) -> None:
    lot_id, spring, memorial = interred_on_the_roll(database, actor, section)
    with database.writing() as session:
        interment = latest_event(session, lot_id)
        assert interment is not None
        withdraw_event(session, actor, interment.id or 0, "recorded on the wrong lot")

    with database.reading() as session:
        lot = session.get(RemainsLot, lot_id)
        assert lot is not None
        assert lines_not_interred(session, spring) == [(lot.lot_number, LotStatus.JAPANESE)]
        assert lines_not_interred(session, memorial) == []
        listing: list[Ceremony] = interment_rolls_listing(session, lot_id)
        assert [c.id for c in listing] == [spring]
