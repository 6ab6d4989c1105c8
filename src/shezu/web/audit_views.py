"""The audit log (审计日志) page: the audit administrator's alone (三员分立).

Anyone else signed in gets a 404, never a 403: the page's existence is not confirmed to
a role that may not read it, the system and security administrators included.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from shezu.accounts.api import AuditAction, Role, account_of
from shezu.accounts.queries import audit_events

PER_PAGE = 50


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    account = account_of(request.user)
    if account is None or account.role != Role.AUDITADMIN:
        raise Http404("没有这个页面")
    username = request.GET.get("username", "").strip()
    action = request.GET.get("action", "").strip()
    if action not in AuditAction.values:
        action = ""
    page = Paginator(audit_events(username=username, action=action), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "web/audit_log.html",
        {
            "page": page,
            "username": username,
            "action": action,
            "actions": AuditAction.choices,
        },
    )
