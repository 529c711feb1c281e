"""A payment's receipt (缴费收据) as a PDF with Chinese text. Not a tax invoice: those come from the invoice system."""
from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A5, landscape
from reportlab.pdfgen import canvas

from domain.records.certificate_documents import FONT
from domain.shared.money import capital_amount, yuan_text

PAYEE = '中国认证认可协会'


@dataclass(frozen=True)
class Receipt:
    reference: str  # 收据编号: the payment's own reference
    payer_name: str
    case_no: str
    item: str  # 缴费项目
    amount_cents: int
    method_label: str
    paid_at: str  # China time, as the portal shows times
    invoice_title: str  # '' when no invoice was asked for


def receipt_pdf(receipt: Receipt) -> bytes:
    buffer = io.BytesIO()
    width, height = landscape(A5)
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(f'缴费收据 {receipt.reference}')
    pdf.setFont(FONT, 20)
    pdf.drawCentredString(width / 2, height - 60, f'{PAYEE}　缴费收据')
    pdf.setFont(FONT, 10)
    pdf.drawRightString(width - 50, height - 85, f'收据编号：{receipt.reference}')
    rows = [('缴 费 人', receipt.payer_name), ('业 务 号', receipt.case_no), ('缴费项目', receipt.item),
            ('金额（小写）', yuan_text(receipt.amount_cents)), ('金额（大写）', capital_amount(receipt.amount_cents)),
            ('缴费方式', receipt.method_label),
            ('缴费时间', receipt.paid_at),
            ('发票抬头', receipt.invoice_title or '未申请开具发票'), ('收款单位', PAYEE)]
    pdf.setLineWidth(0.8)
    top, row_height, left, split, right = height - 100, 26, 50, 160, width - 50
    pdf.rect(left, top - row_height * len(rows), right - left, row_height * len(rows))
    pdf.line(split, top, split, top - row_height * len(rows))
    pdf.setFont(FONT, 12)
    for index, (label, value) in enumerate(rows):
        y = top - row_height * (index + 1)
        if index:
            pdf.line(left, y + row_height, right, y + row_height)
        pdf.drawString(left + 10, y + 8, label)
        pdf.drawString(split + 12, y + 8, value)
    pdf.setFont(FONT, 9)
    pdf.drawString(left, 40, '本收据仅证明已缴费，不作为报销凭证；电子发票以发票系统开具的为准。')
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
