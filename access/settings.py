"""Who may do what, read from the app's secrets (`.streamlit/secrets.toml`) and the environment.

    [ccpl]
    editor_password_hash = "scrypt$..."    # python -m access hash-password
    viewer_password_hash = "scrypt$..."    # optional: only with require_sign_in_to_view
    require_sign_in_to_view = false
    editors = ["first.last@nhs.net"]       # with an OpenID Connect provider ([auth] section, st.login)
    auth_provider = "microsoft"            # the [auth.<name>] section to sign in with, if there are several
    sign_in_secret = "..."                 # signs the password sign-in cookie (default: made in the state folder)
    sign_in_hours = 10                     # how long a password sign-in lasts across reloads

Environment variables override the file: CCPL_EDITOR_PASSWORD_HASH, CCPL_VIEWER_PASSWORD_HASH,
CCPL_REQUIRE_SIGN_IN_TO_VIEW (true/false), CCPL_EDITORS (comma-separated e-mail addresses),
CCPL_SIGN_IN_SECRET, CCPL_SIGN_IN_HOURS.
There is no default password: without a hash or an identity provider, nobody can edit.

Organisations of a cluster (settings.cluster, CCPL_CLUSTER_FILE). The top-level `editor_password_hash`,
`editors`, `viewer_password_hash` and `viewers` (and their CCPL_* variables) are the *home* organisation's:
Joined Up Care Derbyshire ("jucd") when the cluster has it, otherwise the cluster's first organisation (so a
cluster of one behaves exactly as the single-ICB dashboard always has). Every organisation may have its own,
which for the home organisation take precedence over the top-level ones:

    [ccpl.organisations.north]             # the organisation's id in the cluster file
    editor_password_hash = "scrypt$..."    # its editors' password (each organisation its own)
    editors = ["first.last@nhs.net"]       # its editors' e-mail addresses (OpenID Connect)
    viewer_password_hash = "scrypt$..."    # only with board_reads_all = false: its viewers' password
    viewers = ["board.member@nhs.net"]     # only with board_reads_all = false: its viewers' addresses

    [ccpl]
    cluster_editor_password_hash = "scrypt$..."   # the cluster editor role: writes the cluster's own texts
    cluster_editors = ["cluster.lead@nhs.net"]    # (stored under the cluster's id), no ICB's trackers
    board_reads_all = true                 # board members (viewers) read every organisation of the cluster

Per organisation, the environment overrides the file with the id upper-cased and '-' as '_' after a double
underscore: CCPL_EDITOR_PASSWORD_HASH__NORTH, CCPL_EDITORS__NORTH, CCPL_VIEWER_PASSWORD_HASH__NORTH,
CCPL_VIEWERS__NORTH; the cluster editor role: CCPL_CLUSTER_EDITOR_PASSWORD_HASH, CCPL_CLUSTER_EDITORS; and
CCPL_BOARD_READS_ALL (true/false). An `[ccpl.organisations.<id>]` table for an id the cluster does not list is
ignored.

An editor of an organisation changes only that organisation's trackers, written parts, assessment rounds,
locks and feed keys (access.organisations decides, for every page that saves). A password sign-in is for
every organisation whose editor password it matches; an OpenID Connect sign-in for every organisation whose
allow-list holds the e-mail address.

Viewing: with `board_reads_all` (the default) anyone who may view reads every organisation, and
`require_sign_in_to_view` works as it always has. With `board_reads_all = false`, viewing needs sign-in and
each person reads only the organisations they are signed in for: as a viewer (that organisation's viewer
password or allow-list), as its editor, or as a cluster editor (who reads them all).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from access.passwords import is_valid_hash
from access.sessions import SIGN_IN_HOURS
from domain import DEFAULT_ORGANISATION_ID, Cluster
from settings import cluster as configured_cluster

PURPOSES = ("edit", "view")


@dataclass(frozen=True)
class OrganisationAccess:
    """One organisation's (or the cluster editor role's) passwords and e-mail allow-lists."""

    editor_password_hash: str | None = None
    editors: frozenset[str] = frozenset()
    viewer_password_hash: str | None = None
    viewers: frozenset[str] = frozenset()


@dataclass(frozen=True)
class AccessSettings:
    editor_password_hash: str | None = None
    """The home organisation's editor password (a cluster of one: the only one)."""
    viewer_password_hash: str | None = None
    require_sign_in_to_view: bool = False
    editors: frozenset[str] = frozenset()
    oidc_configured: bool = False
    auth_provider: str | None = None
    sign_in_secret: str | None = None
    sign_in_hours: float = SIGN_IN_HOURS
    home: str = DEFAULT_ORGANISATION_ID
    """The organisation the top-level settings belong to (Joined Up Care Derbyshire, else the cluster's first)."""
    viewers: frozenset[str] = frozenset()
    """The home organisation's viewers' e-mail addresses (only with board_reads_all off)."""
    organisations: tuple[tuple[str, OrganisationAccess], ...] = ()
    """Every other organisation of the cluster, by id, with its own passwords and allow-lists."""
    cluster_id: str | None = None
    """The cluster's id when it has more than one organisation (its own texts are stored under it), else None."""
    cluster_editor_password_hash: str | None = None
    cluster_editors: frozenset[str] = frozenset()
    board_reads_all: bool = True

    # -- who is who ---------------------------------------------------------------------------------------------
    @property
    def owners(self) -> tuple[str, ...]:
        """Everything an editor may be given: each organisation's id, then the cluster's (its own texts)."""
        cluster = (self.cluster_id,) if self.cluster_id else ()
        return (self.home, *(org for org, _ in self.organisations if org != self.home), *cluster)

    def access_of(self, owner: str) -> OrganisationAccess:
        """An organisation's (or, for the cluster's id, the cluster editor role's) passwords and allow-lists."""
        if owner == self.home:
            return OrganisationAccess(
                self.editor_password_hash, self.editors, self.viewer_password_hash, self.viewers
            )
        if owner is not None and owner == self.cluster_id:
            return OrganisationAccess(self.cluster_editor_password_hash, self.cluster_editors)
        return dict(self.organisations).get(owner, OrganisationAccess())

    @property
    def password_editing(self) -> bool:
        """Someone can sign in to edit with a password (any organisation's, or the cluster editors')."""
        return any(is_valid_hash(self.access_of(owner).editor_password_hash) for owner in self.owners)

    @property
    def editing_enabled(self) -> bool:
        """Someone can sign in to edit: an identity provider with an allow-list, or an editor password."""
        listed = any(self.access_of(owner).editors for owner in self.owners)
        return (self.oidc_configured and listed) or self.password_editing

    def is_editor_email(self, email: str | None) -> bool:
        return bool(self.email_owners(email))

    def email_owners(self, email: str | None, purpose: str = "edit") -> frozenset[str]:
        """What an e-mail address may change (purpose "edit": the owners whose editor allow-list holds it) or
        read (purpose "view": see readable)."""
        if not email or not email.strip():
            return frozenset()
        address = email.strip().lower()
        editing = frozenset(o for o in self.owners if address in self.access_of(o).editors)
        if purpose == "edit":
            return editing
        viewing = frozenset(o for o in self.owners if address in self.access_of(o).viewers)
        return editing | viewing

    def password_hash(self, purpose: str, owner: str | None = None) -> str | None:
        """The hash a password for `purpose` is checked against for `owner` (default: the home organisation;
        viewers may use the editor password when no viewer password is set)."""
        access = self.access_of(self.home if owner is None else owner)
        if purpose == "edit":
            return access.editor_password_hash
        return access.viewer_password_hash or access.editor_password_hash

    def password_owners(self, purpose: str, matches: Callable[[str], bool]) -> tuple[str, ...]:
        """The owners whose `purpose` password is the one typed: `matches(hash)` is asked once per distinct hash
        (each check is a slow scrypt), in the settings' order."""
        verdicts: dict[str, bool] = {}
        found = []
        for owner in self.owners:
            encoded = self.password_hash(purpose, owner)
            if not is_valid_hash(encoded):
                continue
            assert encoded is not None
            if encoded not in verdicts:
                verdicts[encoded] = matches(encoded)
            if verdicts[encoded]:
                found.append(owner)
        return tuple(found)

    def credential(self, purpose: str, owners: Iterable[str]) -> str | None:
        """What a kept sign-in (access.sessions) is bound to: the hashes its password was checked against, so
        that changing any of them ends it. For one owner, its hash alone (as before organisations)."""
        hashes = [self.password_hash(purpose, owner) for owner in sorted(set(owners))]
        if not hashes or not all(hashes):
            return None
        return "\n".join(h for h in hashes if h)

    def readable(self, signed_in_for: Collection[str], organisation: str) -> bool:
        """Whether someone signed in for `signed_in_for` (owners, as a viewer or an editor) reads
        `organisation`: always with board_reads_all, else only their own (a cluster editor reads them all)."""
        if self.board_reads_all:
            return True
        return organisation in signed_in_for or (
            self.cluster_id is not None and self.cluster_id in signed_in_for
        )


