"""我的考试 (R9.4): the user's exam registrations, 准考证号 and published scores, with 成绩复核 where it is allowed."""
from __future__ import annotations

from fastapi import Request
from nicegui import ui

from domain.engine.catalogue import apply_path
from domain.records import exams
from pages.layout import user_centre_frame
from pages.session import actor_of
from ui.call import call

WRAP = 'white-space: normal'
COLUMNS = [
    {'name': 'exam', 'label': '考试名称', 'field': 'exam', 'align': 'left', 'style': f'{WRAP}; min-width: 11rem'},
    {'name': 'subject', 'label': '考试科目', 'field': 'subject', 'align': 'left', 'style': f'{WRAP}; min-width: 8rem'},
    {'name': 'date', 'label': '考试日期', 'field': 'date', 'align': 'left'},  # the city beneath
    {'name': 'admission_no', 'label': '准考证号', 'field': 'admission_no', 'align': 'left'},
    {'name': 'status', 'label': '报名状态', 'field': 'status', 'align': 'left'},
    {'name': 'score', 'label': '成绩', 'field': 'score', 'align': 'left'},  # 合格 / 不合格 beneath
    {'name': 'actions', 'label': '操作', 'field': 'review_url', 'align': 'left', 'style': f'{WRAP}; min-width: 6rem'},
]
SLOTS = {
    'date': '''
        <q-td :props="props">{{ props.value }}
          <div v-if="props.row.city" class="text-caption text-grey-7">{{ props.row.city }}</div>
        </q-td>''',
    'score': '''
        <q-td :props="props">{{ props.value }}
          <div v-if="props.row.passed" class="text-caption"
               :class="props.row.passed === '合格' ? 'text-positive' : 'text-negative'">{{ props.row.passed }}</div>
        </q-td>''',
    'actions': '''
        <q-td :props="props">
          <template v-if="props.value">
            <a :href="props.value" class="text-primary">成绩复核</a>
            <div v-if="props.row.review_until" class="text-caption text-grey-7">{{ props.row.review_until }} 前可申请</div>
          </template>
        </q-td>''',
}
EMPTY = '暂无考试报名记录。报名认证人员注册全国统一考试后，您的报名、准考证号和成绩将显示在这里。'


@ui.page('/my/exams', title='我的考试 - CCAA综合服务平台')
async def my_exams_page(request: Request) -> None:
    actor = actor_of(request)
    async with user_centre_frame(actor, '我的考试'):
        ui.link('报名考试（认证人员注册全国统一考试报名）', apply_path('exam_registration')) \
            .props('data-testid=apply-exam')
        rows = await call(exams.my_exams, actor)
        table = ui.table(columns=COLUMNS, row_key='id', rows=[{
            'id': e.registration_id, 'exam': e.exam_name, 'subject': e.subject, 'date': e.exam_date.isoformat(),
            'city': e.city, 'admission_no': e.admission_no or '—', 'status': e.status_label,
            'score': e.score_label or '—', 'passed': e.passed_label, 'review_url': e.review_url,
            'review_until': e.review_until.isoformat() if e.review_allowed and e.review_until else ''}
            for e in rows]).props(f'flat bordered no-data-label="{EMPTY}" data-testid=my-exams').classes('w-full')
        for column, slot in SLOTS.items():
            table.add_slot(f'body-cell-{column}', slot)
        ui.label('成绩公布后显示成绩；考试允许成绩复核时，在复核截止日期前可点击“成绩复核”申请。') \
            .classes('text-caption text-grey-7')
