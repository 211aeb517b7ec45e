from django.core.paginator import Paginator
from django.utils.translation import gettext as _

from core.text import shorten


def paginate(request, object_list, per_page, param="pagina"):
    """The requested page, or the nearest one that exists, with notices about any correction.

    The page carries `elided_range`: the page numbers to link to, with
    `Paginator.ELLIPSIS` where a long run is left out.
    """
    paginator = Paginator(object_list, per_page)
    number, notices = _page_number(request.GET.getlist(param), paginator)
    page = paginator.page(number)
    page.elided_range = list(paginator.get_elided_page_range(number, on_each_side=2, on_ends=1))
    return page, notices


def _page_number(values, paginator):
    if not values:
        return 1, []
    notices = []
    if len(values) > 1:
        notices.append(_("Er werd meer dan één paginanummer gevraagd; het eerste is gebruikt."))
    try:
        number = int(values[0])
        if number < 1:
            raise ValueError
    except ValueError:
        notices.append(
            _("‘%(value)s’ is geen geldig paginanummer; pagina 1 wordt getoond.") % {"value": shorten(values[0])}
        )
        number = 1
    if number > paginator.num_pages:
        notices.append(
            _("Pagina %(number)s bestaat niet; de laatste pagina (%(last)s) wordt getoond.")
            % {"number": shorten(str(number)), "last": paginator.num_pages}
        )
        number = paginator.num_pages
    return number, notices


def neighbours(obj):
    """The previous and next object by number, for the pager of a numbered page."""
    others = type(obj).objects
    return {
        "previous": others.filter(number__lt=obj.number).order_by("-number").first(),
        "next": others.filter(number__gt=obj.number).order_by("number").first(),
    }
