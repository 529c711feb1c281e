"""网络课程's workflow: 提交 → 分配专家 → 专家评价 (文件评价, 视频评价) → CCAA审核; 批准 makes the course valid for a
year from that day (a 老课复审 extends it)."""
from __future__ import annotations

from datetime import date

from sqlmodel import Session

from domain.records.course_reviews import evaluated_workflow
from domain.shared import clock
from domain.shared.actors import Actor
from storage.tables import Case, OnlineCourse

SERVICE_CODE = 'online_course'
VALID_YEARS = 1


def one_year_from(start: date) -> date:
    """The last day of a year that starts on `start` (2022-04-06 → 2023-04-05)."""
    try:
        end = start.replace(year=start.year + VALID_YEARS)
    except ValueError:  # 29 February
        end = start.replace(year=start.year + VALID_YEARS, day=28)
    return date.fromordinal(end.toordinal() - 1)


def make_valid(session: Session, case: Case, actor: Actor) -> None:
    course = session.get(OnlineCourse, case.id)
    assert course is not None
    course.valid_from = clock.today()
    course.valid_until = one_year_from(course.valid_from)
    session.add(course)


WORKFLOW = evaluated_workflow(SERVICE_CODE, approve=make_valid)
