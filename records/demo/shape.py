"""How the demo's records are spread, what its ceremonies and committee are called, and the
columns its rows are written in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from records.status import LotStatus

DEMO_PROFILE = "demo"
# The file name of the demo's import batch and rows, read from no file; the app shows it in
# the registrar's language.
DEMO_FILE = "(demo generator)"
Progress = Callable[[str, int, int], None]
ANALYSIS_KINDS = ("DNA(STR)", "DNA(Y-STR)", "DNA(mtDNA)", "安定同位体")
HANDED_OVER_BY = {
    "ロシア": "ロシア連邦国防省",
    "モンゴル": "モンゴル国防省",
    "カザフスタン": "カザフスタン共和国内務省",
}
SITES_PER_REGION = 60
# The demo register's 番号 start past the sample registers' (1-200), so a sample imported into
# the demo adds its people instead of being refused as other people under the demo's numbers.
REGISTER_FROM = 100_000
DETAINEE_SHARE = 0.10  # of the war dead in the demo, died in Soviet or Mongolian internment
IDENTIFIED_SHARE = 0.72  # of those, identified (about 41,000 of 57,000 names in MHLW's lists)
CHUNK = 50_000
STATUS_WEIGHTS = (
    (LotStatus.RECOVERED, 5),
    (LotStatus.AFFILIATION_PENDING, 15),
    (LotStatus.JAPANESE, 8),
    (LotStatus.NOT_JAPANESE, 5),
    (LotStatus.UNDETERMINABLE, 5),
    (LotStatus.HANDED_TO_FAMILY, 5),
    (LotStatus.INTERRED, 40),
    (LotStatus.HELD, 3),
    (LotStatus.REPATRIATED, 4),
    (LotStatus.DISINTERRED, 2),
    (LotStatus.REINTERRED, 8),
)
AFFILIATION_OF = {
    LotStatus.AFFILIATION_PENDING: "pending",
    LotStatus.NOT_JAPANESE: "not_japanese",
    LotStatus.HELD: "not_japanese",
    LotStatus.REPATRIATED: "not_japanese",
    LotStatus.UNDETERMINABLE: "undeterminable",
}
SPRING_CEREMONY = ("令和8年度 千鳥ヶ淵戦没者墓苑拝礼式", "interment", "2026-05-25")
MEMORIAL = ("シベリア抑留等戦後強制抑留者追悼の集い", "memorial", "2026-08-23")
# Everything the demo records has happened by its spring ceremony: no test, decision or move
# is dated in the future, whatever day the demo is built.
AS_OF = date.fromisoformat(SPRING_CEREMONY[2])
# How many days after the committee's decision a lot in each status last moved.
LAST_MOVE_AFTER = {
    LotStatus.INTERRED: 90,
    LotStatus.DISINTERRED: 400,
    LotStatus.REINTERRED: 430,
    LotStatus.HANDED_TO_FAMILY: 60,
    LotStatus.REPATRIATED: 60,
}
CEMETERY = "千鳥ヶ淵戦没者墓苑"
MEMORIAL_ROLL_LIMIT = 57_000
# The committee's verdict a lot in each status rests on; the statuses before any verdict have
# none.
VERDICT_OF = {
    LotStatus.JAPANESE: LotStatus.JAPANESE,
    LotStatus.HANDED_TO_FAMILY: LotStatus.JAPANESE,
    LotStatus.INTERRED: LotStatus.JAPANESE,
    LotStatus.DISINTERRED: LotStatus.JAPANESE,
    LotStatus.REINTERRED: LotStatus.JAPANESE,
    LotStatus.NOT_JAPANESE: LotStatus.NOT_JAPANESE,
    LotStatus.HELD: LotStatus.NOT_JAPANESE,
    LotStatus.REPATRIATED: LotStatus.NOT_JAPANESE,
    LotStatus.UNDETERMINABLE: LotStatus.UNDETERMINABLE,
}
COMMITTEE = "decision of the affiliation committee"

PERSON_COLUMNS = (
    "id",
    "register_no",
    "name",
    "reading",
    "birth_year",
    "birth_year_text",
    "death_date_text",
    "death_date",
    "death_precision",
    "death_place",
    "country",
    "region",
    "camp",
    "burial_site_id",
    "prefecture_code",
    "identified",
    "remarks",
    "version",
    "import_batch_id",
    "source_file",
    "source_sheet",
    "source_row",
)
LOT_COLUMNS = (
    "id",
    "lot_number",
    "fiscal_year",
    "fiscal_year_text",
    "country",
    "region",
    "burial_site_id",
    "recovered_text",
    "recovered_on",
    "recovered_precision",
    "count",
    "handed_over_by",
    "status",
    "location_id",
    "remarks",
    "version",
    "import_batch_id",
    "source_file",
    "source_sheet",
    "source_row",
)
SPECIMEN_COLUMNS = (
    "id",
    "number",
    "lot_id",
    "version",
    "import_batch_id",
    "source_file",
    "source_sheet",
    "source_row",
)
ANALYSIS_COLUMNS = (
    "id",
    "specimen_id",
    "kind",
    "kind_text",
    "affiliation",
    "match_result",
    "matched_name",
    "matched_person_id",
    "decided_text",
    "decided_on",
    "decided_precision",
    "remarks",
    "supersedes_id",
    "recorded_by",
    "recorded_at",
    "import_batch_id",
    "source_file",
    "source_sheet",
    "source_row",
)
CUSTODY_COLUMNS = (
    "id",
    "lot_id",
    "kind",
    "from_location_id",
    "to_location_id",
    "happened_text",
    "happened_on",
    "actor",
    "reason",
    "evidence",
    "recorded_at",
    "person_id",
)
ROLL_COLUMNS = ("id", "ceremony_id", "person_id", "lot_id", "bare_name", "remarks", "version")
