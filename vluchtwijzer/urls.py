"""The composition: every app's URLs in one place (this is the only package that imports every app)."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from actueel.admin import review_queue
from content import views as content_views
from content.dashboard import translation_dashboard
from content.health import healthz
from onderhoud import views as onderhoud_views
from trajecten import views as trajecten_views
from vertalen import views as vertalen_views

from .sitemaps import SITEMAPS

# No benchmark endpoint is ever routed here: `make bench` serves its floor with its own URLconf
# (bench/settings.py), so production cannot expose it whatever the environment says.
urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("sw.js", content_views.service_worker, name="service_worker"),
    path("favicon.ico", content_views.favicon, name="favicon"),
    path(
        "admin/vertalingen/",
        admin.site.admin_view(translation_dashboard),
        name="translation_dashboard",
    ),
    path("admin/nakijken/", admin.site.admin_view(review_queue), name="review_queue"),
    path(
        "admin/vertalingen/bestanden/",
        admin.site.admin_view(vertalen_views.export),
        name="translation_files",
    ),
    path(
        "admin/vertalingen/bestanden/opladen/",
        admin.site.admin_view(vertalen_views.upload),
        name="translation_upload",
    ),
    path(
        "admin/vertalingen/<str:language>/nakijken/",
        admin.site.admin_view(vertalen_views.review),
        name="translation_review",
    ),
    path(
        "admin/vertalingen/<str:language>/termen/",
        admin.site.admin_view(vertalen_views.term_check),
        name="translation_terms",
    ),
    path("admin/mijn-regio/", admin.site.admin_view(onderhoud_views.my_region), name="my_region"),
    # Passkey ceremonies (django-otp-webauthn's JSON endpoints) for the second sign-in step.
    path("admin/passkeys/", include("django_otp_webauthn.urls", namespace="otp_webauthn")),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]

urlpatterns += i18n_patterns(
    path("", trajecten_views.home, name="home"),
    path("", include("trajecten.urls")),
    path("organisaties/", include("organisaties.urls")),
    path("woordenlijst/", include("woordenlijst.urls")),
    path("zoeken/", include("zoeken.urls")),
    path("actueel/", include("actueel.urls")),
    path("", include("onderhoud.urls")),  # melden/ (reader reports), controle/ (listing checks)
    path("stappen/", include("stappen.urls")),
)
