"""What an htmx request says about itself, as `request.htmx` (false for every other request)."""

from functools import cached_property

from flask import Request


class HtmxDetails:
    """The HX-* request headers htmx sends; truthy only when the request came from htmx."""

    def __init__(self, headers):
        self._headers = headers

    def __bool__(self):
        return self._headers.get("HX-Request") == "true"

    def _flag(self, name):
        return self._headers.get(name) == "true"

    @property
    def boosted(self):
        return self._flag("HX-Boosted")

    @property
    def history_restore_request(self):
        return self._flag("HX-History-Restore-Request")

    @property
    def target(self):
        return self._headers.get("HX-Target")

    @property
    def trigger(self):
        return self._headers.get("HX-Trigger")


class HtmxRequest(Request):
    @cached_property
    def htmx(self):
        return HtmxDetails(self.headers)


def init_app(app):
    app.request_class = HtmxRequest
