"""Whose data an editor may change: the one rule every page that saves goes through (ui.auth.editing_store).

An editor is signed in for some *owners*: organisations of the cluster (an ICB's trackers, written parts,
assessment rounds, locks and feed keys) and, for the cluster editor role, the cluster's id (its own written
texts, stored under it). A store belongs to one owner (Store.organisation). `writable_store` gives the store
back unchanged when its owner is one of the editor's; otherwise the same store refusing every write
(store.base.NotYourOrganisation) with words naming both and saying what to do, which the pages also show
before the editor does any work (access/settings.py says how editors are configured).
"""

from __future__ import annotations

from collections.abc import Collection

from domain import Cluster
from store.audit import REFUSED_ACTION
from store.repository import Store

__all__ = ["REFUSED_ACTION", "may_change", "owner_name", "refusal", "writable_store"]


def owner_name(cluster: Cluster, owner: str) -> str:
    """An owner in words: an organisation's name, or the cluster's own texts."""
    if owner == cluster.id and cluster.organisation(owner) is None:
        return f"{cluster.name} (the cluster's own texts)"
    organisation = cluster.organisation(owner)
    return organisation.name if organisation is not None else owner


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def may_change(owners: Collection[str], target: str) -> bool:
    """Whether an editor signed in for `owners` may change `target`'s data (exactly their own: a cluster editor
    writes the cluster's texts, not any ICB's trackers; an ICB's editor not the cluster's texts)."""
    return target in owners


def refusal(cluster: Cluster, owners: Collection[str], target: str) -> str | None:
    """Why an editor signed in for `owners` may not change `target`'s data, naming both and what to do; None
    when they may."""
    if may_change(owners, target):
        return None
    theirs = [o for o in (*(org.id for org in cluster.organisations), cluster.id) if o in owners]
    if target == cluster.id:
        whose = f"{cluster.name}'s own texts are written by its cluster editors"
        ask = "ask the dashboard's administrator to make you a cluster editor"
    else:
        whose = f"this is {owner_name(cluster, target)}'s"
        ask = f"ask the dashboard's administrator to make you an editor of {owner_name(cluster, target)}"
    if not theirs:
        return f"You are not signed in as an editor of {owner_name(cluster, target)}, so nothing can be saved here: sign in, or {ask}."
    organisations = [owner_name(cluster, o) for o in theirs if o != cluster.id]
    what = []
    if organisations:
        what.append(f"{_listed(organisations)}'s trackers")
    if cluster.id in theirs:
        what.append(f"{cluster.name}'s own texts")
    choose = (
        f"Choose {_listed(organisations)} in the sidebar's Organisation list, or {ask}."
        if organisations and target != cluster.id
        else f"{ask[0].upper()}{ask[1:]}."
    )
    return f"You edit {' and '.join(what)}; {whose}, so nothing can be saved here. {choose}"


def writable_store(
    store: Store, owners: Collection[str], cluster: Cluster, editor: str | None = None
) -> Store:
    """The store as an editor signed in for `owners` writes through it: `store` itself when it is theirs, else
    the same data refusing every write with `refusal`'s words (each refused attempt is written to the audit
    log of the organisation whose data it was, with `editor` as who tried)."""
    reason = refusal(cluster, owners, store.organisation)
    if reason is None:
        return store
    refusing = store.for_organisation(store.organisation, writes_refused=reason)
    refusing.refused_actor = editor
    return refusing
