"""Old path of the syndication tasks, kept importable on purpose.

django-tasks stores a task's dotted path in each queued row (`DBTaskResult.task_path`): rows
queued before the move name `exemplar_stories.tasks.deliver_syndication` (or
`….deliver_due_syndication`) and a worker resolves that path when it runs them. The tasks now
live in `exemplar_stories.syndication.services`. This shim can go once no queued row names
the old path: after a release has run with the new path for longer than the outbox keeps
retrying (SYNDICATION_RETRY_FOR, three days by default) and
`DBTaskResult.objects.filter(task_path__startswith="exemplar_stories.tasks.")` is empty.
"""

from .syndication.services import deliver_due_syndication, deliver_syndication  # noqa: F401
