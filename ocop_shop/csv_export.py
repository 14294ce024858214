"""CSV files people open in a spreadsheet: UTF-8 with a BOM, CRLF line ends, no formulas.

A BOM makes spreadsheets read Vietnamese right; a cell starting like a formula (= + - @, tab,
carriage return) gets a leading ' so it is shown as text (CSV injection).
"""
from __future__ import annotations

import csv
import io
from typing import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """A CSV cell a spreadsheet shows as text: one starting like a formula gets a leading '."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(header: Iterable, rows: Iterable[Iterable]) -> str:
    """A header and rows of cells as the text of a CSV file."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()
