"""Minimal .xlsx files built part by part, for sheet XML quirks and hostile files that no
spreadsheet program would write."""

# ruff: noqa: E501  (XML fixtures read better on one line each)

from __future__ import annotations

import zipfile
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def write_xlsx(path: Path, sheet_xml: str, parts: dict[str, str] | None = None) -> Path:
    """A minimal workbook around one sheet's XML; `parts` adds or replaces zip members."""
    members = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "_rels/.rels": f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/styles.xml": f'<styleSheet xmlns="{MAIN}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>',
        "xl/worksheets/sheet1.xml": sheet_xml,
    }  # fmt: skip
    members.update(parts or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in members.items():
            z.writestr(name, text)
    return path


def sheet(rows: str, prefix: str = "", after: str = "") -> str:
    """A worksheet's XML around its rows; `after` follows sheetData (mergeCells, say)."""
    ns = f"xmlns:{prefix[:-1]}" if prefix else "xmlns"
    return f'<{prefix}worksheet {ns}="{MAIN}"><{prefix}sheetData>{rows}</{prefix}sheetData>{after}</{prefix}worksheet>'  # fmt: skip
