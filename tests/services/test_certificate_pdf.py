"""The certificate PDF: what it prints, that it renders the same every time, and its QR code."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pytest
import segno
from pypdf import PdfReader
from pypdf.generic import ContentStream

from lms.services.certificate_pdf import (
    QR_FORM,
    PrintedCertificate,
    printed_fields,
    render_pdf,
)

URL = "https://academy.example.org/verify/7KQ2-M9XD-H3Z"


@pytest.fixture
def printed() -> PrintedCertificate:
    return PrintedCertificate(
        holder_name="Zoë Ñúñez-Łukasik",
        award_title="Accredited Partnership Broker",
        pathway_title="Partnership Broker Accreditation",
        issued_on=date(2026, 12, 5),
        valid_until=date(2029, 12, 4),
        code="7KQ2-M9XD-H3Z",
        verification_url=URL,
        issuer_name="Partnership Brokers Association",
        issuer_url="https://partnershipbrokers.example.org",
        certificate_number="PB-ACC-2026-0001",
    )


def read(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def test_printed_fields_lists_every_field_in_print_order(printed):
    assert printed_fields(printed) == [
        ("Awarded to", "Zoë Ñúñez-Łukasik"),
        ("Award", "Accredited Partnership Broker"),
        ("Pathway", "Partnership Broker Accreditation"),
        ("Issued on", "5 December 2026"),
        ("Valid until", "4 December 2029"),
        ("Certificate number", "PB-ACC-2026-0001"),
        ("Verification code", "7KQ2-M9XD-H3Z"),
        ("Issued by", "Partnership Brokers Association"),
        ("Issuer website", "https://partnershipbrokers.example.org"),
        ("Verify at", URL),
    ]


def test_printed_fields_leaves_out_valid_until_when_there_is_no_expiry(printed):
    labels = [label for label, _ in printed_fields(replace(printed, valid_until=None))]
    assert "Valid until" not in labels
    assert labels[3:5] == ["Issued on", "Certificate number"]


def test_pdf_is_one_a4_landscape_page(printed):
    pages = read(render_pdf(printed)).pages
    assert len(pages) == 1
    assert (round(float(pages[0].mediabox.width)), round(float(pages[0].mediabox.height))) == (
        842,
        595,
    )


def test_pdf_prints_every_field_label_and_value(printed):
    text = read(render_pdf(printed)).pages[0].extract_text()
    for label, value in printed_fields(printed):
        assert label in text
        assert value in text


def test_pdf_prints_names_beyond_the_standard_fonts(printed):
    name = "Iga Świątek-Dvořák Őry"
    text = read(render_pdf(replace(printed, holder_name=name))).pages[0].extract_text()
    assert name in text


def test_pdf_embeds_its_fonts_and_no_standard_font(printed):
    fonts = read(render_pdf(printed)).pages[0]["/Resources"]["/Font"]
    base_fonts = [str(font.get_object()["/BaseFont"]) for font in fonts.values()]
    assert base_fonts
    assert all("DejaVuSerif" in name for name in base_fonts)
    for font in fonts.values():
        descendant = font.get_object()
        descriptor = descendant["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor


def test_pdf_metadata_names_the_award_holder_and_issuer(printed):
    metadata = read(render_pdf(printed)).metadata
    assert metadata.title == "Accredited Partnership Broker: Zoë Ñúñez-Łukasik"
    assert metadata.author == "Partnership Brokers Association"
    assert "PB-ACC-2026-0001" in metadata.subject
    assert "7KQ2-M9XD-H3Z" in metadata.subject


def test_same_certificate_renders_the_same_bytes(printed):
    assert render_pdf(printed) == render_pdf(replace(printed))


@pytest.mark.parametrize(
    "change",
    [
        {"holder_name": "Zoë Ñúñez-Łukasiak"},
        {"issued_on": date(2026, 12, 6)},
        {"valid_until": None},
        {"code": "7KQ2-M9XD-H4A"},
        {"certificate_number": "PB-ACC-2026-0002"},
    ],
)
def test_a_different_certificate_renders_different_bytes(printed, change):
    assert render_pdf(replace(printed, **change)) != render_pdf(printed)


def qr_modules_drawn(pdf: bytes) -> set[tuple[int, int]]:
    """Return the (row, column) of every dark module the PDF's QR form fills."""
    page = read(pdf).pages[0]
    form = page["/Resources"]["/XObject"][f"/FormXob.{QR_FORM}"].get_object()
    size = round(float(form["/BBox"][3]))
    modules = set()
    for operands, operator in ContentStream(form, page.pdf).operations:
        if operator == b"re":
            x, y, width, height = (round(float(value)) for value in operands)
            assert height == 1
            row = size - 1 - y
            modules.update((row, column) for column in range(x, x + width))
    return modules


def test_qr_code_encodes_exactly_the_verification_url(printed):
    expected = segno.make(URL, error="m", micro=False)
    dark = {
        (row, column)
        for row, cells in enumerate(expected.matrix_iter(scale=1, border=0))
        for column, is_dark in enumerate(cells)
        if is_dark
    }
    pdf = render_pdf(printed)
    assert qr_modules_drawn(pdf) == dark
    page_content = read(pdf).pages[0].get_contents().get_data()
    assert f"/FormXob.{QR_FORM} Do".encode() in page_content


def test_qr_code_follows_the_url(printed):
    other = replace(printed, verification_url=URL.replace("H3Z", "H4A"))
    assert qr_modules_drawn(render_pdf(other)) != qr_modules_drawn(render_pdf(printed))
