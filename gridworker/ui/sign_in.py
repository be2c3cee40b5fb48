"""Sign in to the centre: server address, account, password.

The password goes from the field to ``Workspace.login`` on the background worker and is
cleared from the field when the dialog closes; only the server's refresh token is kept (in
the system keyring, or for this session only where there is none, which the dialog says).
Enter signs in, Esc cancels, and the first empty field has the focus.
"""

from __future__ import annotations

import os

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..api import (
    ENV_SERVER,
    AccountMismatch,
    AuthFailed,
    Binding,
    InvalidInput,
    ProtocolMismatch,
    ServerUnreachable,
    SyncError,
    Workspace,
)
from .errors import readable, sync_text
from .messages import error_text
from .tasks import TaskRunner


class SignInDialog(QDialog):
    signed_in = Signal(object)  # Binding

    def __init__(
        self,
        workspace: Workspace,
        tasks: TaskRunner,
        parent: QWidget | None = None,
        *,
        binding: Binding | None = None,
    ):
        super().__init__(parent)
        self.workspace = workspace
        self.tasks = tasks
        self.binding = binding
        self._busy = False
        self.setObjectName("signInDialog")
        self.setWindowTitle(self.tr("登录网格管理平台"))
        self.setModal(True)

        self.reason_label = QLabel(self)
        self.reason_label.setObjectName("signInReason")
        self.reason_label.setWordWrap(True)
        self.reason_label.hide()

        self.server_edit = QLineEdit(self)
        self.server_edit.setObjectName("serverEdit")
        self.server_edit.setPlaceholderText("https://grid.example.cn")
        self.account_edit = QLineEdit(self)
        self.account_edit.setObjectName("accountEdit")
        self.account_edit.setPlaceholderText(self.tr("例如 worker1"))
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("passwordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        for edit in (self.server_edit, self.account_edit, self.password_edit):
            edit.textEdited.connect(self._clear_error)

        form = QFormLayout()
        form.addRow(self.tr("服务器地址(&S)："), self.server_edit)
        form.addRow(self.tr("账号(&A)："), self.account_edit)
        form.addRow(self.tr("密码(&P)："), self.password_edit)

        self.error_label = QLabel(self)
        self.error_label.setObjectName("signInError")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()

        self.keyring_label = QLabel(self)
        self.keyring_label.setObjectName("keyringNote")
        self.keyring_label.setWordWrap(True)
        self.keyring_label.hide()

        self.buttons = QDialogButtonBox(self)
        self.sign_in_button = self.buttons.addButton(
            self.tr("登录"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.sign_in_button.setDefault(True)
        self.buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.reason_label)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.keyring_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        self.prefill(binding)
        self._ask_keyring()

    # -- content -------------------------------------------------------------------------
    def prefill(self, binding: Binding | None) -> None:
        """The bound centre and account; else the address ``make run`` passes in. What the
        user typed stays (the binding may arrive while the dialog is open)."""
        self.binding = binding
        if binding is not None:
            if not self.server_edit.isModified():
                self.server_edit.setText(binding.server)
            if not self.account_edit.isModified():
                self.account_edit.setText(binding.username)
        elif not self.server_edit.text():
            self.server_edit.setText(os.environ.get(ENV_SERVER, "").strip())

    def set_reason(self, text: str) -> None:
        """Why we ask (the session expired …); empty hides it."""
        self.reason_label.setText(text)
        self.reason_label.setVisible(bool(text))

    def _ask_keyring(self) -> None:
        # Asking the keyring can wait on D-Bus: never on the UI thread. No database involved.
        self.tasks.run(self.workspace.sign_in_kept, on_success=self._keyring_known, parallel=True)

    def _keyring_known(self, result: tuple[bool, str]) -> None:
        kept, _why = result
        if kept:
            self.keyring_label.hide()
            return
        self.keyring_label.setText(
            self.tr(
                "这台电脑没有可用的系统密码保管服务（钥匙串），登录状态只保留到程序关闭："
                "每次启动后需要重新登录。密码本身从不保存。"
            )
        )
        self.keyring_label.show()

    def first_empty_field(self) -> QLineEdit:
        for edit in (self.server_edit, self.account_edit, self.password_edit):
            if not edit.text().strip():
                return edit
        return self.password_edit

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        field = self.first_empty_field()
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        field.selectAll()

    # -- signing in ----------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._busy

    def submit(self) -> None:
        if self._busy:
            return
        server = self.server_edit.text().strip()
        account = self.account_edit.text().strip()
        password = self.password_edit.text()
        if not (server and account and password):
            self.show_error(self.tr("请填写服务器地址、账号和密码。"), self.first_empty_field())
            return
        self._set_busy(True)
        workspace = self.workspace
        self.tasks.run(
            lambda: workspace.login(server, account, password),
            on_success=self._succeeded,
            on_failure=self._failed,
        )

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.server_edit, self.account_edit, self.password_edit):
            widget.setEnabled(not busy)
        self.sign_in_button.setEnabled(not busy)
        if busy:
            self._clear_error()
            self.sign_in_button.setText(self.tr("正在登录…"))
        else:
            self.sign_in_button.setText(self.tr("登录"))

    def _succeeded(self, binding: Binding) -> None:
        self._set_busy(False)
        self.binding = binding
        self.password_edit.clear()
        self.signed_in.emit(binding)
        if self.isVisible():
            self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        text, field = self.explain(exc)
        self.show_error(text, field)
        if not isinstance(exc, (SyncError, InvalidInput)) and self.tasks.on_error is not None:
            self.tasks.on_error(exc)  # a fault, not a sign-in answer: details for support

    def explain(self, exc: BaseException) -> tuple[str, QLineEdit | None]:
        """The sentence to show under the fields, and the field to fix."""
        if isinstance(exc, AuthFailed):
            field = self.password_edit if exc.code == "bad_credentials" else None
            return sync_text(exc), field
        if isinstance(exc, ServerUnreachable):
            return (
                self.tr("无法连接到服务器 {0}：请检查服务器地址和网络连接。").format(
                    self.server_edit.text().strip()
                ),
                self.server_edit,
            )
        if isinstance(exc, ProtocolMismatch):
            return sync_text(exc), None
        if isinstance(exc, AccountMismatch):
            bound = self.binding
            if bound is not None:
                return (
                    self.tr(
                        "这个工作区已与账号“{0}”（服务器 {1}）同步过数据，不能改用其他账号或"
                        "服务器。请用该账号登录，或为新账号使用另一个数据目录（--data-dir）。"
                    ).format(bound.username, bound.server),
                    self.account_edit,
                )
            return error_text(exc), self.account_edit
        if isinstance(exc, InvalidInput):
            if "server" in exc.errors:
                return (
                    self.tr("服务器地址应以 http:// 或 https:// 开头，例如 https://grid.example.cn"),
                    self.server_edit,
                )
            return self.tr("请填写服务器地址、账号和密码。"), self.first_empty_field()
        return readable(exc), None

    def show_error(self, text: str, field: QLineEdit | None = None) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        if field is not None:
            field.setFocus(Qt.FocusReason.OtherFocusReason)
            field.selectAll()

    def _clear_error(self) -> None:
        self.error_label.clear()
        self.error_label.hide()

    def done(self, result: int) -> None:
        self.password_edit.clear()  # never left lying in a hidden widget
        super().done(result)
