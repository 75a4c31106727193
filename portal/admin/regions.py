"""The list of regions applicants and meet-ups choose from."""

from peewee import IntegrityError, fn

from portal import audit
from portal.admin import ordering
from portal.db import transaction
from portal.members.models import Region


class RegionExists(Exception):
    """Another region already has this name."""


def add_region(name, admin):
    with transaction():
        last = Region.select(fn.MAX(Region.position)).scalar() or 0
        try:
            with transaction():
                region = Region.create(name=name.strip(), position=last + 1)
        except IntegrityError:
            raise RegionExists() from None
        audit.record(admin, "region.created", target_type="region", target_id=region.id, note=region.name)
    return region


def rename_region(region, name, admin):
    with transaction():
        old = region.name
        region.name = name.strip()
        try:
            with transaction():
                region.save()
        except IntegrityError:
            raise RegionExists() from None
        audit.record(admin, "region.renamed", target_type="region", target_id=region.id,
                     note=f"{old} -> {region.name}")


def delete_region(region, admin):
    """Remove a region; members who chose it keep their account, without a region."""
    with transaction():
        audit.record(admin, "region.deleted", target_type="region", target_id=region.id, note=region.name)
        region.delete_instance()


def move_region(region, step, admin):
    """Swap a region with its neighbour above (step -1) or below (step 1)."""
    with transaction():
        if ordering.move(Region, region, step):
            audit.record(admin, "region.moved", target_type="region", target_id=region.id, note=region.name)
