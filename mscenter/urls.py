from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path

from core.admin_login import admin_login
from core.cache import public_page
from core.captcha import captcha_audio, captcha_refresh
from drugs.sitemaps import DrugListSitemap, DrugSitemap
from glossary.sitemaps import GlossaryIndexSitemap, TermSitemap
from questions.feeds import CategoryFeed, LatestQuestionsFeed
from questions.sitemaps import (
    ArchiveSitemap,
    CategorySitemap,
    ExpertSitemap,
    QuestionSitemap,
    StaticSitemap,
)
from questions.views import robots_txt

sitemaps = {
    "pages": StaticSitemap,
    "drug-list": DrugListSitemap,
    "drugs": DrugSitemap,
    "glossary-index": GlossaryIndexSitemap,
    "glossary": TermSitemap,
    "questions": QuestionSitemap,
    "archive": ArchiveSitemap,
    "categories": CategorySitemap,
    "experts": ExpertSitemap,
}

urlpatterns = [
    path("admin/login/", admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    path(
        "sitemap.xml", public_page(params=("p",))(sitemap), {"sitemaps": sitemaps}, name="sitemap"
    ),
    path("robots.txt", public_page(robots_txt), name="robots_txt"),
]

# Every page a reader sees, in English at today's addresses and in Spanish under /es/.
urlpatterns += i18n_patterns(
    path("feeds/latest/", public_page(LatestQuestionsFeed()), name="feed_latest"),
    path("feeds/category/<slug:slug>/", public_page(CategoryFeed()), name="feed_category"),
    # Ours first: it reads the sum as "4 plus 7"; the rest is the library's.
    re_path(r"^captcha/audio/(?P<key>\w+)\.wav$", captcha_audio, name="captcha-audio"),
    path("captcha/refresh/", captcha_refresh, name="captcha-refresh"),
    path("captcha/", include("captcha.urls")),
    path("drugs/", include("drugs.urls")),
    path("glossary/", include("glossary.urls")),
    path("", include("reading.urls")),
    path("experts/", include("questions.expert_urls")),
    path("", include("feedback.urls")),
    path("", include("subscriptions.urls")),
    path("", include("search.urls")),
    path("", include("questions.urls")),
    prefix_default_language=False,
)

handler400 = "core.error_views.bad_request"
handler403 = "core.error_views.permission_denied"
handler404 = "core.error_views.page_not_found"
handler500 = "core.error_views.server_error"

if settings.BENCHMARK_ENDPOINTS:
    from django.views.decorators.cache import cache_page

    from core import bench_views
    from questions.views import home

    urlpatterns += [
        path("__bench__/bare/", bench_views.bare, name="bench_bare"),
        # The home page behind Django's own cache_page: the benchmark's comparison.
        path(
            "__bench__/stock-cache/",
            cache_page(10 * 60, key_prefix="bench-stock")(home),
            name="bench_stock_cache",
        ),
    ]
