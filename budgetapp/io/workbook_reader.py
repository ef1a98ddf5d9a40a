"""Open a workbook (.xlsx, .xls, .ods with python-calamine; .csv with the csv module) safely.

Whatever the file, the caller gets either sheets of raw cell values or a :class:`WorkbookError`
with a Danish message: an empty file, a corrupt zip, a password-protected workbook (an OLE
container holding an encrypted package), a PDF or another file renamed to .xlsx, a zip bomb, or a
sheet too large to read in memory.
An .xls file's cell records are walked first (:mod:`budgetapp.io.xls_guard`) so that a sheet whose
cells span more than the cell budget is refused before calamine allocates it.

Reading is bounded before any parser sees the file (:mod:`budgetapp.io.zip_guard`): every member
of an .xlsx/.ods archive is inflated once, in steps, against one budget for all members, and the
worksheets are scanned while they stream past. A sheet is refused from the extent of the cells
that actually hold a value (never from a stated used range), and an ODS table while it is read
(repeated rows and columns counted arithmetically).

Rows are lists of raw values from cell A1 (zero-based row and column = the cell's position), as
python-calamine gives them: ``str`` (``""`` for an empty cell), ``float``, ``bool``, dates; plus
:class:`~budgetapp.io.cells.ErrorValue` for a cached error (``#N/A``) and
:class:`~budgetapp.io.cells.FormulaWithoutValue` for a formula without a stored result, which
python-calamine would give as ``""``. A CSV file is one sheet named after the file, every value
a string; its encoding and separator are detected (:mod:`budgetapp.io.csv_text`).

Hidden sheets (:attr:`Workbook.hidden_sheets`) and hidden rows (:attr:`Sheet.hidden_rows`) are
reported as such, so an importer can name them and import them only when the user chooses to.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from budgetapp.core.formatting import format_number
from budgetapp.io.cells import ErrorValue, FormulaWithoutValue
from budgetapp.io.csv_text import ENCODING_LABELS, CsvText, read_csv_text
from budgetapp.io.os_errors import danish_reason
from budgetapp.io.text_bounds import TextTooLong, text_refusal
from budgetapp.io.xls_guard import XlsSheet, XlsStructureError, xls_sheets
from budgetapp.io.xml_scan import SheetTooLarge, XlsxSheetScan, XmlPartError, relationships, workbook_sheets
from budgetapp.io.zip_guard import (
    ZipContents,
    ZipLimitError,
    canonical_copy,
    check_zip,
    shared_text_bytes,
)

Row = list[object]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")

# Limits that keep a huge or hostile file from exhausting memory (documented in
# docs/import-formats.md). A 200.000-row budget sheet with 15 columns is 3 mio. cells; Excel's
# own maximum is 1.048.576 rows. The zip budget for all members together is
# zip_guard.MAX_INFLATED_BYTES.
MAX_CELLS = 3_000_000
# A CSV is read whole into Python lists of str (about 60 bytes a cell, plus the text twice): 2 mio.
# cells and 40 MB keep reading it and checking it well under 1 GB.
MAX_CSV_CELLS = 2_000_000
MAX_CSV_BYTES = 40 * 1024 * 1024
MAX_FILE_BYTES = 300 * 1024 * 1024   # any file (an .xlsx/.ods is further bounded when inflated)
MAX_TEXT_BYTES = 100 * 1024 * 1024   # a CSV file (read whole, then decoded); an .xls (not compressed)
MAX_SHARED_TEXT_BYTES = 128 * 1024 * 1024  # text the cells copy out of the shared strings, all sheets
MAX_XML_BYTES = 1024 * 1024 * 1024  # kept for callers; the zip budget is zip_guard.MAX_INFLATED_BYTES

KIND_LABELS = {"xlsx": "Excel .xlsx", "xls": "Excel 97-2003 .xls", "ods": "OpenDocument .ods"}
HIDDEN_LABELS = {"hidden": "skjult", "veryhidden": "meget skjult"}


class WorkbookError(Exception):
    """The file cannot be read as a workbook; ``str(exc)`` is a Danish message for the user."""


@dataclass
class Sheet:
    """One sheet's raw rows. ``hidden_rows``/``hidden_columns``: zero-based rows and columns
    hidden in the spreadsheet (hidden, zero height or width, filtered, in a collapsed group);
    ``hidden``: "" for a visible sheet, else "skjult" or "meget skjult"; ``field_counts``: for a
    CSV file, how many fields each line had before the rows were padded to one width."""

    name: str
    rows: list[Row]
    hidden_rows: frozenset[int] = frozenset()
    hidden: str = ""
    field_counts: list[int] | None = None
    delimiter: str = ""
    hidden_columns: frozenset[int] = frozenset()

    @property
    def height(self) -> int:
        return len(self.rows)


@dataclass
class Workbook:
    """An open workbook. ``hidden_sheets``: sheet name → "skjult" / "meget skjult";
    ``encoding``: a CSV file's encoding (Python codec name, "" for a spreadsheet)."""

    path: Path
    kind: str  # "xlsx", "xls", "ods", "csv"
    sheet_names: list[str]
    _book: object = None
    _sheets: dict[str, Sheet] = field(default_factory=dict)
    _dimensions: dict[str, tuple[int, int]] = field(default_factory=dict)
    hidden_sheets: dict[str, str] = field(default_factory=dict)
    encoding: str = ""
    delimiter: str = ""
    _scans: dict[str, XlsxSheetScan] = field(default_factory=dict)
    _members: dict[str, str] = field(default_factory=dict)
    include_hidden: bool | None = None  # the user's choice for hidden sheets and rows (see tables)

    @property
    def display_name(self) -> str:
        return self.path.name

    @property
    def encoding_note(self) -> str:
        """For a CSV file not in UTF-8: which encoding was used, in Danish (else "")."""
        if not self.encoding or self.encoding.startswith("utf-8"):
            return ""
        return f"Tegnsæt: {ENCODING_LABELS.get(self.encoding, self.encoding)} (filen er ikke UTF-8)"

    def has_sheet(self, name: str) -> bool:
        return name in self.sheet_names

    def visible_sheet_names(self) -> list[str]:
        return [n for n in self.sheet_names if n not in self.hidden_sheets]

    def sheet(self, name: str) -> Sheet:
        """The sheet's rows (loaded on first use). Raises WorkbookError when it is too large."""
        if name in self._sheets:
            return self._sheets[name]
        if name not in self.sheet_names:
            raise WorkbookError(f"Arket '{name}' findes ikke i {self.display_name}")
        scan = self._sheet_scan(name)
        try:
            raw = self._book.get_sheet_by_name(name)  # type: ignore[attr-defined]
            end_row, end_col = raw.end or (0, 0)
            _check_cells(name, end_row + 1, end_col + 1)
            rows = raw.to_python(skip_empty_area=False)
        except WorkbookError:
            raise
        except MemoryError:
            raise WorkbookError(f"Arket '{name}' er for stort til at blive indlæst") from None
        except Exception as exc:  # python-calamine raises its own error types for broken content
            raise WorkbookError(f"Arket '{name}' i {self.display_name} kan ikke læses: indholdet følger ikke "
                                f"formatet (arket er beskadiget; {type(exc).__name__})") from None
        hidden_rows: frozenset[int] = frozenset()
        hidden_columns: frozenset[int] = frozenset()
        if scan is not None:
            _mark_cells(rows, scan)
            hidden_rows = frozenset(r for r in scan.hidden_rows if r < len(rows))
            width = max(map(len, rows), default=0)
            hidden_columns = frozenset(c for c in scan.hidden_cols if c < width)
        sheet = Sheet(name, rows, hidden_rows, self.hidden_sheets.get(name, ""),
                      hidden_columns=hidden_columns)
        self._sheets[name] = sheet
        return sheet

    def _sheet_scan(self, name: str) -> XlsxSheetScan | None:
        """The scan of the sheet's XML (read while the file was checked), its extent checked
        against MAX_CELLS; a worksheet that is not well-formed XML is refused here."""
        scan = self._scans.get(name)
        if scan is None:
            return None
        if scan.error:
            raise WorkbookError(f"Arket '{name}' i {self.display_name} er beskadiget: {scan.error}")
        _check_cells(name, scan.rows, scan.cols)
        return scan

    def forget(self, name: str) -> None:
        """Drop a loaded sheet's rows (once its table is read); :meth:`sheet` loads it again if asked."""
        if self._book is not None:  # a CSV file's only sheet cannot be loaded again
            self._sheets.pop(name, None)

    def sheets(self) -> list[Sheet]:
        return [self.sheet(n) for n in self.sheet_names]


