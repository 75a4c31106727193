"""Splitting long lists into pages with stable ?page=N links."""

import math
from dataclasses import dataclass


@dataclass
class Page:
    items: list
    number: int
    pages: int
    total: int

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_next(self):
        return self.number < self.pages


def paginate(query, page_arg, per_page=20):
    """One page of query; a missing or odd page number means page 1."""
    try:
        number = max(1, int(page_arg))
    except (TypeError, ValueError):
        number = 1
    total = query.count()
    pages = max(1, math.ceil(total / per_page))
    number = min(number, pages)
    return Page(items=list(query.paginate(number, per_page)), number=number, pages=pages, total=total)
