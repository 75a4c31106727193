"""Lists an admin keeps in order (regions, categories)."""


def move(model, item, step):
    """Swap item with its neighbour above (step -1) or below (step 1); renumber the positions."""
    ordered = list(model.select().order_by(model.position, model.id))
    index = next(i for i, row in enumerate(ordered) if row.id == item.id)
    other = index + step
    if not 0 <= other < len(ordered):
        return False
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, row in enumerate(ordered, start=1):
        model.update(position=position).where(model.id == row.id).execute()
    return True
