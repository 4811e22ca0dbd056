"""The form that corrects a lot's descriptive fields through ``update_lot``."""

from __future__ import annotations

from typing import Any, ClassVar

from records.models import RemainsLot
from records.services.lots import update_lot
from tui.i18n import _
from tui.screens.edit_form import EditForm, Field, int_between


class LotEditScreen(EditForm):
    FIELDS: ClassVar[tuple[Field, ...]] = (
        Field("fiscal_year", "year", int_between(1945, 2100)),
        Field("country"),
        Field("region"),
        Field("count", "int", int_between(1, 100_000)),
        Field("handed_over_by"),
        Field("remarks"),
    )
    ALSO_SHOWN: ClassVar[tuple[str, ...]] = ("status",)

    def heading(self) -> str:
        return _("Correct lot {lot}").format(lot=self.record.lot_number)

    def save(self, changes: dict[str, object], reason: str, version: int) -> None:
        with self.database.writing() as session:
            update_lot(
                session, self.actor, self.record.id, changes, reason, expected_version=version
            )

    def current(self) -> Any:
        with self.database.reading() as session:
            return session.get(RemainsLot, self.record.id)