def _flag(value: Any) -> bool:
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def _hours(value: Any) -> float:
    """A positive number of hours; anything else falls back to the default (a working day)."""
    try:
        hours = float(value)
    except (TypeError, ValueError):
        return SIGN_IN_HOURS
    return hours if 0 < hours <= 24 * 31 else SIGN_IN_HOURS


def _emails(values: Any) -> frozenset[str]:
    if isinstance(values, str):
        values = values.split(",")
    return frozenset(str(e).strip().lower() for e in values or () if e and str(e).strip())


def environment_suffix(organisation: str) -> str:
    """An organisation's suffix on the environment variables: "north" -> "__NORTH", "south-east" ->
    "__SOUTH_EAST"."""
    return "__" + organisation.upper().replace("-", "_")


def home_organisation(cluster: Cluster) -> str:
    """Whose the top-level settings are: Joined Up Care Derbyshire's when the cluster has it, else its first."""
    if cluster.organisation(DEFAULT_ORGANISATION_ID) is not None:
        return DEFAULT_ORGANISATION_ID
    return cluster.home.id


def _organisation_access(
    org_id: str, section: Mapping[str, Any], environ: Mapping[str, str], top: Mapping[str, Any] | None = None
) -> OrganisationAccess:
    """One organisation's: its environment variables, else its [ccpl.organisations.<id>] table. For the home
    organisation (`top`: the [ccpl] section) the top-level variables come between those two, and the
    top-level settings in the file last."""
    suffix = environment_suffix(org_id)

    def pick(name: str) -> Any:
        variable = f"CCPL_{name.upper()}"
        if top is None:
            return environ.get(variable + suffix) or section.get(name) or None
        return environ.get(variable + suffix) or environ.get(variable) or section.get(name) or top.get(name)

    return OrganisationAccess(
        editor_password_hash=pick("editor_password_hash"),
        editors=_emails(pick("editors")),
        viewer_password_hash=pick("viewer_password_hash"),
        viewers=_emails(pick("viewers")),
    )


