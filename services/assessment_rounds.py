"""Recording a self-assessment round on a form: the round is written as an assessment tracker (every stored round
plus the new one), checked as an upload is (with its evidence against the current trackers), previewed, and
stored as a new version through the upload workflow (services.uploads.store_checked)."""

from __future__ import annotations

from loaders.assessment_round import file_name, round_workbook, typed_date
from loaders.loaded import LoadedTracker
from loaders.problems import Problem
from loaders.tracker_set import TrackerSet, build_tracker_set, check_assessment_evidence
from metrics.self_assessment import level_names
from services.uploads import upload_preview

__all__ = ["file_name", "level_names", "round_workbook", "typed_date"]  # what the form writes and reads


def evidence_problems(current: TrackerSet, tracker: LoadedTracker) -> list[Problem]:
    """Warnings for evidence the checked round cites that no current tracker has (none while it has errors)."""
    if not tracker.ok:
        return []
    return check_assessment_evidence(build_tracker_set([*current.loaded(), tracker]))


def preview_sentences(current: TrackerSet, tracker: LoadedTracker) -> list[str]:
    """What storing the round would change, in sentences."""
    return upload_preview(current, tracker).sentences()
