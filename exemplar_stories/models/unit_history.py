"""Units in time, read: what a former unit is now part of, and which former units a unit
replaced. The change records are a small table (a few rows per reorganisation), read whole.
"""

from collections import defaultdict

from .snippets import Unit, UnitChange

MAX_DEPTH = 20  # a chain of changes longer than this is a data error (or a loop)


def _edges():
    forward, backward = defaultdict(set), defaultdict(set)
    for predecessor, successor in UnitChange.objects.values_list("predecessor_id", "successor_id"):
        forward[predecessor].add(successor)
        backward[successor].add(predecessor)
    return forward, backward


def _walk(start, edges):
    seen, frontier = set(), {start}
    for _ in range(MAX_DEPTH):
        frontier = {n for node in frontier for n in edges.get(node, ()) if n not in seen}
        if not frontier:
            break
        seen |= frontier
    seen.discard(start)
    return seen


def current_successors(unit_id, forward=None):
    """Ids of the units that `unit_id` became and that have no successor themselves (the end of
    each chain: renamed, then merged → the merged unit)."""
    if forward is None:
        forward, _ = _edges()
    reachable = _walk(unit_id, forward)
    return {n for n in reachable if not forward.get(n)}


def predecessor_ids(unit_ids):
    """The ids of every former unit that, through any chain of changes, became one of
    `unit_ids` (not including them)."""
    _, backward = _edges()
    found = set()
    for unit_id in unit_ids:
        found |= _walk(unit_id, backward)
    return found - set(unit_ids)


def unit_families(unit_ids):
    """{unit id: {the unit and every former unit it replaced}}, in one query."""
    _, backward = _edges()
    return {unit_id: {unit_id} | _walk(unit_id, backward) for unit_id in unit_ids}


def recorded_changes(limit=100):
    """The changes recorded, newest in force first, with their units and who recorded them."""
    return UnitChange.objects.select_related("predecessor", "successor", "recorded_by").order_by(
        "-effective_date", "-pk"
    )[:limit]


def refresh_successor_labels():
    """Recompute `Unit.now_part_of` for every unit: the names of its current successors, or ""
    (called after every recorded change and after a current unit is renamed in place)."""
    forward, _ = _edges()
    names = dict(Unit.objects.values_list("pk", "name"))
    for unit_id, old in Unit.objects.values_list("pk", "now_part_of"):
        successors = current_successors(unit_id, forward) if forward.get(unit_id) else set()
        label = ", ".join(sorted(names[s] for s in successors if s in names))
        if label != old:
            Unit.objects.filter(pk=unit_id).update(now_part_of=label[:1000])
