from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = _("Home")

    def ready(self):
        use_vietnamese_name_order()
        label_the_login_password()


def use_vietnamese_name_order():
    """Vietnamese full names read family name first (Họ, `last_name`, then Tên, `first_name`):
    point Django's default user model's `get_full_name` there, so that Wagtail's screens (sidebar,
    user listings, "by …" lines) show "Lâm Văn Hùng" as the plugin's own screens do. A project
    user model with its own `get_full_name` is left alone."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AbstractUser

    from exemplar_stories.core.people import full_name

    User = get_user_model()
    if User.get_full_name is AbstractUser.get_full_name:
        User.get_full_name = full_name


def label_the_login_password():
    """Wagtail's login form declares its password field without a label, so Django shows
    `pretty_name("password")`, an untranslated "Password": give it the translated one."""
    from django.utils.translation import gettext_lazy
    from wagtail.admin.forms.auth import LoginForm

    LoginForm.base_fields["password"].label = gettext_lazy("Password")
