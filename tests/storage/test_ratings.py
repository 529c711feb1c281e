"""好差评 (R14.7): the applicant rates a closed case once."""
from __future__ import annotations

import threading

import pytest
from sqlmodel import select

from domain.demo import _actor
from domain.engine import cases, ratings
from domain.shared.actors import Actor
from domain.shared.errors import Conflict, Invalid, NotAllowed, NotFound
from storage.db import unit_of_work
from storage.tables import Case


@pytest.fixture
def people(demo_db: str) -> dict[str, Actor]:
    return {a: _actor(a) for a in ('test1', 'auditor1', 'cb1', 'cb2', 'admin')}


def case_in(stage: str) -> int:
    with unit_of_work() as session:
        return session.exec(select(Case.id).where(Case.stage == stage)).first()  # type: ignore[return-value]


def test_the_applicant_rates_a_closed_case_once(people: dict[str, Actor]) -> None:
    closed = case_in('closed')
    assert ratings.may_rate(people['test1'], closed) and ratings.rating_of(people['test1'], closed) is None
    given = ratings.rate(people['test1'], closed, 4, '  办理及时  ')
    assert (given.score, given.level, given.comment) == (4, '满意', '办理及时')
    assert not ratings.may_rate(people['test1'], closed)
    with pytest.raises(Conflict, match='不能重复评价'):
        ratings.rate(people['test1'], closed, 5)
    assert ratings.rating_of(people['cb1'], closed) == given  # the body that handled it reads it
    with pytest.raises(NotFound):
        ratings.rating_of(people['cb2'], closed)


def test_only_the_applicant_and_only_once_the_case_is_closed(people: dict[str, Actor]) -> None:
    with pytest.raises(NotAllowed, match='办结后'):
        ratings.rate(people['test1'], case_in('body_review'), 5)
    assert not ratings.may_rate(people['test1'], case_in('body_review'))
    with pytest.raises(NotAllowed, match='只有申请人'):
        ratings.rate(people['admin'], case_in('closed'), 5)
    with pytest.raises(NotFound):
        ratings.rate(people['auditor1'], case_in('closed'), 5)


@pytest.mark.parametrize('score, comment, field', [(None, '', 'score'), (6, '', 'score'), (0, '', 'score'),
                                                   (2, '', 'comment'), (1, '   ', 'comment'),
                                                   (5, '很' * 501, 'comment')])
def test_bad_ratings_are_refused_beside_their_field(people: dict[str, Actor], score: int | None, comment: str,
                                                    field: str) -> None:
    with pytest.raises(Invalid) as error:
        ratings.rate(people['test1'], case_in('closed'), score, comment)
    assert error.value.field == field
    assert ratings.rating_of(people['test1'], case_in('closed')) is None


def test_two_ratings_at_once_keep_one(people: dict[str, Actor]) -> None:
    closed = case_in('closed')
    outcomes: list[str] = []

    def rate(score: int) -> None:
        try:
            ratings.rate(people['test1'], closed, score, '评价')
            outcomes.append('rated')
        except Conflict:
            outcomes.append('refused')

    threads = [threading.Thread(target=rate, args=(score,)) for score in (3, 5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ['rated', 'refused']
    assert cases.get_case(people['test1'], closed).status.value == 'closed'
