"""The JSON API under /api/v1/: read-only, token auth only, the same jurisdiction as the
pages (`organizations_for_user`) and the same search (`search.organizations_find`).

A token (`Authorization: Bearer …`) is the only credential: a session cookie is ignored,
so a page open in a browser cannot be turned into an API client by a forged request,
and CSRF does not apply. Every call is audited (接口访问).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Final

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from shezu.accounts.api import AuditAction, audit_record
from shezu.accounts.tokens import user_for_token
from shezu.census.models import Organization
from shezu.web.jurisdiction import organization_get_for_user
from shezu.web.search import FILTERS, Criteria, organizations_find

PAGE_SIZE: Final = 50
MAX_PAGE_SIZE: Final = 500
LISTED: Final = (
    "org_id", "name", "uscc", "county_code", "township_code", "category", "level", "status",
)  # fmt: skip

_View = Callable[..., HttpResponse]


def _error(status: int, detail: str) -> JsonResponse:
    return JsonResponse(
        {"detail": detail}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def token_required(view: _View) -> _View:
    """GET only, with a valid bearer token; the token's user becomes `request.user`."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "GET":
            response = _error(405, "只支持 GET (method not allowed)")
            response["Allow"] = "GET"
            return response
        scheme, _, key = request.headers.get("Authorization", "").partition(" ")
        user = user_for_token(key.strip()) if scheme.lower() == "bearer" else None
        if user is None:
            response = _error(401, "需要有效的接口令牌 (a valid bearer token is required)")
            response["WWW-Authenticate"] = 'Bearer realm="shezu"'
            return response
        request.user = user  # replaces any session user: the token alone decides
        answered = view(request, *args, **kwargs)
        audit_record(
            request,
            AuditAction.API,
            object_type="organization" if "org_id" in kwargs else "",
            object_id=str(kwargs.get("org_id", "")).upper(),
            detail={"path": request.get_full_path(), "status": answered.status_code},
        )
        return answered

    return wrapped


def _positive(params: Any, name: str, default: int) -> int | None:
    text = params.get(name)
    if text in (None, ""):
        return default
    try:
        value = int(text)
    except ValueError:
        return None
    return value if value >= 1 else None


@token_required
def organizations(request: HttpRequest) -> HttpResponse:
    """`GET /api/v1/organizations?q=&county=&…&page=&page_size=`: the organizations found,
    `page_size` a page (default 50, at most 500), with the total and the next page's URL."""
    page = _positive(request.GET, "page", 1)
    size = _positive(request.GET, "page_size", PAGE_SIZE)
    if page is None:
        return _error(400, "page 应为正整数 (page must be a positive integer)")
    if size is None:
        return _error(400, "page_size 应为正整数 (page_size must be a positive integer)")
    size = min(size, MAX_PAGE_SIZE)
    result = organizations_find(request.user, Criteria.from_params(request.GET))
    found = result.organizations
    count = result.total(exact=True).n
    start = (page - 1) * size
    rows = list(found.values(*LISTED)[start : start + size]) if start < count else []
    following = None
    if start + size < count:
        params = request.GET.copy()
        params["page"] = str(page + 1)
        following = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
    return JsonResponse(
        {"count": count, "next": following, "results": rows},
        json_dumps_params={"ensure_ascii": False},
    )


@token_required
def organization(request: HttpRequest, org_id: str) -> HttpResponse:
    """`GET /api/v1/organizations/<org_id>`: the golden record; 404 outside the user's area."""
    try:
        found = organization_get_for_user(request.user, org_id)
    except Http404:
        return _error(404, "没有这个组织，或不在您的辖区内 (not found)")
    return JsonResponse(_golden(found), json_dumps_params={"ensure_ascii": False})


def _golden(organization: Organization) -> dict[str, Any]:
    return {
        **{name: getattr(organization, name) for name in LISTED},
        "org_code": organization.org_code,
        "fields": organization.fields or {},
        "conflicts": organization.conflicts or [],
        "flags": organization.flags or [],
    }


def openapi(request: HttpRequest) -> HttpResponse:
    """`GET /api/v1/openapi.json`: the API described (no token needed to read it)."""
    return JsonResponse(openapi_document(), json_dumps_params={"ensure_ascii": False})


def openapi_document() -> dict[str, Any]:
    listed = {name: {"type": "string"} for name in LISTED}
    text = {"type": "string"}
    error = {"$ref": "#/components/schemas/Error"}

    def answer(description: str, schema: dict[str, Any]) -> dict[str, Any]:
        return {"description": description, "content": {"application/json": {"schema": schema}}}

    filters = [
        {"name": name, "in": "query", "required": False, "schema": text}
        for name in ("q", *FILTERS, "sort")
    ]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "社组 · 社会组织台账接口",
            "version": "1",
            "description": "只读；每次调用记入审计日志；只返回令牌所属用户辖区内的组织。",
        },
        "servers": [{"url": reverse("web:api_organizations").rsplit("/", 1)[0]}],
        "security": [{"bearer": []}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {
                    "type": "object",
                    "properties": {"detail": text},
                    "required": ["detail"],
                },
                "OrganizationListed": {
                    "type": "object",
                    "properties": listed,
                    "required": list(LISTED),
                },
                "Organization": {
                    "type": "object",
                    "properties": {
                        **listed,
                        "org_code": text,
                        "fields": {"type": "object", "description": "golden record: field → value"},
                        "conflicts": {"type": "array", "items": {"type": "object"}},
                        "flags": {"type": "array", "items": text},
                    },
                    "required": [*LISTED, "org_code", "fields", "conflicts", "flags"],
                },
            },
        },
        "paths": {
            "/organizations": {
                "get": {
                    "summary": "查找组织 (search the register)",
                    "operationId": "organizationsList",
                    "parameters": [
                        *filters,
                        {
                            "name": "page",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 1},
                        },
                        {
                            "name": "page_size",
                            "in": "query",
                            "schema": {
                                "type": "integer",
                                "minimum": 1,
                                "maximum": MAX_PAGE_SIZE,
                                "default": PAGE_SIZE,
                            },
                            "description": f"larger values are served as {MAX_PAGE_SIZE}",
                        },
                    ],
                    "responses": {
                        "200": answer(
                            "a page of organizations",
                            {
                                "type": "object",
                                "properties": {
                                    "count": {"type": "integer"},
                                    "next": {"type": ["string", "null"], "format": "uri"},
                                    "results": {
                                        "type": "array",
                                        "items": {
                                            "$ref": "#/components/schemas/OrganizationListed"
                                        },
                                    },
                                },
                                "required": ["count", "next", "results"],
                            },
                        ),
                        "400": answer("page or page_size is not a positive integer", error),
                        "401": answer("no valid bearer token", error),
                    },
                }
            },
            "/organizations/{org_id}": {
                "get": {
                    "summary": "一个组织的登记信息 (one organization's golden record)",
                    "operationId": "organizationGet",
                    "parameters": [
                        {"name": "org_id", "in": "path", "required": True, "schema": text}
                    ],
                    "responses": {
                        "200": answer(
                            "the golden record", {"$ref": "#/components/schemas/Organization"}
                        ),
                        "401": answer("no valid bearer token", error),
                        "404": answer("no such organization in the user's area", error),
                    },
                }
            },
            "/openapi.json": {
                "get": {
                    "summary": "this document",
                    "operationId": "openapi",
                    "security": [],
                    "responses": {"200": {"description": "OpenAPI 3.1"}},
                }
            },
        },
    }
