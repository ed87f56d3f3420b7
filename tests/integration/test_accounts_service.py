"""The accounts service against its real database: accounts from nominations, invitation
links, sign-in with the second factor, repeated failures, the session's check and service
tokens, each bad input answered clearly with nothing changed."""

from __future__ import annotations

import base64
import datetime as dt
import json
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
from sqlalchemy import func, inspect, select

from services.accounts.adapters.orm import AccountRow, GrantRow
from services.accounts.app import create_app
from services.accounts.bootstrap import migrate
from services.accounts.handlers.nominations import on_nominated, on_withdrawn
from services.accounts.handlers.secretariat import create_secretariat_account
from services.accounts.settings import Settings, secret_digest
from shared.auth.jwt import verify
from shared.bus.dead_letters import dead_letters
from shared.bus.tables import inbox, outbox
from shared.clock import FixedClock
from shared.config import jwt_config_from_env
from shared.events import new_event
from shared.web.audit import audit_log
from tests.support.benchmarks import figures_of
from tests.support.event_samples import SAMPLES

GOOD = "a long and rare passphrase"
NO_TOKEN = {"Authorization": ""}


@pytest.fixture
def service(database_url):
    # the clock starts at the real time when the test runs, not when the module was
    # imported: PyJWT checks the short-lived tokens issued against the real clock, and a
    # long suite reaches this test well after a 15-minute (5 for services) token expired
    clock = FixedClock(dt.datetime.now(dt.UTC).replace(microsecond=0))
    app = create_app(Settings(
        service="accounts", database_url=database_url, hash_time_cost=1, hash_memory_kib=8192,
        lock_minutes=60,
        portal_url="http://portal.example", service_clients={"reviews": secret_digest("s3")}),
        clock)
    ctx = app.extensions["revmod"]
    migrate(ctx)
    yield app.test_client(), ctx, clock
    ctx.engine.dispose()


def hear(ctx, event_type: str, **payload) -> None:
    sample = {**SAMPLES[event_type], **payload}
    with ctx.uow() as uow:
        handler = on_withdrawn if event_type == "NominationWithdrawn" else on_nominated
        handler(ctx, uow, new_event(event_type, sample, ctx.clock.now()))


def invitations(ctx) -> list[dict]:
    with ctx.engine.connect() as conn:
        bodies = conn.scalars(select(outbox.c.body).where(
            outbox.c.event_type == "AccountInvited").order_by(outbox.c.id))
        return [json.loads(body)["payload"] for body in bodies]


def link_token(invitation: dict) -> str:
    return parse_qs(urlsplit(invitation["link"]).query)["token"][0]


def sign_in(client, email, password=GOOD, **extra):
    return client.post("/sessions", headers=NO_TOKEN,
                       json={"email": email, "password": password, **extra})


def use(client, token, password=GOOD):
    return client.post("/links/use", headers=NO_TOKEN, json={"token": token, "password": password})


def test_a_nominated_focal_point_is_invited_sets_a_password_once_and_signs_in(service):
    client, ctx, clock = service
    hear(ctx, "FocalPointNominated", email="Fp@Gov.example.org", state_code="AUT")
    [invited] = invitations(ctx)
    assert (invited["email"], invited["state_code"], invited["purpose"]) == (
        "fp@gov.example.org", "AUT", "invitation")
    assert invited["link"].startswith("http://portal.example/welcome?token=")
    assert dt.datetime.fromisoformat(invited["expires_at"]) == clock.now() + dt.timedelta(hours=72)
    token = link_token(invited)

    weak = use(client, token, "password1234")
    short = use(client, token, "short")
    assert (weak.status_code, short.status_code) == (422, 422)
    assert weak.content_type == "application/problem+json"
    assert "common" in weak.json["errors"]["password"][0]
    assert "at least 12" in short.json["errors"]["password"][0]
    assert sign_in(client, "fp@gov.example.org", "password1234").status_code == 401

    assert use(client, token).status_code == 200
    again = use(client, token, "another long passphrase")
    assert again.status_code == 409 and "already used" in again.json["errors"]["token"][0]

    signed = sign_in(client, "FP@gov.example.org")
    assert signed.status_code == 201, signed.json
    principal = verify(signed.json["token"], jwt_config_from_env())
    assert (principal.role, principal.state, principal.subject) == (
        "focal_point", "AUT", "fp@gov.example.org")
    bearer = {"Authorization": f"Bearer {signed.json['token']}"}
    assert client.get("/sessions/current", headers=bearer).json["role"] == "focal_point"


