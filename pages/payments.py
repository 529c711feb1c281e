"""个人缴费 (R5.6): the panel on 我的事项 › 查看, the sandbox gateway's pay page, its notify endpoint, 缴费记录, and the
缴费信息 block reviewers see on a case."""
from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse, Response
from nicegui import events, ui

from domain.engine import cases, files
from domain.records import payments
from domain.records.payments import InvoiceRequest, PaymentView
from domain.shared import clock, exports
from domain.shared.actors import Actor
from domain.shared.errors import DomainError, Invalid, NotFound
from domain.shared.money import yuan_text
from pages.layout import portal_frame, user_centre_frame
from pages.session import actor_of
from ui.call import call
from ui.form import FieldErrors

NOTIFY_PATH = '/payments/notify'
RESULT_PARAM = 'payment'  # /my/cases/<id>?payment=<reference>: back from the gateway's pay page

WRAP = 'white-space: normal; min-width: 8rem'
TIME = 'white-space: normal; min-width: 6.5rem'  # date above time
CASE_COLUMNS = [
    {'name': 'method', 'label': '缴费方式', 'field': 'method', 'align': 'left'},
    {'name': 'status', 'label': '缴费状态', 'field': 'status', 'align': 'left', 'style': WRAP},
    {'name': 'amount', 'label': '缴费金额', 'field': 'amount', 'align': 'left'},
    {'name': 'invoice', 'label': '发票信息', 'field': 'invoice', 'align': 'left', 'style': WRAP},
    {'name': 'voucher', 'label': '缴费凭证', 'field': 'voucher', 'align': 'left'},
    {'name': 'created', 'label': '缴费时间', 'field': 'created', 'align': 'left', 'style': TIME},
]
RECORD_COLUMNS = [
    {'name': 'case_no', 'label': '业务号', 'field': 'case_no', 'align': 'left'},
    {'name': 'title', 'label': '事项名称', 'field': 'title', 'align': 'left', 'style': WRAP},
    *CASE_COLUMNS[:4],
    {'name': 'created', 'label': '缴费时间', 'field': 'created', 'align': 'left', 'sortable': True, 'style': TIME},
    {'name': 'actions', 'label': '操作', 'field': 'case_id', 'align': 'left'},
]
EXPORT_HEADERS = ('业务号', '事项名称', '缴费金额（元）', '缴费方式', '缴费状态', '发票抬头', '纳税人识别号', '接收邮箱',
                  '缴费时间', '办结时间', '备注')
STATUS_COLOURS = {'paid': 'positive', 'confirmed': 'positive', 'failed': 'negative', 'rejected': 'negative'}
INVOICE_SLOT = '''
    <q-td :props="props">{{ props.value }}
      <div v-if="props.row.invoice_detail" class="text-caption text-grey-7">{{ props.row.invoice_detail }}</div>
    </q-td>'''
STATUS_SLOT = '''
    <q-td :props="props"><span :class="props.row.colour ? 'text-' + props.row.colour : ''">{{ props.value }}</span>
      <div v-if="props.row.note" class="text-caption text-grey-7" style="max-width: 12rem">{{ props.row.note }}</div>
    </q-td>'''  # the note says why: 驳回 opinion, 机构缴费, …


def _row(p: PaymentView) -> dict[str, object]:
    return {'id': p.id, 'case_id': p.case_id, 'case_no': p.case_no, 'title': p.title, 'method': p.method_label,
            'status': p.status_label, 'colour': STATUS_COLOURS.get(p.status, ''), 'amount': p.amount_text,
            'invoice': p.invoice.title if p.invoice else '不开具发票',
            'invoice_detail': f'{p.invoice.tax_no}　{p.invoice.email}' if p.invoice else '', 'voucher': p.voucher_name,
            'voucher_link': f'/files/{p.voucher_file_id}' if p.voucher_file_id else '',
            'created': clock.local_text(p.created_at), 'note': p.note,
            'receipt': receipt_path(p.id) if p.has_receipt else ''}


def receipt_path(payment_id: int) -> str:
    return f'/payments/{payment_id}/receipt'



# -- on a case -------------------------------------------------------------------------------------

def payment_table(rows: Sequence[PaymentView]) -> None:
    table = ui.table(columns=CASE_COLUMNS, rows=[_row(p) for p in rows], row_key='id') \
        .props('flat bordered dense data-testid=case-payments').mark('case-payments').classes('w-full')
    table.add_slot('body-cell-status', STATUS_SLOT)
    table.add_slot('body-cell-invoice', INVOICE_SLOT)
    table.add_slot('body-cell-voucher', '''
        <q-td :props="props">
          <a v-if="props.row.voucher_link" :href="props.row.voucher_link" target="_blank" class="text-primary">
            {{ props.value }}</a><span v-else>—</span>
        </q-td>''')


