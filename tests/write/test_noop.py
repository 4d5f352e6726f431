"""A regeneration that would change nothing is decided from hashes, before parsing anything."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli.main import main


def _doc(schemas: dict[str, object]) -> str:
    return json.dumps(
        {
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "components": {"schemas": schemas},
        }
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "api.json").write_text(
        _doc(
            {
                "A": {
                    "type": "object",
                    "properties": {"b": {"$ref": "common.json#/components/schemas/B"}},
                }
            }
        )
    )
    (tmp_path / "common.json").write_text(_doc({"B": {"type": "string"}}))
    return tmp_path


def _generate(project: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    args = [
        "generate",
        "--spec",
        str(project / "api.json"),
        "--out",
        str(project / "o"),
        "--package",
        "p",
        *extra,
    ]
    assert main(args) == 0
    return capsys.readouterr().out


def test_second_run_stops_before_parsing(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "6 written" in _generate(project, capsys)

    def fail(*_: object) -> None:
        raise AssertionError("a no-op run must not parse the spec")

    monkeypatch.setattr("generator.openapi.build_api", fail)
    monkeypatch.setattr("generator.cli.pipeline.build_api", fail, raising=False)
    assert "up to date, nothing written" in _generate(project, capsys)


@pytest.mark.parametrize(
    "change",
    [
        "root spec",
        "referenced file",
        "output edited",
        "output deleted",
        "options",
        "formatter upgraded",
        "formatter switched",
    ],
)
def test_any_change_means_a_full_run(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    change: str,
) -> None:
    _generate(project, capsys)
    models = project / "o" / "p" / "models.py"
    extra: tuple[str, ...] = ()
    if change == "root spec":
        (project / "api.json").write_text(
            (project / "api.json").read_text().replace('"t"', '"t2"')
        )
    elif change == "referenced file":
        (project / "common.json").write_text(_doc({"B": {"type": "integer"}}))
    elif change == "output edited":
        models.write_text(models.read_text() + "# edited\n")
    elif change == "output deleted":
        models.unlink()
    elif change == "formatter upgraded":
        monkeypatch.setattr(
            "generator.cli.fingerprint.formatter_version",
            lambda formatter: f"{formatter} 99.1.0",
        )
    elif change == "formatter switched":
        extra = ("--formatter", "none")
    else:
        extra = ("--emit", "dataclasses")
    out = _generate(project, capsys, *extra)
    assert "up to date" not in out
    if change in ("output edited", "output deleted"):
        assert "1 written" in out and not models.read_text().endswith("# edited\n")
    if change == "referenced file":
        assert "decoded: B = _rt.decode_int(value)" in models.read_text()


def test_force_always_regenerates(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _generate(project, capsys)
    assert "up to date" not in _generate(project, capsys, "--force")


def test_a_no_op_run_still_clears_what_a_killed_run_left(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A run killed while staging leaves ``.p.specgen-new`` (or ``-old``) beside an
    intact package; the next run is a no-op for the package but must not leave them
    (this is the case the SIGKILL test in test_output.py met now and then)."""
    _generate(project, capsys)
    before = sorted(p.name for p in (project / "o" / "p").iterdir())
    (project / "o" / ".p.specgen-new").mkdir()
    (project / "o" / ".p.specgen-new" / "models.py").write_text("half written")
    (project / "o" / ".p.specgen-old").mkdir()
    assert "up to date" in _generate(project, capsys)
    assert sorted(p.name for p in (project / "o").iterdir()) == ["p"]
    assert sorted(p.name for p in (project / "o" / "p").iterdir()) == before
