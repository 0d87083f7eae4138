from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from kb import preview, search, views

urlpatterns = [
    path("healthz/", views.health, name="health"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/setlang/", set_language, name="set_language"),
    path("preview/", preview.markdown_preview, name="markdown_preview"),
    path("favicon.ico", RedirectView.as_view(url=static_url("kb/favicon.ico"), permanent=True)),
    path("accounts/", include("kb.accounts.urls")),
    path("wiki/", include("kb.editing.urls")),
    path("forum/", include("kb.forum.urls")),
    path("social/", include("social.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("search/", search.search_view, name="search"),
    path("search/suggest/", search.autocomplete_view, name="search_suggest"),
    path("", include(wagtail_urls)),
)
