"""The history import's parts: how each travels, what the bundle lacks, and the example
bundle's script."""

from __future__ import annotations

from deploy import history_example, import_history
from deploy.history_parts import CSV, MULTIPART, PARTS, media_type, missing_files
from tests.integration.test_deployment_files import DEFAULT_PORTS


def openapi(path: str, *kinds: str) -> dict:
    return {"paths": {path: {"post": {"requestBody": {"content": {
        kind: {"schema": {"type": "string"}} for kind in kinds}}}}}}


def test_a_part_travels_as_the_service_says_it_takes_it_or_is_unavailable():
    assert media_type(openapi("/history/parties", CSV), "/history/parties") == CSV
    assert media_type(openapi("/history/import", MULTIPART), "/history/import") == MULTIPART
    assert media_type(openapi("/history/import", "application/json"), "/history/import") is None
    assert media_type(openapi("/history/parties", CSV), "/history/draws") is None


def test_the_parts_go_in_the_order_the_facts_depend_on_and_name_what_the_bundle_lacks(tmp_path):
    assert [p.service for p in PARTS] == ["lots", "nominations", "reviews"]
    reviews = PARTS[-1]
    (tmp_path / "stages.csv").write_text("phase\n", encoding="utf-8")
    found = reviews.present(tmp_path)
    assert set(found) == {"stages.csv"}
    assert missing_files(reviews, found) == ["consultations.csv"]


def test_the_example_script_writes_the_files_of_the_bundle_with_their_columns(tmp_path):
    """The same files and headers as the bundle committed (their lines follow the States
    parties file, which may change under it: `python -m deploy.history_example` again)."""
    assert history_example.main([str(tmp_path)]) == 0
    committed = {p.name: p.read_text(encoding="utf-8").splitlines()[0]
                 for p in history_example.FOLDER.glob("*.csv")}
    written = {p.name: p.read_text(encoding="utf-8").splitlines()[0]
               for p in tmp_path.glob("*.csv")}
    assert written == committed and len(written) == 9


def test_the_command_finds_every_service_where_make_run_starts_it():
    assert import_history.PORTS == DEFAULT_PORTS
