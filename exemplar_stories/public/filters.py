"""The story index's filters: one Django form that owns the public parameter names.

The names are Vietnamese and ASCII (`?loai=mo-hinh-moi&don-vi=…&nam=2026`) and are written only
here: the form reads them (`add_prefix` maps each field to its parameter), the templates get
them from the bound form (`filters.unit.html_name`) or from `PARAMS` (`filter_params` in the
context), the feeds and the links ask this module. A bad value never raises: it becomes a
message, the filter is ignored, and the page still answers.
"""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext as _

from ..core.choices import KIND_SLUGS, SUBJECT_SLUGS, StoryKind, SubjectKind
from ..core.params import MAX_PARAM_LENGTH, clean_text, parse_int
from ..models import EmulationMovement, Field, Unit
from ..models.unit_history import predecessor_ids
from . import search

# Field name → public parameter name. The one list of the index's URL parameters.
PARAMS = {
    "kind": "loai",
    "unit": "don-vi",
    "former": "ca-don-vi-cu",
    "field": "linh-vuc",
    "movement": "phong-trao",
    "subject": "doi-tuong",
    "year": "nam",
    "quarter": "quy",
    "search": "q",
    "page": "trang",
}
FEED_PAGE_PARAM = "trang-feed"  # the feeds' own page number (RFC 5005 paged feeds)


@dataclass(frozen=True)
class ActiveFilter:
    param: str
    label: str
    remove_url: str


class RawParam(forms.Field):
    """A query-string value exactly as it came (last one wins), "" when absent: the `clean_*`
    methods judge it, so no validator of Django's own changes the messages."""

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        return value or ""


