"""Open a workbook (.xlsx, .xls, .ods with python-calamine; .csv with the csv module) safely.

Whatever the file, the caller gets either sheets of raw cell values or a :class:`WorkbookError`
with a Danish message: an empty file, a corrupt zip, a password-protected workbook (an OLE
container holding an encrypted package), a PDF or another file renamed to .xlsx, or a sheet too
large to read in memory. Sizes are checked *before* a sheet is loaded, so a 100 MB sheet gives a
message instead of exhausting the machine.

Rows are lists of raw values from cell A1 (zero-based row and column = the cell's position), as
python-calamine gives them: ``str`` (``""`` for an empty cell), ``float``, ``bool``, dates. A CSV
file is one sheet named after the file, with every value a string.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from budgetapp.core.formatting import format_number

Row = list[object]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")

# Limits that keep a huge or hostile file from exhausting memory. A 200.000-row budget sheet
# with 15 columns is 3 mio. cells; Excel's own maximum is 1.048.576 rows.
MAX_CELLS = 6_000_000
MAX_FILE_BYTES = 300 * 1024 * 1024
MAX_XML_BYTES = 1024 * 1024 * 1024  # uncompressed sheet XML (guards against zip bombs too)


class WorkbookError(Exception):
    """The file cannot be read as a workbook; ``str(exc)`` is a Danish message for the user."""


@dataclass
class Sheet:
    name: str
    rows: list[Row]

    @property
    def height(self) -> int:
        return len(self.rows)


@dataclass
class Workbook:
    path: Path
    kind: str  # "xlsx", "xls", "ods", "csv"
    sheet_names: list[str]
    _book: object = None
    _sheets: dict[str, Sheet] = field(default_factory=dict)
    _dimensions: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def display_name(self) -> str:
        return self.path.name

    def has_sheet(self, name: str) -> bool:
        return name in self.sheet_names

    def sheet(self, name: str) -> Sheet:
        """The sheet's rows (loaded on first use). Raises WorkbookError when it is too large."""
        if name in self._sheets:
            return self._sheets[name]
        if name not in self.sheet_names:
            raise WorkbookError(f"Arket '{name}' findes ikke i {self.display_name}")
        known = self._dimensions.get(name)
        if known:
            _check_cells(name, *known)
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
            raise WorkbookError(f"Arket '{name}' i {self.display_name} kan ikke læses: {exc}") from None
        sheet = Sheet(name, rows)
        self._sheets[name] = sheet
        return sheet

    def forget(self, name: str) -> None:
        """Drop a loaded sheet's rows (once its table is read); :meth:`sheet` loads it again if asked."""
        if self._book is not None:  # a CSV file's only sheet cannot be loaded again
            self._sheets.pop(name, None)

    def sheets(self) -> list[Sheet]:
        return [self.sheet(n) for n in self.sheet_names]


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
        with path.open("rb") as handle:
            head = handle.read(8192)
    except FileNotFoundError:
        raise WorkbookError(f"Filen {name} findes ikke") from None
    except IsADirectoryError:
        raise WorkbookError(f"{name} er en mappe, ikke en fil") from None
    except OSError as exc:
        raise WorkbookError(f"Filen {name} kan ikke åbnes: {exc.strerror or exc}") from None
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
        return _open_calamine(path, "xls", {})
    if head.startswith(ZIP_MAGICS):
        kind, dimensions = _inspect_zip(path)
        return _open_calamine(path, kind, dimensions)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        raise WorkbookError(f"Filen {name} er ikke et regneark, selv om den hedder {suffix} "
                            "(indholdet er hverken Excel eller OpenDocument)")
    if b"\x00" in head:
        raise WorkbookError(f"Filen {name} er ikke et regneark eller en tekstfil (CSV) i et kendt format")
    return _open_csv(path)


def _is_encrypted_ole(path: Path) -> bool:
    """An OLE container with an ``EncryptedPackage`` stream is a password-protected Office file."""
    with path.open("rb") as handle:
        tail = b""
        while chunk := handle.read(1 << 20):
            if ENCRYPTED_STREAM in tail + chunk:
                return True
            tail = chunk[-len(ENCRYPTED_STREAM):]
    return False


_SHEET_ENTRY = re.compile(r"<(?:\w+:)?sheet\b[^>]*?>", re.S)
_ATTR = re.compile(r'([\w:]+)="([^"]*)"')
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]+)?(\d+)?(?::([A-Z]+)(\d+))?\"")


