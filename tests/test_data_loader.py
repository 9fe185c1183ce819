"""The shared data loader: safe YAML, every problem located as file:line: field: message."""

from __future__ import annotations

import datetime as dt

import pytest

from cloudempiere_docs.data.loader import DataFileError, DataProblem, load_model, load_yaml
from cloudempiere_docs.data.settings import SettingsFile, check_settings
from cloudempiere_docs.data.sla import SlaFile
from cloudempiere_docs.data.taxes import TaxesFile, check_taxes
from cloudempiere_docs.data.versioning import Version, parse, previous


def write(tmp_path, text: str):
    path = tmp_path / "data.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(exc: pytest.ExceptionInfo[DataFileError]) -> list[str]:
    return [f"{p.line}: {p.field}: {p.message}" for p in exc.value.problems]


def test_duplicate_keys_are_located_at_the_second_key(tmp_path):
    path = write(tmp_path, "a: 1\nb:\n  c: 2\n  c: 3\na: 4\n")
    with pytest.raises(DataFileError) as exc:
        load_yaml(path)
    assert problems(exc) == [
        "4: b.c: duplicate key 'c' (first defined on line 3)",
        "5: a: duplicate key 'a' (first defined on line 1)",
    ]
    assert str(exc.value.problems[0]).startswith(f"{path}:4: b.c: duplicate key")


def test_malformed_yaml_is_located(tmp_path):
    path = write(tmp_path, "settings:\n  - key: A\n    description: [unclosed\n  - key: B\n")
    with pytest.raises(DataFileError) as exc:
        load_yaml(path)
    [problem] = exc.value.problems
    assert problem.line == 4 and problem.message.startswith("invalid YAML")


def test_safe_loader_never_builds_python_objects(tmp_path):
    path = write(tmp_path, "a: !!python/name:os.system ''\n")
    with pytest.raises(DataFileError) as exc:
        load_yaml(path)
    assert exc.value.problems[0].line == 1 and "invalid YAML" in exc.value.problems[0].message
    # Tags on collections are not constructed at all: the value stays plain data.
    value, _lines = load_yaml(write(tmp_path, "a: !!python/object/apply:os.system ['true']\n"))
    assert value == {"a": ["true"]}


def test_nested_locations_map_to_lines(tmp_path):
    path = write(
        tmp_path,
        """\
settings:
  - key: ZK_PAGING_SIZE
    module: Web UI
    level: Tenant
    type: integer
    default: "100"
    description: Number of records a window shows on one page.
    since: "11"
    default_history:
      - version: "13"
        previous: yes
""",
    )
    with pytest.raises(DataFileError) as exc:
        load_model(path, SettingsFile)
    assert problems(exc) == [
        "11: settings[0].default_history[0].previous: Value error, write Y/N values in quotes ('Y'); "
        "YAML reads yes/no/true/false as booleans (got True)"
    ]


def test_every_validation_problem_is_reported(tmp_path):
    path = write(
        tmp_path,
        """\
settings:
  - key: A_KEY
    level: Galaxy
    type: colour
    default: "1"
    description: Long enough description of the setting.
    since: "eleven"
""",
    )
    with pytest.raises(DataFileError) as exc:
        load_model(path, SettingsFile)
    fields = {p.field: p.line for p in exc.value.problems}
    assert fields == {
        "settings[0].module": 2,
        "settings[0].level": 3,
        "settings[0].type": 4,
        "settings[0].since": 7,
    }


def test_semantic_checks_use_loaded_problem(tmp_path):
    path = write(
        tmp_path,
        """\
categories:
  - {id: standard, name: Standard, description: Standard rate.}
taxes:
  - {id: a, name: A, indicator: A, rate: 20, valid_from: 2011-01-01, valid_to: 2024-12-31, category: standard, legal_basis: Act, description: A.}
  - {id: b, name: B, indicator: B, rate: 23, valid_from: 2024-12-31, category: standard, legal_basis: Act, description: B.}
  - {id: c, name: C, indicator: C, rate: 23, valid_from: 2025-01-01, category: standard, side: purchase, exempt: true, legal_basis: Act, description: C.}
""",
    )
    loaded = load_model(path, TaxesFile)
    found = check_taxes(loaded)
    assert all(isinstance(p, DataProblem) for p in found)
    messages = [f"{p.line}: {p.field}: {p.message}" for p in found]
    assert messages[0] == "6: taxes[2].rate: an exempt tax must have rate 0"
    assert any(m.startswith("5: taxes[1].valid_from: validity of 'b' overlaps 'a' (line 4)") for m in messages)
    assert any(m.startswith("6: taxes[2].valid_from: validity of 'c' overlaps 'b'") for m in messages)


