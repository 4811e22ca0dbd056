"""A lot number (整理番号) read in its one stored form wherever staff type or a file writes it,
and a lot stored before lot numbers were read so still found by the number it holds."""

from __future__ import annotations

import pytest

from records.database import Database
from records.errors import NotFound
from records.search import find_lots, lot_numbered
from records.services import lots
from records.sites import read_lot_number


@pytest.mark.parametrize(
    "written",
    [
        "2019-HB-012-00002",
        " 2019-HB-012-00002 ",
        "2019‐HB‐012‐00002",  # U+2010 hyphen
        "2019−HB−012−00002",  # U+2212 minus sign
        "2019ｰHBｰ012ｰ00002",  # half-width long-vowel mark
        "2019ーHBー012ー00002",  # long-vowel mark
        "２０１９－ＨＢ－０１２－００００２",
        "2019-hb-012-00002",
        "'2019-HB-012-00002",  # Excel's text mark, pasted from elsewhere
        "＇2019-HB-012-00002",
    ],
)
def test_a_lot_number_as_written_reads_as_its_one_form(written: str) -> None:
    assert read_lot_number(written) == "2019-HB-012-00002"


@pytest.mark.parametrize(
    "written",
    [
        "2019 HB 012 00002",
        "abc",
        "",
        "2019-HB-012",
        "HB-012-19-0002",
        "2019-HB-012-00002-",
        "''2019-HB-012-00002",
    ],
)
def test_what_is_not_a_lot_number_is_refused(written: str) -> None:
    with pytest.raises(ValueError, match="is not a lot number"):
        read_lot_number(written)


def _lot(database: Database, actor: str, number: str) -> int:
    fields = lots.LotFields(lot_number=number, fiscal_year=2019)
    with database.session() as session:
        lot = lots.register_lot(session, actor, fields, (), "recovery mission 2019")
    assert lot.id is not None
    return lot.id


@pytest.mark.parametrize("typed", ["2019-HB-012-00002", "2019‐HB‐012‐00002", "'2019ｰhbｰ012ｰ00002"])
def test_a_lot_is_found_by_its_number_typed_any_way(
    database: Database, actor: str, typed: str
) -> None:
    lot_id = _lot(database, actor, "2019-HB-012-00002")

    with database.reading() as session:
        assert lot_numbered(session, typed).id == lot_id
        assert [hit.id for hit in find_lots(session, typed.lstrip("'"), 10)] == [lot_id]


def test_a_lot_stored_under_an_odd_dash_is_still_found_by_it(
    database: Database, actor: str
) -> None:
    """Imported before lot numbers were read strictly; no migration rewrites its key."""
    odd = _lot(database, actor, "2019‐HB‐012‐00002")
    canonical = _lot(database, actor, "2019-HB-012-00002")

    with database.reading() as session:
        assert lot_numbered(session, "2019‐HB‐012‐00002").id == odd
        assert lot_numbered(session, "2019-HB-012-00002").id == canonical
        assert lot_numbered(session, "2019−HB−012−00002").id == canonical


def test_a_number_of_no_lot_is_not_found(database: Database, actor: str) -> None:
    _lot(database, actor, "2019-HB-012-00002")

    with database.reading() as session, pytest.raises(NotFound):
        lot_numbered(session, "2019-HB-012-00003")
