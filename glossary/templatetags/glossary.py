"""`{% glossary %}…{% endglossary %}`: the first use of each glossary term in
what it wraps links to the term, with its explanation in place.

One tag for the Q&A page and the drug page. "First use" counts across the
whole page: every `{% glossary %}` block of one page shares the terms already
linked, kept in the render context's outermost layer (the one that lives for
the whole page, includes and blocks alike).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import NodeList, Parser, Token
from django.template.context import Context
from django.utils.safestring import SafeString, mark_safe

from ..linking import link_terms
from ..selectors import linked_terms, linked_terms_digest

register = template.Library()

_SEEN = "glossary.linked-on-this-page"


def _seen_on_page(context: Context) -> set[str]:
    # Django's stubs type the render context's values as str; this one is ours.
    outermost: dict[str, Any] = context.render_context.dicts[0]  # type: ignore[assignment]
    seen: set[str] = outermost.setdefault(_SEEN, set())
    return seen


class GlossaryNode(template.Node):
    # Inside a kept part (core.parts), the terms it links are part of the key.
    also_made_of = staticmethod(linked_terms_digest)

    def __init__(self, nodelist: NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: Context) -> SafeString:
        html = self.nodelist.render(context)
        # The wrapped HTML is the template's own output; only its text changes
        # and every piece of text is escaped again (glossary.linking).
        return mark_safe(link_terms(html, linked_terms(), _seen_on_page(context)))  # noqa: S308


@register.tag("glossary")
def do_glossary(parser: Parser, token: Token) -> GlossaryNode:
    nodelist = parser.parse(("endglossary",))
    parser.delete_first_token()
    return GlossaryNode(nodelist)
