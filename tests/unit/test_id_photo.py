"""The ID photo's guard against decompression bombs (issue #12 item 6): a picture of too many pixels is refused from
its header, before it is decoded, however small the file."""
from __future__ import annotations

import io
import tracemalloc

import pytest
from PIL import Image

from domain.shared import id_photo
from domain.shared.errors import Invalid


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new('1', (width, height)).save(out, 'PNG', optimize=True)
    return out.getvalue()


def test_a_small_file_of_a_huge_picture_is_refused_without_decoding_it() -> None:
    bomb = png(6300, 6300)
    assert len(bomb) < 200 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(Invalid) as refused:
            id_photo.id_photo(bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert refused.value.message == '照片像素过多，请缩小后上传'
    assert peak < 20 * 1024 * 1024


def test_a_phone_sized_photo_passes() -> None:
    out = io.BytesIO()
    Image.new('RGB', (3024, 4032), (200, 180, 160)).save(out, 'JPEG', quality=70)
    assert Image.open(io.BytesIO(id_photo.id_photo(out.getvalue()))).size == id_photo.SIZE
