"""모델·설정: installed model packs, the device and precision the models will use (and why), pack
installation from a folder or USB stick, search profiles with their index state, the data folder.

Every engine call (listing packs probes the GPU, installing copies gigabytes, indexing runs the model)
happens on the job lane; the page only draws what comes back.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QAbstractItemView, QFileDialog, QFrame, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QPushButton, QScrollArea, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from desktop_app.bank_ops import (ModelsOverview, build_profile_index, create_qwen_profile,
                                  install_model_pack, models_overview, use_profile)
from desktop_app.district import DistrictConnection
from desktop_app.errors import describe
from desktop_app.i18n import tr
from desktop_app.pages.page_parts import page_heading, scrolling_body
from desktop_app.tasks import TaskRunner
from desktop_app.widgets.badges import pill
from desktop_app.widgets.district_settings import DistrictSettingsCard
from desktop_app.widgets.job_row import JobRow
from desktop_app.widgets.pack_guide import PackGuideCard
from engine.api import ItemBank


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit in ("B", "KB") else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


# The engine explains its device plan in English; the sentences a teacher sees most are said in
# Korean here (anything else is shown as the engine wrote it).
_REASONS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^no CUDA GPU found; using the CPU$"), "models.reason_no_gpu"),
    (re.compile(r"^fp32 is the CPU default$"), "models.reason_cpu_fp32"),
    (re.compile(r"^PyTorch is not installed"), "models.reason_no_torch"),
    (re.compile(r"^int8 on the CPU as asked"), "models.reason_cpu_int8"),
    (re.compile(r"^int8 on the CPU needs PyTorch's int8 matrix product"), "models.reason_cpu_int8_missing"),
    (re.compile(r"^CUDA GPU (?P<gpu>.*?)\s*\(compute capability (?P<cap>[^)]*)\); int8 is the GPU default$"),
     "models.reason_gpu_int8"),
    (re.compile(r"^(?P<p>\w+) needs about (?P<need>[\d.]+) GiB of GPU memory but only (?P<free>[\d.]+) GiB is free"),
     "models.reason_low_memory"),
]


def explain_reason(reason: str) -> str:
    for pattern, key in _REASONS:
        match = pattern.search(reason)
        if match:
            return tr(key, **match.groupdict())
    return reason


def card(title_key: str) -> tuple[QFrame, QVBoxLayout, QLabel]:
    frame = QFrame()
    frame.setObjectName("Card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(18, 14, 18, 16)
    layout.setSpacing(8)
    title = QLabel(tr(title_key))
    title.setObjectName("CardTitle")
    title.setProperty("tr_key", title_key)
    layout.addWidget(title)
    return frame, layout, title


def serving_sentence(overview: ModelsOverview) -> str:
    """One sentence on what answers searches now, the same the status bar says (키워드 or 하이브리드)."""
    active = next((p for p in overview.profiles if p.get("name") == overview.active), None)
    if active is None or active.get("kind") == "keyword" or not active.get("available"):
        return tr("models.keyword_title")
    if overview.items and not active.get("indexed", 0):
        return tr("models.serving_unindexed", name=active["name"], model=active.get("model") or "—")
    return tr("models.serving_title", name=active["name"], model=active.get("model") or "—")


def plain_table(columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setObjectName("PlainTable")
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setShowGrid(False)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setHighlightSections(False)
    table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return table


def _cell(text: str, data: object = None) -> QTableWidgetItem:
    cell = QTableWidgetItem(text)
    if data is not None:
        cell.setData(Qt.ItemDataRole.UserRole, data)
    return cell


class ModelsPage(QScrollArea):
    overview_loaded = Signal(object)   # ModelsOverview
    bank_changed = Signal()            # a pack, an index or the active profile changed
    job_done = Signal(str, object)     # "install" | "index" | "use" | "create", the engine's result
    job_failed = Signal(str, str)      # kind, the message shown

    def __init__(self, bank: ItemBank, runner: TaskRunner, parent: QWidget | None = None,
                 quick: TaskRunner | None = None, *, district: DistrictConnection | None = None,
                 remote_runner: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.bank = bank
        self.runner = runner
        self.quick = quick or runner  # short reads and single writes; long jobs go to ``runner``
        self.overview: ModelsOverview | None = None
        outer = scrolling_body(self)

        self.title, self.subtitle, self.banner = page_heading()
        outer.addWidget(self.title)
        outer.addWidget(self.subtitle)
        outer.addWidget(self.banner)

        # what a model pack adds (shown while none is installed)
        self.keyword_card, lay, self.serving_title = card("models.keyword_title")
        self.keyword_card.setProperty("tone", "accent")
        self.keyword_text = QLabel()
        self.keyword_text.setObjectName("CardText")
        self.keyword_text.setWordWrap(True)
        self.keyword_text.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.keyword_text)
        outer.addWidget(self.keyword_card)

        # installed packs and installing one
        self.packs_card, lay, _ = card("models.packs_title")
        self.packs_table = plain_table(5)
        lay.addWidget(self.packs_table)
        self.no_packs = QLabel()
        self.no_packs.setObjectName("CardMuted")
        lay.addWidget(self.no_packs)
        install_row = QHBoxLayout()
        self.pack_path = QLineEdit()
        self.pack_path.setObjectName("PackPath")
        self.browse_folder = QPushButton()
        self.browse_folder.clicked.connect(self.choose_pack_folder)
        self.browse_archive = QPushButton()
        self.browse_archive.clicked.connect(self.choose_pack_archive)
        self.install_button = QPushButton()
        self.install_button.setProperty("primary", True)
        self.install_button.clicked.connect(lambda: self.install_pack(self.pack_path.text().strip()))
        install_row.addWidget(self.pack_path, 1)
        install_row.addWidget(self.browse_folder)
        install_row.addWidget(self.browse_archive)
        install_row.addWidget(self.install_button)
        lay.addLayout(install_row)
        self.install_job = JobRow(runner)
        lay.addWidget(self.install_job)
        outer.addWidget(self.packs_card)

        # which packs exist, their size and needs, and how to make one on a PC with internet
        self.guide_card = PackGuideCard()
        outer.addWidget(self.guide_card)

        # device and precision
        self.device_card, lay, _ = card("models.device_title")
        self.device_line = QHBoxLayout()
        self.device_line.setSpacing(6)
        lay.addLayout(self.device_line)
        self.device_reasons = QLabel()
        self.device_reasons.setObjectName("CardText")
        self.device_reasons.setWordWrap(True)
        lay.addWidget(self.device_reasons)
        outer.addWidget(self.device_card)

        # profiles and their indexes
        self.profiles_card, lay, _ = card("models.profiles_title")
        self.profiles_table = plain_table(5)
        self.profiles_table.itemSelectionChanged.connect(self._update_buttons)
        self.serving_line = QLabel()  # with packs installed: which profile answers searches now
        self.serving_line.setObjectName("CardText")
        self.serving_line.setWordWrap(True)
        lay.addWidget(self.serving_line)
        lay.addWidget(self.profiles_table)
        buttons = QHBoxLayout()
        self.index_button = QPushButton()
        self.index_button.setProperty("primary", True)
        self.index_button.clicked.connect(lambda: self.build_index(self.selected_profile()))
        self.use_button = QPushButton()
        self.use_button.clicked.connect(lambda: self.use_profile(self.selected_profile()))
        self.create_button = QPushButton()
        self.create_button.clicked.connect(self.create_profile)
        buttons.addWidget(self.index_button)
        buttons.addWidget(self.use_button)
        buttons.addWidget(self.create_button)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        self.index_job = JobRow(runner)
        lay.addWidget(self.index_job)
        outer.addWidget(self.profiles_card)

        # the district's shared bank on an `itembank serve` server (its test waits on the network)
        self.district_card: DistrictSettingsCard | None = None
        if district is not None:
            self.district_card = DistrictSettingsCard(district, remote_runner or self.quick)
            outer.addWidget(self.district_card)

        # data folder
        self.data_card, lay, _ = card("models.data_title")
        data_row = QHBoxLayout()
        self.data_label = QLabel(str(bank.paths.root))
        self.data_label.setObjectName("PathLabel")
        self.data_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_data = QPushButton()
        self.open_data.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.bank.paths.root))))
        data_row.addWidget(self.data_label, 1)
        data_row.addWidget(self.open_data)
        lay.addLayout(data_row)
        self.data_hint = QLabel()
        self.data_hint.setObjectName("CardMuted")
        self.data_hint.setWordWrap(True)
        lay.addWidget(self.data_hint)
        outer.addWidget(self.data_card)
        outer.addStretch(1)

        for job in (self.install_job, self.index_job):
            job.busy_changed.connect(lambda _b: self._update_buttons())
        self.retranslate()

    # -- loading --------------------------------------------------------------------------
    def refresh(self) -> None:
        bank = self.bank
        self.quick.submit(lambda _ctx: models_overview(bank), name="models-overview",
                           on_success=self._show_overview, on_failure=self._failed("overview"))

    def _show_overview(self, overview: ModelsOverview) -> None:
        self.overview = overview
        self._fill()
        self.overview_loaded.emit(overview)

    def _fill(self) -> None:
        overview = self.overview
        if overview is None:
            return
        self.keyword_card.setVisible(not overview.embedders)
        self.serving_title.setText(serving_sentence(overview))
        self.serving_line.setText(serving_sentence(overview))
        self.serving_line.setVisible(bool(overview.embedders))
        table = self.packs_table
        table.setRowCount(len(overview.packs))
        for row, pack in enumerate(overview.packs):
            kind = tr(f"models.kind_{pack.kind}") if pack.kind in ("embedder", "reranker") else pack.kind
            for col, text in enumerate((pack.name, kind, pack.version, human_size(pack.size),
                                        pack.licence or "—")):
                table.setItem(row, col, _cell(text, pack.name))
        table.setVisible(bool(overview.packs))
        self.no_packs.setVisible(not overview.packs)
        self._fit_height(table)
        self.guide_card.show_installed(overview.packs)

        while self.device_line.count():
            widget = self.device_line.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        plan = overview.plan
        device = plan.get("device", "cpu")
        gpu = (plan.get("hardware") or {}).get("gpu_name")
        self.device_line.addWidget(pill(tr("models.device", device=gpu or device.upper()), "accent"))
        self.device_line.addWidget(pill(tr("models.precision", precision=plan.get("precision", "—"))))
        if plan.get("needed_gib"):
            self.device_line.addWidget(pill(tr("models.needed", gib=plan["needed_gib"]), "outline"))
        self.device_line.addStretch(1)
        reasons = plan.get("reasons") or []
        self.device_reasons.setText("\n".join(f"• {explain_reason(r)}" for r in reasons))

        table = self.profiles_table
        previous = self.selected_profile()
        table.setRowCount(len(overview.profiles))
        for row, status in enumerate(overview.profiles):
            name = status["name"]
            model = status.get("model") or "—"
            if status.get("dim"):
                model += f" · {status['dim']}d"
            indexed = tr("models.indexed", n=status.get("indexed", 0), total=overview.items)
            if not status.get("available"):
                state = tr("models.state_unavailable", reason=status.get("reason", ""))
            elif name == "keyword":
                state = tr("models.state_ready")
            elif not status.get("indexed", 0) and overview.items:
                state = tr("models.state_none")
            elif status.get("indexed", 0) < overview.items:
                state = tr("models.state_stale")
            else:
                state = tr("models.state_ready")
            active = tr("models.active") if status.get("active") else ""
            for col, text in enumerate((name, model, indexed, active, state)):
                cell = _cell(text, name)
                if col == 4 and not status.get("available"):
                    cell.setToolTip(status.get("reason", ""))
                table.setItem(row, col, cell)
            if name == previous or (previous is None and status.get("active")):
                table.selectRow(row)
        self._fit_height(table)
        self.data_label.setText(str(overview.data_dir))
        self._update_buttons()

    @staticmethod
    def _fit_height(table: QTableWidget) -> None:
        height = table.horizontalHeader().height() + 4
        for row in range(table.rowCount()):
            height += table.rowHeight(row)
        table.setFixedHeight(height)

    def profile_row(self, name: str) -> dict | None:
        if self.overview is None:
            return None
        return next((p for p in self.overview.profiles if p["name"] == name), None)

    def selected_profile(self) -> str | None:
        rows = self.profiles_table.selectionModel().selectedRows() if self.profiles_table.selectionModel() else []
        if not rows:
            return None
        cell = self.profiles_table.item(rows[0].row(), 0)
        return cell.data(Qt.ItemDataRole.UserRole) if cell is not None else None

    def select_profile(self, name: str) -> bool:
        for row in range(self.profiles_table.rowCount()):
            if self.profiles_table.item(row, 0).data(Qt.ItemDataRole.UserRole) == name:
                self.profiles_table.selectRow(row)
                return True
        return False

    def _update_buttons(self) -> None:
        busy = self.install_job.busy or self.index_job.busy
        status = self.profile_row(self.selected_profile() or "")
        usable = bool(status and status.get("available"))
        is_keyword = bool(status and status["name"] == "keyword")
        self.index_button.setEnabled(not busy and usable and not is_keyword)
        self.use_button.setEnabled(not busy and usable and not (status or {}).get("active")
                                   and (is_keyword or (status or {}).get("indexed", 0) > 0))
        has_embedder = bool(self.overview and self.overview.embedders)
        self.create_button.setEnabled(not busy and has_embedder)
        self.create_button.setToolTip("" if has_embedder else tr("models.create_needs_pack"))
        for widget in (self.install_button, self.browse_folder, self.browse_archive):
            widget.setEnabled(not busy)
        if status and not status.get("available"):
            self.index_button.setToolTip(status.get("reason", ""))
        else:
            self.index_button.setToolTip(tr("models.index_tip"))

    # -- actions --------------------------------------------------------------------------
    def choose_pack_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, tr("models.choose_folder"), str(Path.home()))
        if path:
            self.pack_path.setText(path)

    def choose_pack_archive(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("models.choose_archive"), str(Path.home()),
                                              tr("models.archive_filter"))
        if path:
            self.pack_path.setText(path)

    def install_pack(self, path: str | Path) -> None:
        if not str(path).strip():
            self.banner.show_message(tr("models.pick_pack_first"), "warning")
            return
        bank = self.bank
        self.banner.hide()
        self.install_job.run(lambda ctx: install_model_pack(bank, path, ctx), "models.installing",
                             cancellable=False, on_success=self._installed,
                             on_failure=self._failed("install"), name=Path(str(path)).name)

    def _installed(self, result) -> None:
        info, status = result
        self.banner.show_message(tr("models.installed", name=info.name, status=tr(f"models.status_{status.replace(' ', '_')}")),
                                 "info")
        self.job_done.emit("install", result)
        self._changed()

    def build_index(self, name: str | None) -> None:
        if not name:
            return
        bank = self.bank
        self.banner.hide()
        self.index_job.run(lambda ctx: build_profile_index(bank, name, ctx), "models.indexing",
                           on_success=lambda report: self._indexed("index", report),
                           on_failure=self._failed("index"), name=name)

    def create_profile(self) -> None:
        bank = self.bank
        self.banner.hide()
        self.index_job.run(lambda ctx: create_qwen_profile(bank, ctx), "models.indexing",
                           on_success=lambda report: self._indexed("create", report),
                           on_failure=self._failed("create"), name="Qwen3-VL")

    def _indexed(self, kind: str, report) -> None:
        if report.cancelled:
            self.banner.show_message(tr("models.index_cancelled", name=report.profile,
                                        n=report.indexed), "warning")
        else:
            self.banner.show_message(tr("models.index_done", name=report.profile, n=report.indexed,
                                        embedded=report.embedded, seconds=f"{report.seconds:.1f}"),
                                     "info")
        self.job_done.emit(kind, report)
        self._changed()

    def use_profile(self, name: str | None) -> None:
        if not name:
            return
        bank = self.bank
        self.quick.submit(lambda _ctx: use_profile(bank, name), name="use-profile",
                           on_success=self._used, on_failure=self._failed("use"))

    def _used(self, name: str) -> None:
        self.banner.show_message(tr("models.now_using", name=name), "info")
        self.job_done.emit("use", name)
        self._changed()

    def _changed(self) -> None:
        self.refresh()
        self.bank_changed.emit()

    def _failed(self, kind: str):
        def show(error: BaseException) -> None:
            message = describe(error)
            self.banner.show_message(message.text, "error", message.detail)
            self.job_failed.emit(kind, message.text)
        return show

    def retranslate(self) -> None:
        self.title.setText(tr("models.title"))
        self.subtitle.setText(tr("models.subtitle"))
        for frame in (self.keyword_card, self.packs_card, self.device_card, self.profiles_card,
                      self.data_card):
            title = frame.findChild(QLabel, "CardTitle")
            if title is not None:
                title.setText(tr(title.property("tr_key")))
        if self.overview is not None:
            self.serving_title.setText(serving_sentence(self.overview))
            self.serving_line.setText(serving_sentence(self.overview))
        self.keyword_text.setText(tr("models.keyword_text"))
        self.packs_table.setHorizontalHeaderLabels([tr(f"models.col_{c}") for c in
                                                    ("name", "kind", "version", "size", "licence")])
        self.profiles_table.setHorizontalHeaderLabels([tr(f"models.col_{c}") for c in
                                                       ("profile", "model", "indexed", "active", "state")])
        self.no_packs.setText(tr("models.no_packs"))
        self.pack_path.setPlaceholderText(tr("models.pack_path_placeholder"))
        self.browse_folder.setText(tr("models.browse_folder"))
        self.browse_archive.setText(tr("models.browse_archive"))
        self.install_button.setText(tr("models.install"))
        self.index_button.setText(tr("models.build_index"))
        self.use_button.setText(tr("models.use"))
        self.create_button.setText(tr("models.create"))
        self.open_data.setText(tr("models.open_folder"))
        self.data_hint.setText(tr("models.data_hint"))
        self.banner.retranslate()
        if self.district_card is not None:
            self.district_card.retranslate()
        self.install_job.retranslate()
        self.index_job.retranslate()
        self.guide_card.retranslate()
        self._fill()
