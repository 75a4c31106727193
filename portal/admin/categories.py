"""Forum categories: their order, their names in every language, archiving."""

import re

from peewee import IntegrityError, fn

from portal import audit
from portal.admin import ordering
from portal.db import transaction
from portal.forum.models import Category, CategoryText

RESERVED_SLUGS = {"new", "search", "t", "p"}


class SlugTaken(Exception):
    """Another category already uses this address."""


def slugify(text):
    slug = re.sub(r"[^a-z0-9]+", "-", (text or "").lower()).strip("-")
    return slug[:60]


def create_category(slug, texts, admin):
    """A new category at the end of the list; texts is {locale: (name, description)}."""
    slug = slugify(slug)
    if not slug or slug in RESERVED_SLUGS:
        raise SlugTaken()
    with transaction():
        last = Category.select(fn.MAX(Category.position)).scalar() or 0
        try:
            with transaction():
                category = Category.create(slug=slug, position=last + 1)
        except IntegrityError:
            raise SlugTaken() from None
        save_texts(category, texts)
        audit.record(admin, "category.created", target_type="category", target_id=category.id, note=slug)
    return category


def save_texts(category, texts):
    """Set the name and description per language; an empty name removes that language's text."""
    for locale, (name, description) in texts.items():
        name = (name or "").strip()
        if not name:
            CategoryText.delete().where(CategoryText.category == category, CategoryText.locale == locale).execute()
            continue
        updated = (CategoryText.update(name=name, description=(description or "").strip())
                   .where(CategoryText.category == category, CategoryText.locale == locale).execute())
        if not updated:
            CategoryText.create(category=category, locale=locale, name=name, description=(description or "").strip())


def update_category(category, texts, admin):
    with transaction():
        save_texts(category, texts)
        audit.record(admin, "category.renamed", target_type="category", target_id=category.id, note=category.slug)


def set_archived(category, archived, admin):
    with transaction():
        category.archived = archived
        category.save()
        audit.record(admin, "category.archived" if archived else "category.reopened", target_type="category",
                     target_id=category.id, note=category.slug)


def move_category(category, step, admin):
    with transaction():
        if ordering.move(Category, category, step):
            audit.record(admin, "category.moved", target_type="category", target_id=category.id, note=category.slug)
