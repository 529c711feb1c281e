"""照片 for an exam registration (R9.2): an ID photo made from whatever the person uploads.

The upload must really be a JPEG or PNG picture; it is turned upright by its EXIF orientation, cropped about its
centre to 3:4 and scaled to the 1-inch ID-photo size (295 × 413 pixels, 25 × 35 mm at 300 dpi), and saved afresh as a
JPEG, so that no metadata of the original (place, camera, time) is kept.
"""
from __future__ import annotations

import io

from PIL import Image, ImageOps, UnidentifiedImageError

from domain.shared.errors import Invalid

SIZE = (295, 413)
MIN_SIZE = (150, 200)  # smaller than this cannot make a sharp ID photo
MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 13_000_000  # a bomb of a picture is refused before it is decoded (a 6300 × 6300 PNG of 112 KiB
# would take ~470 MB); a phone's 12-megapixel photo passes
MSG_TYPE = '照片仅支持 JPG 或 PNG 图片'
MSG_SMALL = f'照片分辨率过低，请上传不小于 {MIN_SIZE[0]}×{MIN_SIZE[1]} 像素的照片'


def id_photo(data: bytes) -> bytes:
    """The ID photo, as JPEG bytes; Invalid('photo_file_id', …) for anything that is not a usable picture."""
    if not data:
        raise Invalid('photo_file_id', '文件内容为空，请重新选择')
    if len(data) > MAX_BYTES:
        raise Invalid('photo_file_id', '照片不能超过 10 MB')
    try:
        with Image.open(io.BytesIO(data), formats=['JPEG', 'PNG']) as image:
            if image.width * image.height > MAX_PIXELS:
                raise Invalid('photo_file_id', '照片像素过多，请缩小后上传')
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError, ValueError):
        raise Invalid('photo_file_id', MSG_TYPE) from None
    if upright.width < MIN_SIZE[0] or upright.height < MIN_SIZE[1]:
        raise Invalid('photo_file_id', MSG_SMALL)
    photo = ImageOps.fit(upright.convert('RGB'), SIZE, method=Image.Resampling.LANCZOS, centering=(0.5, 0.4))
    out = io.BytesIO()
    photo.save(out, format='JPEG', quality=90, dpi=(300, 300))  # no exif= given: nothing of the original is kept
    return out.getvalue()
