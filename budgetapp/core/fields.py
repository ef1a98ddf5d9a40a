"""The field registry: every editable case, budget, pool and project field with its Danish label, unit,
default, help text, valid range and the source of its default.

One place for what used to be repeated in the editor, tooltips, validation messages, the workbook,
the PDF and the CLI table. A field is named by its path in the project or case file
(``deadweight``, ``segments[].share``, ``budget.groups[].full_year_persons``); :func:`field` looks one up.
``kind`` says how the value is typed and shown:

* ``number`` — a plain number in ``unit`` (``1.234,5``);
* ``share`` — a share 0-1, typed and shown in percent (``30`` → 0,30);
* ``int`` — a whole number (years);
* ``amount`` — a number, or one number per year (``459; 470``);
* ``text`` — free text.

No Qt here: the GUI, the CLI and the exports read the same registry.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class FieldSpec:
    """One field. ``default`` None means the field must be filled in (no default).

    ``minimum``/``maximum`` bound the value in the stored unit (a share 0-1, kroner, weeks);
    None means unbounded on that side. ``default_source`` says where the default comes from.
    """

    path: str
    label: str
    unit: str = ""
    kind: str = "number"
    default: float | int | str | None = None
    help: str = ""
    minimum: float | None = None
    maximum: float | None = None
    default_source: str = ""

    @property
    def required(self) -> bool:
        return self.default is None

    def tooltip(self) -> str:
        """The help text, the range and the default, for a tooltip or a CLI table."""
        parts = [self.help] if self.help else []
        bounds = self.range_text()
        if bounds:
            parts.append(f"Gyldige værdier: {bounds}.")
        if self.default is not None:
            parts.append(f"Standardværdi: {self.format(self.default)}"
                         + (f" ({self.default_source})" if self.default_source else "") + ".")
        else:
            parts.append("Skal udfyldes.")
        return " ".join(parts)

    def format(self, value: float | int | str | None) -> str:
        """A value as the user types it: percent for shares, Danish digits for numbers."""
        if value is None:
            return ""
        if self.kind == "text" or isinstance(value, str):
            return str(value)
        if self.kind == "int":
            return str(int(value))
        shown = float(value) * 100.0 if self.kind == "share" else float(value)
        text = f"{shown:,.2f}".rstrip("0").rstrip(".") if shown != int(shown) else f"{int(shown):,}"
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
        return f"{text} %" if self.kind == "share" else text

    def range_text(self) -> str:
        def shown(v: float) -> str:
            return self.format(v)

        if self.minimum is not None and self.maximum is not None:
            return f"{shown(self.minimum)} til {shown(self.maximum)}"
        if self.minimum is not None:
            return f"mindst {shown(self.minimum)}"
        if self.maximum is not None:
            return f"højst {shown(self.maximum)}"
        return ""

    def check(self, value: float) -> str | None:
        """A Danish message when ``value`` is outside the valid range (or not finite), else None."""
        if not math.isfinite(value):
            return f"{self.label}: skal være et endeligt tal"
        if (self.minimum is not None and value < self.minimum) or (
                self.maximum is not None and value > self.maximum):
            return f"{self.label}: skal være {self.range_text()}, ikke {self.format(value)}"
        return None


WEEKS_DEFAULT_SOURCE = "et helår er 52 uger, som i definitionen af en helårsperson"
ZERO_SOURCE = "ingen, indtil andet er indtastet"

_FIELDS = (
    # --- project settings -------------------------------------------------------------------
    FieldSpec("municipality", "Kommune", kind="text", default=None,
              help="Kommunens navn, som det står i titlen, byrådsmappen og udvalgsindstillingen."),
    FieldSpec("budget_year", "Budgetår", "år", "int", None,
              "Det første år i budgettet; de tre følgende er overslagsår.", 2000, 2100),
    FieldSpec("price_level_year", "Prisniveau", "år (p/l)", "int", None,
              "Året, hvis priser alle beløb regnes om til.", 2000, 2100),
    # --- base budget ------------------------------------------------------------------------
    FieldSpec("budget.groups[].full_year_persons", "Helårspersoner", "helårspersoner", "number", None,
              "Antal helårspersoner på ydelsen i året (52 ugers ydelse = én helårsperson).", 0, None),
    FieldSpec("budget.groups[].benefit_per_full_year_person", "Ydelse pr. helårsperson", "kr.", "number",
              None, "Kommunens bruttoudgift til ydelsen pr. helårsperson.", 0, None),
    FieldSpec("budget.groups[].measures_per_full_year_person", "Indsats pr. helårsperson", "kr.",
              "number", 0.0, "Udgift til beskæftigelsesindsats pr. helårsperson.", 0, None, ZERO_SOURCE),
    FieldSpec("budget.operation[].amount", "Beløb", "kr.", "number", None,
              "Jobcenterdrift (HK6) i året; ingen refusion.", 0, None),
    FieldSpec("pools[].years[]", "Beløb", "kr.", "number", 0.0,
              "Puljens udgift eller indtægt i året.", 0, None, ZERO_SOURCE),
    # --- a business case --------------------------------------------------------------------
    FieldSpec("name", "Navn", kind="text", default=None,
              help="Casens navn, som det står i lister og rapporter."),
    FieldSpec("target_group", "Målgruppe", kind="text", default=None,
              help="Målgruppen i basisbudgettet, som casen ændrer udgiften til."),
    FieldSpec("start_year", "Første år", "år", "int", None, "Året, hvor indsatsen begynder.", 2000, 2100),
    FieldSpec("years", "Antal år", "år", "int", 4, "Antal år, casen regnes over.", 1, 30,
              "budgetår og tre overslagsår"),
    FieldSpec("inflow_per_year", "Tilgang", "personer pr. år", "amount", None,
              "Antal nye borgere i indsatsen pr. år; ét tal pr. år adskilt af semikolon.", 0, None),
    FieldSpec("benefit_per_full_year_person", "Ydelse", "kr. pr. helårsperson", "number", None,
              "Ydelsen pr. helårsperson i casens prisniveau.", 0, None),
    FieldSpec("weeks_per_year", "Uger pr. år", "uger", "number", 52.0,
              "Uger i et helår; omregner uger på ydelse til helårspersoner.", 1, 53, WEEKS_DEFAULT_SOURCE),
    FieldSpec("prior_weeks", "Forudgående uger på ydelse", "uger", "number", 0.0,
              "Uger på ydelse før forløbet; afgør trinnet i refusionstrappen.", 0, None, ZERO_SOURCE),
    FieldSpec("benefit_refusion.rule", "Refusionsregel for ydelsen", kind="text",
              default="refusionstrappe-2016", help="Reglen for statens refusion af ydelsen.",
              default_source="refusionsreformen fra 2016 gælder de fleste forsørgelsesydelser"),
    FieldSpec("benefit_refusion.rate", "Statens refusion af ydelsen", "%", "share", None,
              "Fast refusionssats; tom = satser fra regelfilen.", 0, 1),
    FieldSpec("deadweight", "Dødvægt", "%", "share", 0.0,
              "Den del af effekten, der var kommet alligevel uden indsatsen.", 0, 1, ZERO_SOURCE),
    FieldSpec("persistence", "Varighed af effekten", "%", "share", 1.0,
              "Den del af afgangene, der holder (uden tilbagefald).", 0, 1,
              "fuld varighed, indtil andet er vist"),
    FieldSpec("discount_rate", "Diskonteringsrente", "% pr. år", "share", 0.0,
              "Renten, fremtidige beløb tilbagediskonteres med i nutidsværdien.", 0, 0.5, ZERO_SOURCE),
    FieldSpec("decision_text", "Indstilling", kind="text", default="",
              help="Forvaltningens indstilling, som den står i udvalgsindstillingen."),
    FieldSpec("description", "Beskrivelse", kind="text", default="", help="Hvad indsatsen går ud på."),
    FieldSpec("segments[].share", "Andel", "%", "share", None,
              "Andelen af tilgangen i segmentet; andelene summer til 100 %.", 0, 1),
    FieldSpec("segments[].weeks_before", "Uger på ydelse før", "uger", "number", None,
              "Uger på ydelse uden indsatsen.", 0, None),
    FieldSpec("segments[].weeks_after", "Uger på ydelse efter", "uger", "number", None,
              "Uger på ydelse med indsatsen.", 0, None),
    FieldSpec("segments[].weeks_in_effort", "Uger i indsatsen", "uger", "number", 0.0,
              "Uger i indsatsen; aldrig flere end ugerne på ydelse efter.", 0, None, ZERO_SOURCE),
    FieldSpec("costs[].amount_per_year", "Beløb pr. år", "kr.", "amount", 0.0,
              "Fast udgift pr. år; ét tal pr. år adskilt af semikolon.", 0, None, ZERO_SOURCE),
    FieldSpec("costs[].amount_per_full_year_participant", "Beløb pr. helårsdeltager", "kr.", "number", 0.0,
              "Udgift pr. helårsdeltager i indsatsen.", 0, None, ZERO_SOURCE),
    FieldSpec("costs[].refusion_rate", "Refusion af udgiften", "%", "share", 0.0,
              "Statens refusion af udgiften.", 0, 1, ZERO_SOURCE),
)

FIELDS: dict[str, FieldSpec] = {f.path: f for f in _FIELDS}


def field(path: str) -> FieldSpec:
    """The field at ``path``; list indices are ignored (``segments[2].share`` → ``segments[].share``).

    Raises KeyError naming the path when the registry has no such field.
    """
    import re

    key = re.sub(r"\[\d+\]", "[]", path)
    try:
        return FIELDS[key]
    except KeyError:
        raise KeyError(f"ukendt felt: {path}") from None


def label(path: str) -> str:
    return field(path).label


def default(path: str) -> float | int | str | None:
    return field(path).default
