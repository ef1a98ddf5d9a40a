"""A CSV file's text: its encoding, its separator and its rows, detected rather than assumed.

Encodings, in this order: a byte-order mark (UTF-8, UTF-16 LE/BE as Excel's "Unicode-tekst"
writes it); UTF-16 without a mark (every other byte zero); UTF-8; and for anything else the one of
Windows-1252 and Mac OS Roman (Excel for Mac) that reads more Danish letters (æ ø å Æ Ø Å é) —
the same bytes are ``æ`` in one and ``¾`` in the other, so the letters decide.

The separator (``;``, tab, ``,`` or ``|``) is the one that splits the header and the first rows
into the same number of fields most often, counted with the csv module's quoting rules; ties go
to ``;`` (Danish Excel), then tab, ``,`` and ``|``. A separator inside a text field (quoted or not)
changes one line's count and so cannot win against the real one.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from itertools import islice

from budgetapp.core.formatting import format_number

DELIMITERS = (";", "\t", ",", "|")
SNIFF_RECORDS = 50
DANISH_LETTERS = "æøåÆØÅé"
ENCODING_LABELS = {
    "utf-8": "UTF-8", "utf-8-sig": "UTF-8 med BOM", "utf-16-le": "UTF-16 LE (Unicode-tekst)",
    "utf-16-be": "UTF-16 BE (Unicode-tekst)", "cp1252": "Windows-1252 (Vesteuropæisk)",
    "mac_roman": "Mac OS Roman (Excel til Mac)",
}
DELIMITER_LABELS = {";": "semikolon", "\t": "tabulator", ",": "komma", "|": "lodret streg"}


@dataclass
class CsvText:
    """The rows (padded to one width), each line's own field count, encoding and separator."""

    rows: list[list[object]]
    field_counts: list[int]
    encoding: str
    delimiter: str


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding) of a CSV file's bytes. Raises ValueError (Danish, completing "Filen X ...")
    for binary content."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace"), "utf-8-sig"
    if data.startswith(b"\xff\xfe"):
        return data[2:].decode("utf-16-le", "replace"), "utf-16-le"
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be", "replace"), "utf-16-be"
    sample = data[:4096]
    if b"\x00" in sample:
        even, odd = sample[0::2], sample[1::2]
        if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
            return data.decode("utf-16-le", "replace"), "utf-16-le"
        if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
            return data.decode("utf-16-be", "replace"), "utf-16-be"
        raise ValueError("er ikke et regneark eller en tekstfil (CSV) i et kendt format")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for order, encoding in enumerate(("cp1252", "mac_roman")):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        letters = sum(text.count(letter) for letter in DANISH_LETTERS)
        candidates.append((-letters, order, text, encoding))
    if not candidates:
        return data.decode("cp1252", "replace"), "cp1252"
    _, _, text, encoding = min(candidates)
    return text, encoding


def detect_delimiter(text: str) -> str:
    """The separator that gives the most records with the same field count (above one)."""
    best: tuple[int, int, str] | None = None
    for order, delimiter in enumerate(DELIMITERS):
        records = islice(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), SNIFF_RECORDS)
        try:
            counts = Counter(len(r) for r in records if any(field.strip() for field in r))
        except csv.Error:
            continue
        wide = {count: n for count, n in counts.items() if count > 1}
        if not wide:
            continue
        agreeing = max(wide.values())
        key = (-agreeing, order, delimiter)
        if best is None or key < best:
            best = key
    return best[2] if best else ";"


def csv_reason(exc: csv.Error) -> str:
    """The csv module's (English) error in Danish."""
    text = str(exc)
    if "field larger than field limit" in text:
        return (f"et felt er over {format_number(csv.field_size_limit())} tegn langt (mangler der et "
                "afsluttende anførselstegn, eller er det ikke en CSV-fil?)")
    if "NUL" in text:
        return "linjen indeholder et NUL-tegn (filen er binær eller beskadiget)"
    if "new-line character" in text:
        return "et linjeskift midt i et felt uden anførselstegn"
    if "quotechar" in text or "delimiter" in text:
        return "et anførselstegn eller skilletegn står forkert"
    return "filen følger ikke CSV-formatet"


def _too_large(max_cells: int, blank: int) -> str:
    if not blank:
        return f"er for stor: over {format_number(max_cells)} celler. Del filen op"
    return (f"er for stor: over {format_number(max_cells)} celler, når hver tom linje tæller som én "
            f"celle ({format_number(blank)} tomme linjer indtil da). Slet de tomme linjer, eller del "
            "filen op")


def read_csv_text(data: bytes, max_cells: int) -> CsvText:
    """Decode, sniff and read a CSV file's bytes. Raises ValueError (Danish, completing
    "Filen X ...") when the file is empty, binary, too large or not CSV.

    ``max_cells`` bounds the reading itself: the fields are counted as the lines are read, a
    blank line counting as one cell (it becomes a row too), and reading stops at the limit, so
    a file of millions of empty lines is refused after ``max_cells`` lines, never held whole."""
    text, encoding = decode(data)
    if not text.strip():
        raise ValueError("er tom (ingen tekst)")
    delimiter = detect_delimiter(text)
    rows: list[list[object]] = []
    counts: list[int] = []
    add_row, add_count = rows.append, counts.append
    cells = blank = 0
    try:
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            n = len(record)
            if n:
                cells += n
            else:  # a blank line is a row like any other: it costs a list and is padded later
                cells += 1
                blank += 1
            if cells > max_cells:
                raise ValueError(_too_large(max_cells, blank))
            add_count(n)
            add_row(record)  # type: ignore[arg-type]  # a new list of str from the reader
    except csv.Error as exc:
        raise ValueError(f"kan ikke læses som CSV i række {len(rows) + 1}: {csv_reason(exc)}") from None
    width = max(counts, default=0)
    if width * len(rows) > max_cells:  # short rows are padded to the widest one
        raise ValueError(f"er for stor: {format_number(len(rows))} rækker × {format_number(width)} kolonner "
                         f"er over {format_number(max_cells)} celler. Del filen op")
    for row in rows:
        row.extend([""] * (width - len(row)))
    return CsvText(rows, counts, encoding, delimiter)
