"""The demo's training data (`--demo`, R10): what teacher1 and tb1 find when they first log in. The other tests load
the demo without it, as they make their own."""
from __future__ import annotations

from domain import demo
from domain.demo import _actor
from domain.portal import public_queries
from domain.services.course_filing import teachers as filing_teachers
from domain.services.training_plan import application as plans
from domain.services.training_plan import teachers as plan_teachers


def test_teacher1_and_tb1_find_training_in_every_state(database: str, data_dir: object) -> None:
    assert demo.load()
    teacher1, tb1 = _actor('teacher1'), _actor('tb1')
    assert sorted((r.course_name, r.status, r.can_unbind) for r in filing_teachers.my_filings(teacher1)) == [
        ('GB/T 19001 标准条款解读', '待确认', False), ('认证人员守则导读', '教师同意与课程备案', True)]
    assert sorted((r.plan_no, r.status, r.terminated) for r in plan_teachers.my_plans(teacher1)) == [
        ('BA2026012-2025009', '同意', True), ('BA2026012-2026001', '同意', False), ('BA2026012-2026002', '待确认', False)]
    assert [i.passed for i in plans.precheck(tb1)] == [True, True]
    assert [p.status for p in public_queries.training_plans('127.0.0.8', 'BA2026012-2026001')] == ['已确认']
