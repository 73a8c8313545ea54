"""The image upload form: Wagtail's, with the pixel limit counted over every frame.

Wagtail multiplies width × height by the frame count Willow reports, but Willow's Pillow
plugin always reports one frame, so an animated GIF, WebP or PNG of 300 frames of 400×400
(48 million pixels to decode) passed the 40-megapixel limit (issue #13). Pillow reads the
frame count from the file's headers (it skips the frames' data), so the check costs little.
Named by WAGTAILIMAGES_IMAGE_FORM_BASE; the single and the multiple upload both use it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image
from wagtail.images.forms import BaseImageForm


def frame_pixels(uploaded):
    """(frames, width, height) of an uploaded image, or None when Pillow cannot read it (the
    image field has already said why)."""
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    try:
        uploaded.seek(0)
        with Image.open(uploaded) as image:
            return getattr(image, "n_frames", 1), image.width, image.height
    except Exception:  # noqa: BLE001 — a file Pillow cannot read is the image field's concern
        return None
    finally:
        uploaded.seek(position)


class PortalImageForm(BaseImageForm):
    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        limit = getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", None)
        found = frame_pixels(uploaded) if uploaded and limit else None
        if found:
            frames, width, height = found
            if frames > 1 and frames * width * height > limit:
                raise ValidationError(
                    _(
                        "This animation has %(frames)s frames of %(width)s×%(height)s pixels "
                        "(%(pixels)s pixels in all); at most %(max)s pixels are allowed."
                    )
                    % {
                        "frames": frames,
                        "width": width,
                        "height": height,
                        "pixels": frames * width * height,
                        "max": limit,
                    },
                    code="file_too_many_pixels",
                )
        return uploaded
