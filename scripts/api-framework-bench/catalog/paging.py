"""Page links shared by the plain and ninja views, built the way DRF's PageNumberPagination builds them."""

from urllib import parse

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, JsonResponse

PAGE_SIZE = 12


def _with_page(url, number):
    scheme, netloc, path, query, fragment = parse.urlsplit(url)
    params = parse.parse_qs(query, keep_blank_values=True)
    if number == 1:
        params.pop("page", None)
    else:
        params["page"] = [str(number)]
    return parse.urlunsplit((scheme, netloc, path, parse.urlencode(sorted(params.items()), doseq=True), fragment))


def paginate(request, queryset):
    """(items of the requested page, {"count", "next", "previous"}); Http404 for an impossible page."""
    paginator = Paginator(queryset, PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage as exc:
        raise Http404(str(exc)) from exc
    url = request.build_absolute_uri()
    links = {
        "count": paginator.count,
        "next": _with_page(url, page.next_page_number()) if page.has_next() else None,
        "previous": _with_page(url, page.previous_page_number()) if page.has_previous() else None,
    }
    return list(page.object_list), links


def problem(status, title, detail=""):
    """An RFC 9457 problem document."""
    body = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    response = JsonResponse(body, status=status, content_type="application/problem+json")
    response["API-Version"] = settings.API_VERSION
    return response
