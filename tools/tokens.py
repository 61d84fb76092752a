"""API tokens: bearer secrets for the HTTP API and web pages, one staff member each.

A token is shown once, when it is issued; the store keeps only its SHA-256 hash, so a
copy of the database does not let anyone call the API. A token acts with its holder's
current role (looked up on every request), and stops working the moment it is revoked
or its holder is deactivated. Issuing, revoking and every failed authentication are
audited. Tokens are long random strings (256 bits), so an unsalted fast hash is the
right tool here: there is nothing to guess, unlike a password.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from tools.access import Actor, Role, require_role
from tools.context import ToolContext
from tools.errors import AccessDenied, NotFound, ToolError
from tools.store.models import ApiToken, Staff

SECRET_PREFIX = "baton_"
SHOWN_PREFIX_CHARS = 12  # "baton_" and six random characters: enough to tell tokens apart
MAX_SECRET_CHARS = 200
MAX_LABEL_CHARS = 100


@dataclass(frozen=True)
class TokenView:
    id: int
    staff_id: int
    label: str
    prefix: str
    created_at: datetime
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class IssuedToken:
    token: TokenView
    secret: str  # shown once; never stored


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def unauthenticated(channel: str) -> Actor:
    """Whoever failed to authenticate, as the audit trail records them.

    Nobody is known, so the event carries no staff id and no role (``none``). The
    ``role`` field is only a placeholder the type needs: this actor is never used to act.
    """
    return Actor(
        staff_id=None,
        name="unauthenticated",
        role=Role.AUDITOR,
        channel=channel,
        authenticated=False,
    )


def issue_token(ctx: ToolContext, actor: Actor, staff_id: int, label: str = "") -> IssuedToken:
    """A new token for an active staff member (admins, or the server's operator)."""
    label = " ".join(str(label).split())
    if len(label) > MAX_LABEL_CHARS:
        raise ToolError(
            f"a label is at most {MAX_LABEL_CHARS} characters", rule="label", field="label"
        )
    with ctx.write(actor, "token.issue", "api_token") as call:
        require_role(actor, Role.ADMIN, what="issuing API tokens")
        staff = call.session.get(Staff, staff_id)
        if staff is None or not staff.active:
            raise NotFound(f"no active staff member with id {staff_id}", field="staff")
        secret = SECRET_PREFIX + secrets.token_urlsafe(32)
        row = ApiToken(
            staff_id=staff.id,
            # Free text: through the PHI guard, cut to the column (placeholders are longer).
            label=call.free_text(label)[:MAX_LABEL_CHARS],
            prefix=secret[:SHOWN_PREFIX_CHARS],
            token_hash=hash_secret(secret),
            created_at=ctx.clock.now(),
            created_by=actor.staff_id,
        )
        call.session.add(row)
        call.session.flush()
        call.audit(object_id=row.id, detail=f"for staff {staff.id}")
        return IssuedToken(_view(row), secret)


def revoke_token(ctx: ToolContext, actor: Actor, token_id: int) -> TokenView:
    """Revoke a token: admins any, anyone their own. Revoking twice changes nothing."""
    with ctx.write(actor, "token.revoke", "api_token") as call:
        row = call.session.get(ApiToken, token_id)
        if row is None:
            raise NotFound(f"no API token {token_id}", field="token")
        if actor.role is not Role.ADMIN and actor.staff_id != row.staff_id:
            raise AccessDenied(
                f"{actor.name} may revoke only their own tokens",
                rule="not_token_holder",
                object_id=str(token_id),
            )
        if row.revoked_at is None:
            row.revoked_at = ctx.clock.now()
        call.audit(object_id=row.id, detail=f"for staff {row.staff_id}")
        return _view(row)


def list_tokens(ctx: ToolContext, actor: Actor, staff_id: int | None = None) -> list[TokenView]:
    """Tokens (never secrets): admins see everyone's, others their own."""
    with ctx.read(actor, "token.list", "api_token") as call:
        query = select(ApiToken).order_by(ApiToken.id)
        if actor.role is not Role.ADMIN:
            query = query.where(ApiToken.staff_id == actor.staff_id)
        if staff_id is not None:
            if actor.role is not Role.ADMIN and staff_id != actor.staff_id:
                # Refused, not answered with an empty list, so the attempt is audited.
                raise AccessDenied(
                    f"{actor.role} {actor.name} may not list another person's tokens",
                    rule="other_staff",
                )
            query = query.where(ApiToken.staff_id == staff_id)
        return [_view(row) for row in call.session.scalars(query)]


def authenticate(ctx: ToolContext, secret: str | None, channel: str = "api") -> Actor:
    """The staff member a presented secret belongs to, as an ``Actor`` on ``channel``.

    Refuses (and audits, without the secret) a missing, unknown or revoked token and
    one whose holder is no longer active; all four look the same to the caller.
    """
    reason = _refusal(secret)
    if reason is None:
        with ctx.db.reading() as session:
            found = session.execute(
                select(ApiToken, Staff)
                .join(Staff, Staff.id == ApiToken.staff_id)
                .where(ApiToken.token_hash == hash_secret(str(secret)))
            ).first()
        if found is None:
            reason = "token_unknown"
        else:
            token, staff = found
            if token.revoked_at is not None:
                reason = "token_revoked"
            elif not staff.active:
                reason = "staff_inactive"
            else:
                return Actor(staff.id, staff.name, Role(staff.role), staff.team, channel)
            denied = AccessDenied("the API token is not valid", rule=reason)
            ctx.record(
                unauthenticated(channel),
                "auth.token",
                "api_token",
                denied,
                outcome="denied",
                object_id=token.id,
            )
            raise denied
    denied = AccessDenied("a valid API token is required", rule=reason)
    ctx.record(unauthenticated(channel), "auth.token", "api_token", denied, outcome="denied")
    raise denied


def _refusal(secret: str | None) -> str | None:
    if not secret:
        return "token_missing"
    if len(secret) > MAX_SECRET_CHARS or not secret.startswith(SECRET_PREFIX):
        return "token_malformed"
    return None


def _view(row: ApiToken) -> TokenView:
    return TokenView(row.id, row.staff_id, row.label, row.prefix, row.created_at, row.revoked_at)