async def payment_info(actor: Actor, case_id: int) -> None:
    """缴费信息 of a case for those who handle it; nothing when the case has no payments."""
    rows = await call(payments.payments_of_case, actor, case_id)
    if rows:
        ui.separator()
        ui.label('缴费信息').classes('text-subtitle1 text-weight-bold')
        payment_table(rows)


async def payment_panel(actor: Actor, case: cases.CaseView) -> None:
    """个人缴费 on the applicant's 查看: the case's payments, and the form while the case waits for the applicant."""
    rows = await call(payments.payments_of_case, actor, case.id)
    offered = {option.key for option in await call(cases.actions_for, actor, case.id)}
    if not rows and not offered & {'pay_online', 'pay_offline'}:
        return
    ui.separator()
    ui.label('机构缴费' if case.payer == 'institution' else '个人缴费').classes('text-subtitle1 text-weight-bold')
    returned = ui.context.client.request.query_params.get(RESULT_PARAM)
    result = next((p for p in rows if p.reference == returned), None)
    if result is not None and result.status in ('paid', 'failed'):
        ui.label('支付成功' if result.status == 'paid' else '支付失败，请重新支付或选择线下缴费') \
            .classes(f'text-{STATUS_COLOURS[result.status]} text-weight-bold') \
            .props('role=status data-testid=pay-result').mark('pay-result')
    if rows:
        payment_table(rows)
    if offered & {'pay_online', 'pay_offline'}:
        PaymentForm(actor, case, offered, next((p.invoice for p in rows if p.invoice), None)).build()


