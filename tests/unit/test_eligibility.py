"""条件自检 arithmetic (R14.4): education minimums, merged work years, graduate study at 50%."""
from __future__ import annotations

from datetime import date

import pytest

from domain.services.registration.eligibility import Period, Study, check, grades, years

TODAY = date(2026, 11, 27)


def p(start: str, end: str | None) -> Period:
    return Period(date.fromisoformat(start), date.fromisoformat(end) if end else None)


def test_grades_come_from_configuration() -> None:
    assert grades() == ['实习审核员', '审核员', '高级审核员']


def test_trainee_needs_only_a_college_degree() -> None:
    assert check('实习审核员', [Study('大专', p('2010-09-01', '2013-07-01'))], [], [], TODAY).passed
    result = check('实习审核员', [Study('中专', p('2008-09-01', '2011-07-01'))], [], [], TODAY)
    assert not result.passed
    assert result.checks[0].detail == '最高学历：中专（要求大专及以上）'


def test_auditor_with_bachelor_needs_four_and_two_years() -> None:
    studies = [Study('本科', p('2014-09-01', '2018-07-01'))]
    enough = check('审核员', studies, [p('2022-11-01', None)], [p('2024-11-01', None)], TODAY)
    assert enough.passed, enough.checks
    short = check('审核员', studies, [p('2023-01-01', None)], [p('2024-11-01', None)], TODAY)
    assert not short.passed
    assert [c.passed for c in short.checks] == [True, False, True]


def test_auditor_with_college_degree_needs_eight_and_six_years() -> None:
    studies = [Study('大专', p('2005-09-01', '2008-07-01'))]
    result = check('审核员', studies, [p('2019-01-01', None)], [p('2021-01-01', None)], TODAY)
    assert [c.label for c in result.checks if not c.passed] == ['工作经历', '专业工作经历']
    assert check('审核员', studies, [p('2018-01-01', None)], [p('2020-06-01', None)], TODAY).passed


def test_overlapping_jobs_count_once() -> None:
    assert years([p('2020-01-01', '2022-01-01'), p('2021-01-01', '2023-01-01')], TODAY) == pytest.approx(3, abs=0.01)
    assert years([p('2020-01-01', '2021-01-01'), p('2022-01-01', '2023-01-01')], TODAY) == pytest.approx(2, abs=0.01)


def test_time_after_today_does_not_count() -> None:
    assert years([p('2026-01-01', '2030-01-01')], TODAY) == pytest.approx((TODAY - date(2026, 1, 1)).days / 365)


def test_graduate_study_counts_at_half() -> None:
    studies = [Study('本科', p('2012-09-01', '2016-07-01')), Study('硕士研究生', p('2016-09-01', '2020-09-01'))]
    # 3 years of work + 4 years of master's study at 50% = 5 >= 4
    result = check('审核员', studies, [p('2023-11-27', None)], [p('2024-11-27', None)], TODAY)
    assert result.passed, result.checks
    assert '研究生学习时间按50%计算' in result.checks[1].detail
    without_master = check('审核员', studies[:1], [p('2023-11-27', None)], [p('2024-11-27', None)], TODAY)
    assert not without_master.passed


def test_no_education_at_all() -> None:
    result = check('审核员', [], [p('2000-01-01', None)], [p('2000-01-01', None)], TODAY)
    assert not result.passed
    assert result.checks[0].detail == '最高学历：未填写（要求大专及以上）'


def test_thresholds_can_be_changed_by_configuration(tmp_path, monkeypatch) -> None:
    config = tmp_path / 'rules.toml'
    config.write_text('graduate_study_factor = 0.5\n[grades."审核员"]\nminimum_degree = "本科"\n'
                      'rules = [{ degree = "本科", total_years = 1, professional_years = 1 }]\n', encoding='utf-8')
    monkeypatch.setenv('CCAA_ELIGIBILITY_FILE', str(config))
    studies = [Study('本科', p('2014-09-01', '2018-07-01'))]
    assert check('审核员', studies, [p('2025-01-01', None)], [p('2025-01-01', None)], TODAY).passed
    assert grades() == ['审核员']
