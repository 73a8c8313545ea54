"""Signal handlers, connected once from ExemplarStoriesConfig.ready() with dispatch_uids."""


def register_signal_handlers():
    """Later features (syndication, registrations) connect their receivers here."""
