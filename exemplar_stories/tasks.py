"""Background tasks (django-tasks): run by `manage.py db_worker` in production, at once in
development and tests. They only call the syndication service."""

from django_tasks import task


@task()
def deliver_syndication(delivery_id):
    from .syndication import services

    delivery = services.deliver_one(delivery_id=delivery_id)
    return delivery.status if delivery else None


@task()
def deliver_due_syndication():
    from .syndication import services

    return len(services.deliver_due())
