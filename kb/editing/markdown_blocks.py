"""Article bodies as Markdown for the public edit form, and Markdown back into StreamField blocks.

Markdown → blocks: `##`/`###` headings → heading blocks; fenced code → code block; ordered
lists → steps; `> **Note:**` / `> **Warning:**` quotes → callouts; `![caption](image:ID)` →
image block; everything else → paragraph rich text. The Markdown is converted by the Markdown
library with raw HTML kept as text (kb.markup) and sanitised with nh3 before and after it is cut
into blocks, so nothing but Wagtail's rich-text subset is ever stored.
"""

import re

import nh3
from bs4 import BeautifulSoup, NavigableString, Tag

from kb.blocks import CodeBlock
from kb.markup import URL_SCHEMES, markdown_to_html, sanitize_rich_text

CODE_LANGUAGES = {name for name, _label in CodeBlock.base_blocks["language"].field.choices}
CALLOUT_LABELS = {
    "note": "note",
    "remarque": "note",
    "warning": "warning",
    "attention": "warning",
    "avertissement": "warning",
}
CALLOUT_WORDS = {"note": "Note", "warning": "Warning"}

# What may come out of the Markdown converter before the body is cut into blocks.
_PARSE_TAGS = {
    "p", "br", "b", "strong", "i", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a",
    "h1", "h2", "h3", "h4", "h5", "h6", "img",
}  # fmt: skip
_PARSE_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}, "code": {"class"}}
_PARSE_SCHEMES = URL_SCHEMES | {"page", "image"}
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]])")
_LINE_START_SPECIAL = re.compile(r"^(\s*)([#>+=|-]|\d+\.)")


# ---------------------------------------------------------------- blocks → Markdown


def body_to_markdown(body):
    """The Markdown text of a StreamField value (or its raw list of blocks)."""
    raw = body.raw_data if hasattr(body, "raw_data") else body
    parts = [_block_to_markdown(block["type"], block["value"]) for block in raw]
    return "\n\n".join(part for part in parts if part) + "\n"


def _block_to_markdown(kind, value):
    if kind == "heading":
        marks = "###" if value.get("level") == "h3" else "##"
        return f"{marks} {_escape(value.get('text', ''))}"
    if kind == "paragraph":
        return _rich_to_markdown(value)
    if kind == "steps":
        items = [item["value"] if isinstance(item, dict) else item for item in value]
        return "\n".join(
            f"{n}. " + _rich_to_markdown(item).replace("\n", "\n    ")
            for n, item in enumerate(items, 1)
        )
    if kind == "code":
        code = value.get("code", "").rstrip("\n")
        fence = "~~~" if "```" in code else "```"
        return f"{fence}{value.get('language') or 'text'}\n{code}\n{fence}"
    if kind == "callout":
        word = CALLOUT_WORDS.get(value.get("kind"), "Note")
        text = f"**{word}:** " + _rich_to_markdown(value.get("text", ""))
        return "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))
    if kind == "image":
        return f"![{_escape(value.get('caption') or '')}](image:{value.get('image')})"
    return ""


def _rich_to_markdown(html):
    soup = BeautifulSoup(html or "", "html.parser")
    parts = []
    for node in soup.children:
        if isinstance(node, Tag) and node.name in ("ul", "ol"):
            parts.append(_list_to_markdown(node))
        elif isinstance(node, Tag):
            parts.append(_escape_line_start(_inline(node).strip()))
        elif node.strip():
            parts.append(_escape_line_start(_escape(str(node)).strip()))
    return "\n\n".join(part for part in parts if part)


def _list_to_markdown(node):
    lines = []
    for n, item in enumerate(node.find_all("li", recursive=False), 1):
        marker = f"{n}." if node.name == "ol" else "-"
        lines.append(f"{marker} {_inline(item).strip()}")
    return "\n".join(lines)


def _inline(node):
    out = []
    for child in node.children:
        if isinstance(child, NavigableString):
            out.append(_escape(str(child)))
        elif child.name in ("b", "strong"):
            out.append(_wrap(_inline(child), "**"))
        elif child.name in ("i", "em"):
            out.append(_wrap(_inline(child), "*"))
        elif child.name == "code":
            text = child.get_text()
            tick = "``" if "`" in text else "`"
            out.append(f"{tick}{text}{tick}")
        elif child.name == "a":
            out.append(f"[{_inline(child)}]({_link_target(child)})")
        elif child.name == "br":
            out.append("  \n")
        elif child.name in ("ul", "ol"):
            out.append("\n" + _list_to_markdown(child))
        elif child.name == "p":
            out.append(("\n\n" if out else "") + _inline(child))
        else:
            out.append(_inline(child))
    return "".join(out)


def _wrap(text, marker):
    """Emphasis markers must touch the text: keep surrounding spaces outside them."""
    stripped = text.strip()
    if not stripped:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}{marker}{stripped}{marker}{trail}"


def _link_target(anchor):
    if anchor.get("linktype") == "page" and anchor.get("id"):
        return f"page:{anchor['id']}"
    return (anchor.get("href") or "").replace(" ", "%20").replace(")", "%29")


def _escape(text):
    return _INLINE_SPECIAL.sub(r"\\\1", text).replace("<", "&lt;")