def _table(tables: Mapping[str, Any], org_id: str) -> Mapping[str, Any]:
    table = tables.get(org_id)
    return table if isinstance(table, Mapping) else {}


def load_settings(
    secrets: Mapping[str, Any], environ: Mapping[str, str] | None = None, cluster: Cluster | None = None
) -> AccessSettings:
    """Settings from the secrets mapping, with environment variables taking precedence.

    Args:
        secrets: the app's secrets ([ccpl], [auth]).
        environ: the environment (default: the process's).
        cluster: the organisations (default: settings.cluster(), read from CCPL_CLUSTER_FILE).
    """
    environ = os.environ if environ is None else environ
    cluster = configured_cluster() if cluster is None else cluster
    section = dict(secrets.get("ccpl", {}) or {})
    tables = section.get("organisations", {}) or {}
    tables = tables if isinstance(tables, Mapping) else {}
    home = home_organisation(cluster)
    home_access = _organisation_access(home, _table(tables, home), environ, section)
    others = tuple(
        (org.id, _organisation_access(org.id, _table(tables, org.id), environ))
        for org in cluster.organisations
        if org.id != home
    )
    auth = secrets.get("auth", {}) or {}
    return AccessSettings(
        editor_password_hash=home_access.editor_password_hash,
        viewer_password_hash=home_access.viewer_password_hash,
        require_sign_in_to_view=_flag(
            environ.get("CCPL_REQUIRE_SIGN_IN_TO_VIEW", section.get("require_sign_in_to_view", False))
        ),
        editors=home_access.editors,
        oidc_configured=bool(auth.get("redirect_uri") and auth.get("cookie_secret")),
        auth_provider=section.get("auth_provider"),
        sign_in_secret=environ.get("CCPL_SIGN_IN_SECRET") or section.get("sign_in_secret") or None,
        sign_in_hours=_hours(
            environ.get("CCPL_SIGN_IN_HOURS") or section.get("sign_in_hours", SIGN_IN_HOURS)
        ),
        home=home,
        viewers=home_access.viewers,
        organisations=others,
        cluster_id=None if cluster.single else cluster.id,
        cluster_editor_password_hash=environ.get("CCPL_CLUSTER_EDITOR_PASSWORD_HASH")
        or section.get("cluster_editor_password_hash")
        or None,
        cluster_editors=_emails(environ.get("CCPL_CLUSTER_EDITORS") or section.get("cluster_editors", [])),
        board_reads_all=_flag(environ.get("CCPL_BOARD_READS_ALL", section.get("board_reads_all", True))),
    )
