"""The demo's exam registration waiting in 报名审核 (R9.3): auditor1 registers for the exam that needs review the way a
candidate does (draft, 报名信息, ID photo, 提交), so that it is a real case in auditor1's 我的事项 and in the CCAA
staff's queue, where 审核通过 gives it its 准考证号."""
from __future__ import annotations

import io

from PIL import Image, ImageDraw

from domain.engine import cases
from domain.services.exam_registration import application as exam_applications
from domain.shared.actors import Actor


def portrait() -> bytes:
    """A plain drawn head and shoulders on a light blue ground, 600 × 800 PNG: what the ID photo is made from."""
    image = Image.new('RGB', (600, 800), (200, 220, 240))
    draw = ImageDraw.Draw(image)
    draw.ellipse((190, 150, 410, 410), fill=(235, 205, 180))  # head
    draw.rounded_rectangle((110, 450, 490, 800), radius=120, fill=(40, 50, 70))  # shoulders
    buffer = io.BytesIO()
    image.save(buffer, format='PNG')
    return buffer.getvalue()


def register_for_review(candidate: Actor, city: str, **answers: str) -> cases.CaseView:
    """The candidate's registration for the open exam that needs review, submitted: it waits in 报名审核."""
    exam = next(e for e in exam_applications.open_exams(candidate) if e.needs_review)
    city_id = next(c.id for c in exam.cities if c.city == city)
    view = exam_applications.start(candidate)
    exam_applications.save_info(candidate, view.case.id, exam_id=exam.id, exam_city_id=city_id, **answers)
    exam_applications.upload_photo(candidate, view.case.id, '证件照.png', portrait())
    return exam_applications.submit(candidate, view.case.id)
