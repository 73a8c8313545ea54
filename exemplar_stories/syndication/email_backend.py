"""The email transport: for a Board that has no webhook endpoint yet, each delivery of the
outbox is mailed to its editorial mailbox (EXEMPLAR_STORIES["SYNDICATION_MAILBOX"]) through
Django's EMAIL_* settings. Chosen by SYNDICATION_BACKEND; the outbox, per-story order, retries,
the circuit and the delivery log are the same as for the webhook.

- `story.published` / `story.updated`: an HTML email whose body is the payload's cleaned
  `body_html` (the one cleaner, `core.html`; titles and names escaped here), with the story's
  image renditions attached inline (Content-ID, `cid:` in the HTML) and the exact JSON payload
  attached as `tin-bai.json`; a plain-text part gives the summary and the link.
- `story.withdrawn`: a short plain-text notice.
- Subjects are Vietnamese (the site language), whatever the language of whoever published.
- `Message-ID` is derived from the delivery's webhook-id: a retry after a lost answer carries
  the same id, so a mailbox or a reader can recognise the duplicate.

SMTP answers map onto the outbox as HTTP answers do (`SendResult(protocol="smtp")`): 2xx
delivered; 5xx (a permanent negative reply: 550 mailbox unavailable, 554 refused…) failed for
good; 4xx (temporary: 421, 450, 451…), a refused connection, a timeout, a failed greeting or
login: retried, counted against the target's circuit.
"""

import json
import smtplib
import threading
from email.mime.image import MIMEImage
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup
from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..core.conf import get_setting
from ..models import SyndicationEvent
from .backends import (
    BaseSyndicationBackend,
    SendResult,
    failure_text,
    office_text,
    timeout_text,
)

# Inline images beyond this many bytes in all stay links to the portal (the mail stays small).
MAX_ATTACHED_BYTES = 10 * 1024 * 1024
PAYLOAD_FILENAME = "tin-bai.json"


def from_address():
    return get_setting("SYNDICATION_EMAIL_FROM") or settings.DEFAULT_FROM_EMAIL


def _domain(address):
    return address.rsplit("@", 1)[-1].strip("> ") or "localhost"


def message_id(delivery, *, sender):
    """The same for every attempt of one delivery."""
    return f"<{delivery.webhook_id}@{_domain(sender)}>"


def _rendition_file(url):
    """The bytes and file name of the rendition behind an image URL of the payload, or None
    (a file lost since, another storage's URL): only files of the rendition table are read."""
    from wagtail.images import get_image_model

    rendition_model = get_image_model().get_rendition_model()
    storage = rendition_model._meta.get_field("file").storage
    prefix = urlsplit(storage.url("")).path
    path = unquote(urlsplit(url).path)
    if not prefix or not path.startswith(prefix):
        return None
    name = path.removeprefix(prefix)
    rendition = rendition_model.objects.filter(file=name).first()
    if rendition is None:
        return None
    try:
        with rendition.file.open("rb") as handle:
            return handle.read(), name.rsplit("/", 1)[-1]
    except OSError:
        return None


def _inline_images(payload, *, webhook_id):
    """[(image entry, Content-ID, MIMEImage)] for the payload's images whose files are here."""
    attached, size = [], 0
    for n, image in enumerate(payload.get("images") or [], start=1):
        found = _rendition_file(image["url"])
        if found is None:
            continue
        data, filename = found
        if size + len(data) > MAX_ATTACHED_BYTES:
            break
        try:
            part = MIMEImage(data)
        except TypeError:  # not an image type the email package recognises
            continue
        content_id = f"anh{n}.{webhook_id}@exemplar-stories"
        part.add_header("Content-ID", f"<{content_id}>")
        part.add_header("Content-Disposition", "inline", filename=filename)
        attached.append((image, content_id, part))
        size += len(data)
    return attached


def _body_with_cids(body_html, cids):
    """The payload's cleaned body, its images pointing at the attached files, and the URLs of
    the images it shows."""
    if not cids:
        return body_html, set()
    soup = BeautifulSoup(body_html, "html.parser")
    shown = set()
    for img in soup.find_all("img"):
        if img.get("src") in cids:
            shown.add(img["src"])
            img["src"] = f"cid:{cids[img['src']]}"
    return str(soup), shown


def _subject(payload, event):
    title = payload.get("title", "")
    if event == SyndicationEvent.PUBLISHED:
        return _("New story: %(title)s") % {"title": title}
    if event == SyndicationEvent.UPDATED:
        return _("Updated story: %(title)s") % {"title": title}
    return _("Story withdrawn: %(title)s") % {"title": title}


