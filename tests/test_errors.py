"""One error base class: every error the program raises on purpose carries its Chinese message in ``.message``."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import hzsubsidy_desktop
from hzsubsidy_desktop.errors import AppError
from hzsubsidy_desktop.export import ExportBlocked, ExportError, PdfUnavailable
from hzsubsidy_desktop.formdef import DefinitionError
from hzsubsidy_desktop.interchange.safe_archive import SubmissionRejected
from hzsubsidy_desktop.store import NotFound, StoreError
from hzsubsidy_desktop.validation import Report
from hzsubsidy_desktop.values.amounts import AmountError, parse_amount
from hzsubsidy_desktop.values.field_types import InputError


def _core_modules() -> list[str]:
    """Every module of the package except the GUI (which needs Qt) and the entry points."""
    names = []
    for info in pkgutil.walk_packages(hzsubsidy_desktop.__path__, "hzsubsidy_desktop."):
        if ".gui" in info.name or info.name.endswith("__main__"):
            continue
        names.append(info.name)
    return names


def test_every_exception_class_of_the_core_derives_from_app_error():
    strays = []
    for name in _core_modules():
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == name and issubclass(cls, BaseException) and not issubclass(cls, AppError):
                strays.append(f"{name}.{cls.__name__}")
    assert strays == []


@pytest.mark.parametrize("error", [
    InputError("“注册资本（万元）”只能填写数字。"),
    StoreError("磁盘已满，未能保存。"),
    NotFound("找不到编号为 abc 的申报。"),
    ExportError("文件正被其他程序使用。"),
    PdfUnavailable(),
    SubmissionRejected("“a.hzsub”不是报送文件。"),
    DefinitionError("fields.toml: project.name: 缺少 label"),
    ExportBlocked(Report([])),
])
def test_each_error_shows_its_message_the_same_way(error):
    assert isinstance(error, AppError)
    assert error.message and str(error) == error.message


def test_amount_errors_say_why_in_message():
    with pytest.raises(AmountError) as info:
        parse_amount("十二")
    assert info.value.message and info.value.message == str(info.value)
