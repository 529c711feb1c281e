"""The certificate as a document: its QR code (to the public verification page) and a PDF with Chinese text."""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import segno
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

# A CID font the PDF viewer supplies: Chinese text without embedding a font file.
FONT = 'STSong-Light'
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


@dataclass(frozen=True)
class CertificateDocument:
    cert_no: str
    holder_name: str
    id_number_masked: str
    field: str
    grade: str
    scope: str
    body_name: str
    issued_on: date
    expires_on: date
    status_label: str


def qr_png(url: str, scale: int = 5) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error='m').save(buffer, kind='png', scale=scale, border=2)
    return buffer.getvalue()


def certificate_pdf(doc: CertificateDocument, verify_url: str) -> bytes:
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(f'认证人员注册证书 {doc.cert_no}')
    pdf.setStrokeColorRGB(0.11, 0.31, 0.61)
    pdf.setLineWidth(3)
    pdf.rect(28, 28, width - 56, height - 56)
    pdf.setFont(FONT, 30)
    pdf.drawCentredString(width / 2, height - 100, '中国认证认可协会')
    pdf.setFont(FONT, 24)
    pdf.drawCentredString(width / 2, height - 140, '认证人员注册证书')
    rows = [('证书编号', doc.cert_no), ('姓　　名', doc.holder_name), ('证件号码', doc.id_number_masked),
            ('认证领域', doc.field), ('注册级别', doc.grade), ('专业范围', doc.scope), ('执业机构', doc.body_name),
            ('发证日期', doc.issued_on.isoformat()), ('有效期至', doc.expires_on.isoformat()),
            ('证书状态', doc.status_label)]
    pdf.setFont(FONT, 14)
    y = height - 200
    for label, value in rows:
        pdf.drawString(110, y, f'{label}：{value}')
        y -= 28
    pdf.drawImage(ImageReader(io.BytesIO(qr_png(verify_url, scale=4))), width - 250, 90, 150, 150)
    pdf.setFont(FONT, 10)
    pdf.drawCentredString(width - 175, 75, '扫码验证证书真伪')
    pdf.drawString(110, 60, f'验证地址：{verify_url}')
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
