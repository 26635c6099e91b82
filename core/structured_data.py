"""schema.org JSON-LD, written once for every page that carries it.

Emitted as `<script type="application/ld+json">`: a data block, not a script
that runs, so a strict Content-Security-Policy allows it. The JSON is escaped
like Django's `json_script` (`<`, `>` and `&` as \\u escapes), so no text in
it can close the element. (`json_script` itself cannot set the type.)
"""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data: dict[str, Any]) -> SafeString:
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_JSON_ESCAPES)),  # noqa: S308 - escaped just above
    )
