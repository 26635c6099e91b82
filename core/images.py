"""Uploaded photos, made safe to publish: decoded and drawn again as a small
JPEG, so that what is served is never the file as sent (no hidden payload,
no metadata: no camera data such as where it was taken, no comment, no XMP,
no colour profile)."""

from __future__ import annotations

import io

from PIL import Image, ImageOps

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_SIDE = 480
# Far above any portrait; a larger image is a decompression bomb, not a photo.
MAX_PIXELS = 40_000_000
FORMATS = {"JPEG", "PNG", "WEBP"}


class PhotoRefused(ValueError):
    """Why an upload cannot be used, in words for the person who sent it."""


def portrait_jpeg(data: bytes) -> bytes:
    if len(data) > MAX_UPLOAD_BYTES:
        raise PhotoRefused("Please choose a photo smaller than 5 MB.")
    unreadable = PhotoRefused(
        "This file is not a photo we can read. Please choose a JPEG, PNG or WebP image."
    )
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in FORMATS:
                raise unreadable
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise PhotoRefused("This photo is too large. Please choose a smaller one.")
            image.load()
            upright = ImageOps.exif_transpose(image).convert("RGB")
    except PhotoRefused:
        raise
    except Exception:
        # Pillow's readers fail on a malformed file in many ways (OSError,
        # ValueError "Truncated IHDR chunk", struct.error, SyntaxError, a
        # decompression bomb, ...): each means the same to the person uploading.
        raise unreadable from None
    upright.thumbnail((MAX_SIDE, MAX_SIDE))
    # The pixels alone, in a new image: JPEG's writer would otherwise copy a
    # comment, XMP or other text kept from the upload. The orientation is
    # already applied above, so no EXIF is needed either.
    bare = Image.new("RGB", upright.size)
    bare.paste(upright)
    out = io.BytesIO()
    bare.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()
