"""An expired password sends its user to the password change page, and nowhere else."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from shezu.accounts.models import Account
from shezu.accounts.passwords import password_expired

_ALLOWED_NAMES = ("web:password_change", "web:logout", "web:login")


class PasswordExpiry:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(("/static/", "/api/"))
        ):
            allowed = {reverse(name) for name in _ALLOWED_NAMES}
            account = Account.objects.filter(user=user).first()
            if account is not None and request.path not in allowed and password_expired(account):
                return redirect("web:password_change")
        return self.get_response(request)
