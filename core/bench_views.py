"""A reference point for `scripts/benchmark`, mounted only when
`BENCHMARK_ENDPOINTS` is true.

`bare` does no work of its own: whatever it costs is the cost of the stack
every page goes through (gunicorn, WSGI, URL resolution, all the middleware).
The benchmark reports each page's throughput as a share of this one.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

# Short and fixed; the benchmark serves a static file of the same size beside it.
BODY = b"bare benchmark response: no queries, no template, no cache\n" * 4


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(BODY, content_type="text/plain; charset=utf-8")
