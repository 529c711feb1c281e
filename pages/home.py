"""首页 — 欢迎来到CCAA (R3.1, R3.2): search, 常用服务, 个人服务 and the 个人业务 catalogue."""
from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import ui

from domain.engine.catalogue import (
    SYSTEM_TYPES,
    apply_path,
    entries_of_type,
    find_service,
    search_entries,
)
from domain.shared.actors import Role
from pages.layout import home_of, portal_frame
from pages.session import actor_of
from ui import markup

COMMON_SERVICES = (('人员注册申请', '/services/registration'), ('年度确认申请', '/services/annual_confirmation'),
                   ('人员转换执业机构', '/services/transfer'), ('检验检测人员信息登记查询', '/query/inspectors'),
                   ('培训计划查询', '/query/training-plans'))
TEASERS = (('图书购买', '新到证书、专业用书和标准书籍'), ('在线培训', '名师定制、同步课程保证学习质量'),
           ('人才市场', '提供招聘和求职服务, 及时发布招聘单位和个人求职信息'))
PERSONAL_SERVICES = (
    ('信息查询', (('培训证书查询', '/query/training-certificates'), ('职业资格查询', '/query/qualifications'),
              ('考试查询', '/query/exams'), ('教师信息查询', '/query/teachers'))),
    ('在线申请', (('人员注册申请', '/services/registration'), ('考试预报名', '/services/exam_registration'),
              ('年度确认申请', '/services/annual_confirmation'), ('专家注册申请', '/services/expert_application'),
              ('人员转换执业机构', '/services/transfer'))),
    ('用户中心', (('我的事项', '/my/cases'), ('账户信息', '/my/account'), ('缴费记录', '/my/payments'),
              ('我的证书', '/my/certificates'), ('我的考试', '/my/exams'), ('教育经历', '/my/profile'),
              ('信用评价', '/my/credit'))),
    ('更多事项', (('办理更多个人业务', '/#catalogue'),)),
)
CATALOGUE_COLUMNS = [
    {'name': 'no', 'label': '序号', 'field': 'no', 'align': 'left'},
    {'name': 'name', 'label': '事项名称', 'field': 'name', 'align': 'left'},
    {'name': 'deadline', 'label': '办结期限', 'field': 'deadline', 'align': 'left'},
    {'name': 'apply', 'label': '在线办理', 'field': 'path', 'align': 'left'},
]


def service_search() -> None:
    """请输入您要办理的事项: suggestions while typing; Enter opens the best match."""
    def open_best() -> None:
        matches = search_entries(box.value or '')
        if matches:
            ui.navigate.to(matches[0].path)
        else:
            ui.notify('未找到相关事项', type='warning')

    box = ui.input(placeholder='请输入您要办理的事项',
                   autocomplete=[e.name for e in entries_of_type(None)]).props('outlined clearable data-testid=service-search') \
        .classes('w-full').on('keydown.enter', open_best)
    with box.add_slot('append'):
        ui.button(icon='search', on_click=open_best).props('flat round dense aria-label=搜索')

    @ui.refreshable
    def suggestions() -> None:
        text = box.value or ''
        for entry in search_entries(text)[:5] if text.strip() else []:
            ui.link(entry.name, entry.path).classes('q-mr-md')

    with ui.row().classes('w-full gap-2'):
        suggestions()
    box.on_value_change(suggestions.refresh)


def catalogue() -> None:
    """个人业务 — 按系统类型分类: each 事项's 在线办理 starts its service, or for a public query (检验检测人员信息登记查询)
    opens the query as 在线查询. One table whose rows follow the tab (a table per tab cost every open page memory)."""
    def show(system_type: str) -> None:
        entries = entries_of_type(system_type)
        count.set_text(f'共 {len(entries)} 个事项, 其中 {sum(1 for e in entries if e.online)} 项可在线申办')
        table.rows = [{'no': i, 'name': e.name, 'deadline': e.deadline_text, 'path': e.path,
                       'action': '在线查询' if e.is_query else '在线办理'} for i, e in enumerate(entries, 1)]

    with ui.column().classes('ccaa-card q-pa-md w-full').props('id=catalogue'):
        ui.label('个人业务').classes('text-subtitle1 text-weight-bold')
        ui.label('按系统类型分类').classes('text-caption text-grey-7')
        with ui.tabs(value='全部', on_change=lambda e: show(e.value)).props('align=left dense no-caps'):
            for name in ('全部', *SYSTEM_TYPES):
                ui.tab(name)
        with ui.column().classes('w-full q-pa-md').props('role=tabpanel'):
            count = ui.label('')
            table = ui.table(columns=CATALOGUE_COLUMNS, row_key='no', rows=[]) \
                .props('flat dense hide-pagination no-data-label=暂无事项').classes('w-full')
            table.pagination = {'rowsPerPage': 0}
            table.add_slot('body-cell-apply', '''
                <q-td :props="props"><a :href="props.value" class="text-primary">{{ props.row.action }}</a></q-td>
            ''')
    show('全部')