def test_settings_versions():
    assert parse("13") == parse("13.0") == Version("13")
    assert parse("9") < parse("13")
    assert previous(parse("13")) == parse("12")
    with pytest.raises(ValueError):
        parse("latest")


def test_default_history_gives_the_default_of_each_version(tmp_path):
    path = write(
        tmp_path,
        """\
settings:
  - key: ZK_PAGING_SIZE
    module: Web UI
    level: C
    type: integer
    default: 100
    description: Number of records a window shows on one page.
    since: 11
    default_history:
      - {version: 13, previous: 50}
""",
    )
    loaded = load_model(path, SettingsFile)
    assert check_settings(loaded) == []
    setting = loaded.value.settings[0]
    assert setting.level.value == "Tenant"  # the code C is read as its name
    assert [setting.default_in(parse(v)) for v in ("11", "12", "13", "14")] == ["50", "50", "100", "100"]


def test_safe_url_rejects_script_urls(tmp_path):
    path = write(
        tmp_path,
        """\
timezone: Europe/Bratislava
timezone_note: CET/CEST
impacts: []
urgencies: []
matrix: []
priorities: []
channels:
  - {id: a, name: A, description: A., url: "JAVASCRIPT:alert(1)", around_the_clock: true}
  - {id: b, name: B, description: B., url: "//evil.example/", around_the_clock: true}
  - {id: c, name: C, description: C., url: "https://support.cloudempiere.com/", around_the_clock: true}
""",
    )
    with pytest.raises(DataFileError) as exc:
        load_model(path, SlaFile)
    assert [(p.line, p.field) for p in exc.value.problems] == [(8, "channels[0].url"), (9, "channels[1].url")]


def test_real_data_files_are_valid(repo_root):
    from cloudempiere_docs.data.kinds import KINDS, load

    loaded = {}
    for kind in KINDS.values():
        file = load(kind, repo_root / "source" / kind.default, loaded)
        assert file.problems == [], kind.name
        loaded[kind.name] = file.loaded
    taxes = load_model(repo_root / "source/_data/taxes.yaml", TaxesFile).value
    on = {t.id for t in taxes.taxes if t.valid_on(dt.date(2026, 1, 1)) and t.parent is None}
    assert {"sk-standard-23", "sk-reduced-19", "sk-reduced-5", "sk-hfss-23"} <= on
    assert "sk-hfss-19" not in on and "sk-standard-20" not in on


def test_form_access_levels_use_the_application_labels(tmp_path):
    """Codes and the application's labels are read; the names the data used before it
    followed the application ("Tenant only", ...) still load, since released versions are
    built from commits that have them."""
    from cloudempiere_docs.data.windows import AccessLevel, WindowsFile

    forms = "".join(
        f"  - {{name: Form {i}, id: {i}, kind: form, description: A form., access_level: \"{level}\"}}\n"
        for i, level in enumerate(["2", "Client+Organization", "Tenant only", "System+Tenant", "6"], start=1)
    )
    path = write(tmp_path, "windows:\n" + forms)
    levels = [w.access_level for w in load_model(path, WindowsFile).value.windows]
    assert levels == [
        AccessLevel.CLIENT,
        AccessLevel.CLIENT_ORGANIZATION,
        AccessLevel.CLIENT,
        AccessLevel.SYSTEM_CLIENT,
        AccessLevel.SYSTEM_CLIENT,
    ]
    assert [level.value for level in levels[:2]] == ["Client only", "Client+Organization"]


SLA_HEAD = """\
timezone: Europe/Bratislava
timezone_note: CET/CEST
impacts: [{id: high, name: High, description: All.}]
urgencies: [{id: high, name: High, description: Now.}]
matrix: [{impact: high, urgency: high, priority: 1}]
channels: [{id: portal, name: Support portal, description: The portal., around_the_clock: true}]
"""


