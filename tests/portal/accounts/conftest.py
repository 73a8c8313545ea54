import pytest


@pytest.fixture
def second_factor_required(settings):
    """The production rule (test settings turn it off for the plugin's force_login tests)."""
    settings.ACCOUNTS_SECOND_FACTOR_REQUIRED = True
    return settings