def test_an_altered_or_expired_link_changes_nothing(service):
    client, ctx, clock = service
    hear(ctx, "ExpertNominated", email="ex@gov.example.org")
    token = link_token(invitations(ctx)[0])
    altered = use(client, token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    assert altered.status_code == 422 and "not valid" in altered.json["errors"]["token"][0]
    clock.advance(hours=72)
    expired = use(client, token)
    assert expired.status_code == 422 and "expired" in expired.json["errors"]["token"][0]
    with ctx.uow() as uow:
        assert uow.account_by_email("ex@gov.example.org").password_hash is None


def test_one_person_nominated_by_two_states_in_two_roles_has_one_account_with_each(service):
    client, ctx, _ = service
    hear(ctx, "FocalPointNominated", nomination_id=1, email="p@gov.example.org",
         state_code="AUT")
    hear(ctx, "ExpertNominated", nomination_id=2, email="p@gov.example.org", state_code="DEU")
    hear(ctx, "ExpertNominated", nomination_id=2, email="p@gov.example.org", state_code="DEU")
    assert use(client, link_token(invitations(ctx)[-1])).status_code == 200
    with ctx.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(AccountRow)) == 1
        assert conn.scalar(select(func.count()).select_from(GrantRow)) == 2
    as_expert = sign_in(client, "p@gov.example.org", role="expert")
    assert (as_expert.json["role"], as_expert.json["state"]) == ("expert", "DEU")
    assert {(r["role"], r["state"]) for r in as_expert.json["roles"]} == {
        ("focal_point", "AUT"), ("expert", "DEU")}
    refused = sign_in(client, "p@gov.example.org", role="observer")
    assert refused.status_code == 401 and "role" in refused.json["errors"]


