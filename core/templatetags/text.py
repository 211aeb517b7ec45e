from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def paragraphs(text):
    """Text with blank lines between paragraphs as HTML; a block of "- " lines becomes a list."""
    html = []
    for block in (text or "").replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in block.strip().split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            items = format_html_join("", "<li>{}</li>", ((line[2:],) for line in lines))
            html.append(format_html("<ul>{}</ul>", items))
        else:
            html.append(format_html("<p>{}</p>", " ".join(lines)))
    return mark_safe("\n".join(html))


@register.filter
def first_paragraph(text):
    """The first paragraph of `text`, as plain text, for cards and meta descriptions."""
    return (text or "").strip().split("\n\n")[0].strip()


@register.filter
def lower_first(text):
    """A role after a name: "Wethouder" → "wethouder", but names inside it and acronyms keep their capitals."""
    text = text or ""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]
