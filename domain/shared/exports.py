"""Exports of lists the user sees (R14.5): CSV (UTF-8 with BOM, so that Excel reads Chinese) and XLSX."""
from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.utils import get_column_letter


def to_csv(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows([[_safe(value) for value in row] for row in rows])
    return ('\ufeff' + buffer.getvalue()).encode('utf-8')


def to_xlsx(title: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(list(headers))
    for row in rows:
        sheet.append([_safe(value) for value in row])
    for index, header in enumerate(headers, start=1):
        width = max([len(str(header)) * 2] + [len(str(row[index - 1])) + 2 for row in rows[:200]])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 10), 60)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _safe(value: object) -> object:
    """Keep spreadsheet programs from running text as a formula (CSV/formula injection)."""
    if isinstance(value, str) and value[:1] in ('=', '+', '-', '@', '\t', '\r'):
        return "'" + value
    return value
