"""Bounded, located inputs: the loader refuses anchors, aliases, deep nesting and files
over the size limit, and maps TOML keys back to their lines."""

from __future__ import annotations

import tomllib

import pytest

from cloudempiere_docs.data.loader import DataFileError, load_model, load_yaml, parse_toml
from cloudempiere_docs.data.settings import SettingsFile
from cloudempiere_docs.data.tomllines import toml_lines


def write(tmp_path, text: str, name: str = "data.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(exc: pytest.ExceptionInfo[DataFileError]) -> list[str]:
    return [str(p) for p in exc.value.problems]


def test_alias_bomb_is_refused_at_its_first_anchor(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8)
    )
    path = write(tmp_path, bomb)
    with pytest.raises(DataFileError) as exc:
        load_yaml(path)
    assert problems(exc) == [
        f"{path}:1: YAML anchor &a: anchors and aliases are not allowed in data files; write the value out"
    ]


def test_alias_without_anchor_is_refused_where_it_is_written(tmp_path):
    path = write(tmp_path, "a: 1\nb:\n  - *missing\n")
    with pytest.raises(DataFileError) as exc:
        load_yaml(path)
    assert problems(exc) == [
        f"{path}:3: YAML alias *missing: anchors and aliases are not allowed in data files; write the value out"
    ]


def test_merge_key_with_an_anchor_is_refused(tmp_path):
    path = write(tmp_path, "base: &base {a: 1}\nother:\n  <<: *base\n")
    with pytest.raises(DataFileError) as exc:
        load_yaml(path)
    assert exc.value.problems[0].line == 1 and "anchor &base" in exc.value.problems[0].message


def test_deep_nesting_is_refused(tmp_path):
    path = write(tmp_path, "a: " + "[" * 40 + "]" * 40 + "\n")
    with pytest.raises(DataFileError) as exc:
        load_yaml(path)
    [problem] = exc.value.problems
    assert problem.line == 1 and "nested more than 32 levels" in problem.message


def test_file_over_the_limit_is_refused_before_parsing(tmp_path):
    path = write(tmp_path, "settings:\n" + "  # padding\n" * 200)
    with pytest.raises(DataFileError) as exc:
        load_model(path, SettingsFile, max_bytes=1000)
    [problem] = exc.value.problems
    assert str(problem) == (
        f"{path}: file is 2,410 bytes, larger than the limit of 1,000 bytes for a data file"
        " (split it, or raise cedocs_data_max_bytes in conf.py)"
    )
    assert problem.location == f"{path}:1"  # Sphinx takes a location without a line for a docname


def test_not_utf8_is_located(tmp_path):
    path = tmp_path / "data.yaml"
    path.write_bytes(b"a: 1\nb: \xff\n")
    with pytest.raises(DataFileError) as exc:
        load_yaml(path)
    assert problems(exc) == [f"{path}:2: not UTF-8 text: invalid start byte"]


TRICKY_TOML = '''\
# a comment with [brackets] and key = "value"
[site]
languages = [
  "en",  # first
  "sk",
]
"quoted.key" = 'literal [not a table]'
text = """
[not.a.table]
fake = "no"
"""
dotted.inner = 1
when = 1979-05-27 07:32:00
inline = { a = 1, b = [2, 3] }

[[version]]
name = "13"

[[version]]
name = "12"
[version.extra]
note = 'x'
'''


def test_toml_lines_follow_the_structure_not_the_look():
    assert tomllib.loads(TRICKY_TOML)["site"]["text"].startswith("[not.a.table]")
    lines = toml_lines(TRICKY_TOML)
    assert lines[("site",)] == 2
    assert lines[("site", "languages")] == 3
    assert lines[("site", "languages", 0)] == 4 and lines[("site", "languages", 1)] == 5
    assert lines[("site", "quoted.key")] == 7
    assert lines[("site", "text")] == 8
    assert ("not", "a", "table") not in lines and ("site", "fake") not in lines
    assert lines[("site", "dotted")] == lines[("site", "dotted", "inner")] == 12
    assert lines[("site", "when")] == 13
    assert lines[("site", "inline", "b", 1)] == 14
    assert lines[("version", 0)] == 16 and lines[("version", 0, "name")] == 17
    assert lines[("version", 1, "name")] == 20
    assert lines[("version", 1, "extra", "note")] == 22


def test_malformed_toml_is_located(tmp_path):
    path = write(tmp_path, '[site]\nlanguages = ["en",\nbase_url = 1\n', "bad.toml")
    with pytest.raises(DataFileError) as exc:
        parse_toml(str(path), path.read_text())
    [problem] = exc.value.problems
    assert problem.line == 3 and problem.message.startswith("invalid TOML: ")
