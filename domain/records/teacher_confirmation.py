"""教师确认: the teachers a training body's case names (a course filing, a training plan), each asked for a 确认结果
(同意 / 不同意) and a 确认意见. One 不同意 returns the case to the body; the last 同意 moves it on — both by actions of
the service alone (Party.SERVICE), taken here in the same transaction as the answer."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session, col, delete, select

from domain.engine import cases, messages
from domain.shared import clock
from domain.shared.actors import Actor
from domain.shared.errors import Invalid, NotAllowed, NotFound
from storage.db import unit_of_work
from storage.tables import Case, CaseTeacher, User

RESULTS = {'同意': 'agree', '不同意': 'disagree'}  # 确认结果
ANSWER_LABELS = {'agree': '同意', 'disagree': '不同意'}
PENDING = '待确认'
OPINION_MAX = 1000


@dataclass(frozen=True)
class LinkedTeacher:
    teacher_id: int
    name: str
    answer: str  # 待确认 | 同意 | 不同意
    opinion: str


def linked(session: Session, case_id: int) -> tuple[LinkedTeacher, ...]:
    """The teachers the case names, in the order they were named, with their answers."""
    rows = session.exec(select(CaseTeacher, User.name).join(User, User.id == CaseTeacher.teacher_id)
                        .where(CaseTeacher.case_id == case_id).order_by(col(CaseTeacher.id))).all()
    return tuple(LinkedTeacher(link.teacher_id, name, ANSWER_LABELS.get(link.answer or '', PENDING), link.opinion)
                 for link, name in rows)


def name(session: Session, case_id: int, teacher_ids: Iterable[int]) -> None:
    """The case names these teachers (and no others) from now on."""
    session.exec(delete(CaseTeacher).where(col(CaseTeacher.case_id) == case_id))  # type: ignore[call-overload]
    session.add_all([CaseTeacher(case_id=case_id, teacher_id=t) for t in dict.fromkeys(teacher_ids)])
    session.flush()


def ask(session: Session, case: Case, title: str, link: str) -> None:
    """On 提交 and 重新提交: every named teacher's answer is asked for afresh, by a 通知."""
    links = session.exec(select(CaseTeacher).where(CaseTeacher.case_id == case.id)).all()
    for one in links:
        one.answer, one.opinion, one.answered_at = None, '', None
        session.add(one)
    session.flush()
    messages.send(session, [one.teacher_id for one in links], kind=messages.NOTICE, case_id=case.id, title=title,
                  link=link)


def link_of(session: Session, actor: Actor, case_id: int) -> CaseTeacher:
    """The actor's own place on the case; NotFound for a teacher the case does not name."""
    link = session.exec(select(CaseTeacher).where(CaseTeacher.case_id == case_id,
                                                  CaseTeacher.teacher_id == actor.user_id)).first()
    if link is None:
        raise NotFound('未找到该业务')
    return link


def answer(actor: Actor, case_id: int, result: str, opinion: str, *, stage: str) -> None:
    """确认: the teacher's answer while the case waits at `stage` for it; then 'teacher_disagrees' or, with the last
    同意, 'teachers_agree'."""
    given = RESULTS.get(result)
    if given is None:
        raise Invalid('result', '请选择确认结果')
    text = opinion.strip()
    if given == 'disagree' and not text:
        raise Invalid('opinion', '不同意时请填写确认意见')
    if len(text) > OPINION_MAX:
        raise Invalid('opinion', f'确认意见不能超过{OPINION_MAX}字')
    with unit_of_work(write=True) as session:
        case = session.get(Case, case_id, with_for_update=True)  # answers to one case, one after another
        link = link_of(session, actor, case_id)
        if case is None or case.stage != stage or link.answer is not None:
            raise NotAllowed('该业务当前不需要您确认')
        link.answer, link.opinion, link.answered_at = given, text, clock.now()
        session.add(link)
        session.flush()
        if given == 'disagree':
            cases.act_in(session, actor, case_id, 'teacher_disagrees', opinion=f'{actor.name}不同意：{text}')
        elif all(one.answer == 'agree' for one in session.exec(select(CaseTeacher)
                                                               .where(CaseTeacher.case_id == case_id)).all()):
            cases.act_in(session, actor, case_id, 'teachers_agree', opinion=text)
