"""The consent of the people in the stories: recording it, withdrawing it (one Office action),
its private evidence files, and the Office's export of what the portal holds about one person.
The rule that reads a consent is `access.consent`."""
