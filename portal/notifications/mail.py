"""The only e-mail Harbour sends: a neutral "something new" note, with no content at all.

Messages are built here and sent over SMTP by the jobs in delivery.py, never inside a request.
"""

import smtplib
import socket
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l


def _message(address, subject, body):
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = address
    message["Subject"] = subject
    # RFC 5322 requires Date; a Message-ID lets mail servers tell one message from another
    message["Date"] = formatdate(usegmt=True)
    domain = config["MAIL_FROM"].rpartition("@")[2].strip(" >") or "localhost"
    message["Message-ID"] = make_msgid(domain=domain)
    message.set_content(body)
    return message


def neutral_message(address, locale):
    """Subject and body say only that there is something new: no pseudonym, no text, no link."""
    site = current_app.config["SITE_NAME"]
    with force_locale(locale or current_app.config["DEFAULT_LOCALE"]):
        subject = _("There is something new for you on %(site)s", site=site)
        body = _("Hello,\n\nThere is something new for you. Sign in to see it.\n\n%(site)s", site=site)
    return _message(address, subject, body)


def test_message(address, locale):
    """The admin's test e-mail: as plain as the real ones."""
    site = current_app.config["SITE_NAME"]
    with force_locale(locale or current_app.config["DEFAULT_LOCALE"]):
        subject = _("Test e-mail from %(site)s", site=site)
        body = _("Hello,\n\nThis is a test. E-mail from %(site)s arrives.\n\n%(site)s", site=site)
    return _message(address, subject, body)


def deliver(message):
    """Send one message over the configured SMTP server; errors are raised for the job to retry."""
    config = current_app.config
    with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=10) as smtp:
        if config["SMTP_STARTTLS"]:
            smtp.starttls()
        if config["SMTP_USER"]:
            smtp.login(config["SMTP_USER"], config["SMTP_PASSWORD"])
        smtp.send_message(message)


# what went wrong, in words an admin can act on; keys are what problem_of() returns
PROBLEMS = {
    "not_configured": _l("No mail server is set up: SMTP_HOST is empty."),
    "no_address": _l("Your account has no e-mail address. Add one in your settings first."),
    "unknown_host": _l("The name of the mail server (SMTP_HOST) could not be found."),
    "refused": _l("Nothing answers at SMTP_HOST on SMTP_PORT: the connection was refused."),
    "timeout": _l("The mail server did not answer in time."),
    "tls": _l("A secure connection (STARTTLS) could not be set up with the mail server."),
    "auth": _l("The mail server refused the user name or password (SMTP_USER, SMTP_PASSWORD)."),
    "sender": _l("The mail server refused the sender address (MAIL_FROM)."),
    "recipient": _l("The mail server refused the address the e-mail was sent to."),
    "disconnected": _l("The mail server closed the connection before the e-mail was sent."),
    "other": _l("The e-mail could not be sent."),
}


def problem_of(error):
    """A key of PROBLEMS for an exception raised while sending."""
    checks = ((socket.gaierror, "unknown_host"), (ConnectionRefusedError, "refused"),
              (TimeoutError, "timeout"), (ssl.SSLError, "tls"), (smtplib.SMTPNotSupportedError, "tls"),
              (smtplib.SMTPAuthenticationError, "auth"), (smtplib.SMTPSenderRefused, "sender"),
              (smtplib.SMTPRecipientsRefused, "recipient"), (smtplib.SMTPServerDisconnected, "disconnected"))
    for kind, problem in checks:
        if isinstance(error, kind):
            return problem
    return "other"


def smtp_code_of(error):
    """The server's numeric reply (535, 550 ...), if it gave one; never its text, which may hold an address."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _reply in error.recipients.values()]
        return codes[0] if codes else None
    return getattr(error, "smtp_code", None)
