"""The demo's course material: a 课程讲义 PDF of four visibly different pages, made here, and the 课程视频 the
project ships under assets/demo (how it was made: assets/demo/README.md)."""
from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = 'STSong-Light'  # a CID font the reader supplies: Chinese text without embedding a font file
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

ASSETS = Path(__file__).resolve().parent.parent / 'assets' / 'demo'
VIDEOS = {'mp4': 'course-video.mp4', 'webm': 'course-video.webm'}
COURSE_TITLE = '认证人员守则导读'

# (heading, paragraphs) of each page; the band colour differs too, so that pages are told apart at a glance
PAGES: tuple[tuple[str, tuple[str, ...], tuple[float, float, float]], ...] = (
    ('课程讲义', ('课程名称：认证人员守则导读', '授课教师：陈静', '培训机构：华夏认证培训中心',
              '本讲义供课程备案审核与专家评价使用。'), (0.11, 0.31, 0.61)),
    ('第一章　认证人员的职业道德', ('一、诚实守信，客观公正。', '二、保守秘密，不泄露受审核方信息。',
                          '三、不从事与认证活动有利益冲突的工作。'), (0.13, 0.50, 0.29)),
    ('第二章　审核过程中的行为规范', ('一、按审核计划实施审核，如实记录审核发现。', '二、尊重受审核方，不接受可能影响公正性的馈赠。',
                            '三、发现违规行为时及时向认证机构报告。'), (0.70, 0.35, 0.07)),
    ('第三章　案例与讨论', ('案例：审核员在审核期间接受受审核方安排的宴请。', '讨论：该行为违反了守则的哪些条款？应如何处理？',
                     '小结：坚守底线，维护认证的有效性与公信力。'), (0.55, 0.13, 0.42)),
)


def course_pdf() -> bytes:
    """A real A4 PDF of four pages, each with its page number, heading, text and a coloured band."""
    buffer = io.BytesIO()
    width, height = A4
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=True)  # invariant: the same bytes at every call
    pdf.setTitle(f'{COURSE_TITLE} 课程讲义')
    for number, (heading, paragraphs, colour) in enumerate(PAGES, start=1):
        pdf.setFillColorRGB(*colour)
        pdf.rect(0, height - 120, width, 120, stroke=0, fill=1)
        pdf.setFillColorRGB(1, 1, 1)
        pdf.setFont(FONT, 14)
        pdf.drawString(50, height - 45, f'{COURSE_TITLE}　第{number}页')
        pdf.setFont(FONT, 26)
        pdf.drawString(50, height - 90, heading)
        pdf.setFillColorRGB(0.1, 0.1, 0.1)
        pdf.setFont(FONT, 15)
        y = height - 180
        for paragraph in paragraphs:
            pdf.drawString(60, y, paragraph)
            y -= 34
        pdf.setFont(FONT, 160)
        pdf.setFillColorRGB(*colour)
        pdf.drawCentredString(width / 2, 220, str(number))  # a big page number: pages differ at any zoom
        pdf.setFillColorRGB(0.4, 0.4, 0.4)
        pdf.setFont(FONT, 10)
        pdf.drawCentredString(width / 2, 40, f'— {number} / {len(PAGES)} —')
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def course_video_path(kind: str = 'mp4') -> Path:
    """The shipped demo video: 'mp4' (H.264) or 'webm' (VP9)."""
    if kind not in VIDEOS:
        raise ValueError(f'no demo video of kind {kind!r}; there are {sorted(VIDEOS)}')
    return ASSETS / VIDEOS[kind]
