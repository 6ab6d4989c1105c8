"""The root routes: the web app's pages under the `web` namespace its views reverse
(`web:login`, `web:home` …), which a root urlconf's own app_name does not create."""

from django.urls import include, path

urlpatterns = [
    path("", include("shezu.web.urls")),
]
