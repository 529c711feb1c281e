"""An uploaded PDF read inside the page, one page at a time with zoom: each page is a picture the server renders
(GET /files/{id}/pages/{n}.png, pages/document_pages.py), so nothing is downloaded and no PDF plug-in is needed.
Word and PowerPoint documents are shown the same way, through the PDF the server makes of them; when it cannot, the
viewer says so and offers the file itself to download.
The page scrolls inside a bordered box of a fixed height; every control is a real button with its own name."""
from __future__ import annotations

from nicegui import background_tasks, ui

from domain.engine import document_conversion, document_pages
from domain.shared.actors import Actor
from domain.shared.errors import DomainError
from ui.call import call

ZOOMS = document_pages.ZOOMS
DEFAULT_ZOOM = document_pages.DEFAULT_ZOOM


def page_image_url(file_id: int, page: int, zoom: int = DEFAULT_ZOOM) -> str:
    """Where page `page` (from 1) of a PDF opens as a picture at `zoom` percent (the route of pages/document_pages)."""
    return f'/files/{int(file_id)}/pages/{int(page)}.png?zoom={int(zoom)}'


class PdfViewer(ui.column):
    def __init__(self, actor: Actor, file_id: int, name: str, *, height: str = '70vh') -> None:
        """`name` is the file's name, shown above the page; `height` is the box's CSS height."""
        super().__init__()
        self.classes('w-full gap-2').props('data-testid=pdf-viewer').mark('pdf-viewer')
        self.actor = actor
        self.file_id = file_id
        self.name = name
        self.page = 1
        self.pages: int | None = None  # known once the server has counted them
        self.zoom = DEFAULT_ZOOM
        with self:
            with ui.row().classes('w-full items-center gap-2'):
                is_pdf = name.lower().endswith('.pdf')
                ui.icon('picture_as_pdf' if is_pdf else 'description', color='negative' if is_pdf else 'primary') \
                    .props('aria-hidden=true')
                ui.label(name).classes('text-subtitle2 col').style('overflow-wrap: anywhere')
            with ui.row().classes('w-full items-center gap-2'):
                self.prev_button = ui.button('上一页', icon='chevron_left', on_click=self.previous) \
                    .props('outline dense no-caps data-testid=pdf-prev').mark('pdf-prev')
                self.page_label = ui.label().classes('text-body2') \
                    .props('data-testid=pdf-page-label aria-live=polite').mark('pdf-page-label')
                self.next_button = ui.button('下一页', on_click=self.next) \
                    .props('outline dense no-caps icon-right=chevron_right data-testid=pdf-next').mark('pdf-next')
                ui.space()
                self.zoom_out_button = ui.button('缩小', icon='zoom_out', on_click=self.zoom_out) \
                    .props('outline dense no-caps data-testid=pdf-zoom-out').mark('pdf-zoom-out')
                self.zoom_label = ui.label().classes('text-body2').style('min-width: 3.5em; text-align: center') \
                    .props('data-testid=pdf-zoom-label aria-live=polite').mark('pdf-zoom-label')
                self.zoom_in_button = ui.button('放大', icon='zoom_in', on_click=self.zoom_in) \
                    .props('outline dense no-caps data-testid=pdf-zoom-in').mark('pdf-zoom-in')
            # a scrollable region is focusable, so that it scrolls from the keyboard too
            self.box = ui.element('div').classes('w-full').props('tabindex=0 role=region').style(
                f'height: {height}; overflow: auto; border: 1px solid #c8ccd2; border-radius: 4px; '
                'background: #eef0f3; text-align: center; padding: 8px')
            self.box.props['aria-label'] = f'{name} 预览'
            with self.box:
                self.image = ui.element('img').props('data-testid=pdf-page').mark('pdf-page') \
                    .style('display: inline-block; max-width: none; background: #fff; '
                           'box-shadow: 0 1px 4px rgba(0,0,0,.25)')
            self.message = ui.label().classes('text-negative text-body2').props('role=alert')
            self.message.set_visibility(False)
            self.download = ui.link('下载原文件', f'/files/{int(file_id)}', new_tab=True) \
                .props('data-testid=pdf-download').classes('text-body2').mark('pdf-download')
            self.download.set_visibility(False)
        self._show()
        background_tasks.create(self._count(), name=f'pdf-pages-{file_id}')

    async def _count(self) -> None:
        try:
            await document_pages.prepare(self.actor, self.file_id)  # a Word or PowerPoint file's first view converts it
            pages = await call(document_pages.page_count, self.actor, self.file_id)
        except DomainError as error:
            if not self.is_deleted:
                self.box.set_visibility(False)
                self.message.set_text(error.message)
                self.message.set_visibility(True)
                self.download.set_visibility(error.message == document_conversion.MSG_NO_PREVIEW)
            return
        if not self.is_deleted:
            self.pages = pages
            self._show()

    def _show(self) -> None:
        """Bring the picture, the labels and which buttons may be used in step with page and zoom."""
        self.image.props['src'] = page_image_url(self.file_id, self.page, self.zoom)
        self.image.props['alt'] = f'{self.name} 第 {self.page} 页'
        self.image.update()
        self.page_label.set_text(f'第 {self.page} / {self.pages if self.pages is not None else "…"} 页')
        self.zoom_label.set_text(f'{self.zoom}%')
        self.prev_button.set_enabled(self.page > 1)
        self.next_button.set_enabled(self.pages is not None and self.page < self.pages)
        self.zoom_out_button.set_enabled(self.zoom > ZOOMS[0])
        self.zoom_in_button.set_enabled(self.zoom < ZOOMS[-1])

    def go_to(self, page: int) -> None:
        """Show page `page` (from 1), kept within the document, from its top."""
        last = self.pages or 1
        page = max(1, min(page, last))
        if page != self.page:
            self.page = page
            self._show()
            ui.run_javascript(f'const box = getHtmlElement({self.box.id}); if (box) box.scrollTop = 0;')

    def previous(self) -> None:
        self.go_to(self.page - 1)

    def next(self) -> None:
        self.go_to(self.page + 1)

    def set_zoom(self, zoom: int) -> None:
        if zoom in ZOOMS and zoom != self.zoom:
            self.zoom = zoom
            self._show()

    def zoom_in(self) -> None:
        self.set_zoom(next((z for z in ZOOMS if z > self.zoom), self.zoom))

    def zoom_out(self) -> None:
        self.set_zoom(next((z for z in reversed(ZOOMS) if z < self.zoom), self.zoom))
