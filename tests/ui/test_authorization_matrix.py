"""The authorization matrix (issue #12): every page and file route that names an object, taken from the app's own
route table, opened by every demo role (and by nobody) with an object of someone else's — test1's draft, file,
certificate, payment; expert1's course evaluation. None of them answers with that object or with a server error. A
route that names an object not listed here fails the test until it is added, so a new route cannot slip by."""
from __future__ import annotations

import re

from fastapi.routing import APIRoute
from nicegui import app
from nicegui.testing import User
from sqlmodel import select

from domain.demo import _actor
from domain.engine import files
from domain.records import course_reviews
from storage.db import unit_of_work
from storage.tables import Case, Certificate, Payment
from tests.storage.test_online_courses import assigned, submitted_course
from tests.ui.test_login import log_in

ROLES = (None, 'auditor1', 'cb2', 'tb1', 'expert1', 'admin')  # test1 owns the objects; None: not logged in
# routes that name something public on purpose, or a secret that is the key itself
PUBLIC = {'/verify/{token}', '/calendar/{token}.ics', '/pay/sandbox/{reference}', '/services/{code}',
          '/apply/{code}', '/uploads/{purpose}'}
MARKER = b'%PDF-1.4\n% SECRET-MATRIX-MARKER\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'


def objects() -> tuple[dict[str, str], dict[str, set[str]], list[str]]:
    """Values for each route parameter, who owns them (besides test1), and what their pages would show."""
    test1 = _actor('test1')
    file_id = files.save_upload(test1, 'education_certificate', '毕业证.pdf', MARKER)
    people = {a: _actor(a) for a in ('tb1', 'expert1', 'admin')}
    course = assigned(people, submitted_course(people, '矩阵测试课程'))  # type: ignore[arg-type]
    review = course_reviews.my_reviews(people['expert1'], ('document',))[0]
    with unit_of_work() as session:
        draft = next(c for c in session.exec(select(Case)).all()
                     if c.applicant_id == test1.user_id and c.status == 'draft')
        certificate = next(c for c in session.exec(select(Certificate)).all() if c.holder_id == test1.user_id)
        payment = session.exec(select(Payment)).first()
    assert payment is not None and course.id
    values = {'case_id': str(draft.id), 'code': 'registration', 'file_id': str(file_id), 'page': '1',
              'certificate_id': str(certificate.id), 'payment_id': str(payment.id),
              'review_id': str(review.review_id)}
    owners = {'review_id': {'expert1'}, 'payment_id': {'admin'}}  # staff see every payment's receipt
    shown = [draft.case_no, certificate.cert_no, 'SECRET-MATRIX-MARKER', '矩阵测试课程', '缴费收据']
    return values, owners, shown


def object_routes() -> list[str]:
    return sorted({route.path for route in app.routes if isinstance(route, APIRoute) and '{' in route.path
                   and 'GET' in route.methods and not route.path.startswith(('/_nicegui', '/assets'))} - PUBLIC)


async def test_no_role_reaches_someone_elses_object_through_any_route(user: User) -> None:
    values, owners, shown = objects()
    routes = object_routes()
    unknown = {p for route in routes for p in re.findall(r'{(\w+)}', route)} - set(values)
    assert not unknown, f'routes name objects this matrix does not know: {unknown}'
    assert len(routes) >= 15
    for role in ROLES:
        user.http_client.cookies.clear()
        if role is not None:
            await log_in(user, role)
        for route in routes:
            if any(role in owners.get(p, set()) for p in re.findall(r'{(\w+)}', route)):
                continue
            path = re.sub(r'{(\w+)}', lambda m: values[m.group(1)], route)
            response = await user.http_client.get(path)
            assert response.status_code < 500, f'{role} {path}: {response.status_code}'
            leaked = [text for text in shown if text in response.text]
            assert not leaked, f'{role} {path} shows {leaked}'
