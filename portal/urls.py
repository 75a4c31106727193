"""Absolute links: always on the site's own address (BASE_URL), never the request's Host header."""

from urllib.parse import urlsplit

from flask import current_app


def external_url(endpoint, **values):
    """The full address of a page, for links that leave the site: feeds, calendar files, handed-out links."""
    base = urlsplit(current_app.config["BASE_URL"])
    anchor = values.pop("_anchor", None)
    current_app.inject_url_defaults(endpoint, values)
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    url = adapter.build(endpoint, values, force_external=True)
    return f"{url}#{anchor}" if anchor else url