def _escape_line_start(text):
    return _LINE_START_SPECIAL.sub(lambda m: m.group(1) + _escape_start(m.group(2)), text)


def _escape_start(token):
    return token[:-1] + "\\." if token.endswith(".") else "\\" + token


# ---------------------------------------------------------------- Markdown → blocks


def markdown_to_body(text):
    """The raw StreamField data (a list of {"type", "value"}) of a Markdown text."""
    html = markdown_to_html(text, extensions=["fenced_code"])
    clean = nh3.clean(
        html,
        tags=_PARSE_TAGS,
        attributes=_PARSE_ATTRIBUTES,
        url_schemes=_PARSE_SCHEMES,
        link_rel=None,
    )
    soup = BeautifulSoup(clean, "html.parser")
    blocks, paragraph = [], []

    def flush():
        html = sanitize_rich_text("".join(paragraph)).strip()
        if html:
            blocks.append({"type": "paragraph", "value": html})
        paragraph.clear()

    for node in soup.children:
        if isinstance(node, NavigableString):
            if node.strip():
                paragraph.append(f"<p>{_rich(node)}</p>")
            continue
        new_blocks = _node_to_blocks(node)
        if new_blocks is None:
            paragraph.append(_rich(node))
        else:
            flush()
            blocks += new_blocks
    flush()
    return blocks


def _node_to_blocks(node):
    """The blocks of a top-level node; None if it belongs in the running paragraph."""
    name = node.name
    if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
        text = " ".join(node.get_text().split())
        level = "h2" if name in ("h1", "h2") else "h3"
        return [{"type": "heading", "value": {"text": text, "level": level}}] if text else []
    if name == "pre":
        code = node.find("code") or node
        language = "text"
        for css_class in code.get("class") or []:
            if css_class.startswith("language-") and css_class[9:] in CODE_LANGUAGES:
                language = css_class[9:]
        text = code.get_text().rstrip("\n")
        return [{"type": "code", "value": {"language": language, "code": text}}]
    if name == "ol":
        items = [_list_item_html(li) for li in node.find_all("li", recursive=False)]
        items = [item for item in items if item]
        return [{"type": "steps", "value": items}] if items else []
    if name == "blockquote":
        return _quote_blocks(node)
    if name == "p":
        return _image(node)
    return None


def _list_item_html(li):
    if li.find(["p", "ul", "ol"], recursive=False):
        html = "".join(
            _rich(child)
            if isinstance(child, Tag) and child.name in ("p", "ul", "ol")
            else (f"<p>{_rich(child)}</p>" if str(child).strip() else "")
            for child in li.children
        )
    else:
        html = f"<p>{_rich_children(li).strip()}</p>"
    return sanitize_rich_text(html).strip().replace("<p></p>", "")


def _quote_blocks(node):
    """Each `> **Note:**` / `> **Warning:**` paragraph starts a callout; other quotes are text."""
    groups = []
    for child in node.children:
        if isinstance(child, NavigableString) and not child.strip():
            continue
        kind = _callout_kind(child)
        if kind or not groups:
            groups.append((kind, []))
        groups[-1][1].append(child)
    blocks = []
    for kind, children in groups:
        if kind:
            first = children[0]
            first.contents[0].extract()
            if first.contents and isinstance(first.contents[0], NavigableString):
                first.contents[0].replace_with(first.contents[0].lstrip())
        html = sanitize_rich_text("".join(_rich(child) for child in children)).strip()
        html = html.replace("<p></p>", "")
        if kind:
            blocks.append({"type": "callout", "value": {"kind": kind, "text": html or "<p></p>"}})
        elif html:
            blocks.append({"type": "paragraph", "value": html})
    return blocks


def _callout_kind(node):
    if not isinstance(node, Tag) or node.name != "p" or not node.contents:
        return None
    label = node.contents[0]
    if isinstance(label, Tag) and label.name == "strong":
        return CALLOUT_LABELS.get(label.get_text().strip().rstrip(":").strip().lower())
    return None


def _image(paragraph):
    """A paragraph made of `![caption](image:ID)` alone is an image block."""
    children = [
        c for c in paragraph.children if not (isinstance(c, NavigableString) and not c.strip())
    ]
    if len(children) == 1 and isinstance(children[0], Tag) and children[0].name == "img":
        match = re.fullmatch(r"image:(\d+)", children[0].get("src") or "")
        if match:
            caption = children[0].get("alt") or ""
            return [{"type": "image", "value": {"image": int(match[1]), "caption": caption}}]
    return None


def _rich(node):
    """A sanitised node as Wagtail rich-text HTML (strong → b, em → i, page: links)."""
    if isinstance(node, NavigableString):
        return nh3.clean_text(str(node))
    for tag in node.find_all(["strong", "em", "a"]) + [node]:
        if tag.name == "strong":
            tag.name = "b"
        elif tag.name == "em":
            tag.name = "i"
        elif tag.name == "a":
            match = re.fullmatch(r"page:(\d+)", tag.get("href") or "")
            if match:
                del tag["href"]
                tag["linktype"], tag["id"] = "page", match[1]
    return str(node)


def _rich_children(node):
    return "".join(_rich(child) for child in list(node.children))
