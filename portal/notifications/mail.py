"""The only e-mail Harbour sends: a neutral "something new" note, with no content at all."""

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

log = logging.getLogger(__name__)


def neutral_message(address, locale):
    """Subject and body say only that there is something new: no pseudonym, no text, no link."""
    site = current_app.config["SITE_NAME"]
    with force_locale(locale or current_app.config["DEFAULT_LOCALE"]):
        subject = _("There is something new for you on %(site)s", site=site)
        body = _("Hello,\n\nThere is something new for you. Sign in to see it.\n\n%(site)s", site=site)
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = address
    message["Subject"] = subject
    message.set_content(body)
    return message


def send_neutral(address, locale):
    """Send the note; a mail server that is down must not break the portal."""
    config = current_app.config
    try:
        with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=10) as smtp:
            if config["SMTP_STARTTLS"]:
                smtp.starttls()
            if config["SMTP_USER"]:
                smtp.login(config["SMTP_USER"], config["SMTP_PASSWORD"])
            smtp.send_message(neutral_message(address, locale))
    except (OSError, smtplib.SMTPException) as error:
        # no address or content in the log: only that sending failed
        log.warning("notification e-mail not sent: %s", type(error).__name__)
