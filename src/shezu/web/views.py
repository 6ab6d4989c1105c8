"""Pages: thin views over the contexts' queries, every read through jurisdiction.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from shezu.accounts.api import AuditAction, account_of, audit_record
from shezu.accounts.passwords import password_set
from shezu.web.jurisdiction import organizations_for_user


class Login(auth_views.LoginView):
    template_name = "web/login.html"
    redirect_authenticated_user = True


@login_required
def home(request: HttpRequest) -> HttpResponse:
    account = account_of(request.user)
    visible = organizations_for_user(request.user)
    return render(
        request,
        "web/home.html",
        {
            "organizations": visible.count(),
            "sees_business_data": bool(account and account.sees_business_data),
        },
    )


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # login_required
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        password_set(user, form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)
        audit_record(request, AuditAction.PASSWORD_CHANGED)
        messages.success(request, "密码已修改")
        return redirect("web:home")
    return render(request, "web/password_change.html", {"form": form})
