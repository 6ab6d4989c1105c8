"""The root URL conf: every route lives in the web context, under its `web` namespace."""

from django.urls import include, path

urlpatterns = [path("", include("shezu.web.urls"))]