class PaymentForm:
    """缴费方式, 是否开具发票 with the invoice fields, then 在线支付 or the voucher and 提交."""

    def __init__(self, actor: Actor, case: cases.CaseView, offered: set[str],
                 last_invoice: InvoiceRequest | None) -> None:
        self.actor = actor
        self.case = case
        self.offered = offered
        self.last_invoice = last_invoice  # what the applicant gave at the last attempt, so it is not typed again
        self.voucher_id: int | None = None

    def build(self) -> None:
        methods = {key: label for key, label in payments.METHOD_LABELS.items() if f'pay_{key}' in self.offered}
        with ui.column().classes('w-full gap-2').style('max-width: 640px'):
            with ui.row().classes('items-center gap-2'):
                ui.label('缴费金额：').classes('text-grey-8')
                ui.label(yuan_text(payments.fee_cents())).classes('text-h6 text-primary') \
                    .props('data-testid=pay-amount').mark('pay-amount')
            with ui.row().classes('items-center gap-2'):
                ui.label('缴费方式：').classes('text-grey-8')
                self.method = ui.radio(methods, value=next(iter(methods))) \
                    .props('inline data-testid=pay-method').mark('pay-method')
            last = self.last_invoice
            self.wants_invoice = ui.checkbox('是否开具发票', value=last is not None) \
                .props('data-testid=pay-invoice').mark('pay-invoice')
            with ui.column().classes('w-full gap-1').bind_visibility_from(self.wants_invoice, 'value'):
                self.title = ui.input('发票抬头', placeholder='单位名称或个人姓名', value=last.title if last else '') \
                    .props('outlined dense maxlength=200').classes('w-full').mark('invoice_title')
                self.tax_no = ui.input('纳税人识别号', placeholder='15至20位数字或大写字母',
                                       value=last.tax_no if last else '') \
                    .props('outlined dense maxlength=20').classes('w-full').mark('invoice_tax_no')
                self.email = ui.input('接收邮箱', placeholder='电子发票将发送至此邮箱', value=last.email if last else '') \
                    .props('outlined dense maxlength=254 type=email').classes('w-full').mark('invoice_email')
            with ui.column().classes('w-full gap-2') \
                    .bind_visibility_from(self.method, 'value', backward=lambda m: m == 'online'):
                ui.label('点击在线支付后将跳转至支付页面完成支付。').classes('text-caption text-grey-7')
                self.pay_button = ui.button('在线支付', icon='payment', on_click=self.pay_online) \
                    .props('unelevated color=primary data-testid=pay-online').mark('pay-online')
            with ui.column().classes('w-full gap-1') \
                    .bind_visibility_from(self.method, 'value', backward=lambda m: m == 'offline'):
                ui.label('* 缴费凭证').classes('text-caption text-grey-8')
                with ui.row().classes('items-center gap-2'):
                    self.voucher_label = ui.label('未上传').props('data-testid=pay-voucher').mark('pay-voucher')
                    self.voucher_link = ui.link('查看', '#', new_tab=True)
                    self.voucher_link.set_visibility(False)
                ui.upload(label='选择缴费凭证（支持 JPG、PNG、PDF 文件，不超过 10 MB）', auto_upload=True,
                          max_file_size=files.MAX_UPLOAD_BYTES, on_upload=self.upload,
                          on_rejected=lambda: self.voucher_error.set_text('请选择不超过 10 MB 的 JPG、PNG 或 PDF 文件')) \
                    .props(f'flat bordered accept="{files.ACCEPT}"').classes('w-full')
                self.voucher_error = ui.label('').classes('text-negative text-caption').props('role=alert')
                self.submit_button = ui.button('提交', on_click=self.pay_offline) \
                    .props('unelevated color=primary data-testid=pay-offline').mark('pay-offline')
            general = ui.label('').classes('text-negative').props('role=alert')
            self.errors = FieldErrors({'invoice_title': self.title, 'invoice_tax_no': self.tax_no,
                                       'invoice_email': self.email}, general)

    def _invoice(self) -> InvoiceRequest | None:
        if not self.wants_invoice.value:
            return None
        return InvoiceRequest(self.title.value or '', self.tax_no.value or '', self.email.value or '')

    def _check_invoice(self) -> tuple[bool, InvoiceRequest | None]:
        self.errors.clear()
        self.voucher_error.set_text('')
        invoice = self._invoice()
        problems = payments.invoice_problems(invoice) if invoice else []
        for problem in problems:
            self.errors.show(problem.field, problem.message)
        return not problems, invoice

    def _refused(self, error: DomainError) -> None:
        if isinstance(error, Invalid) and error.field == 'voucher':
            self.voucher_error.set_text(error.message)
        elif isinstance(error, Invalid):
            self.errors.show(error.field, error.message)
        else:
            self.errors.show('', error.message)
            ui.notify(error.message, type='negative', multi_line=True)

    async def upload(self, e: events.UploadEventArguments) -> None:
        self.voucher_error.set_text('')
        try:
            file_id = await call(files.save_upload, self.actor, payments.VOUCHER_PURPOSE, e.file.name,
                                 await e.file.read())
        except Invalid as error:
            self.voucher_error.set_text(error.message)
        else:
            self.voucher_id = file_id
            self.voucher_label.set_text(f'已上传：{files.clean_name(e.file.name)}')
            self.voucher_link.props(f'href=/files/{file_id}')
            self.voucher_link.set_visibility(True)
        e.sender.reset()  # type: ignore[attr-defined]

    async def pay_online(self) -> None:
        valid, invoice = self._check_invoice()
        if not valid:
            return
        self.pay_button.disable()
        try:
            url = await call(payments.pay_online, self.actor, self.case.id, self.case.version, invoice)
        except DomainError as error:
            self._refused(error)
            return
        finally:
            self.pay_button.enable()
        ui.navigate.to(url)

    async def pay_offline(self) -> None:
        valid, invoice = self._check_invoice()
        if self.voucher_id is None:
            self.voucher_error.set_text('请上传缴费凭证')
            return
        if not valid:
            return
        self.submit_button.disable()
        try:
            await call(payments.pay_offline, self.actor, self.case.id, self.case.version, self.voucher_id, invoice)
        except DomainError as error:
            self._refused(error)
            return
        finally:
            self.submit_button.enable()
        ui.notify('缴费凭证已提交，请等待确认', type='positive')
        ui.navigate.to(f'/my/cases/{self.case.id}')


# -- the sandbox gateway's pay page ----------------------------------------------------------------

@ui.page('/pay/sandbox/{reference}', title='在线支付 - CCAA综合服务平台')
async def sandbox_checkout_page(request: Request, reference: str) -> None:
    actor = actor_of(request)
    async with portal_frame(actor, subtitle='在线支付'):
        with ui.column().classes('ccaa-card q-pa-lg w-full self-center gap-3').style('max-width: 560px'):
            with ui.row().classes('items-center gap-2'):
                ui.label('收银台').classes('text-h6')
                ui.badge('沙箱环境', color='orange')
            try:
                order = await call(payments.checkout, actor, reference)
            except DomainError as error:
                ui.label(error.message).classes('text-negative')
                ui.link('返回我的事项', '/my/cases')
                return
            ui.label('这是支付网关的沙箱页面，用于测试，不会产生真实扣款。').classes('text-caption text-grey-7')
            with ui.grid(columns='auto 1fr').classes('w-full gap-x-4 gap-y-2 items-center'):
                for label, value in (('商户', order.merchant), ('订单号', order.reference),
                                     ('商品描述', order.description)):
                    ui.label(label).classes('text-grey-7')
                    ui.label(value).props(f'data-testid=checkout-{label}').mark(f'checkout-{label}')
                ui.label('应付金额').classes('text-grey-7')
                ui.label(order.amount_text).classes('text-h5 text-negative') \
                    .props('data-testid=checkout-amount').mark('checkout-amount')
            back = f'/my/cases/{order.case_id}'
            if order.status != 'pending':
                ui.label(f'该订单{order.status_label}').classes('text-weight-bold')
                ui.link('返回业务详情', back)
                return
            error_label = ui.label('').classes('text-negative').props('role=alert')

            async def finish(paid: bool) -> None:
                for button in buttons:
                    button.disable()
                try:
                    case_id = await call(payments.sandbox_pay, actor, reference, paid)
                except DomainError as error:
                    error_label.set_text(error.message)
                    ui.notify(error.message, type='negative')
                    return
                finally:
                    for button in buttons:
                        button.enable()
                ui.navigate.to(f'/my/cases/{case_id}?{RESULT_PARAM}={reference}')

            with ui.row().classes('w-full gap-3'):
                buttons = [
                    ui.button('支付成功', icon='check_circle', on_click=lambda: finish(True))
                    .props('unelevated color=positive data-testid=sandbox-paid').mark('sandbox-paid'),
                    ui.button('支付失败', icon='cancel', on_click=lambda: finish(False))
                    .props('outline color=negative data-testid=sandbox-failed').mark('sandbox-failed'),
                ]
            ui.link('返回业务详情', back).classes('text-caption')


