"""The editorial flow in the admin: the page forms and the slug input (the pages'
`base_form_class`), "request changes" with a comment, a new index's workflow and permissions,
and the dashboard's review queues. Who may act on which story is `access.stories`.

Kept import-free: the models import `editorial.forms`, `widgets` and `workflow_forms`.
"""
