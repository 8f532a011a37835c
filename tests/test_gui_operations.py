"""run_op: one error path for every failure of a core operation, then the change announcement."""

from __future__ import annotations

from typing import Any

import pytest

from hzsubsidy_desktop.gui.app import create_app
from hzsubsidy_desktop.gui.operations import APPLICATIONS, Change, changes, error_message, run_op
from hzsubsidy_desktop.gui.qt import QMainWindow, QMessageBox
from hzsubsidy_desktop.store import StoreError
from hzsubsidy_desktop.values.field_types import InputError


@pytest.fixture
def window(qtbot: Any) -> QMainWindow:
    create_app()
    win = QMainWindow()
    qtbot.addWidget(win)
    return win


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append((title, text)))
    return shown


def test_success_runs_the_callback_and_announces(window, boxes):
    heard: list[Change] = []
    changes().changed.connect(heard.append)
    try:
        outcome = run_op(window, lambda: 42, changed=[APPLICATIONS], app_id="abc", on_success=lambda v: heard.append(v))
    finally:
        changes().changed.disconnect(heard.append)
    assert outcome.ok and outcome.value == 42
    assert heard[0] == 42 and heard[1].touches(APPLICATIONS) and heard[1].app_id == "abc"
    assert boxes == []


def test_store_errors_go_to_a_message_box_and_announce_nothing(window, boxes):
    heard: list[Change] = []
    changes().changed.connect(heard.append)

    def fail() -> None:
        raise StoreError("磁盘空间已满，本次修改未保存。")

    try:
        outcome = run_op(window, fail, changed=[APPLICATIONS], title="无法保存")
    finally:
        changes().changed.disconnect(heard.append)
    assert not outcome.ok and outcome.message == "磁盘空间已满，本次修改未保存。"
    assert boxes == [("无法保存", "磁盘空间已满，本次修改未保存。")]
    assert heard == []


def test_quiet_errors_go_to_the_status_bar(window, boxes):
    run_op(window.statusBar(), lambda: (_ for _ in ()).throw(StoreError("数据库正被另一个 hzsubsidy 窗口占用，请稍后重试。")),
           quiet=True)
    assert boxes == []
    assert window.statusBar().currentMessage() == "数据库正被另一个 hzsubsidy 窗口占用，请稍后重试。"


def test_input_errors_can_be_claimed_by_the_caller(window, boxes):
    claimed: list[str] = []

    def reject() -> None:
        raise InputError("“注册资本（万元）”只能填写数字。")

    run_op(window, reject, on_input_error=lambda exc: claimed.append(exc.message))
    assert claimed == ["“注册资本（万元）”只能填写数字。"] and boxes == []
    run_op(window, reject)
    assert boxes[-1][1] == "“注册资本（万元）”只能填写数字。"


def test_unexpected_failures_still_get_a_chinese_message(window, boxes, capsys):
    run_op(window, lambda: {}["missing"])
    assert "操作未能完成" in boxes[-1][1] and "KeyError" in boxes[-1][1]
    assert "KeyError" in capsys.readouterr().err  # the traceback is kept for the developers


def test_file_errors_name_the_file():
    assert "“/ro/x.docx”" in error_message(PermissionError(13, "Permission denied", "/ro/x.docx"))
    assert error_message(FileNotFoundError(2, "No such file", "/nope")).startswith("找不到文件或文件夹")
