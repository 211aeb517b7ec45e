"""The two public forms, with Dutch messages and a honeypot against spam robots."""

from django import forms
from django.utils.translation import gettext_lazy as _

from interventions.models import Theme
from municipalities.models import Municipality, Region

MESSAGE_MAX_LENGTH = 5000
STORY_MAX_LENGTH = 10000
# The value of the place list's last option: the place is not in the list.
OTHER_PLACE = "anders"


def required(message):
    return {"required": message}


# Django fills in the limit and the length typed.
TOO_LONG = {"max_length": _("Dit is te lang: gebruik hooguit %(limit_value)d tekens (het zijn er nu %(show_value)d).")}


def text_field(label, *, max_length=200, if_empty=None, rows=None, **kwargs):
    """A text field with Dutch messages: `if_empty` says what to fill in (None: the field may stay empty);
    with `rows`, a text area."""
    if rows:
        kwargs["widget"] = forms.Textarea(attrs={"rows": rows})
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=bool(if_empty),
        error_messages={**required(if_empty), **TOO_LONG} if if_empty else TOO_LONG,
        **kwargs,
    )


class SpamTrapForm(forms.Form):
    """A form with a field that people never see and robots fill in."""

    # Not "honeypot": robots skip fields with such names. The template hides it from people, screen readers
    # and the keyboard (see templates/contact/_honeypot.html).
    website = forms.CharField(label=_("Laat dit veld leeg"), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def is_spam(self):
        return bool(self.data.get("website", "").strip())


class SenderFields(forms.Form):
    name = text_field(
        _("Uw naam"), if_empty=_("Vul uw naam in."), widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("Uw e-mailadres"),
        max_length=254,
        error_messages={
            **required(_("Vul uw e-mailadres in.")),
            "invalid": _("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."),
            **TOO_LONG,
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organisation = text_field(
        _("Uw organisatie (niet verplicht)"), widget=forms.TextInput(attrs={"autocomplete": "organization"})
    )


class ContactRequestForm(SpamTrapForm, SenderFields):
    """ "Vind elkaar": a question about an intervention for the coordinators of its region."""

    message = text_field(
        _("Uw vraag of bericht"),
        max_length=MESSAGE_MAX_LENGTH,
        if_empty=_("Schrijf uw vraag of bericht."),
        rows=6,
        help_text=_("Bijvoorbeeld wat u wilt weten of met wie u in contact wilt komen. Hooguit 5000 tekens."),
    )
    consent = forms.BooleanField(
        label=_(
            "Ik geef toestemming dat de regiocoördinator mijn naam, e-mailadres en organisatie doorgeeft aan de "
            "mensen achter deze interventie."
        ),
        error_messages=required(
            _("Geef toestemming om uw gegevens door te geven; anders kunnen wij u niet in contact brengen.")
        ),
    )

    field_order = ["name", "email", "organisation", "message", "consent", "website"]


def place_choices():
    """The known municipalities grouped by province, and a last option for a place not in the list."""
    groups = {}
    for municipality in Municipality.objects.select_related("province").order_by("province__name", "name"):
        groups.setdefault(municipality.province.name, []).append((municipality.slug, municipality.name))
    return [
        ("", _("Kies een gemeente")),
        *groups.items(),
        (_("Niet in de lijst"), [(OTHER_PLACE, _("Andere gemeente"))]),
    ]


class ProposalForm(SpamTrapForm, SenderFields):
    """ "Deel je aanpak": a practitioner's approach, which becomes a draft intervention for the region."""

    title = text_field(_("Naam van uw aanpak"), if_empty=_("Geef uw aanpak een naam."))
    place = forms.ChoiceField(
        label=_("Gemeente"),
        help_text=_("Staat uw gemeente er niet bij? Kies dan ‘Andere gemeente’ helemaal onderaan."),
        error_messages={
            **required(_("Kies de gemeente waar uw aanpak loopt.")),
            "invalid_choice": _("Kies een gemeente uit de lijst."),
        },
    )
    other_place = text_field(_("Andere gemeente"), help_text=_("Alleen invullen als u ‘Andere gemeente’ koos."))
    region = forms.ModelChoiceField(
        label=_("Regio van de andere gemeente"),
        queryset=Region.objects.all(),
        required=False,
        empty_label=_("Kies een regio"),
        help_text=_("Alleen nodig bij ‘Andere gemeente’: dan weten we welke regiocoördinator uw aanpak bekijkt."),
        error_messages={"invalid_choice": _("Kies een regio uit de lijst.")},
    )
    context = text_field(
        _("Context: waarom is de aanpak nodig?"),
        max_length=STORY_MAX_LENGTH,
        if_empty=_("Beschrijf de context van uw aanpak."),
        rows=6,
        help_text=_("De situatie en de vraag waar de aanpak op antwoordt."),
    )
    approach = text_field(
        _("Aanpak: wat doet u?"), max_length=STORY_MAX_LENGTH, if_empty=_("Beschrijf wat u doet."), rows=6
    )
    results = text_field(
        _("Opbrengsten: wat levert het op? (niet verplicht)"),
        max_length=STORY_MAX_LENGTH,
        rows=6,
        help_text=_("Laat leeg als het nog te vroeg is om dat te zeggen."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Thema's (niet verplicht)"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Kies thema's uit de lijst."), "invalid_pk_value": _("Onbekend thema.")},
    )
    consent = forms.BooleanField(
        label=_(
            "Ik geef toestemming dat de GKA mijn naam, e-mailadres en organisatie bewaart en gebruikt om contact met "
            "mij op te nemen over deze aanpak."
        ),
        error_messages=required(_("Geef toestemming; anders kunnen wij uw aanpak niet met u bespreken.")),
    )

    field_order = [
        "title",
        "place",
        "other_place",
        "region",
        "context",
        "approach",
        "results",
        "themes",
        "name",
        "email",
        "organisation",
        "consent",
        "website",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = place_choices()

    def clean(self):
        cleaned = super().clean()
        place = cleaned.get("place")
        if place == OTHER_PLACE:
            if not cleaned.get("other_place", "").strip() and "other_place" not in self.errors:
                self.add_error("other_place", _("Vul de naam van uw gemeente in."))
            if not cleaned.get("region") and "region" not in self.errors:
                self.add_error("region", _("Kies de regio van uw gemeente."))
            cleaned["municipality"] = None
        elif place:
            cleaned["municipality"] = Municipality.objects.select_related("province__region").get(slug=place)
            # A place from the list decides the region; whatever else was typed or chosen does not count.
            cleaned["other_place"] = ""
            cleaned["region"] = cleaned["municipality"].province.region
        return cleaned