def _mark_cells(rows: list[Row], scan: XlsxSheetScan) -> None:
    """Put error values and formulas without a stored result where calamine gave ``""``."""
    for marks, make in ((scan.errors, ErrorValue), (scan.no_value, FormulaWithoutValue)):
        for (r, c), text in marks.items():
            if r < len(rows) and c < len(rows[r]):
                rows[r][c] = make(text)


def _zip_reason(exc: Exception) -> str:
    """Danish: a ZipLimitError says it already; the zip and OS errors' English does not reach the user."""
    if isinstance(exc, ZipLimitError):
        return str(exc)
    if isinstance(exc, OSError) and exc.errno is not None:
        return danish_reason(exc)
    return "zip-arkivet kan ikke læses (filen er beskadiget)"


def _check_cells(name: str, rows: int, cols: int) -> None:
    if rows * cols > MAX_CELLS:
        raise WorkbookError(
            f"Arket '{name}' er for stort: {format_number(rows)} rækker × {format_number(cols)} "
            f"kolonner ({format_number(rows * cols)} celler); højst {format_number(MAX_CELLS)} celler "
            "kan indlæses. Slet tomme rækker og kolonner under og til højre for tabellen, "
            "eller del filen op.")


def open_workbook(path: str | Path) -> Workbook:
    """Open ``path`` and return its sheet names; sheets are read on demand with :meth:`Workbook.sheet`."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
        if path.exists() and not path.is_file() and not path.is_dir():
            raise WorkbookError(f"{name} er ikke en almindelig fil (fx en FIFO eller en enhed)")
        with path.open("rb") as handle:
            head = handle.read(8192)
    except FileNotFoundError:
        raise WorkbookError(f"Filen {name} findes ikke") from None
    except IsADirectoryError:
        raise WorkbookError(f"{name} er en mappe, ikke en fil") from None
    except OSError as exc:
        raise WorkbookError(f"Filen {name} kan ikke åbnes: {danish_reason(exc)}") from None
    if size == 0:
        raise WorkbookError(f"Filen {name} er tom (0 byte)")
    if size > MAX_FILE_BYTES:
        raise WorkbookError(
            f"Filen {name} er for stor ({format_number(size / 1024 / 1024, 0)} MB); højst "
            f"{format_number(MAX_FILE_BYTES // 1024 // 1024)} MB kan indlæses. Del filen op.")
    if head.startswith(b"%PDF"):
        raise WorkbookError(f"Filen {name} er en PDF-fil, ikke et regneark. "
                            "Gem tabellen som .xlsx og prøv igen")
    if head.startswith(OLE_MAGIC):
        if _is_encrypted_ole(path):
            raise WorkbookError(
                f"Filen {name} er beskyttet med adgangskode (krypteret). Åbn den i Excel, fjern "
                "adgangskoden under Filer > Oplysninger > Beskyt projektmappe, gem og prøv igen")
        _check_text_size(name, size, "Excel 97-2003-filer (.xls)")
        try:
            xls = xls_sheets(path)
        except XlsStructureError as exc:
            raise WorkbookError(f"Filen {name} er beskadiget: {exc}") from None
        for sheet_name, extent in xls.items():  # calamine reads every .xls sheet at open
            try:
                _check_cells(sheet_name, extent.rows, extent.cols)
            except WorkbookError as exc:
                raise WorkbookError(f"Filen {name} kan ikke indlæses: {exc}") from None
        return _open_calamine(path, "xls", {n: _xls_scan(sheet) for n, sheet in xls.items()}, {})
    if head.startswith(ZIP_MAGICS):
        found = _inspect_zip(path)
        return _open_calamine(path, found.kind, found.scans, found.members, found)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        raise WorkbookError(f"Filen {name} er ikke et regneark, selv om den hedder {suffix} "
                            "(indholdet er hverken Excel eller OpenDocument)")
    if size > MAX_CSV_BYTES:
        raise WorkbookError(
            f"Filen {name} er for stor ({format_number(size / 1024 / 1024, 0)} MB); højst "
            f"{format_number(MAX_CSV_BYTES // 1024 // 1024)} MB kan indlæses for CSV-filer. "
            "Gem den som .xlsx, eller del filen op.")
    return _open_csv(path, head)


def _xls_scan(found: XlsSheet) -> XlsxSheetScan:
    """An .xls sheet's extent and hidden rows and columns, in the form the xlsx scans have."""
    scan = XlsxSheetScan(rows=found.rows, cols=found.cols)
    scan.hidden_rows, scan.hidden_cols = found.hidden_rows, found.hidden_cols
    return scan


