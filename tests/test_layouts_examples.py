"""Example files of the four real-world layouts (a-d), written by the tests, with their totals.

Each builder writes a file the way the source writes it and returns the figures the tests
compare the imported project with, computed here from the rows written (never by the code under
test). The layout and wizard tests import these builders.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

# a. The municipality's budget by kontoplan, 1.000 kr., 2026 p/l (the demo project's budget p/l).
# (function, dranst, text, amounts for 2027, 2028, 2029, 2030 in 1.000 kr.)
KONTOPLAN_ROWS = [
    ("5.57.71", 1, "Sygedagpenge", (98_500.0, 99_000.0, 99_500.0, 100_000.0)),
    ("5.57.71", 2, "Sygedagpenge, statsrefusion", (-30_250.5, -30_400.0, -30_550.0, -30_700.0)),
    ("5.57.73", 1, "Kontant- og uddannelseshjælp", (120_000.0, 118_000.0, 116_000.0, 114_000.0)),
    (
        "5.57.73",
        2,
        "Kontant- og uddannelseshjælp, statsrefusion",
        (-40_000.0, -39_000.0, -38_000.0, -37_000.0),
    ),
    ("5.57.78", 1, "Dagpenge til forsikrede ledige", (61_200.0, 62_000.0, 62_800.0, 63_600.0)),
    (
        "5.68.90",
        1,
        "Driftsudgifter til den kommunale beskæftigelsesindsats",
        (45_000.0, 45_000.0, 45_000.0, 45_000.0),
    ),
    ("6.45.53", 1, "Administration vedrørende jobcentre", (38_400.0, 38_400.0, 38_400.0, 38_400.0)),
]
KONTOPLAN_YEARS = (2027, 2028, 2029, 2030)


def kontoplan_net_total(year: int) -> float:
    """The file's "I alt" per year in 1.000 kr.: every row added (refusion rows are negative).

    2027: 98.500 - 30.250,5 + 120.000 - 40.000 + 61.200 + 45.000 + 38.400 = 292.849,5
    """
    i = KONTOPLAN_YEARS.index(year)
    return sum(amounts[i] for _, _, _, amounts in KONTOPLAN_ROWS)


def write_kontoplan(path: Path, total_override: float | None = None, extra_row: tuple | None = None) -> Path:
    """Title block (3 rows), blank row, header in row 5, data with a subtotal per hovedfunktion
    ("Kontante ydelser i alt" after the 5.57 rows) and a final "I alt" row."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Budget 2027-2030"
    ws.append(["Eksempel Kommune"])
    ws.append(["Beskæftigelsesudvalget: budget 2027 og overslagsår 2028-2030"])
    ws.append(["(1.000 kr., 2026 p/l)"])
    ws.append([])
    ws.append(
        ["Funktion", "Dranst", "Tekst", "Budget 2027", "Overslag 2028", "Overslag 2029", "Overslag 2030"]
    )
    subtotal = [0.0, 0.0, 0.0, 0.0]
    rows = list(KONTOPLAN_ROWS) + ([extra_row] if extra_row else [])
    for function, dranst, text, amounts in rows:
        if function.startswith("5.68") and any(subtotal):
            ws.append([None, None, "Kontante ydelser i alt", *subtotal])
            subtotal = [0.0, 0.0, 0.0, 0.0]
        ws.append([function, dranst, text, *amounts])
        if function.startswith("5.57"):
            subtotal = [s + a for s, a in zip(subtotal, amounts, strict=True)]
    totals = [sum(r[3][i] for r in rows) for i in range(4)]
    if total_override is not None:
        totals[0] = total_override
    ws.append([None, None, "I alt", *totals])
    ws.append([])
    ws.append(["Kilde: kommunens budgetsystem"])
    book.save(path)
    return path