class StoryIndexFilterForm(forms.Form):
    """Parses the index's GET parameters; each bad value becomes a message, never an exception.

    After construction: `conditions` (a Q for `public_stories()`, the search included),
    `parsed_search` (false when none: see public/search.py), `page_number`,
    `active` [(param, label)] and `messages` (in the order of the fields).
    """

    # Declared in the order their messages and active filters are listed.
    kind = RawParam()
    unit = RawParam()
    former = RawParam()
    field = RawParam()
    movement = RawParam()
    subject = RawParam()
    year = RawParam()
    quarter = RawParam()
    search = RawParam()
    page = RawParam()

    def __init__(self, params):
        super().__init__(data=params, auto_id=False)  # the template writes its own ids
        self.params = params
        self.active = []  # (param, label)
        self.conditions = Q()
        self._other_conditions = Q()
        self.parsed_search = search.parse("")
        self.page_number = 1
        self.messages = [message for name in self.fields for message in self.errors.get(name, ())]

    @property
    def words(self):
        return list(self.parsed_search.words)

    @property
    def by_time(self):
        """A year or quarter is chosen: its stories lie together in the publication order
        (`selectors.newest_first_sorted`)."""
        data = getattr(self, "cleaned_data", {})
        return bool(data.get("year") or data.get("quarter"))

    @property
    def conditions_without_search(self):
        """The other filters alone: a suggested search is tried with them."""
        return self._other_conditions

    def add_prefix(self, field_name):
        """Each field reads (and is rendered under) its public parameter name."""
        return PARAMS.get(field_name, field_name)

    @classmethod
    def param(cls, name):
        """The public parameter of a field: `param("unit")` → "don-vi"."""
        return PARAMS[name]

    # --- cleaning: each method returns the value, or raises with the reader's message -------

    def _lookup(self, name, model, lookup, label_prefix):
        raw = self.cleaned_data[name]
        if not raw:
            return None
        value = clean_text(raw)
        obj = model.objects.filter(slug=value).first() if value else None
        if obj is None:
            raise ValidationError(
                _("Unknown value for “%(filter)s”; it was ignored.") % {"filter": label_prefix}
            )
        self.conditions &= Q(**{lookup: obj})
        self.active.append((PARAMS[name], f"{label_prefix}: {obj}"))
        return obj

    def _int(self, name, low, high, message):
        raw = self.cleaned_data[name]
        if not raw:
            return None
        number = parse_int(raw, low, high)
        if number is None:
            raise ValidationError(message)
        return number

    def clean_kind(self):
        kind_slug = self.cleaned_data["kind"]
        if not kind_slug:
            return None
        if kind_slug not in KIND_SLUGS:
            raise ValidationError(_("Unknown story kind; it was ignored."))
        kind = KIND_SLUGS[kind_slug]
        self.conditions &= Q(kind=kind)
        self.active.append((PARAMS["kind"], StoryKind(kind).label))
        return kind

    def clean_unit(self):
        """A unit, as it was; with `ca-don-vi-cu=1`, also the former units it replaced (a
        merger's stories under the unit they merged into)."""
        raw = self.cleaned_data["unit"]
        if not raw:
            return None
        value = clean_text(raw)
        unit = Unit.objects.filter(slug=value).first() if value else None
        if unit is None:
            raise ValidationError(
                _("Unknown value for “%(filter)s”; it was ignored.") % {"filter": _("Unit")}
            )
        label = f"{_('Unit')}: {unit.label}"
        former = predecessor_ids([unit.pk]) if self.data.get(PARAMS["former"]) == "1" else set()
        if former:
            self.conditions &= Q(unit_id__in={unit.pk, *former})
            label = _("%(unit)s, with the former units it replaced") % {"unit": label}
        else:
            self.conditions &= Q(unit=unit)
        self.active.append((PARAMS["unit"], label))
        return unit

    def clean_former(self):
        value = self.cleaned_data["former"]
        if value not in ("", "1"):
            raise ValidationError(
                _("Unknown value for “%(filter)s”; it was ignored.") % {"filter": _("Former units")}
            )
        return value == "1"

    def clean_field(self):
        return self._lookup("field", Field, "field", _("Field"))

    def clean_movement(self):
        return self._lookup("movement", EmulationMovement, "movement", _("Movement"))

    def clean_subject(self):
        subject = self.cleaned_data["subject"]
        if not subject:
            return None
        if subject not in SUBJECT_SLUGS:
            raise ValidationError(_("Unknown subject; it was ignored."))
        value = SUBJECT_SLUGS[subject]
        self.conditions &= Q(subject_kind=value)
        self.active.append((PARAMS["subject"], SubjectKind(value).label))
        return value

    def clean_year(self):
        year = self._int("year", 2000, 2100, _("The year must be a number such as 2026."))
        if year:
            self.conditions &= Q(quarter_year=year)
            self.active.append((PARAMS["year"], _("Year %(year)s") % {"year": year}))
        return year

    def clean_quarter(self):
        quarter = self._int("quarter", 1, 4, _("The quarter must be 1, 2, 3 or 4."))
        if quarter:
            self.conditions &= Q(quarter_number=quarter)
            self.active.append((PARAMS["quarter"], _("Quarter %(quarter)s") % {"quarter": quarter}))
        return quarter

    def clean_search(self):
        self._other_conditions = self.conditions  # the filters before it (the form's order)
        raw_q = self.cleaned_data["search"]
        if not raw_q:
            return ""
        q = clean_text(raw_q)
        if q is None:
            raise ValidationError(_("The search text is too long or contains invalid characters."))
        # Every word in any order, diacritics folded on both sides, through the search index.
        self.parsed_search = search.parse(q)
        if self.parsed_search:
            self.conditions &= search.condition(self.parsed_search)
            self.active.append((PARAMS["search"], _("Search: %(q)s") % {"q": q}))
        return q

    def clean_page(self):
        page = self.cleaned_data["page"]
        if not page:
            return 1
        number = parse_int(page, 1, 10**6 - 1)
        if number is None:
            raise ValidationError(_("Invalid page number; showing the first page."))
        self.page_number = number
        return number

    # --- links ----------------------------------------------------------------------------

    def remove_url(self, param):
        params = QueryDict(mutable=True)
        dropped = {param, PARAMS["page"]}
        if param == PARAMS["unit"]:
            dropped.add(PARAMS["former"])  # "with its former units" means nothing without it
        for key in self.params:
            if key not in dropped:
                params.setlist(key, self.params.getlist(key))
        encoded = params.urlencode()
        return f"?{encoded}" if encoded else "?"

    def active_filters(self):
        return [ActiveFilter(p, label, self.remove_url(p)) for p, label in self.active]

    def page_url(self, number, search_text=None):
        params = self.params.copy()
        if search_text is not None:  # the pages of a suggested search
            params[PARAMS["search"]] = search_text
        params[PARAMS["page"]] = str(number)
        return f"?{params.urlencode()}"

    def search_url(self, text):
        """This page's filters with `text` as the search, from the first page."""
        params = self.params.copy()
        params.pop(PARAMS["page"], None)
        params[PARAMS["search"]] = text
        return f"?{params.urlencode()}"

    def search_query(self):
        """The search text as typed, for the search box (capped like every parameter)."""
        return self.params.get(PARAMS["search"], "")[:MAX_PARAM_LENGTH]
