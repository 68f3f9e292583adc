"""Where the helpers look for the data, and which transport the notebook runner picks."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from helpers import paths
from helpers.course import notebooks


@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    """Work from an empty folder, with the installed package's folder faked as empty too."""
    package = tmp_path / "site-packages" / "helpers"
    package.mkdir(parents=True)
    monkeypatch.setattr(paths, "_HERE", package)
    monkeypatch.delenv(paths.DATA_VARIABLE, raising=False)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return package


def _data(folder: Path, name: str = paths.PACKAGE_NAME) -> Path:
    folder.mkdir(parents=True)
    (folder / "datapackage.json").write_text(json.dumps({"name": name}))
    return folder


def test_the_override_comes_first(elsewhere, tmp_path, monkeypatch):
    _data(elsewhere / "_data")
    monkeypatch.setenv(paths.DATA_VARIABLE, str(tmp_path / "mine"))
    assert paths.data_dir() == tmp_path / "mine"


def test_the_checkout_above_the_working_directory_comes_next(elsewhere, tmp_path, monkeypatch):
    _data(elsewhere / "_data")
    data = _data(tmp_path / "work" / "data")
    lesson_folder = tmp_path / "work" / "notebooks" / "solutions"
    lesson_folder.mkdir(parents=True)
    monkeypatch.chdir(lesson_folder)
    assert paths.data_dir() == data.resolve()
    assert paths.find_root() == (tmp_path / "work").resolve()


def test_the_installed_copy_comes_last(elsewhere):
    packaged = _data(elsewhere / "_data")
    assert paths.data_dir() == packaged


def test_another_projects_data_folder_is_not_taken(elsewhere, tmp_path):
    _data(tmp_path / "work" / "data", name="someone-else")
    packaged = _data(elsewhere / "_data")
    assert paths.find_root() is None
    assert paths.data_dir() == packaged


def test_no_data_anywhere_says_what_was_tried(elsewhere, tmp_path):
    with pytest.raises(FileNotFoundError) as error:
        paths.data_dir()
    message = str(error.value)
    assert paths.DATA_VARIABLE in message
    assert str(tmp_path / "work") in message
    assert str(elsewhere / "_data") in message


def test_this_checkout_is_found_from_its_notebooks_folder(monkeypatch):
    monkeypatch.chdir(paths.ROOT / "notebooks")
    monkeypatch.delenv(paths.DATA_VARIABLE, raising=False)
    assert paths.find_root() == paths.ROOT
    assert paths.data_dir() == paths.ROOT / "data"
    assert paths.notebooks_dir() == paths.ROOT / "notebooks"


def test_colab_links_only_for_a_github_address():
    lesson = "notebooks/01_remains_handovers.ipynb"
    assert paths.colab_url(lesson, None) is None
    assert paths.colab_url(lesson, "https://gitlab.com/a/b") is None
    assert paths.colab_url(lesson, "https://github.com/a/b.git") == (
        "https://colab.research.google.com/github/a/b/blob/main/" + lesson
    )


def test_kernel_transport_is_ipc_where_zeromq_has_it(tmp_path):
    assert notebooks.kernel_transport(True, tmp_path) == {
        "transport": "ipc",
        "ip": str(tmp_path / "k"),
    }


def test_kernel_transport_is_local_tcp_elsewhere(tmp_path):
    assert notebooks.kernel_transport(False, tmp_path) == {"transport": "tcp", "ip": "127.0.0.1"}


def test_this_machine_has_ipc():
    assert notebooks._zmq_has_ipc() is (notebooks.os.name != "nt")


def test_repository_url_is_the_one_pyproject_names():
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]
    assert paths.repository_url() == project.get("urls", {}).get("Repository")
