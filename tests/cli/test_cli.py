"""The command line: bad input is one line on stderr and exit 2, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli.main import main


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _spec(tmp_path: Path, name: str, content: str | bytes) -> str:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return str(path)


def _doc(schemas: dict[str, object]) -> str:
    return json.dumps(
        {
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "components": {"schemas": schemas},
        }
    )


BAD_INPUTS = {
    "yaml syntax": (
        "s.yaml",
        "openapi: 3.1.0\ninfo: [unclosed\n",
        r"s\.yaml: line 3, column 1: invalid YAML",
    ),
    "json syntax": (
        "s.json",
        '{"openapi": "3.1.0",\n  "info": }',
        r"s\.json: line 2, column 11: invalid JSON: Expecting value",
    ),
    "not openapi": (
        "s.yaml",
        "hello: world\n",
        r"not an OpenAPI document: there is no 'openapi' version field",
    ),
    "top level list": (
        "s.yaml",
        "- 1\n",
        r"not an OpenAPI document: the top level is not a mapping",
    ),
    "swagger 2": (
        "s.yaml",
        "swagger: '2.0'\n",
        r"s\.yaml: #/swagger: Swagger 2\.0 is not supported",
    ),
    "openapi 4": (
        "s.yaml",
        "openapi: 4.0.0\n",
        r"#/openapi: OpenAPI version '4\.0\.0' is not supported",
    ),
    "binary garbage": (
        "s.yaml",
        b"\xff\xfe\x00\x81garbage",
        r"s\.yaml: byte 0: not UTF-8 text",
    ),
    "missing ref": (
        "s.json",
        _doc(
            {
                "A": {
                    "type": "object",
                    "properties": {"b": {"$ref": "#/components/schemas/Nope"}},
                }
            }
        ),
        r"s\.json: #/components/schemas/A/properties/b/\$ref: \$ref '#/components/schemas/Nope' names a location that does not exist",
    ),
    "url ref": (
        "s.json",
        _doc({"A": {"$ref": "https://example.com/x.json#/A"}}),
        r"#/components/schemas/A/\$ref: \$ref 'https://example\.com/x\.json#/A' names a URL; only local files are allowed",
    ),
    "escaping ref": (
        "s.json",
        _doc({"A": {"$ref": "../../etc/passwd#/x"}}),
        r"\$ref '\.\./\.\./etc/passwd#/x' leaves the specification's folder; refused",
    ),
    "ref cycle": (
        "s.json",
        _doc(
            {
                "A": {"$ref": "#/components/schemas/B"},
                "B": {"$ref": "#/components/schemas/A"},
            }
        ),
        r"\$ref cycle",
    ),
    "allOf cycle": (
        "s.json",
        _doc(
            {
                "A": {"allOf": [{"$ref": "#/components/schemas/B"}]},
                "B": {
                    "allOf": [{"$ref": "#/components/schemas/A"}],
                    "properties": {"x": {}},
                },
            }
        ),
        r"allOf cycle: a schema includes itself",
    ),
    "unknown type": (
        "s.json",
        _doc({"A": {"type": "object", "properties": {"x": {"type": "strin"}}}}),
        r"#/components/schemas/A/properties/x/type: unknown type 'strin'",
    ),
    "schema not an object": (
        "s.json",
        _doc({"A": {"type": "object", "properties": {"x": 3}}}),
        r"A/properties/x: a schema must be an object",
    ),
    "deep nesting": (
        "s.json",
        '{"openapi": "3.1.0", "x": ' + "[" * 10000 + "]" * 10000 + "}",
        r"s\.json: (.*)nest",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    name, content, pattern = BAD_INPUTS[case]
    spec = _spec(tmp_path, name, content)
    out_dir = tmp_path / "out"
    code, out, err = _run(
        capsys, "generate", "--spec", spec, "--out", str(out_dir), "--package", "p"
    )
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith("specgen: error: "), err
    assert "Traceback" not in err
    import re

    assert re.search(pattern, err), err
    assert not out_dir.exists(), "nothing may be written for bad input"


def test_deep_schema_nesting_is_refused_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    depth = 3000
    schema = (
        '{"type": "object", "properties": {"a": ' * depth
        + '{"type": "string"}'
        + "}}" * depth
    )
    spec = _spec(
        tmp_path,
        "s.json",
        _doc({}).replace('"schemas": {}', '"schemas": {"Deep": ' + schema + "}"),
    )
    code, _, err = _run(
        capsys,
        "generate",
        "--spec",
        spec,
        "--out",
        str(tmp_path / "o"),
        "--package",
        "p",
    )
    assert code in (0, 2), err
    assert "Traceback" not in err and err.count("\n") <= 1


@pytest.mark.parametrize(
    "package", ["../../x", "/etc/x", "con-1", "class", "", "_private"]
)
def test_package_names_that_are_not_identifiers_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], package: str
) -> None:
    spec = _spec(tmp_path, "s.json", _doc({}))
    code, _, err = _run(
        capsys,
        "generate",
        "--spec",
        spec,
        "--out",
        str(tmp_path / "o"),
        "--package",
        package,
    )
    assert code == 2 and "is not a valid Python package name" in err
    assert not (tmp_path / "o").exists()


def test_missing_spec_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "ir", "--spec", str(tmp_path / "absent.yaml"))
    assert code == 2 and err == "specgen: error: absent.yaml: file not found\n"


def test_unknown_option_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["generate", "--no-such-flag"])
    assert caught.value.code == 2
    assert "unrecognized arguments: --no-such-flag" in capsys.readouterr().err


def test_config_unknown_key_and_defaults(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "api.json").write_text(
        _doc({"Thing": {"type": "object", "properties": {"a": {"type": "string"}}}})
    )
    (tmp_path / "pyproject.toml").write_text(
        '[tool.specgen]\nspec = "api.json"\nout = "gen"\npackage = "things"\n'
    )
    nested = tmp_path / "sub" / "dir"
    nested.mkdir(parents=True)
    monkeypatch.chdir(
        nested
    )  # the nearest pyproject.toml is found from below, paths are relative to it
    code, out, err = _run(capsys, "generate")
    assert code == 0, err
    assert (tmp_path / "gen" / "things" / "models.py").is_file()
    assert "1 models" in out

    (tmp_path / "pyproject.toml").write_text('[tool.specgen]\nspecs = "api.json"\n')
    code, _, err = _run(capsys, "generate")
    assert code == 2 and "[tool.specgen] specs: unknown key" in err


def test_refuses_to_overwrite_files_it_does_not_own(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _spec(tmp_path, "s.json", _doc({"A": {"type": "object", "properties": {}}}))
    users = tmp_path / "o" / "p"
    users.mkdir(parents=True)
    (users / "models.py").write_text("precious = 1\n")
    args = ("generate", "--spec", spec, "--out", str(tmp_path / "o"), "--package", "p")
    code, _, err = _run(capsys, *args)
    assert (
        code == 2
        and "models.py: exists and was not written by specgen" in err
        and "--force" in err
    )
    assert (users / "models.py").read_text() == "precious = 1\n" and len(
        list(users.iterdir())
    ) == 1
    code, _, err = _run(capsys, *args, "--force")
    assert code == 0, err
    assert "class A" in (users / "models.py").read_text()


def test_regeneration_keeps_user_files_and_removes_stale_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _spec(tmp_path, "s.json", _doc({"A": {"type": "object", "properties": {}}}))
    args = ("generate", "--spec", spec, "--out", str(tmp_path / "o"), "--package", "p")
    assert _run(capsys, *args)[0] == 0
    package = tmp_path / "o" / "p"
    (package / "notes.txt").write_text("mine")
    stale = package / "old_module.py"
    stale.write_text("# generated by an older run\n")
    manifest = package / ".specgen-manifest.json"
    manifest.write_text(
        json.dumps([*json.loads(manifest.read_text()), "p/old_module.py"])
    )
    before = {p.name: p.stat().st_mtime_ns for p in package.iterdir()}
    code, out, _ = _run(capsys, *args)
    assert code == 0 and "0 written" in out and "1 removed" in out
    assert not stale.exists() and (package / "notes.txt").read_text() == "mine"
    after = {p.name: p.stat().st_mtime_ns for p in package.iterdir()}
    assert after["models.py"] == before["models.py"]


def test_ir_json_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = _spec(
        tmp_path,
        "s.json",
        _doc(
            {
                "Pet": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {
                        "name": {"type": "string"},
                        "petType": {"type": ["string", "null"], "default": "dog"},
                    },
                },
                "Color": {"type": "string", "enum": ["red"]},
            }
        ),
    )
    code, out, _ = _run(capsys, "ir", "--spec", spec)
    assert code == 0
    document = json.loads(out)
    assert set(document) >= {"models", "operations"}
    pet = next(m for m in document["models"] if m["name"] == "Pet")
    assert pet["kind"] == "object" and pet["source"] == "#/components/schemas/Pet"
    name, pet_type = pet["fields"]
    assert name == {
        **name,
        "name": "name",
        "python_name": "name",
        "required": True,
        "nullable": False,
    }
    assert name["type"] == {"kind": "primitive", "type": "string", "format": None}
    assert pet_type == {
        **pet_type,
        "name": "petType",
        "python_name": "pet_type",
        "required": False,
        "nullable": True,
        "default": "dog",
    }
    color = next(m for m in document["models"] if m["name"] == "Color")
    assert color["kind"] == "enum" and color["values"] == [
        {"name": "RED", "value": "red"}
    ]


def test_an_internal_error_is_exit_3_with_a_bug_report_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import hashlib

    spec = _spec(tmp_path, "s.json", _doc({"A": {"type": "object", "properties": {}}}))

    def broken(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("generator.cli.pipeline.render", broken)
    code, _, err = _run(
        capsys,
        "generate",
        "--spec",
        spec,
        "--out",
        str(tmp_path / "o"),
        "--package",
        "p",
    )
    assert code == 3
    assert err.startswith(
        "specgen: internal error: RuntimeError: boom\nThis is a bug in specgen."
    )
    assert (
        hashlib.sha256(Path(spec).read_bytes()).hexdigest() in err
        and "Traceback" not in err
    )
    assert not (tmp_path / "o").exists()