# b. Statistikbanken long format (BUDK), 1.000 kr., current prices; 2026 only, with a suppressed cell.
STATBANK_ROWS = [
    # (OMRÅDE, FUNKTION, DRANST, ART, PRISENHED, TID, INDHOLD)
    (
        "Eksempel",
        "5.57.71 Sygedagpenge",
        "1 Drift",
        "Udgifter i alt",
        "Løbende priser (1.000 kr.)",
        "2026",
        "97100",
    ),
    (
        "Eksempel",
        "5.57.71 Sygedagpenge",
        "2 Statsrefusion",
        "Udgifter i alt",
        "Løbende priser (1.000 kr.)",
        "2026",
        "-29800",
    ),
    (
        "Eksempel",
        "5.57.73 Kontant- og uddannelseshjælp",
        "1 Drift",
        "Udgifter i alt",
        "Løbende priser (1.000 kr.)",
        "2026",
        "121500",
    ),
    (
        "Eksempel",
        "5.68.90 Driftsudgifter til den kommunale beskæftigelsesindsats",
        "1 Drift",
        "Udgifter i alt",
        "Løbende priser (1.000 kr.)",
        "2026",
        "44000",
    ),
    (
        "Eksempel",
        "5.68.90 Driftsudgifter til den kommunale beskæftigelsesindsats",
        "2 Statsrefusion",
        "Udgifter i alt",
        "Løbende priser (1.000 kr.)",
        "2026",
        "..",
    ),
    ("Eksempel", "5.57.71 Sygedagpenge", "1 Drift", "Udgifter i alt", "Kr. pr. indbygger", "2026", "1811"),
]
STATBANK_HEADER = "OMRÅDE;FUNKTION;DRANST;ART;PRISENHED;TID;INDHOLD"


def statbank_total_kr() -> float:
    """Net of the 1.000 kr. rows, suppressed left out: (97.100 - 29.800 + 121.500 + 44.000) × 1.000."""
    return (97_100 - 29_800 + 121_500 + 44_000) * 1000.0


def write_statbank(path: Path) -> Path:
    lines = [STATBANK_HEADER] + [";".join(r) for r in STATBANK_ROWS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return path


# c. jobindsats: area, ydelsesgruppe, period, persons, full-time persons; the total row in column 2.
JOBINDSATS_ROWS = [
    ("Eksempel Kommune", "A-dagpenge mv.", "2027", 1480.0, 523.4),
    ("Eksempel Kommune", "Kontant- og uddannelseshjælp", "2027", 980.0, 612.0),
    ("Eksempel Kommune", "Sygedagpenge mv.", "2027", 1210.0, 410.3),
    ("Eksempel Kommune", "Ydelsesgrupper i alt", "2027", 3670.0, 1545.7),
]


def write_jobindsats(path: Path) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Y01A02"
    ws.append(["Antal fuldtidspersoner efter ydelsesgrupper, Eksempel Kommune, 2027 (jobindsats.dk)"])
    ws.append([])
    ws.append(["Område", "Ydelsesgrupper", "Periode", "Antal personer", "Antal fuldtidspersoner"])
    for row in JOBINDSATS_ROWS:
        ws.append(list(row))
    book.save(path)
    return path


# d. STAR staircase positions, per cent with one decimal as published (kontanthjælp sums to 99,9).
STAIRCASE_ROWS = [
    ("Kontant- og uddannelseshjælp", 6.1, 22.4, 18.3, 53.1, 99.9),
    ("Sygedagpenge", 14.2, 48.5, 25.1, 12.2, 100.0),
    ("Alle ydelsesgrupper i alt", 9.0, 33.0, 21.0, 37.0, 100.0),
]


def write_staircase(path: Path, rows=STAIRCASE_ROWS) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Refusionstrappe"
    ws.append(["Fordeling af ydelsesuger på refusionstrappen (pct.)"])
    ws.append(["Ydelsesgruppe", "Uge 1-4", "Uge 5-26", "Uge 27-52", "Uge 53+", "I alt"])
    for row in rows:
        ws.append(list(row))
    book.save(path)
    return path


def test_builders_write_what_they_say(tmp_path):
    """The example files hold the rows above (a sanity check of the builders themselves)."""
    book = openpyxl.load_workbook(write_kontoplan(tmp_path / "a.xlsx"))
    ws = book.active
    assert ws["A5"].value == "Funktion" and ws["D5"].value == "Budget 2027"
    last = next(r for r in ws.iter_rows(values_only=True) if r and r[2] == "I alt")
    assert last[3] == kontoplan_net_total(2027) == 292_849.5
    assert write_statbank(tmp_path / "b.csv").read_text(encoding="utf-8-sig").startswith(STATBANK_HEADER)
