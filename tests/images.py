"""Small images made in the test, for the clinicians' photos."""

from __future__ import annotations

import io

from PIL import Image


def small_png(size: tuple[int, int] = (60, 80), colour: str = "teal") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def jpeg_with_location(size: tuple[int, int] = (1200, 900)) -> bytes:
    """A camera photo as a phone sends it: with EXIF that says where it was taken."""
    image = Image.new("RGB", size, "navy")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (47.0, 36.0, 0.0)}  # GPS: latitude
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()