def test_a_withdrawn_nomination_ends_its_role_at_the_next_request(service):
    client, ctx, _ = service
    hear(ctx, "FocalPointNominated", nomination_id=1, email="w@gov.example.org")
    hear(ctx, "ObserverNominated", nomination_id=3, email="w@gov.example.org")
    [invited] = invitations(ctx)  # one letter while its link works
    assert use(client, link_token(invited)).status_code == 200
    token = sign_in(client, "w@gov.example.org", role="focal_point").json["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    assert client.get("/sessions/current", headers=bearer).status_code == 200
    renewed = client.post("/sessions/renew", headers=bearer)
    assert renewed.status_code == 201 and renewed.json["role"] == "focal_point"
    hear(ctx, "NominationWithdrawn", nomination_id=1)
    assert client.post("/sessions/renew", headers=bearer).status_code == 401
    ended = client.get("/sessions/current", headers=bearer)
    assert ended.status_code == 401 and "ended" in ended.json["detail"]
    assert sign_in(client, "w@gov.example.org", role="focal_point").status_code == 401
    assert sign_in(client, "w@gov.example.org").json["role"] == "observer"


def test_a_thousand_attempts_on_one_account_are_slowed_then_locked_alike_for_no_account(
        service):
    client, ctx, clock = service
    hear(ctx, "FocalPointNominated", email="t@gov.example.org")
    use(client, link_token(invitations(ctx)[0]))

    def attack(email: str) -> list[int]:
        answers = []
        for _ in range(1000):
            answers.append(sign_in(client, email, "wrong guess").status_code)
            clock.advance(seconds=1)
        return answers

    real = attack("t@gov.example.org")
    locked = sign_in(client, "t@gov.example.org")  # the right password, still locked
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0
    assert real == attack("nobody@gov.example.org")  # no telling which address has one
    assert real.count(401) == 10 and real.count(429) == 990
    clock.advance(minutes=60)
    assert sign_in(client, "t@gov.example.org").status_code == 201


def test_the_secretariat_cannot_sign_in_without_its_second_factor(service):
    client, ctx, clock = service
    made = create_secretariat_account(ctx, "sec@unodc.example.org", "The Secretariat")
    assert use(client, made["token"]).status_code == 200
    without = sign_in(client, "sec@unodc.example.org")
    assert without.status_code == 401 and without.json["second_factor"] is True
    assert sign_in(client, "sec@unodc.example.org", code="000000").status_code == 401
    code = pyotp.TOTP(made["secret"]).at(clock.now())
    signed = sign_in(client, "sec@unodc.example.org", code=code)
    assert signed.status_code == 201 and signed.json["role"] == "secretariat"
    replayed = sign_in(client, "sec@unodc.example.org", code=code)
    assert replayed.status_code == 401 and "already used" in replayed.json["detail"]
    recovery = made["recovery_codes"][0]
    assert sign_in(client, "sec@unodc.example.org", code=recovery).status_code == 201
    assert sign_in(client, "sec@unodc.example.org", code=recovery).status_code == 401


def test_anyone_may_add_a_second_factor_which_is_then_asked_for(service):
    client, ctx, clock = service
    hear(ctx, "ObserverNominated", email="o@gov.example.org")
    use(client, link_token(invitations(ctx)[0]))
    bearer = {"Authorization": f"Bearer {sign_in(client, 'o@gov.example.org').json['token']}"}
    secret = client.post("/second-factor", headers=bearer).json["secret"]
    wrong = client.post("/second-factor/confirm", headers=bearer, json={"code": "123"})
    assert wrong.status_code == 401 and "code" in wrong.json["errors"]
    codes = client.post("/second-factor/confirm", headers=bearer,
                        json={"code": pyotp.TOTP(secret).at(clock.now())}).json
    assert len(codes["recovery_codes"]) == 10
    assert sign_in(client, "o@gov.example.org").status_code == 401
    clock.advance(seconds=30)
    assert sign_in(client, "o@gov.example.org",
                   code=pyotp.TOTP(secret).at(clock.now())).status_code == 201


def test_a_reset_link_is_sent_only_where_an_account_is_but_the_answer_is_the_same(service):
    client, ctx, _ = service
    hear(ctx, "FocalPointNominated", email="r@gov.example.org")
    use(client, link_token(invitations(ctx)[0]))
    asked = client.post("/password-resets", headers=NO_TOKEN, json={"email": "r@gov.example.org"})
    nobody = client.post("/password-resets", headers=NO_TOKEN,
                         json={"email": "nobody@gov.example.org"})
    assert (asked.status_code, nobody.status_code) == (202, 202)
    assert asked.get_data() == nobody.get_data()
    reset = invitations(ctx)[-1]
    assert (len(invitations(ctx)), reset["purpose"]) == (2, "reset")
    assert use(client, link_token(reset), "a new rare passphrase").status_code == 200
    assert sign_in(client, "r@gov.example.org").status_code == 401
    assert sign_in(client, "r@gov.example.org", "a new rare passphrase").status_code == 201


def test_a_service_gets_a_token_with_the_service_role_only_for_its_secret(service):
    client, _, _ = service

    def ask(secret: str):
        basic = base64.b64encode(f"reviews:{secret}".encode()).decode()
        return client.post("/service-tokens", headers={"Authorization": f"Basic {basic}"})

    given = ask("s3")
    assert given.status_code == 201
    principal = verify(given.json["access_token"], jwt_config_from_env())
    assert (principal.role, principal.subject, principal.may_write) == (
        "service", "service:reviews", False)
    assert ask("wrong").status_code == 401
    assert client.post("/service-tokens", headers=NO_TOKEN).status_code == 401


def test_sign_ins_and_failures_are_in_the_audit_log(service):
    client, ctx, _ = service
    hear(ctx, "FocalPointNominated", email="a@gov.example.org")
    use(client, link_token(invitations(ctx)[0]))
    sign_in(client, "a@gov.example.org", "wrong guess")
    sign_in(client, "a@gov.example.org")
    entries = client.get("/audit").json
    lines = [(e["subject"], e["path"], e["status"]) for e in entries]
    assert ("a@gov.example.org", "signed in", 200) in lines
    assert any(p.startswith("sign-in refused") and s == 401 for _, p, s in lines)
    assert ("a@gov.example.org", "password set through an invitation link", 200) in lines
    assert client.get("/keys").json["keys"][0]["kty"] == "OKP"


def test_the_migration_makes_the_tables_every_service_shares_as_the_code_reads_them(service):
    """The outbox, inbox, audit log and dead letters the shared code reads, column for
    column, made by the accounts' one migration."""
    _, ctx, _ = service
    found = inspect(ctx.engine)
    for table in (outbox, inbox, audit_log, dead_letters):
        assert {c["name"] for c in found.get_columns(table.name)} == set(table.c.keys())


def test_the_signin_benchmark_prints_its_figures_beside_their_baselines_when_run_small():
    figures = figures_of("signin.py", "--signins", "2", "--verifications", "20")
    assert {"signin_ms", "signin_ms_baseline", "signin_ms_ratio", "signins_per_second",
            "verify_ms", "verify_ms_baseline", "verify_ms_ratio", "verify_added_ms"} <= set(
        figures)


def test_failures_are_counted_against_the_address_a_trusted_proxy_names_and_no_other(service):
    """The portal signs everyone in from one address: it names the browser's, and only a
    trusted proxy's naming is believed."""
    client, ctx, _ = service
    for _ in range(50):  # the address lock, from one browser behind the portal
        client.post("/sessions", json={"email": f"x{_}@gov.example.org", "password": "wrong"},
                    headers={"Authorization": "", "X-Forwarded-For": "203.0.113.7"})
    from_there = client.post("/sessions", json={"email": "y@gov.example.org", "password": "w"},
                             headers={"Authorization": "", "X-Forwarded-For": "203.0.113.7"})
    elsewhere = client.post("/sessions", json={"email": "y@gov.example.org", "password": "w"},
                            headers={"Authorization": "", "X-Forwarded-For": "198.51.100.9"})
    assert (from_there.status_code, elsewhere.status_code) == (429, 401)
    with ctx.uow() as uow:
        assert uow.failures("address:203.0.113.7").count == 50
        assert uow.failures("address:127.0.0.1").count == 0
