"""The sentences a person sees for a deactivated account and for too many sign-in attempts."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from gridworker.api import AuthFailed, ServerError
from gridworker.ui.errors import SESSION_ENDED, details, readable

pytestmark = pytest.mark.gui


def test_a_deactivated_account_reads_as_such_not_as_a_wrong_password(qtbot):
    disabled = AuthFailed.from_code("account_disabled", "此账号已被停用，请联系管理员。")
    assert readable(disabled) == "此账号已被停用，请联系管理员。"
    assert "密码" not in readable(disabled)
    assert "account_disabled" in details(disabled)
    # signing in again with the kept password cannot help: the UI must not try it silently
    assert "account_disabled" not in SESSION_ENDED


def test_too_many_attempts_say_how_long_to_wait(qtbot):
    limited = ServerError("rate_limited", "本网络的登录失败次数过多，请约 42 秒后再试。", 429,
                          {"retry_after": 42})
    assert readable(limited) == "尝试过于频繁，请约 42 秒后再试。"
    assert readable(ServerError("rate_limited", "", 429)) == "尝试过于频繁，请稍后再试。"
