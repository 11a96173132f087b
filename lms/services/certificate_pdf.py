"""The certificate as printed: the fields it shows and the PDF rendered once when it is issued.

``printed_fields`` is the one list of what a certificate says; the PDF and the public
verification page both show it, so a verifier sees everything the paper claims.

The PDF is rendered in ReportLab's invariant mode (fixed dates and document id), so the same
certificate always gives the same bytes and a stored copy can be checked against a new render.

Names are set in DejaVu Serif, shipped in ``lms/fonts`` under the Bitstream Vera licence. The
standard PDF fonts (Times, Helvetica) only cover WinAnsi, which lacks letters such as Ł, Ś, ě
and ő; the Vera fonts that come with ReportLab add Ł but still lack Ś and ě. DejaVu covers the
Latin, Greek and Cyrillic alphabets, and only the glyphs used are embedded.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import segno
from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from lms.services.wording import long_date

FONTS = Path(__file__).resolve().parent.parent / "fonts"
REGULAR = "CertificateSerif"
BOLD = "CertificateSerif-Bold"
QR_FORM = "VerificationQR"

HEADLINE_LABELS = ("Awarded to", "Award", "Pathway")
URL_LABEL = "Verify at"

INK = Color(0.13, 0.16, 0.22)
MUTED = Color(0.38, 0.42, 0.48)
ACCENT = Color(0.55, 0.43, 0.18)


@dataclass(frozen=True)
class PrintedCertificate:
    """Everything a certificate shows, fixed when it is issued."""

    holder_name: str
    award_title: str
    pathway_title: str
    issued_on: date
    valid_until: date | None
    code: str
    verification_url: str
    issuer_name: str
    issuer_url: str
    certificate_number: str


def printed_fields(printed: PrintedCertificate) -> list[tuple[str, str]]:
    """Return every (label, value) the certificate shows, in print order.

    A certificate without an expiry date prints no "Valid until" line.
    """
    fields = [
        ("Awarded to", printed.holder_name),
        ("Award", printed.award_title),
        ("Pathway", printed.pathway_title),
        ("Issued on", long_date(printed.issued_on)),
    ]
    if printed.valid_until is not None:
        fields.append(("Valid until", long_date(printed.valid_until)))
    fields += [
        ("Certificate number", printed.certificate_number),
        ("Verification code", printed.code),
        ("Issued by", printed.issuer_name),
        ("Issuer website", printed.issuer_url),
        (URL_LABEL, printed.verification_url),
    ]
    return fields


def render_pdf(printed: PrintedCertificate) -> bytes:
    """Render the certificate as one A4 landscape page; the same input gives the same bytes."""
    _register_fonts()
    fields = dict(printed_fields(printed))
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer, pagesize=landscape(A4), invariant=True, pageCompression=1, initialFontName=REGULAR
    )
    canvas.setTitle(f"{printed.award_title}: {printed.holder_name}")
    canvas.setAuthor(printed.issuer_name)
    canvas.setSubject(f"Certificate {printed.certificate_number}, verification code {printed.code}")
    canvas.setCreator(printed.issuer_name)
    _draw_frame(canvas)
    _draw_headline(canvas, printed.issuer_name, fields)
    _draw_details(
        canvas, [(k, v) for k, v in fields.items() if k not in (*HEADLINE_LABELS, URL_LABEL)]
    )
    _draw_qr(canvas, fields[URL_LABEL])
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _register_fonts() -> None:
    registered = pdfmetrics.getRegisteredFontNames()
    for name, file in ((REGULAR, "DejaVuSerif.ttf"), (BOLD, "DejaVuSerif-Bold.ttf")):
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(FONTS / file)))


def _fitted_size(text: str, font: str, size: float, width: float) -> float:
    """Shrink ``size`` so that a long name or URL still fits ``width``."""
    natural = float(pdfmetrics.stringWidth(text, font, size))
    return size if natural <= width else size * width / natural


def _draw_frame(canvas: Canvas) -> None:
    width, height = landscape(A4)
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(2.5)
    canvas.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    canvas.setLineWidth(0.6)
    canvas.rect(15 * mm, 15 * mm, width - 30 * mm, height - 30 * mm)


def _draw_headline(canvas: Canvas, issuer_name: str, fields: dict[str, str]) -> None:
    width, height = landscape(A4)
    centre, text_width = width / 2, width - 60 * mm
    lines = [
        (issuer_name.upper(), REGULAR, 11, MUTED, 12 * mm),
        ("Certificate of Accreditation", BOLD, 30, INK, 8 * mm),
    ]
    for label, size in zip(HEADLINE_LABELS, (34, 20, 14), strict=True):
        lines.append((label, REGULAR, 10, ACCENT, 12 * mm if label == "Awarded to" else 7 * mm))
        lines.append((fields[label], BOLD if label != "Pathway" else REGULAR, size, INK, 0))
    y = height - 15 * mm
    for text, font, size, colour, gap_before in lines:
        fitted = _fitted_size(text, font, size, text_width)
        y -= gap_before + fitted
        canvas.setFont(font, fitted)
        canvas.setFillColor(colour)
        canvas.drawCentredString(centre, y, text)
        y -= fitted * 0.35


def _draw_details(canvas: Canvas, details: list[tuple[str, str]]) -> None:
    label_x, value_x, value_width = 30 * mm, 75 * mm, 95 * mm
    y = 30 * mm + 6 * mm * (len(details) - 1)
    for label, value in details:
        canvas.setFont(REGULAR, 9)
        canvas.setFillColor(MUTED)
        canvas.drawString(label_x, y, label)
        canvas.setFont(BOLD, _fitted_size(value, BOLD, 10, value_width))
        canvas.setFillColor(INK)
        canvas.drawString(value_x, y, value)
        y -= 6 * mm


def _draw_qr(canvas: Canvas, url: str) -> None:
    """Draw the QR code as vector squares in a form named ``QR_FORM``, the URL printed beneath."""
    qr = segno.make(url, error="m", micro=False)
    rows = [list(row) for row in qr.matrix_iter(scale=1, border=0)]
    size = len(rows)
    canvas.beginForm(QR_FORM, lowerx=0, lowery=0, upperx=size, uppery=size)
    canvas.setFillColor(INK)
    for row_index, row in enumerate(rows):
        column = 0
        while column < size:
            if row[column]:
                start = column
                while column < size and row[column]:
                    column += 1
                canvas.rect(start, size - 1 - row_index, column - start, 1, stroke=0, fill=1)
            else:
                column += 1
    canvas.endForm()

    width, _ = landscape(A4)
    side, right, bottom = 42 * mm, width - 30 * mm, 36 * mm
    canvas.setFont(REGULAR, 9)
    canvas.setFillColor(MUTED)
    canvas.drawRightString(right, bottom + side + 3 * mm, URL_LABEL)
    canvas.saveState()
    canvas.translate(right - side, bottom)
    canvas.scale(side / size, side / size)
    canvas.doForm(QR_FORM)
    canvas.restoreState()
    canvas.setFont(REGULAR, _fitted_size(url, REGULAR, 8, 90 * mm))
    canvas.drawRightString(right, bottom - 6 * mm, url)
