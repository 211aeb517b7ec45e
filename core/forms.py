"""Form fields for URLs that visitors edit by hand: they never reject, they report.

Unknown, repeated or absurd values are dropped, and every dropped value
becomes a notice the page shows ("... is genegeerd").
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import shorten

MAX_VALUES = 30
MAX_QUERY_LENGTH = 200


class OptionsField(forms.Field):
    """A list of option keys; keeps the known ones and notes the rest.

    `options` is a function returning {key: label}; it runs at most once per
    form, and the page reuses its result to draw the filter panel.
    """

    widget = forms.SelectMultiple

    def __init__(self, *, options, multiple=True, **kwargs):
        self.load_options = options
        self.multiple = multiple
        self._options = None
        self.notices = []
        super().__init__(**kwargs)

    def options(self):
        if self._options is None:
            self._options = self.load_options()
        return self._options

    def clean(self, value):
        if value in (None, ""):
            return []
        values = [value] if isinstance(value, str) else list(value)
        options = self.options()
        kept, self.notices = [], []
        for raw in values[:MAX_VALUES]:
            key = raw.strip().lower()
            if key in options:
                if key not in kept:
                    kept.append(key)
            elif key:
                self.notices.append(
                    _("Onbekende waarde ‘%(value)s’ voor %(filter)s is genegeerd.")
                    % {"value": shorten(raw), "filter": str(self.label).lower()}
                )
        if len(values) > MAX_VALUES:
            self.notices.append(
                _("Alleen de eerste %(max)s waarden voor %(filter)s zijn gebruikt.")
                % {"max": MAX_VALUES, "filter": str(self.label).lower()}
            )
        if not self.multiple and len(kept) > 1:
            self.notices.append(
                _("Er kan maar één %(filter)s gekozen worden; ‘%(value)s’ is gebruikt.")
                % {"filter": str(self.label).lower(), "value": options[kept[0]]}
            )
            kept = kept[:1]
        return kept


class QueryField(forms.CharField):
    """Free text; control characters are removed and very long text is cut."""

    notices = ()

    def clean(self, value):
        self.notices = []
        # Tabs and line breaks separate words; other control characters go.
        value = "".join(ch if ch.isprintable() else " " if ch.isspace() else "" for ch in (value or ""))
        value = " ".join(value.split())
        if len(value) > MAX_QUERY_LENGTH:
            self.notices.append(
                _("Uw zoekopdracht was langer dan %(max)s tekens en is ingekort.") % {"max": MAX_QUERY_LENGTH}
            )
            value = value[:MAX_QUERY_LENGTH]
        return value
