"""StreamField blocks for a story's body: deliberately few, so every story prints and syndicates."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

# No embeds, no raw HTML, no images inside rich text: images go in their own block with alt text.
RICH_TEXT_FEATURES = [
    "h2",
    "h3",
    "bold",
    "italic",
    "ol",
    "ul",
    "link",
    "document-link",
    "blockquote",
]


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=250,
        help_text=_("Describe the image for readers who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "exemplar_stories/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Said by"), required=False, max_length=255)

    class Meta:
        icon = "openquote"
        label = _("Quote from the subject")
        template = "exemplar_stories/blocks/quote.html"


class FigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("Figure"), max_length=40, help_text=_("e.g. 1.250 or 98%"))
    label = blocks.CharBlock(label=_("What it counts"), max_length=120)


class KeyFiguresBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Heading"), required=False, max_length=120)
    figures = blocks.ListBlock(FigureBlock(), label=_("Figures"), min_num=1, max_num=8)

    class Meta:
        icon = "list-ul"
        label = _("Key figures")
        template = "exemplar_stories/blocks/key_figures.html"


class VideoLinkBlock(blocks.StructBlock):
    url = blocks.URLBlock(label=_("Video address"))
    title = blocks.CharBlock(label=_("Video title"), max_length=255)

    class Meta:
        icon = "media"
        label = _("Video link")
        template = "exemplar_stories/blocks/link.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Link text"), required=False, max_length=255)

    class Meta:
        icon = "doc-full"
        label = _("Document link")
        template = "exemplar_stories/blocks/document.html"


class StoryBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Paragraph"))
    image = ImageBlock()
    quote = QuoteBlock()
    key_figures = KeyFiguresBlock()
    video = VideoLinkBlock()
    document = DocumentLinkBlock()
