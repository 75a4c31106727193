"""Measuring what a page costs on prepaid data: the bytes of every response as they came over the network."""

from dataclasses import dataclass, field


@dataclass
class Transfer:
    """Responses of one page view: {url: (content type, encoding, bytes on the wire, bytes unpacked)}."""

    responses: dict = field(default_factory=dict)

    def record(self, response):
        wire = response.request.sizes()["responseBodySize"]
        if wire <= 0:
            # served from the browser cache: nothing travelled
            return
        try:
            body = response.body()
        except Exception:
            return
        kind = (response.header_value("content-type") or "").split(";")[0]
        encoding = response.header_value("content-encoding") or ""
        self.responses[response.url] = (kind, encoding, wire, len(body))

    @property
    def compressed(self):
        """Bytes on the wire, as Harbour sent them (compressed by Harbour itself, no proxy)."""
        return sum(wire for _kind, _encoding, wire, _raw in self.responses.values())

    def by_kind(self):
        totals = {}
        for kind, _encoding, wire, _raw in self.responses.values():
            totals[kind] = totals.get(kind, 0) + wire
        return totals


def measure(page, path):
    """Load path and return what came over the network once it is quiet (cache hits are not network)."""
    responses = []

    def collect(response):
        responses.append(response)

    page.on("response", collect)
    page.goto(path)
    # the icon is asked for after the load event: wait for it too, or it would count for the next page
    page.wait_for_load_state("networkidle")
    page.remove_listener("response", collect)
    transfer = Transfer()
    for response in responses:
        if not response.url.startswith("data:"):
            transfer.record(response)
    return transfer
