"""request.htmx: what an htmx request says about itself, and nothing for other requests."""

from portal.htmx import HtmxDetails


def test_plain_request_is_not_htmx():
    details = HtmxDetails({})
    assert not details
    assert not details.boosted
    assert details.target is None


def test_htmx_request_tells_its_target_and_boost():
    details = HtmxDetails({"HX-Request": "true", "HX-Boosted": "true", "HX-Target": "posts", "HX-Trigger": "more"})
    assert details
    assert details.boosted
    assert (details.target, details.trigger) == ("posts", "more")


def test_only_the_exact_value_true_counts():
    assert not HtmxDetails({"HX-Request": "1"})
    assert not HtmxDetails({"HX-Request": "false"})