def _story_html(payload, *, attached):
    cids = {image["url"]: content_id for image, content_id, _ in attached}
    body, referenced = _body_with_cids(payload.get("body_html") or "", cids)
    # Images the body does not show (the main image) come first, as on the portal.
    leading = format_html_join(
        "\n",
        '<figure><img src="cid:{}" alt="{}" width="{}" height="{}">{}</figure>',
        (
            (
                content_id,
                image["alt"],
                image["width"],
                image["height"],
                format_html("<figcaption>{}</figcaption>", image["caption"])
                if image.get("caption")
                else "",
            )
            for image, content_id, _ in attached
            if image["url"] not in referenced
        ),
    )
    subject = payload.get("subject") or {}
    unit = (payload.get("unit") or {}).get("name", "")
    facts = format_html_join(
        "\n",
        "<li>{}: {}</li>",
        (
            (label, value)
            for label, value in (
                (_("Kind"), payload.get("kind_label", "")),
                (_("Subject"), subject.get("name", "")),
                (_("Unit"), unit),
            )
            if value
        ),
    )
    return format_html(
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8"><title>{title}</title>'
        "</head><body>\n<h1>{title}</h1>\n<ul>{facts}</ul>\n<p><strong>{summary}</strong></p>\n"
        "{leading}\n{body}\n"
        '<hr><p><a href="{url}">{read_on}</a></p>\n<p><small>{id_label}: {id}</small></p>\n'
        "</body></html>\n",
        title=payload.get("title", ""),
        facts=facts,
        summary=payload.get("summary", ""),
        leading=leading,
        body=mark_safe(body),  # cleaned by core.html.clean_html when the payload was made
        url=payload.get("url", ""),
        read_on=_("Read the whole story on the portal"),
        id_label=_("Story id"),
        id=payload.get("id", ""),
    )


def story_message(delivery, *, mailbox, sender=None):
    """The email of one delivery (no I/O but reading the attached rendition files)."""
    sender = sender or from_address()
    payload = json.loads(delivery.body)
    event = SyndicationEvent(delivery.event)
    headers = {
        "Message-ID": message_id(delivery, sender=sender),
        "X-Exemplar-Story-Id": payload.get("id", ""),
        "X-Exemplar-Event": str(event),
        "X-Exemplar-Message-Id": delivery.webhook_id,
        "Auto-Submitted": "auto-generated",
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = _subject(payload, event)
        if event == SyndicationEvent.WITHDRAWN:
            text = _(
                "The Department of Justice has withdrawn the story “%(title)s” from its "
                "portal. Please take it down from yours as well.\n\n"
                "Story id: %(id)s\nAddress: %(url)s\n"
            ) % {"title": payload.get("title", ""), "id": payload.get("id", ""),
                 "url": payload.get("url", "")}  # fmt: skip
            return EmailMessage(subject, text, sender, [mailbox], headers=headers)
        attached = _inline_images(payload, webhook_id=delivery.webhook_id)
        read_on = _("Read the whole story on the portal")
        text = f"{payload.get('summary', '')}\n\n{read_on}: {payload.get('url', '')}\n"
        html = _story_html(payload, attached=attached)
    message = EmailMultiAlternatives(subject, text, sender, [mailbox], headers=headers)
    message.attach_alternative(html, "text/html")
    # multipart/related: the HTML and the images it shows by Content-ID belong together.
    message.mixed_subtype = "related"
    for _image, _cid, part in attached:
        message.attach(part)
    message.attach(PAYLOAD_FILENAME, delivery.body.encode(), "application/json")
    return message


def _smtp_answer(error):
    """(SMTP reply code, text) of a negative answer about this message, or None when it is no
    answer about the message (no connection, greeting or login refused, a timeout)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(error.recipients.values()))
        return code, text
    if isinstance(error, (smtplib.SMTPSenderRefused, smtplib.SMTPDataError)):
        return error.smtp_code, error.smtp_error
    return None


def _text(value):
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


class EmailBackend(BaseSyndicationBackend):
    """Mails each delivery to the Board's mailbox under one wall-clock deadline
    (SYNDICATION_TIMEOUT, like the webhook's: a watchdog closes the socket when it passes)."""

    transport = "email"

    def __init__(self, *, timeout=None):
        self.timeout = float(timeout or get_setting("SYNDICATION_TIMEOUT"))

    def send(self, *, url, headers, body):  # pragma: no cover - the webhook's interface
        raise NotImplementedError("the email backend delivers with deliver(delivery=…)")

    def deliver(self, *, delivery, mailbox):
        """Mail `delivery` to `mailbox`; return a SendResult (protocol "smtp"), never raise."""
        message = story_message(delivery, mailbox=mailbox)
        connection = get_connection(fail_silently=False, timeout=self.timeout)
        expired = threading.Event()

        def cut():
            expired.set()
            sock = getattr(getattr(connection, "connection", None), "sock", None)
            if sock is not None:
                try:
                    sock.shutdown(2)  # SHUT_RDWR: a blocked read returns at once
                except OSError:
                    pass

        watchdog = threading.Timer(self.timeout, cut)
        watchdog.daemon = True
        watchdog.start()
        try:
            connection.open()
            sent = connection.send_messages([message])
        except Exception as error:  # never raise: SMTP answers, network errors, the deadline
            answer = _smtp_answer(error)
            if answer is not None:
                code, text = answer
                return SendResult(
                    status_code=code,
                    body=_text(text)[:2000],
                    error=office_text(
                        "The mail server answered %(code)s: %(text)s", code=code, text=_text(text)
                    ),
                    protocol="smtp",
                )
            if expired.is_set() or isinstance(error, TimeoutError):
                return SendResult(error=timeout_text(self.timeout), protocol="smtp")
            return SendResult(error=failure_text(error), protocol="smtp")
        finally:
            watchdog.cancel()
            try:
                connection.close()
            except Exception:  # the message was accepted already; QUIT failing changes nothing
                pass
        if not sent:
            return SendResult(
                error=office_text("The mail server accepted nothing."), protocol="smtp"
            )
        return SendResult(status_code=250, body=f"accepted for {mailbox}", protocol="smtp")
