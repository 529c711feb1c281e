"""条件自检 for 人员注册申请 (R14.4): does the applicant's experience meet the chosen grade's minimums?

The thresholds live in eligibility.toml (or the file named by CCAA_ELIGIBILITY_FILE), not in code.
"""
from __future__ import annotations

import os
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

DEGREES = ('中专', '大专', '本科', '硕士研究生', '博士研究生')
GRADUATE = {'硕士研究生', '博士研究生'}
DAYS_PER_YEAR = 365  # so that two calendar years without a leap day make exactly 2.0


@dataclass(frozen=True)
class Period:
    start: date
    end: date | None  # None: up to now (至今)


@dataclass(frozen=True)
class Study:
    degree: str
    period: Period


@dataclass(frozen=True)
class Check:
    label: str
    passed: bool
    detail: str


@dataclass(frozen=True)
class Eligibility:
    grade: str
    checks: tuple[Check, ...]

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.checks)


@lru_cache(maxsize=4)
def _rules(path: str) -> dict:  # type: ignore[type-arg]
    with open(path, 'rb') as file:
        return tomllib.load(file)


def rules() -> dict:  # type: ignore[type-arg]
    default = Path(__file__).with_name('eligibility.toml')
    return _rules(os.environ.get('CCAA_ELIGIBILITY_FILE') or str(default))


def grades() -> list[str]:
    return list(rules()['grades'])


def _rank(degree: str) -> int:
    return DEGREES.index(degree) if degree in DEGREES else -1


def _merged_days(periods: Sequence[Period], today: date) -> int:
    """Days covered by the periods, each day once however many periods cover it, none after today."""
    spans = sorted((p.start, min(p.end or today, today)) for p in periods if p.start <= today)
    total, current_start, current_end = 0, None, None
    for start, end in spans:
        if end < start:
            continue
        if current_end is None or start > current_end:
            if current_end is not None:
                total += (current_end - current_start).days  # type: ignore[operator]
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_end is not None:
        total += (current_end - current_start).days  # type: ignore[operator]
    return total


def years(periods: Sequence[Period], today: date) -> float:
    return _merged_days(periods, today) / DAYS_PER_YEAR


def check(grade: str, studies: Sequence[Study], work: Sequence[Period], professional: Sequence[Period],
          today: date) -> Eligibility:
    config = rules()
    if grade not in config['grades']:
        raise ValueError(f'unknown grade {grade!r}')
    grade_rules = config['grades'][grade]
    highest = max(studies, key=lambda s: _rank(s.degree), default=None)
    highest_degree = highest.degree if highest else ''
    minimum = grade_rules['minimum_degree']
    checks = [Check('学历', _rank(highest_degree) >= _rank(minimum),
                    f'最高学历：{highest_degree or "未填写"}（要求{minimum}及以上）')]
    applicable = [r for r in grade_rules['rules'] if _rank(highest_degree) >= _rank(r['degree'])]
    if applicable:
        rule = max(applicable, key=lambda r: _rank(r['degree']))  # the rule of the highest degree reached
        graduate = [s.period for s in studies if s.degree in GRADUATE]
        total = years(work, today) + config['graduate_study_factor'] * years(graduate, today)
        professional_years = years(professional, today)
        checks.append(Check('工作经历', total >= rule['total_years'] - 1e-9,
                            f'工作经历 {total:.1f} 年（{rule["degree"]}学历要求不少于 {rule["total_years"]} 年，'
                            f'研究生学习时间按{int(config["graduate_study_factor"] * 100)}%计算）'))
        checks.append(Check('专业工作经历', professional_years >= rule['professional_years'] - 1e-9,
                            f'专业工作经历 {professional_years:.1f} 年（要求不少于 {rule["professional_years"]} 年）'))
    elif grade_rules['rules']:
        checks.append(Check('工作经历', False, '学历未达到该级别的要求，无法计算工作年限要求'))
    return Eligibility(grade, tuple(checks))
