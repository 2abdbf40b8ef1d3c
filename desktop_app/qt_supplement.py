"""Korean for the few Qt strings ``qtbase_ko.qm`` lacks.

PySide6 6.x renamed some of QFileDialog's labels ("Look in:" became "&Look in:", "Files of type:"
became "Files of &type:"), and the Korean catalog it ships still translates only the old source texts,
so Qt's own file dialog showed two English labels (and "Folder" in its file list) in an otherwise Korean
dialog. This translator answers
just those source texts; it is installed after Qt's catalog and, as the newest translator, asked first.
"""

from __future__ import annotations

from PySide6.QtCore import QTranslator

# (context, Qt's source text) -> Korean, with the same accelerator letter Qt uses
KOREAN = {
    ("QFileDialog", "&Look in:"): "다음에서 찾기(&L):",
    ("QFileDialog", "Files of &type:"): "파일 형식(&T):",
    # the file list's "Type" column for a folder (Qt's catalog has it only under QFileDialog)
    ("QAbstractFileIconProvider", "Folder"): "폴더",
}


class SupplementTranslator(QTranslator):
    """Answers only the source texts in ``KOREAN``; everything else falls through to Qt's catalog."""

    def __init__(self, table: dict[tuple[str, str], str] | None = None, parent=None) -> None:
        super().__init__(parent)
        self._table = dict(KOREAN if table is None else table)

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        # None reaches Qt as a null string: "not mine, ask the next catalog" ("" would end the search)
        return self._table.get((context, source))

    def isEmpty(self) -> bool:  # noqa: N802 - Qt naming
        return not self._table
