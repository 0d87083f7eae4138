"""The blocks an article body is made of."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "code", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    """A section heading; headings make the article's table of contents."""

    text = blocks.CharBlock(max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section")), ("h3", _("Subsection"))], default="h2"
    )

    class Meta:
        icon = "title"
        template = "kb/blocks/heading.html"


class CodeBlock(blocks.StructBlock):
    """A command or configuration snippet, shown verbatim."""

    language = blocks.ChoiceBlock(
        choices=[
            (name, name) for name in ("text", "bash", "dns", "php", "json", "apache", "nginx")
        ],
        default="text",
    )
    code = blocks.TextBlock()

    class Meta:
        icon = "code"
        template = "kb/blocks/code.html"


class CalloutBlock(blocks.StructBlock):
    """A note or a warning that stands out from the text."""

    kind = blocks.ChoiceBlock(
        choices=[("note", _("Note")), ("warning", _("Warning"))], default="note"
    )
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        template = "kb/blocks/callout.html"


class ImageBlock(blocks.StructBlock):
    """A screenshot or diagram with its caption (the caption doubles as alt text)."""

    image = ImageChooserBlock()
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "kb/blocks/image.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, icon="pilcrow")
    heading = HeadingBlock()
    steps = blocks.ListBlock(
        blocks.RichTextBlock(features=RICH_TEXT_FEATURES),
        icon="list-ol",
        template="kb/blocks/steps.html",
    )
    code = CodeBlock()
    callout = CalloutBlock()
    image = ImageBlock()
