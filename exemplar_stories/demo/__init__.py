"""Demo content for a laptop or a training session (`manage.py load_demo_content`): the loader
and its data module. Nothing else imports this room, so none of it is on the runtime path."""
