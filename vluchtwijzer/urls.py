from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from content import views as content_views
from content.admin_translations import translation_dashboard
from trajecten import views as trajecten_views

from .health import healthz
from .sitemaps import SITEMAPS

admin.site.site_header = "Vluchtwijzer"
admin.site.site_title = "Vluchtwijzer"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("sw.js", content_views.service_worker, name="service_worker"),
    path(
        "admin/vertalingen/",
        admin.site.admin_view(translation_dashboard),
        name="translation_dashboard",
    ),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]

if settings.BENCH_ENDPOINTS:
    from bench.floor import floor

    urlpatterns.append(path("bench/floor/", floor))

urlpatterns += i18n_patterns(
    path("", trajecten_views.home, name="home"),
    path("trajecten/", include("trajecten.urls")),
    path("organisaties/", include("organisaties.urls")),
    path("", include("content.urls")),
)