def _check_text_size(name: str, size: int, what: str) -> None:
    if size > MAX_TEXT_BYTES:
        raise WorkbookError(
            f"Filen {name} er for stor ({format_number(size / 1024 / 1024, 0)} MB); højst "
            f"{format_number(MAX_TEXT_BYTES // 1024 // 1024)} MB kan indlæses for {what}. "
            "Gem den som .xlsx, eller del filen op.")


def _is_encrypted_ole(path: Path) -> bool:
    """An OLE container with an ``EncryptedPackage`` stream is a password-protected Office file."""
    with path.open("rb") as handle:
        tail = b""
        while chunk := handle.read(1 << 20):
            if ENCRYPTED_STREAM in tail + chunk:
                return True
            tail = chunk[-len(ENCRYPTED_STREAM):]
    return False


@dataclass
class _Inspected:
    """What the bounded reading found in a zip container (see :func:`_inspect_zip`)."""

    kind: str
    scans: dict[str, XlsxSheetScan]
    members: dict[str, str]
    hidden: dict[str, str]
    respelled: list[str]


def _inspect_zip(path: Path) -> _Inspected:
    """Check a zip container before calamine reads it: kind, bounded size, each sheet's scan,
    the hidden sheets, the members calamine needs in plain UTF-8."""
    name = path.name
    try:
        contents = check_zip(path, ods_cell_limit=MAX_CELLS, cell_limit=MAX_CELLS)
    except SheetTooLarge as exc:
        if exc.cells:
            raise WorkbookError(
                f"Arket '{_sheet_name(exc)}' er for stort: over {format_number(MAX_CELLS)} celler med "
                f"indhold (nogle celler står flere gange i filen); højst {format_number(MAX_CELLS)} celler "
                "kan indlæses. Gem arket igen fra regnearksprogrammet, eller del filen op.") from None
        try:
            _check_cells(_sheet_name(exc), exc.rows, exc.cols)
        except WorkbookError as refused:
            raise WorkbookError(f"{refused} (Læsningen stoppede ved grænsen; arket kan være større.)") \
                from None
        raise  # _check_cells always raises here
    except TextTooLong as exc:
        raise WorkbookError(f"Filen {name} kan ikke indlæses: "
                            f"{text_refusal(exc, _sheet_name(exc))}") from None
    except ZipLimitError as exc:
        raise WorkbookError(f"Filen {name} kan ikke indlæses: {exc}") from None
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, KeyError, zlib.error):
        raise WorkbookError(f"Filen {name} er beskadiget: zip-arkivet kan ikke læses "
                            "(er filen hentet helt ned eller afbrudt under gemning?)") from None
    names = set(contents.names)
    if "mimetype" in names and "content.xml" in names:
        hidden = {table: HIDDEN_LABELS["hidden"] for table in contents.hidden_tables}
        _check_workbook_cells(name, contents.sheets)
        return _Inspected("ods", contents.sheets, {}, hidden, contents.respelled)
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
        if "word/document.xml" in names:
            raise WorkbookError(f"Filen {name} er et Word-dokument, ikke et regneark")
        if "ppt/presentation.xml" in names:
            raise WorkbookError(f"Filen {name} er en PowerPoint-præsentation, ikke et regneark")
        raise WorkbookError(f"Filen {name} er en zip-fil, men ikke et Excel- eller "
                            "OpenDocument-regneark")
    try:
        members, hidden = _xlsx_members(contents.kept)
    except XmlPartError as exc:
        raise WorkbookError(f"Filen {name} er beskadiget: projektmappens oversigt (xl/workbook.xml) kan "
                            f"ikke læses: {exc}") from None
    scans = {sheet: contents.sheets[member] for sheet, member in members.items()
             if member in contents.sheets}
    _check_shared_text(path, contents, sorted({m for m in members.values() if m in contents.sheets}))
    _check_workbook_cells(name, scans)
    return _Inspected("xlsx", scans, members, hidden, contents.respelled)


