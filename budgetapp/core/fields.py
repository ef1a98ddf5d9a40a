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
    # --- a business case (``budgetapp.case/2``; an effect's fields also as ``effects[].<field>``) ---
    FieldSpec("name", "Navn", kind="text", default=None,
              help="Casens navn, som det står i oversigter, byrådsmappe og PDF."),
    FieldSpec("target_group", "Målgruppe", kind="text", default=None,
              help="Den målgruppe, hvis forsørgelse effekten ændrer."),
    FieldSpec("start_year", "Første år", "år", "int", None, "Det første kalenderår i casens periode.",
              2000, 2100),
    FieldSpec("years", "Antal år", "år", "int", 4,
              "Periodens længde i år; det, der falder senere, vises som 'efter perioden'.", 1, 50,
              "budgetår og tre overslagsår"),
    FieldSpec("timing", "Tidsfæstelse", kind="text", default="calendar",
              help="Hvornår en sparet ydelsesuge bogføres: i det kalenderår, den falder i (kalendertid), "
                   "eller i det år, personen starter (indgangsår).",
              default_source="kalendertid, som kommunens regnskab bogfører ydelsen"),
    FieldSpec("effects[].name", "Effektens navn", kind="text", default=None,
              help="Navn på effekten (unikt i casen)."),
    FieldSpec("inflow_per_year", "Tilgang", "personer pr. år", "amount", None,
              "Nye personer i målgruppen pr. år; ét tal gælder alle år, eller ét tal pr. år adskilt af ;.",
              0, None),
    FieldSpec("fewer_full_year_persons", "Færre helårspersoner", "pr. år", "amount", None,
              "Færre helårspersoner på ydelse i hvert kalenderår; ét tal eller ét pr. år adskilt af ;.",
              0, None),
    FieldSpec("benefit_per_full_year_person", "Ydelse", "kr. pr. helårsperson", "number", None,
              "Forsørgelse pr. helårsperson (52 uger) i casens prisniveau.", 0, None),
    FieldSpec("weeks_per_year", "Uger pr. år", "uger", "number", 52.0,
              "Ydelsesuger i en helårsperson og i et kalenderår; omregner uger på ydelse til "
              "helårspersoner. Et år har 52 uger (53 i et år med uge 53); under 40 giver ingen "
              "mening.", 40, 53,
              WEEKS_DEFAULT_SOURCE),
    FieldSpec("prior_weeks", "Forudgående uger på ydelse", "uger", "number", 0.0,
              "Uger på ydelse før forløbet; afgør trinnet i refusionstrappen.", 0, None, ZERO_SOURCE),
    FieldSpec("benefit_refusion.rule", "Refusionsregel for ydelsen", kind="text",
              default="refusionstrappe-2016",
              help="Den daterede finansieringsregel for forsørgelsen (refusionstrappe eller fast sats).",
              default_source="refusionsreformen fra 2016 gælder de fleste forsørgelsesydelser"),
    FieldSpec("benefit_refusion.rate", "Statens refusion af ydelsen", "%", "share", None,
              "Kun for regler med fast sats: statens andel af ydelsen.", 0, 1),
    FieldSpec("deadweight", "Dødvægt", "%", "share", 0.0,
              "Andel af effekten, der var kommet uden indsatsen.", 0, 1, ZERO_SOURCE),
    FieldSpec("persistence", "Varighed af effekten", "%", "share", 1.0,
              "Andel af effekten, der holder (uden tilbagefald).", 0, 1,
              "fuld varighed, indtil andet er vist"),
    FieldSpec("discount_rate", "Diskonteringsrente", "% pr. år", "share", 0.0,
              "Rente til nutidsværdien: fremtidige beløb tilbagediskonteres med den.", 0, 0.5, ZERO_SOURCE),
    FieldSpec("employment_grant", "Modregning i beskæftigelsestilskud", kind="text", default="",
              help="Slå til for en dagpengeeffekt: en andel af kommunens besparelse modregnes i "
                   "beskæftigelsestilskuddet to år senere (lov om kommunal udligning og generelle "
                   "tilskud til kommuner, § 23 a)."),
    FieldSpec("employment_grant.share", "Andel, der modregnes", "%", "share", 0.5,
              "Den del af besparelsen på dagpenge, der kommer tilbage som lavere "
              "beskæftigelsestilskud; afhænger af kommunens andel af landsdelens ledighed.", 0, 1,
              "antagelse i reglen for beskæftigelsestilskud"),
    FieldSpec("decision_text", "Indstilling", kind="text", default="",
              help="Forslaget til beslutning, som det står i udvalgsindstillingen (PDF)."),
    FieldSpec("description", "Sagsfremstilling", kind="text", default="",
              help="Sagsfremstillingen i udvalgsindstillingen (PDF): hvad indsatsen går ud på og hvorfor."),
    FieldSpec("segments[].share", "Andel", "%", "share", None,
              "Segmentets andel af tilgangen; andelene skal summe til 100 %.", 0, 1),
    FieldSpec("segments[].weeks_before", "Uger på ydelse før", "uger", "number", None,
              "Uger på ydelse uden indsatsen (eller en overlevelseskurve).", 0, None),
    FieldSpec("segments[].weeks_after", "Uger på ydelse efter", "uger", "number", None,
              "Uger på ydelse med indsatsen (eller en overlevelseskurve).", 0, None),
    FieldSpec("segments[].weeks_in_effort", "Uger i indsatsen", "uger", "number", 0.0,
              "De første uger efter tilgang, hvor personen er i indsatsen (aktive uger); bruges til "
              "helårsdeltagere og udgifter pr. deltager; aldrig flere end ugerne på ydelse efter.",
              0, None, ZERO_SOURCE),
    FieldSpec("costs[].amount_per_year", "Beløb pr. år", "kr.", "amount", 0.0,
              "Fast udgift pr. år; ét tal pr. år adskilt af semikolon.", 0, None, ZERO_SOURCE),
    FieldSpec("costs[].amount_per_full_year_participant", "Beløb pr. helårsdeltager", "kr.", "number", 0.0,
              "Udgift pr. helårsperson i indsatsen (for typen 'Pr. helårsdeltager').", 0, None,
              ZERO_SOURCE),
    FieldSpec("costs[].refusion_rate", "Refusion af udgiften", "%", "share", 0.0,
              "Statens refusion af udgiften som fast sats.", 0, 1, ZERO_SOURCE),
)

FIELDS: dict[str, FieldSpec] = {f.path: f for f in _FIELDS}


def field(path: str) -> FieldSpec:
    """The field at ``path``; list indices are ignored (``segments[2].share`` → ``segments[].share``),
    and an effect's field (``effects[1].deadweight``) is the case field of the same name unless the
    registry names it apart (``effects[].name``).

    Raises KeyError naming the path when the registry has no such field.
    """
    import re

    key = re.sub(r"\[\d+\]", "[]", path)
    if key not in FIELDS and key.startswith("effects[]."):
        key = key[len("effects[]."):]
    try:
        return FIELDS[key]
    except KeyError:
        raise KeyError(f"ukendt felt: {path}") from None


def label(path: str) -> str:
    return field(path).label


def default(path: str) -> float | int | str | None:
    return field(path).default