@ui.page('/', title='CCAA综合服务平台')
async def home_page(request: Request) -> RedirectResponse | None:
    actor = actor_of(request)
    if actor.role is not Role.INDIVIDUAL:
        return RedirectResponse(home_of(actor))  # institution and CCAA accounts work in their workspace
    async with portal_frame(actor):
        ui.label('欢迎来到CCAA').classes('text-h5 self-center').props('role=heading aria-level=1')
        with ui.column().classes('w-full max-w-2xl self-center'):
            service_search()
        # 常用服务, the teasers and 个人服务 are text and links: two elements of markup rather than some seventy
        common = markup.text('常用服务', 'text-subtitle1 text-weight-bold') + ''.join(
            markup.link(f'{number}. {name}', path, 'text-body2') for number, (name, path) in enumerate(COMMON_SERVICES, 1))
        teasers = ''.join(markup.div(markup.text(title, 'text-subtitle1 text-weight-bold')
                                     + markup.text(text, 'text-body2 text-grey-8'), 'nicegui-column ccaa-card q-pa-md col')
                          for title, text in TEASERS)
        markup.block(markup.div(common, 'nicegui-column ccaa-card q-pa-md w-full md:w-64 shrink-0') + teasers) \
            .classes('nicegui-row wrap w-full gap-4 items-stretch flex-col md:flex-row md:flex-nowrap')
        markup.block(markup.text('个人服务', 'text-subtitle1 text-weight-bold') + markup.div(''.join(
            markup.div(markup.text(title, 'text-subtitle2 text-weight-bold')
                       + markup.div(''.join(markup.link(name, path, 'text-body2') for name, path in links),
                                    'nicegui-row wrap gap-x-3 gap-y-1'), 'nicegui-column ccaa-card q-pa-md gap-1')
            for title, links in PERSONAL_SERVICES), 'w-full grid grid-cols-1 sm:grid-cols-2 lg:grid-cols-4 gap-4')) \
            .classes('nicegui-column w-full gap-4')
        catalogue()
    return None


@ui.page('/services/{code}', title='在线办理 - CCAA综合服务平台')
async def service_page(request: Request, code: str) -> RedirectResponse | None:
    """在线办理: the application where it is built, otherwise how to apply offline."""
    actor = actor_of(request)
    path = apply_path(code)
    if path is not None:  # with the query: 我的考试's 成绩复核 names its exam
        query = request.url.query
        return RedirectResponse(path + (f'?{query}' if query else ''))
    service = find_service(code)
    async with portal_frame(actor):
        with ui.column().classes('ccaa-card q-pa-lg w-full gap-2'):
            if service is None:
                ui.label('未找到该事项').classes('text-h6')
                ui.link('返回首页', '/')
                return None
            ui.label(f'{service.name}　在线申请').classes('text-h6')
            if service.deadline_days:
                ui.label(f'办结期限：{service.deadline_text}')
            ui.label('本事项的在线申办功能正在建设中，开通后将在此页面直接办理。').classes('text-body1')
            ui.label('在此之前，请通过以下方式办理：').classes('text-body1')
            ui.label('1. 下载并填写申请材料，加盖单位公章（如适用）后，邮寄或送至中国认证认可协会人员注册部；')
            ui.label('2. 办理要求与材料清单以中国认证认可协会网站 www.ccaa.org.cn 公布为准。')
            ui.label('受理后的办理进度可在 个人中心 › 我的事项 中查看。')
            with ui.row():
                ui.link('返回首页', '/')
                ui.link('我的事项', '/my/cases')
    return None


@ui.page('/help', title='帮助中心 - CCAA综合服务平台')
def help_page() -> None:
    from ui.frame import frame
    with frame():
        ui.label('帮助中心').classes('text-h5')
        ui.label('常见问题：登录账号与密码请妥善保管；手机短信验证码在2分钟内有效，且每2分钟只能发送一次。')
        ui.label('使用中遇到问题，请联系中国认证认可协会：www.ccaa.org.cn')
