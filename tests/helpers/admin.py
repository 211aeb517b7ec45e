"""Filling in the admin's forms as a browser would, and reading what the admin answers."""

from html.parser import HTMLParser

from django.db.models.fields.files import FieldFile
from django.urls import reverse

# The project's places, sources and lessons in the admin: coordinators look them up, the national editors keep them.
REFERENCE_MODELS = [
    "municipalities.region",
    "municipalities.province",
    "municipalities.municipality",
    "interventions.publication",
    "interventions.theme",
    "interventions.targetgroup",
    "lessons.lesson",
]


def admin_url(label, view, *args):
    app_label, model_name = label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_{view}", args=args)


def form_data(form):
    """What the browser posts for `form` when the user changes nothing."""
    data = {}
    for bound_field in form:
        # value() reads form.initial and turns model instances into primary keys.
        value = bound_field.value()
        # A browser never sends a stored file (an intervention's image) back with the form.
        if value is None or value is False or isinstance(value, FieldFile):
            continue
        data[bound_field.html_name] = "on" if value is True else value
    return data


def change_form_data(response):
    """The POST data of an untouched change page: the main form and every inline with its stored rows."""
    data = form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        count = formset.initial_form_count()
        data[f"{formset.prefix}-TOTAL_FORMS"] = count
        data[f"{formset.prefix}-INITIAL_FORMS"] = count
        data[f"{formset.prefix}-MIN_NUM_FORMS"] = 0
        data[f"{formset.prefix}-MAX_NUM_FORMS"] = 1000
        for form in formset.forms[:count]:
            data.update(form_data(form))
    return data


def form_errors(response):
    """The errors a rejected change form shows, for assertion messages."""
    if response.context is None:
        return None
    errors = [response.context["adminform"].form.errors]
    for inline in response.context["inline_admin_formsets"]:
        errors += [inline.formset.prefix, inline.formset.errors, inline.formset.non_form_errors()]
    return errors


def inline_formset(response, model):
    return next(inline.formset for inline in response.context["inline_admin_formsets"] if inline.formset.model is model)


def stored_story(intervention):
    """What the change form edits besides the texts, so a save can be checked for losses."""
    return {
        "title": intervention.title,
        "municipalities": sorted(intervention.municipalities.values_list("name", flat=True)),
        "themes": sorted(intervention.themes.values_list("name", flat=True)),
        "target_groups": sorted(intervention.target_groups.values_list("name", flat=True)),
        "people": sorted(intervention.people.values_list("position", "name", "role", "is_portrayed")),
        "quotes": sorted(intervention.quotes.values_list("position", "text", "is_highlighted")),
        "speakers": sorted(intervention.quotes.values_list("text", "speakers__name")),
        "reading_tips": sorted(intervention.reading_tips.values_list("position", "title", "url")),
        "lessons": sorted(intervention.lesson_illustrations.values_list("lesson__number", "reason")),
    }


class BrowserForm(HTMLParser):
    """What a browser submits for the form with `form_id` when the user changes nothing."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.data = {}
        self.select = None
        self.textarea = None

    def add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            return
        name = attrs.get("name")
        # Inline templates (__prefix__) are copied by JavaScript; disabled fields are never sent.
        if not self.inside or (tag != "option" and (not name or "__prefix__" in name or "disabled" in attrs)):
            return
        kind = attrs.get("type", "text")
        if tag == "input" and kind not in {"submit", "button", "file", "image", "reset"}:
            if kind not in {"checkbox", "radio"}:
                self.add(name, attrs.get("value", ""))
            elif "checked" in attrs:
                self.add(name, attrs.get("value", "on"))
        elif tag == "textarea":
            self.textarea = [name, ""]
        elif tag == "select":
            self.select = [name, "multiple" in attrs, []]
        elif tag == "option" and self.select:
            self.select[2].append((attrs.get("value", ""), "selected" in attrs))

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea:
            name, text = self.textarea
            # Browsers drop the newline that follows <textarea>.
            self.add(name, text[1:] if text.startswith("\n") else text)
            self.textarea = None
        elif tag == "select" and self.select:
            name, multiple, options = self.select
            chosen = [value for value, selected in options if selected]
            if not multiple and not chosen and options:
                chosen = [options[0][0]]
            for value in chosen:
                self.add(name, value)
            self.select = None


def untouched_form(response, model_name):
    reader = BrowserForm(f"{model_name}_form")
    reader.feed(response.content.decode())
    return reader.data
