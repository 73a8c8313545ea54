"""What every room uses and that knows no room: text, quarters, choices, settings, HTML, params.

Nothing here imports the models or a feature room (import-linter's layers contract).
"""