def _check_workbook_cells(name: str, scans: dict[str, XlsxSheetScan]) -> None:
    """MAX_CELLS is one budget for the whole workbook: Σ over the sheets of each sheet's extent
    (rows × columns of the cells with a value; calamine reads every ODS table at once)."""
    total = 0
    for number, (sheet, scan) in enumerate(scans.items(), start=1):
        total += scan.rows * scan.cols
        if total > MAX_CELLS:
            raise WorkbookError(
                f"Filen {name} er for stor: arkene fylder tilsammen over {format_number(MAX_CELLS)} celler "
                f"(grænsen blev passeret ved arket '{sheet}', nr. {number}); "
                f"højst {format_number(MAX_CELLS)} celler kan indlæses i alt. Slet tomme rækker og "
                "kolonner eller ark, der ikke skal bruges, eller del filen op.")


def _sheet_name(exc: SheetTooLarge | TextTooLong) -> str:
    """The sheet's name for an ODS table or an xlsx worksheet part over the limit."""
    kept = getattr(exc, "kept", {})
    try:
        members, _ = _xlsx_members(kept)
    except XmlPartError:
        members = {}
    return next((sheet for sheet, member in members.items() if member == exc.sheet), exc.sheet)


def _check_shared_text(path: Path, contents: ZipContents, members: list[str]) -> None:
    """Refuse a workbook whose cells would copy more than MAX_SHARED_TEXT_BYTES of text out of the
    shared strings (each cell gets its own copy). Exact only when the quick bound (longest string ×
    cells of type "s") is over the limit."""
    shared = contents.shared
    if shared is None or not members:
        return
    refs = sum(contents.sheets[m].shared_refs for m in members)
    if refs * shared.longest <= MAX_SHARED_TEXT_BYTES:
        return
    try:
        total = shared_text_bytes(path, members, shared)
    except (ZipLimitError, zipfile.BadZipFile, EOFError, OSError, KeyError, zlib.error) as exc:
        raise WorkbookError(f"Filen {path.name} kan ikke indlæses: {_zip_reason(exc)}") from None
    if total > MAX_SHARED_TEXT_BYTES:
        raise WorkbookError(
            f"Filen {path.name} kan ikke indlæses: cellerne henviser til i alt "
            f"{format_number(total / 2**20, 0)} MB tekst fra tekstlisten (xl/sharedStrings.xml); højst "
            f"{format_number(MAX_SHARED_TEXT_BYTES // 2**20)} MB kan indlæses sikkert (en lang tekst, "
            "som mange celler gentager, fylder én gang pr. celle)")