def test_request_priorities_are_data_checked_where_they_are_named(tmp_path):
    """The R_Request priority list is data (values and names, translated once); a
    priority naming a value the list lacks, or a value listed twice, is located."""
    from cloudempiere_docs.data.sla import check_sla

    path = write(
        tmp_path,
        SLA_HEAD
        + """\
request_priorities:
  - {id: urgent, value: 1, name: Urgent}
  - {id: high, value: 1, name: High}
priorities:
  - {level: 1, name: Critical, description: Down., request_priority: urgnet, response: 30 minutes, resolution: 4 hours}
""",
    )
    loaded = load_model(path, SlaFile)
    messages = [f"{p.line}: {p.field}: {p.message}" for p in check_sla(loaded)]
    assert "9: request_priorities[1].value: duplicate request priority value 1" in messages
    assert "11: priorities[0].request_priority: unknown request priority 'urgnet' (known: urgent, high)" in messages
    assert loaded.value.request_priority("urgent").label == "1 Urgent"


def test_an_sla_file_from_before_the_request_priority_list_still_loads(tmp_path):
    """Released versions pinned to an older commit name iDempiere's values by id only."""
    from cloudempiere_docs.data.sla import check_sla

    path = write(
        tmp_path,
        SLA_HEAD
        + """\
priorities:
  - {level: 1, name: Critical, description: Down., request_priority: urgent, response: 30 minutes, resolution: 4 hours}
  - {level: 5, name: Planning, description: Later., request_priority: minor, response: 1 business day, resolution: next release}
""",
    )
    loaded = load_model(path, SlaFile)
    assert [f"{p.field}: {p.message}" for p in check_sla(loaded)] == []
    assert [(r.value, r.name) for r in loaded.value.request_priorities] == [(1, "Urgent"), (3, "High"), (5, "Medium"), (7, "Low"), (9, "Minor")]
    assert loaded.value.request_priority("minor").label == "9 Minor"


def test_request_priority_values_are_one_digit_and_follow_the_support_priorities(tmp_path):
    """R_Request.Priority is one character; a less urgent support priority must not map
    to a more urgent request value (the portal sorts by it). Both are located."""
    from cloudempiere_docs.data.sla import check_sla

    path = write(
        tmp_path,
        SLA_HEAD
        + """\
request_priorities:
  - {id: urgent, value: 1, name: Urgent}
  - {id: high, value: 3, name: High}
  - {id: urgent, value: 5, name: Urgent again}
priorities:
  - {level: 1, name: Critical, description: Down., request_priority: high, response: 30 minutes, resolution: 4 hours}
  - {level: 2, name: High, description: Slow., request_priority: urgent, response: 1 hour, resolution: 8 hours}
  - {level: 3, name: Moderate, description: Odd., request_priority: medum, response: 4 hours, resolution: 2 business days}
""",
    )
    loaded = load_model(path, SlaFile)
    messages = [f"{p.line}: {p.field}: {p.message}" for p in check_sla(loaded)]
    assert "13: priorities[1].request_priority: priority 2 maps to request priority 1 Urgent, more urgent than 3 High of priority 1: a lower support priority needs an equal or higher request value" in messages, messages
    assert "10: request_priorities[2].id: duplicate request priority 'urgent'" in messages, messages
    assert "14: priorities[2].request_priority: unknown request priority 'medum' (known: urgent, high)" in messages, messages

    path.write_text(path.read_text(encoding="utf-8").replace("value: 5,", "value: 10,"), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"data\.yaml:10: request_priorities\[2\]\.value: Input should be less than or equal to 9"):
        load_model(path, SlaFile)


def test_the_manual_states_the_request_priority_list_itself():
    """The fallback list is for old bases and test roots only: the manual's own SLA
    data holds the list, so its names are translated in its catalog."""
    from pathlib import Path

    import yaml

    raw = yaml.safe_load((Path(__file__).resolve().parent.parent / "source" / "_data" / "sla.yaml").read_text(encoding="utf-8"))
    assert [r["id"] for r in raw["request_priorities"]] == ["urgent", "high", "medium", "low", "minor"]
    assert {p["request_priority"] for p in raw["priorities"]} <= {r["id"] for r in raw["request_priorities"]}
