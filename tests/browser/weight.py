"""Measuring what a page costs on prepaid data: every response the browser fetched, gzipped."""

import gzip
from dataclasses import dataclass, field


@dataclass
class Transfer:
    """Responses of one page view: {url: (content type, raw bytes, gzipped bytes)}."""

    responses: dict = field(default_factory=dict)

    def record(self, response):
        if response.request.sizes()["responseBodySize"] <= 0:
            # served from the browser cache: nothing travelled
            return
        try:
            body = response.body()
        except Exception:  # noqa: BLE001 - redirects and aborted loads have no body
            return
        kind = (response.header_value("content-type") or "").split(";")[0]
        self.responses[response.url] = (kind, len(body), len(gzip.compress(body, compresslevel=6)))

    @property
    def compressed(self):
        return sum(gzipped for _kind, _raw, gzipped in self.responses.values())

    def by_kind(self):
        totals = {}
        for kind, _raw, gzipped in self.responses.values():
            totals[kind] = totals.get(kind, 0) + gzipped
        return totals


def measure(page, path):
    """Load path and return what came over the network (cache hits are not network)."""
    responses = []

    def collect(response):
        responses.append(response)

    page.on("response", collect)
    page.goto(path)
    page.wait_for_load_state("load")
    page.remove_listener("response", collect)
    transfer = Transfer()
    for response in responses:
        if not response.url.startswith("data:"):
            transfer.record(response)
    return transfer