def _xlsx_members(kept: dict[str, bytes]) -> tuple[dict[str, str], dict[str, str]]:
    """Sheet name → worksheet part, and sheet name → "skjult"/"meget skjult" for the hidden
    sheets, from ``xl/workbook.xml`` and its relations. Raises XmlPartError."""
    targets = {}
    for rid, target in relationships(kept.get("xl/_rels/workbook.xml.rels", b"")).items():
        targets[rid] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    members: dict[str, str] = {}
    hidden: dict[str, str] = {}
    for entry in workbook_sheets(kept.get("xl/workbook.xml", b"")):
        part = targets.get(entry.rid)
        if part and entry.name:
            members[entry.name] = part
        if entry.state in HIDDEN_LABELS:
            hidden[entry.name] = HIDDEN_LABELS[entry.state]
    return members, hidden


def _open_calamine(path: Path, kind: str, scans: dict[str, XlsxSheetScan],
                   members: dict[str, str], found: _Inspected | None = None) -> Workbook:
    import python_calamine

    name = path.name
    try:
        book = _calamine_book(path, found.respelled if found is not None else [])
        metadata = [m for m in book.sheets_metadata if str(m.typ).endswith("WorkSheet")]
        sheet_names = [m.name for m in metadata] or list(book.sheet_names)
        hidden = {m.name: HIDDEN_LABELS[str(m.visible).rsplit(".", 1)[-1].lower()] for m in metadata
                  if str(m.visible).rsplit(".", 1)[-1].lower() in HIDDEN_LABELS}
    except ZipLimitError as exc:
        raise WorkbookError(f"Filen {name} kan ikke indlæses: {exc}") from None
    except python_calamine.PasswordError:
        raise WorkbookError(f"Filen {name} er beskyttet med adgangskode. Fjern adgangskoden i Excel, "
                            "gem og prøv igen") from None
    except python_calamine.ZipError:
        raise WorkbookError(f"Filen {name} er beskadiget: zip-arkivet kan ikke læses") from None
    except MemoryError:
        raise WorkbookError(f"Filen {name} er for stor til at blive indlæst") from None
    except Exception as exc:
        raise WorkbookError(f"Filen {name} kan ikke læses som regneark ({KIND_LABELS[kind]}): indholdet "
                            f"følger ikke formatet (filen er beskadiget eller i et andet format end "
                            f"navnet siger; {type(exc).__name__})") from None
    if not sheet_names:
        raise WorkbookError(f"Filen {name} har ingen regneark")
    if kind == "xlsx":
        unscanned = [s for s in sheet_names if s not in scans]
        if members and unscanned:  # a sheet whose part the scan did not see cannot be bounded: refuse it
            raise WorkbookError(f"Filen {name} er beskadiget: arket '{unscanned[0]}' peger ikke på "
                                "en del af filen, der kan kontrolleres")
    if found is not None:  # what the XML says, where calamine does not tell (ODS tables, odd spellings)
        hidden.update({sheet: label for sheet, label in found.hidden.items()
                       if sheet in sheet_names and sheet not in hidden})
    return Workbook(path, kind, sheet_names, book, {}, {}, hidden, _scans=scans, _members=members)


