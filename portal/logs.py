"""Log lines without secrets: feed tokens, setup, reset and invite links never reach a log.

Whoever reads the server's logs (a volunteer, a hosting company) must not be able to open a
member's calendar feed, create the first admin, reset an account or join with an invite.
"""

import logging
import re

from gunicorn.glogging import Logger

REDACTED = "[secret]"
SECRET_PATHS = re.compile(r"(/(?:calendar/feed|setup|reset)/)[^/?#\s\"']+")
SECRET_QUERIES = re.compile(r"([?&](?:invite|token|code)=)[^&#\s\"']+", re.IGNORECASE)


def redact(text):
    """text with every secret path segment and query value replaced."""
    if not isinstance(text, str):
        return text
    return SECRET_QUERIES.sub(r"\1" + REDACTED, SECRET_PATHS.sub(r"\1" + REDACTED, text))


class RedactingFilter(logging.Filter):
    """A logging filter that redacts the whole formatted message of every record."""

    def filter(self, record):
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


def protect(logger):
    """Add the redacting filter to a logger and each of its handlers."""
    logger.addFilter(RedactingFilter())
    for handler in logger.handlers:
        handler.addFilter(RedactingFilter())


class GunicornLogger(Logger):
    """gunicorn's logger, with no client address and no secret in any access or error line."""

    def atoms(self, resp, req, environ, request_time):
        found = super().atoms(resp, req, environ, request_time)
        found["h"] = "-"
        return {name: redact(value) for name, value in found.items()}

    def setup(self, cfg):
        super().setup(cfg)
        protect(self.error_log)
        protect(self.access_log)
