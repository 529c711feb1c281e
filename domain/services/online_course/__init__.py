"""网络课程 (R10.5): a training body submits an online course — documents and videos, streamed however large —;
CCAA staff assign experts for 文件评价 and 视频评价, who evaluate the files inside the page; CCAA then decides.
Started from the training body's workspace."""
from __future__ import annotations

from domain.engine.applications import declare
from domain.engine.registry import register
from domain.records.course_reviews import evaluates, is_reviewer
from domain.services.online_course.form import FORM
from domain.services.online_course.workflow import SERVICE_CODE, WORKFLOW

SERVICE = register(declare(SERVICE_CODE, '网络课程', order=102, workflow=WORKFLOW, form=FORM, in_catalogue=False,
                           filed_by_institutions=True, institution_kinds=('training',), may_view=is_reviewer,
                           facts_heading='网络课程信息'))

evaluates(SERVICE_CODE, {'document': '您有一条业务流水号【{case_no}】的网络课程需要进行文件文审',
                         'video': '您有一条业务流水号【{case_no}】的网络课程需要进行视频文审'})