def _calamine_book(path: Path, respelled: list[str]):  # type: ignore[no-untyped-def]
    """python-calamine's workbook for ``path``; from a copy with the ``respelled`` members in
    plain UTF-8 (:func:`budgetapp.io.zip_guard.canonical_copy`) when there are any, since calamine
    reads neither character references nor UTF-16. calamine holds the bytes it read: the copy is
    removed at once."""
    import tempfile

    import python_calamine

    if not respelled:
        with path.open("rb") as handle:
            return python_calamine.CalamineWorkbook.from_filelike(handle)
    with tempfile.TemporaryDirectory(prefix="budgetapp-") as folder:
        copy = Path(folder) / ("plain" + path.suffix.lower())
        canonical_copy(path, respelled, copy)
        with copy.open("rb") as handle:
            return python_calamine.CalamineWorkbook.from_filelike(handle)


def _open_csv(path: Path, head: bytes) -> Workbook:
    """A CSV file as one sheet (encoding and separator detected; see :mod:`budgetapp.io.csv_text`)."""
    name = path.name
    try:
        parsed: CsvText = read_csv_text(path.read_bytes(), MAX_CSV_CELLS)
    except ValueError as exc:
        raise WorkbookError(f"Filen {name} {exc}") from None
    sheet_name = path.stem or "csv"
    book = Workbook(path, "csv", [sheet_name], encoding=parsed.encoding, delimiter=parsed.delimiter)
    book._sheets[sheet_name] = Sheet(sheet_name, parsed.rows, field_counts=parsed.field_counts,
                                     delimiter=parsed.delimiter)
    return book


def detect_delimiter(text: str) -> str:
    """The separator of a CSV text (see :func:`budgetapp.io.csv_text.detect_delimiter`)."""
    from budgetapp.io.csv_text import detect_delimiter as detect

    return detect(text)
