"""A stateful property test of the engine on a real database: random actions by random actors."""
from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlmodel import func, select

from domain.demo import _actor
from domain.engine import cases
from domain.services.registration.workflow import WORKFLOW
from domain.shared.actors import Actor
from domain.shared.errors import DomainError
from storage.db import unit_of_work
from storage.tables import Case, CaseEvent, Institution

ACTION_KEYS = sorted({a.key for stage in WORKFLOW.stages for a in stage.actions})
ACCOUNTS = ('test1', 'auditor1', 'cb1', 'cb2', 'admin', 'expert1', 'teacher1')


def test_random_actions_never_break_the_rules(demo_db: str) -> None:
    actors = {account: _actor(account) for account in ACCOUNTS}
    reached: set[str] = set()
    with unit_of_work() as session:
        body_a = session.exec(select(Institution.id).where(Institution.code == 'CB-A')).one()

    class CaseMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.case = cases.create_draft(actors['test1'], 'registration', summary='QMS', body_id=body_a,
                                           payer='person')
            self.accepted = 0

        def row(self) -> tuple[object, ...]:
            with unit_of_work() as session:
                case = session.get(Case, self.case.id)
                assert case is not None
                return (case.stage, case.status, case.version, case.expert_id, case.resume_stage, case.outcome)

        @rule(account=st.sampled_from(ACCOUNTS), action=st.sampled_from(ACTION_KEYS),
              stale=st.booleans(), opinion=st.sampled_from(['', '意见']),
              expert=st.sampled_from(['expert1', 'teacher1']))
        def act(self, account: str, action: str, stale: bool, opinion: str, expert: str) -> None:
            before = self.row()
            version = self.case.version - 1 if stale else self.case.version
            try:
                self.case = cases.act(actors[account], self.case.id, action, expected_version=version,
                                      opinion=opinion, expert_id=actors[expert].user_id)
            except DomainError:
                assert self.row() == before, 'a refused action changed the case'
                return
            assert not stale, 'a stale version was accepted'
            self.accepted += 1

        @rule(account=st.sampled_from(ACCOUNTS), data=st.data())
        def act_as_offered(self, account: str, data: st.DataObject) -> None:
            """Take one of the actions the actor is offered, so that runs reach the later stages."""
            offered = cases.actions_for(actors[account], self.case.id) if self._visible(account) else []
            if not offered:
                return
            option = data.draw(st.sampled_from(offered))
            kw = {'expected_version': self.case.version, 'opinion': '意见', 'expert_id': actors['expert1'].user_id}
            if option.by_service:  # what the action's own service (payment, evaluation) does around the transition
                with unit_of_work(write=True) as session:
                    self.case = cases.act_in(session, actors[account], self.case.id, option.key, **kw)  # type: ignore[arg-type]
            else:
                self.case = cases.act(actors[account], self.case.id, option.key, **kw)  # type: ignore[arg-type]
            self.accepted += 1
            reached.add(self.case.stage)

        def _visible(self, account: str) -> bool:
            try:
                cases.get_case(actors[account], self.case.id)
            except DomainError:
                return False
            return True

        @invariant()
        def stage_is_declared(self) -> None:
            assert WORKFLOW.has_stage(self.row()[0])  # type: ignore[arg-type]

        @invariant()
        def one_event_per_accepted_action(self) -> None:
            with unit_of_work() as session:
                count = session.exec(select(func.count()).select_from(CaseEvent)
                                     .where(CaseEvent.case_id == self.case.id)).one()
            assert count == self.accepted

    run_state_machine_as_test(CaseMachine, settings=settings(
        max_examples=40, stateful_step_count=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)))
    assert {'expert_review', 'rectification', 'closed'} <= reached, 'the runs never got deep into the workflow'
