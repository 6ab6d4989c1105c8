"""The site's routes: pages under /, the JSON API under /api/v1/."""

from django.contrib.auth import views as auth_views
from django.urls import path

from shezu.party.models import TemplateKind
from shezu.web import (
    api,
    audit_views,
    import_views,
    party_views,
    responsibility_views,
    review_views,
    verification_views,
    views,
)

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.Login.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("organizations/", views.organizations, name="organizations"),
    path("organizations/<str:org_id>/", views.organization, name="organization"),
    path("review/", review_views.review_list, name="review_list"),
    path("review/<int:item_id>/", review_views.review_item, name="review_item"),
    path(
        "organizations/<str:org_id>/responsibility/",
        responsibility_views.responsibility,
        name="responsibility",
    ),
    path("bodies/<str:code>/", responsibility_views.body, name="body"),
    path("bodies/<str:code>/ledger.xlsx", responsibility_views.body_ledger, name="body_ledger"),
    path("verification/", verification_views.verification, name="verification"),
    path(
        "verification/tasks.xlsx",
        verification_views.verification_download,
        name="verification_download",
    ),
    path("party/", party_views.party_home, name="party_home"),
    path("party/orgs/<int:party_org_id>/", party_views.party_org, name="party_org"),
    path("party/members/", party_views.member_search, name="party_members"),
    path("party/members/<int:member_id>/", party_views.member, name="party_member"),
    path("imports/", import_views.imports, name="imports"),
    path("imports/confirm/", import_views.import_confirm, name="import_confirm"),
    path("imports/party/", import_views.party_import_upload, name="party_import"),
    path("imports/party/confirm/", import_views.party_import_confirm, name="party_import_confirm"),
    # One route per template, the kind fixed: not a parameter naming anyone's data.
    *(
        path(
            f"imports/party/template/{kind}.xlsx",
            import_views.party_template,
            {"kind": kind},
            name="party_template",
        )
        for kind in TemplateKind.values
    ),
    path("jobs/relink/", import_views.relink, name="relink"),
    path("jobs/<int:job_id>/", import_views.job, name="job"),
    path("jobs/<int:job_id>/status/", import_views.job_status, name="job_status"),
    path("jobs/<int:job_id>/rejects.xlsx", import_views.job_rejects, name="job_rejects"),
    path("audit/", audit_views.audit_log, name="audit_log"),
    path("api/v1/organizations", api.organizations, name="api_organizations"),
    path("api/v1/organizations/<str:org_id>", api.organization, name="api_organization"),
    path("api/v1/openapi.json", api.openapi, name="api_openapi"),
]
