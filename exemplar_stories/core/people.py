"""How a person is shown: Vietnamese names read family name first.

Staff enter *Họ* (family name, Django's `last_name`) and *Tên* (given names, `first_name`):
"Lâm" + "Văn Hùng" is shown "Lâm Văn Hùng". Every place that shows a person (dashboard panels,
emails, reports, exports) calls `display_name`; the project points `User.get_full_name` at it,
so Wagtail's own screens (sidebar, listings) agree.
"""


def full_name(user):
    """Family name, then given names; "" if neither is set."""
    parts = [(user.last_name or "").strip(), (user.first_name or "").strip()]
    return " ".join(part for part in parts if part)


def display_name(user):
    """The person's full name in Vietnamese order, else their username; "" for no user."""
    if user is None:
        return ""
    return full_name(user) or user.get_username()