def _inspect_zip(path: Path) -> tuple[str, dict[str, tuple[int, int]]]:
    """Check a zip container before calamine reads it: kind, size and each sheet's dimension."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            infos = {i.filename: i for i in archive.infolist()}
            if "mimetype" in infos and "content.xml" in infos:
                if infos["content.xml"].file_size > MAX_XML_BYTES:
                    raise WorkbookError(f"Filen {name} er for stor til at blive indlæst "
                                        f"({format_number(infos['content.xml'].file_size / 2**20)} MB data)")
                return "ods", {}
            if "xl/workbook.xml" not in infos and "xl/workbook.bin" not in infos:
                if "word/document.xml" in infos:
                    raise WorkbookError(f"Filen {name} er et Word-dokument, ikke et regneark")
                if "ppt/presentation.xml" in infos:
                    raise WorkbookError(f"Filen {name} er en PowerPoint-præsentation, ikke et regneark")
                raise WorkbookError(f"Filen {name} er en zip-fil, men ikke et Excel- eller "
                                    "OpenDocument-regneark")
            total = sum(i.file_size for i in infos.values() if i.filename.startswith("xl/worksheets/"))
            if total > MAX_XML_BYTES:
                raise WorkbookError(f"Filen {name} er for stor til at blive indlæst "
                                    f"({format_number(total / 2**20)} MB regnearksdata udpakket)")
            return "xlsx", _xlsx_dimensions(archive, infos)
    except WorkbookError:
        raise
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, KeyError):
        raise WorkbookError(f"Filen {name} er beskadiget: zip-arkivet kan ikke læses "
                            "(er filen hentet helt ned eller afbrudt under gemning?)") from None


def _xlsx_dimensions(archive: zipfile.ZipFile, infos: dict) -> dict[str, tuple[int, int]]:
    """Rows × columns per sheet name from each sheet's ``<dimension ref=...>`` (cheap: first 4 KB)."""
    try:
        workbook = archive.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except KeyError:
        return {}
    targets = {}
    for match in re.finditer(r"<(?:\w+:)?Relationship\b[^>]*>", rels):
        attrs = dict(_ATTR.findall(match.group(0)))
        if "Id" in attrs and "Target" in attrs:
            target = attrs["Target"].lstrip("/")
            targets[attrs["Id"]] = target if target.startswith("xl/") else "xl/" + target
    dimensions: dict[str, tuple[int, int]] = {}
    for match in _SHEET_ENTRY.finditer(workbook):
        attrs = dict(_ATTR.findall(match.group(0)))
        rid = next((v for k, v in attrs.items() if k.endswith(":id")), None)
        target = targets.get(rid or "")
        if not target or target not in infos or "name" not in attrs:
            continue
        with archive.open(target) as stream:
            head = stream.read(4096)
        found = _DIMENSION.search(head)
        if found and found.group(3):
            last_col = 0
            for letter in found.group(3).decode():
                last_col = last_col * 26 + ord(letter) - 64
            sheet_name = _xml_unescape(attrs["name"])
            dimensions[sheet_name] = (int(found.group(4)), last_col)
    return dimensions


def _xml_unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


def _open_calamine(path: Path, kind: str, dimensions: dict[str, tuple[int, int]]) -> Workbook:
    import python_calamine

    name = path.name
    try:
        with path.open("rb") as handle:
            book = python_calamine.CalamineWorkbook.from_filelike(handle)
        sheet_names = [m.name for m in book.sheets_metadata
                       if str(m.typ).endswith("WorkSheet")] or list(book.sheet_names)
    except python_calamine.PasswordError:
        raise WorkbookError(f"Filen {name} er beskyttet med adgangskode. Fjern adgangskoden i Excel, "
                            "gem og prøv igen") from None
    except python_calamine.ZipError:
        raise WorkbookError(f"Filen {name} er beskadiget: zip-arkivet kan ikke læses") from None
    except MemoryError:
        raise WorkbookError(f"Filen {name} er for stor til at blive indlæst") from None
    except Exception as exc:
        raise WorkbookError(f"Filen {name} kan ikke læses som regneark ({kind}): {exc}") from None
    if not sheet_names:
        raise WorkbookError(f"Filen {name} har ingen regneark")
    return Workbook(path, kind, sheet_names, book, {}, dimensions)


def _open_csv(path: Path) -> Workbook:
    """A CSV file as one sheet: UTF-8 with or without BOM, else cp1252; ``;``, tab or ``,``."""
    name = path.name
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", "replace")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", "replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", "replace")
    if not text.strip():
        raise WorkbookError(f"Filen {name} er tom (ingen tekst)")
    delimiter = detect_delimiter(text)
    rows: list[Row] = []
    cells = 0
    try:
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            cells += len(record)
            if cells > MAX_CELLS:
                raise WorkbookError(
                    f"Filen {name} er for stor: over {format_number(MAX_CELLS)} celler. Del filen op")
            rows.append(list(record))
    except csv.Error as exc:
        raise WorkbookError(f"Filen {name} kan ikke læses som CSV i række {len(rows) + 1}: {exc}") from None
    width = max((len(r) for r in rows), default=0)
    for row in rows:
        row.extend([""] * (width - len(row)))
    sheet_name = path.stem or "csv"
    book = Workbook(path, "csv", [sheet_name])
    book._sheets[sheet_name] = Sheet(sheet_name, rows)
    return book


def detect_delimiter(text: str) -> str:
    """``;`` (what Danish Excel writes, since ``,`` is the decimal comma), tab or ``,``.

    Counts each candidate outside quotes in the first 50 lines; ``;`` and tab win over ``,``
    whenever they occur, because a comma inside an unquoted Danish number is not a separator.
    """
    sample = "\n".join(text.splitlines()[:50])
    unquoted = re.sub(r'"[^"]*"', "", sample)
    if unquoted.count(";"):
        return ";"
    if unquoted.count("\t"):
        return "\t"
    return ","
