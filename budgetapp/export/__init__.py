"""Exports for the council: the workbook (XlsxWriter, no Qt) and the committee proposal PDF (Qt).

The workbook lives in :mod:`budgetapp.export.council_workbook`; the PDF in
:mod:`budgetapp.export.proposal_pdf`, which imports Qt and is therefore only imported when a PDF is
wanted. Both write through :mod:`budgetapp.export.safe_write`.
"""

from budgetapp.export.safe_write import ExportError

__all__ = ["ExportError"]
