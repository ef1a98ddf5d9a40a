"""Danish locale for the GUI: QLocale da_DK and number display/parsing helpers."""

from __future__ import annotations

import math

from PySide6.QtCore import QLocale, QObject, QTranslator

from budgetapp.core.numbers import parse_number  # the one Danish number parser (also the importer's)

DANISH = QLocale(QLocale.Language.Danish, QLocale.Country.Denmark)


def install_danish_locale() -> None:
    """Make da_DK the default locale of every widget (number formats, dates, spin boxes)."""
    QLocale.setDefault(DANISH)


# Qt texts that Qt's own Danish catalogue (qtbase_da.qm, shipped with PySide6) lacks: it was made for
# older source strings ("Look in:", "Files of type:"), while Qt 6's file dialog asks for the ones with
# a mnemonic, so those labels stayed English. Keyed by (Qt's translation context, Qt's source text).
QT_GAPS: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): "&Kig i:",
    ("QFileDialog", "Files of &type:"): "Filer af &typen:",
    ("QAbstractFileIconProvider", "Folder"): "Mappe",
    ("QAbstractFileIconProvider", "File"): "Fil",
    ("QAbstractFileIconProvider", "Drive"): "Drev",
}


class QtGapsTranslator(QTranslator):
    """Danish for the Qt texts in :data:`QT_GAPS`; every other text is left to the next translator
    (``qtbase_da.qm``), since ``None`` means "not translated here" to Qt."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def translate(self, context: str, source: str, disambiguation: str | None = None,  # type: ignore[override]
                  n: int = -1) -> str | None:
        del disambiguation, n
        return QT_GAPS.get((context, source))

    def isEmpty(self) -> bool:
        return False


def tr(context: str, text: str) -> str:
    """Marks a user-visible text; returns it unchanged.

    The app's texts are written in Danish in the source and there are no translation files
    (docs/architecture.md, "Sprog"). Qt's own texts (standard buttons, file dialogs) are Danish
    through ``qtbase_da.qm``, loaded in :func:`budgetapp.ui.app.install_qt_translations`.
    """
    del context
    return text


def fmt(value: float | None, decimals: int = 0) -> str:
    """``1234567.5`` → ``"1.234.568"`` (da_DK); None/NaN → ``""``; never ``"-0"``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    rounded = round(float(value), decimals)
    if rounded == 0:
        rounded = 0.0
    return DANISH.toString(rounded, "f", decimals)


def fmt_kr(value: float | None) -> str:
    return fmt(value, 0)


def fmt_thousand(value: float | None, decimals: int = 1) -> str:
    """Kroner shown in 1.000 kr.: ``3892673`` → ``"3.892,7"``."""
    return "" if value is None else fmt(float(value) / 1000.0, decimals)


def fmt_million(value: float | None, decimals: int = 1) -> str:
    return "" if value is None else fmt(float(value) / 1_000_000.0, decimals)


def fmt_percent(share: float | None, decimals: int = 0) -> str:
    return "" if share is None else f"{fmt(share * 100.0, decimals)} %"


def fmt_amount(amount: float | list[float], decimals: int = 0) -> str:
    """A case amount: a number, or one number per year joined by ``"; "``."""
    if isinstance(amount, list):
        return "; ".join(fmt(v, decimals) for v in amount)
    return fmt(amount, decimals)


def parse_amount(text: str) -> float | list[float]:
    """``"459"`` → 459.0; ``"459; 470"`` → [459.0, 470.0]. Raises ValueError with a Danish message.

    Each number is read by :func:`budgetapp.core.numbers.parse_number`, as the importer reads it."""
    parts = [p for p in text.split(";")]
    if len(parts) == 1:
        return parse_number(parts[0])
    values = []
    for i, part in enumerate(parts, start=1):
        if not part.strip():
            raise ValueError(f"værdi nr. {i} i listen er tom")
        values.append(parse_number(part))
    return values


def parse_share(text: str) -> float:
    """A typed share, by the importer's rule (:func:`budgetapp.core.numbers.share_from_number`):
    ``"30"``, ``"30 %"`` and ``"0,3"`` → 0.30; ``"1"`` → 1.0 (100 %); ``"0,5 %"`` → 0.005.
    Raises ValueError with a Danish message."""
    from budgetapp.core.numbers import parse_share as core_parse_share

    return core_parse_share(text)[0]
