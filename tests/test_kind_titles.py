"""A tracker's title is said once, in domain.Kind, so the store and the pages name a tracker without the loaders."""

from domain import Kind
from loaders.formats import TRACKERS


def test_every_kind_has_the_title_its_declaration_uses():
    assert {kind: kind.title for kind in Kind} == {kind: TRACKERS[kind].title for kind in Kind}
    assert len({kind.title for kind in Kind}) == len(Kind)
