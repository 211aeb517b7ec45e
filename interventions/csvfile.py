"""CSV downloads in the form a Dutch Excel opens without an import wizard: the figures and the list export."""

import csv

from django.http import HttpResponse

# Excel opens a file with a byte order mark as UTF-8 (so "Fryslân" stays intact), and a Dutch
# Excel splits columns on ";" because "," is its decimal separator.
CSV_DELIMITER = ";"
# A cell that starts with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    """A value as a CSV cell: empty for None, and never read as a formula."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_response(filename, header, rows):
    """An attachment `filename` with the header and the rows, every cell made safe by `cell`."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow([cell(value) for value in header])
    writer.writerows([cell(value) for value in row] for row in rows)
    return response
