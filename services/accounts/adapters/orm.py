"""The accounts service's tables (its own database; nobody else writes them). Passwords are
kept as argon2id hashes, link tokens and recovery codes as digests, and the second factor's
secret as the authenticator app holds it (it must be read to check a code)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from shared.db.engine import UtcDateTime


class Base(DeclarativeBase):
    pass


class AccountRow(Base):
    """One person, by e-mail address; `session_version` rises whenever what their tokens
    say may no longer hold (a role ended, the password changed), ending open sessions."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    activated_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class GrantRow(Base):
    """A role the person holds: one per nomination (from the nominations' events), or the
    secretariat's (made by a command, no nomination). Ended, never deleted."""

    __tablename__ = "grants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    state_code: Mapped[str | None] = mapped_column(String(3))
    nomination_id: Mapped[int | None] = mapped_column(Integer, unique=True)
    granted_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class LinkRow(Base):
    """An invitation's or a reset's single-use link: the digest of its token only."""

    __tablename__ = "links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class RecoveryCodeRow(Base):
    __tablename__ = "recovery_codes"
    __table_args__ = (UniqueConstraint("account_id", "code_digest"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    code_digest: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class FailureRow(Base):
    """Sign-in failures of one key: `email:<address typed>` or `address:<network address>`."""

    __tablename__ = "sign_in_failures"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    last_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