# -- 缴费记录 ---------------------------------------------------------------------------------------

@ui.page('/my/payments', title='缴费记录 - CCAA综合服务平台')
async def my_payments_page(request: Request) -> None:
    actor = actor_of(request)
    async with user_centre_frame(actor, '缴费记录'):
        rows = await call(payments.payments_of, actor)
        with ui.row().classes('w-full items-center'):
            ui.label(f'共有 {len(rows)} 条缴费记录').props('data-testid=payments-summary').mark('payments-summary')
            ui.space()
            ui.button('导出CSV', on_click=lambda: export('csv')) \
                .props('flat dense no-caps color=primary icon=download')
            ui.button('导出Excel', on_click=lambda: export('xlsx')) \
                .props('flat dense no-caps color=primary icon=download')
        table = ui.table(columns=RECORD_COLUMNS, rows=[_row(p) for p in rows], row_key='id', pagination={
            'rowsPerPage': 10, 'sortBy': 'created', 'descending': True}) \
            .props('flat bordered no-data-label=暂无缴费记录 data-testid=payments-table').mark('payments-table') \
            .classes('w-full')
        table.add_slot('body-cell-status', STATUS_SLOT)
        table.add_slot('body-cell-invoice', INVOICE_SLOT)
        table.add_slot('body-cell-actions', '''
            <q-td :props="props"><a :href="'/my/cases/' + props.value" class="text-primary">查看</a>
              <a v-if="props.row.receipt" :href="props.row.receipt" download class="text-primary q-ml-sm">收据</a>
            </q-td>''')

        async def export(kind: str) -> None:
            data = [(p.case_no, p.title, Decimal(p.amount_cents).scaleb(-2), p.method_label, p.status_label,
                     p.invoice.title if p.invoice else '', p.invoice.tax_no if p.invoice else '',
                     p.invoice.email if p.invoice else '', clock.local_text(p.created_at),
                     clock.local_text(p.settled_at), p.note)
                    for p in await call(payments.payments_of, actor)]
            stamp = clock.china_now().strftime('%Y%m%d%H%M')
            if kind == 'csv':
                ui.download.content(exports.to_csv(EXPORT_HEADERS, data), f'缴费记录-{stamp}.csv', 'text/csv')
            else:
                ui.download.content(exports.to_xlsx('缴费记录', EXPORT_HEADERS, data), f'缴费记录-{stamp}.xlsx',
                                    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')


# -- the gateway's notification --------------------------------------------------------------------

def register_routes(app: FastAPI) -> None:
    """POST /payments/notify: public (the gateway has no session); 'success', or 400 for a refused notification.
    GET /payments/{id}/receipt: the 缴费收据 PDF, for the payer and whoever may view the case."""

    @app.get('/payments/{payment_id}/receipt', include_in_schema=False)
    async def payment_receipt(request: Request, payment_id: int) -> Response:
        try:
            name, document = await call(payments.receipt, actor_of(request), payment_id)
        except DomainError as error:
            return PlainTextResponse(error.message, status_code=404 if isinstance(error, NotFound) else 409)
        return Response(document, media_type='application/pdf', headers={
            'Content-Disposition': f"attachment; filename*=UTF-8''{quote(name, safe='')}", 'Cache-Control': 'no-store'})

    @app.post(NOTIFY_PATH, include_in_schema=False)
    async def payment_notify(request: Request) -> PlainTextResponse:
        body = await request.body()
        try:
            answer = await call(payments.handle_notification, body, request.headers.get('X-Signature', ''))
        except DomainError:
            return PlainTextResponse('fail', status_code=400)
        return PlainTextResponse(answer)
