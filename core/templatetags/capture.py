"""`{% capture name %}...{% endcapture %}`: render once, use the result more than once.

Django renders a `{% block %}` only once, yet the page title is needed in
`<title>` and in `og:title`, the description in two meta tags. base.html
captures the blocks that child templates fill, so each value comes from one place.
"""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


class CaptureNode(template.Node):
    child_nodelists = ("nodelist",)  # so {% extends %} finds the blocks inside

    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        # The output is already escaped by the template; collapse the whitespace of multi-line blocks.
        context[self.name] = mark_safe(" ".join(self.nodelist.render(context).split()))
        return ""


@register.tag
def capture(parser, token):
    """Store what is between `{% capture name %}` and `{% endcapture %}` in the variable `name`."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("Usage: {% capture name %}...{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[1])
