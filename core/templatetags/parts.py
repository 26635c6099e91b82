"""`{% part "name" value … %}…{% endpart %}`: a part of a public page, kept
under a digest of the values named (core.parts). Every value the part shows
must be among them, or be derived from them alone.

Hand-written rather than Django's `{% cache %}`: that tag keys on `str()` of
its values (a drug's name, not its text), and raises while Redis is down,
where a page must be built without the cache.

A node inside a part that reads what the part's values do not name says so
with an `also_made_of` attribute, a cheap function whose value joins the key
(a `{% glossary %}` block: the glossary's terms). Nodes of an `{% include %}`
are not seen: a part holds such a node directly.

A `{% glossary %}` block inside a part marks its terms as linked only when the
part is rendered: a part holding one must come after every other block of its
page that links terms.
"""

from __future__ import annotations

from django import template
from django.template.base import FilterExpression, Node, NodeList, Parser, Token
from django.template.context import Context
from django.utils.safestring import SafeString, mark_safe

from ..parts import part

register = template.Library()


class PartNode(template.Node):
    def __init__(self, name: str, made_of: list[FilterExpression], nodelist: NodeList) -> None:
        self.name = name
        self.made_of = made_of
        self.nodelist = nodelist
        reads = (getattr(node, "also_made_of", None) for node in nodelist.get_nodes_by_type(Node))
        self.also = tuple(dict.fromkeys(read for read in reads if read is not None))

    def render(self, context: Context) -> SafeString:
        values = [value.resolve(context) for value in self.made_of]
        html = part(self.name, values, lambda: self.nodelist.render(context), self.also)
        # What the template rendered, as it rendered it (escaped where it escapes).
        return mark_safe(html)  # noqa: S308


@register.tag("part")
def do_part(parser: Parser, token: Token) -> PartNode:
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError("{% part %} takes a quoted name, then the values.")
    nodelist = parser.parse(("endpart",))
    parser.delete_first_token()
    made_of = [parser.compile_filter(bit) for bit in bits[2:]]
    return PartNode(bits[1][1:-1], made_of, nodelist)
