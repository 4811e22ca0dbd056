"""analyses of a known kind written short or in other letter case are stored as that kind

A file writes DNA(STR) as STR, str or ＤＮＡ（ＳＴＲ）, and DNA(mtDNA) as mtdna or MT-DNA: one kind
each. The one form a kind is stored and compared in (records.analysis_kinds) now folds these
spellings to the kind as the records write it; a stored test keyed STR would stand apart from
its own row re-sent, and the import would record that row as a new test. Each stored analysis
is put in the new form; kind_text keeps what it said, as 0003 left it.

Two tests of one specimen that now share a kind (one keyed STR, one DNA(STR)) both stay, each
with its text as written, and the links between tests (supersedes_id) stay as they were
recorded, as in 0003: which test stands over which is evidence, not rewritten by an upgrade.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-24 10:00:00
"""

import re
import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# records.analysis_kinds.kind_key as this revision knows it: a migration must not change what
# it does when that code changes later.
_KINDS = {
    "STR": "DNA(STR)",
    "Y-STR": "DNA(Y-STR)",
    "YSTR": "DNA(Y-STR)",
    "MTDNA": "DNA(mtDNA)",
    "MT-DNA": "DNA(mtDNA)",
    "安定同位体": "安定同位体",
}
_WRITTEN = re.compile(r"(?:DNA-?)?\((?P<inner>[^()]+)\)|(?:DNA-?)?(?P<bare>[^()]+)")
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−ーｰ"})


def _squeezed(text: str) -> str:
    """The one form up to this revision (0003): NFKC without whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _one_form(text: str) -> str:
    key = _squeezed(text)
    written = _WRITTEN.fullmatch(key.upper().translate(_DASHES))
    if written is None:
        return key
    return _KINDS.get(written["inner"] or written["bare"], key)


def upgrade() -> None:
    # Every analysis has kept its text as written since 0003, and the readers fall back on its
    # kind where that is empty: the kind is that text, and would be lost once folded.
    op.execute("UPDATE analysis SET kind_text = kind WHERE kind_text = ''")
    bind = op.get_bind()
    # A handful of kinds among hundreds of thousands of analyses: one statement per kind.
    for (kind,) in bind.execute(sa.text("SELECT DISTINCT kind FROM analysis")).all():
        if _one_form(kind) != kind:
            bind.execute(
                sa.text("UPDATE analysis SET kind = :one WHERE kind = :stored"),
                {"one": _one_form(kind), "stored": kind},
            )


def downgrade() -> None:
    # The form 0013 knew, taken again from the text as written.
    bind = op.get_bind()
    written = sa.text("SELECT DISTINCT kind_text FROM analysis WHERE kind_text <> ''")
    for (text,) in bind.execute(written).all():
        bind.execute(
            sa.text("UPDATE analysis SET kind = :old WHERE kind_text = :text AND kind <> :old"),
            {"old": _squeezed(text), "text": text},
        )
