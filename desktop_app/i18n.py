"""UI strings in Korean (the default: the users are Korean teachers) and English.

A plain dictionary rather than Qt's .ts/.qm tool chain: there are two languages, the strings live
next to each other so a translator sees both, and nothing needs compiling. Widgets call ``tr(key)``
and re-read their strings in a ``retranslate()`` method when the language changes at run time.
"""

from __future__ import annotations

LANGUAGES: tuple[str, ...] = ("ko", "en")
DEFAULT_LANGUAGE = "ko"

# key → (한국어, English). Placeholders use str.format names.
STRINGS: dict[str, tuple[str, str]] = {
    # window, menus
    "app.title": ("문항 은행", "Item bank"),
    "menu.file": ("파일(&F)", "&File"),
    "menu.import_file": ("파일 가져오기(&I)…", "&Import file…"),
    "menu.import_folder": ("폴더 가져오기…", "Import folder…"),
    "menu.load_sample": ("샘플 문항 불러오기", "Load sample items"),
    "menu.quit": ("끝내기(&Q)", "&Quit"),
    "menu.edit": ("편집(&E)", "&Edit"),
    "menu.paste_image": ("그림 붙여넣기로 검색", "Search by pasted image"),
    "menu.clear_image": ("검색 그림 지우기", "Clear search image"),
    "menu.focus_search": ("검색창으로 이동", "Go to search box"),
    "menu.view": ("보기(&V)", "&View"),
    "menu.language": ("언어 / Language", "Language / 언어"),
    "menu.lang_ko": ("한국어", "한국어 (Korean)"),
    "menu.lang_en": ("English (영어)", "English"),
    "menu.show_model_banner": ("모델 팩 안내 다시 보기", "Show the model pack notice again"),
    "menu.help": ("도움말(&H)", "&Help"),
    "menu.about": ("문항 은행 정보", "About Item bank"),
    "about.text": (
        "문항 은행 {version}\n\n인터넷 없이 내 컴퓨터에서 시험 문항을 찾아 주는 프로그램입니다.\n"
        "데이터 폴더: {data_dir}",
        "Item bank {version}\n\nFinds exam items on this computer, no internet needed.\n"
        "Data folder: {data_dir}"),
    # search bar
    "search.placeholder": (
        "문항 내용, 단원, 성취기준으로 검색하세요 — 그림을 끌어다 놓거나 붙여넣어도 됩니다",
        "Search item text, units, standards — or drop / paste a figure"),
    "search.button": ("검색", "Search"),
    "search.image_chip_tip": ("이 그림으로 검색 중입니다. ×를 누르면 지웁니다.",
                              "Searching with this image. Click × to clear it."),
    "search.clear_image": ("그림 지우기", "Clear image"),
    "filter.subject": ("과목", "Subject"),
    "filter.grade": ("학년", "Grade"),
    "filter.type": ("유형", "Type"),
    "filter.difficulty": ("난이도", "Difficulty"),
    "filter.standard": ("성취기준", "Standard"),
    "filter.standard_placeholder": ("예: [9수02", "e.g. [9수02"),
    "filter.all": ("전체", "All"),
    "filter.school_all": ("{level} 전체", "All {level}"),
    "filter.reset": ("필터 초기화", "Reset filters"),
    "level.초": ("초등", "primary"),
    "level.중": ("중학교", "middle school"),
    "level.고": ("고등학교", "high school"),
    "mode.label": ("검색 방식", "Search mode"),
    "mode.auto": ("자동", "Auto"),
    "mode.keyword": ("키워드", "Keyword"),
    "mode.semantic": ("의미", "Semantic"),
    "mode.hybrid": ("하이브리드", "Hybrid"),
    "mode.unavailable_tip": (
        "모델 팩을 설치하면 이 검색 방식을 쓸 수 있습니다 (itembank models install PACK).",
        "Installing a model pack adds this search mode (itembank models install PACK)."),
    "mode.auto_tip": ("설치된 것 가운데 가장 좋은 검색 방식을 고릅니다.",
                      "Uses the best search mode that is installed."),
    "mode.keyword_tip": ("낱말이 들어 있는 문항을 찾습니다.", "Finds items that contain the words."),
    # results
    "results.count": ("검색 결과 {n}건", "{n} results"),
    "results.count_more": ("검색 결과 상위 {n}건", "Top {n} results"),
    "results.browse_all": ("전체 문항 {n}건", "All {n} items"),
    "results.browse_first": ("전체 {total}건 중 처음 {n}건", "First {n} of {total} items"),
    "results.filtered": ("조건에 맞는 문항 {n}건", "{n} items match the filters"),
    "results.filtered_first": ("조건에 맞는 문항 중 처음 {n}건", "First {n} items that match the filters"),
    "results.none": ("찾는 문항이 없습니다. 낱말을 바꾸거나 필터를 줄여 보세요.",
                     "No items found. Try other words or fewer filters."),
    "results.text_only": ("그림 없이 글자로만 찾은 결과", "text-only results, without the image"),
    "results.more": ("결과 더 보기", "Show more results"),
    "results.searching": ("검색 중…", "Searching…"),
    "results.score": ("점수 {score}", "score {score}"),
    "results.figure_count": ("그림 {n}", "{n} fig."),
    # detail
    "detail.empty": ("왼쪽 목록에서 문항을 고르면 자세한 내용이 여기에 나옵니다.",
                     "Pick an item on the left to see it here."),
    "detail.passage": ("지문", "Passage"),
    "detail.choices": ("보기", "Choices"),
    "detail.answer": ("정답", "Answer"),
    "detail.explanation": ("해설", "Explanation"),
    "detail.figures": ("그림", "Figures"),
    "detail.meta": ("문항 정보", "Item details"),
    "detail.unit": ("단원", "Unit"),
    "detail.standard": ("성취기준", "Standard"),
    "detail.difficulty": ("난이도", "Difficulty"),
    "detail.source": ("출처", "Source"),
    "detail.tags": ("태그", "Tags"),
    "detail.id": ("문항 ID", "Item ID"),
    "detail.none": ("—", "—"),
    "detail.figure_missing": ("그림 파일을 찾을 수 없습니다.", "The figure file is missing."),
    "detail.dialog_title": ("문항 {id}", "Item {id}"),
    "detail.copy_id": ("ID 복사", "Copy ID"),
    "detail.close": ("닫기", "Close"),
    "difficulty.상": ("상", "hard"),
    "difficulty.중": ("중", "medium"),
    "difficulty.하": ("하", "easy"),
    # first start
    "first.title": ("문항 은행에 오신 것을 환영합니다", "Welcome to Item bank"),
    "first.body": (
        "아직 문항이 없습니다. 샘플 문항으로 먼저 둘러보거나, 가지고 있는 문항 파일"
        "(CSV·엑셀에서 저장한 CSV·JSONL 또는 그림이 든 폴더)을 가져오세요.\n"
        "모든 문항은 이 컴퓨터 안에만 저장됩니다.",
        "There are no items yet. Look around with the sample items first, or import your own "
        "item file (CSV, JSONL, or a folder with figures).\nEverything stays on this computer."),
    "first.load_sample": ("샘플 문항 불러오기", "Load sample items"),
    "first.load_sample_tip": ("프로그램에 들어 있는 예시 문항을 불러옵니다.",
                              "Loads the example items that come with the program."),
    "first.sample_missing": ("샘플 문항 파일이 설치되어 있지 않습니다.",
                             "The sample item file is not installed."),
    "first.import": ("파일 가져오기…", "Import file…"),
    "first.import_tip": ("CSV 또는 JSONL 문항 파일을 고릅니다.", "Pick a CSV or JSONL item file."),
    "first.data_dir": ("데이터 폴더: {path}", "Data folder: {path}"),
    # jobs
    "job.loading_sample": ("샘플 문항을 불러오는 중… {done}/{total}",
                           "Loading sample items… {done}/{total}"),
    "job.importing": ("문항을 가져오는 중… {done}/{total}", "Importing items… {done}/{total}"),
    "job.preparing": ("파일을 읽는 중…", "Reading the file…"),
    "job.cancel": ("취소", "Cancel"),
    "job.cancelling": ("취소하는 중…", "Cancelling…"),
    "job.busy": ("다른 작업이 끝난 뒤에 다시 시도하세요.", "Try again when the current job has finished."),
    "import.dialog_file": ("문항 파일 가져오기", "Import an item file"),
    "import.dialog_folder": ("문항 폴더 가져오기", "Import an item folder"),
    "import.file_filter": ("문항 파일 (*.csv *.tsv *.txt *.jsonl *.ndjson);;모든 파일 (*)",
                           "Item files (*.csv *.tsv *.txt *.jsonl *.ndjson);;All files (*)"),
    "report.title": ("가져오기 결과", "Import result"),
    "report.summary": (
        "가져온 문항 {imported}개 · 갱신 {updated}개 · 건너뛴 행 {skipped}개 · 중복 {duplicates}개",
        "{imported} imported · {updated} updated · {skipped} skipped · {duplicates} duplicates"),
    "report.cancelled": ("가져오기를 취소했습니다. 문항 은행은 바뀌지 않았습니다.",
                         "Import cancelled. The bank was not changed."),
    "report.file": ("파일: {path}", "File: {path}"),
    "report.skipped_header": ("건너뛴 행 (파일:행:항목: 이유)", "Skipped rows (file:row:field: reason)"),
    "report.duplicates_header": ("중복 (이미 있는 문항)", "Duplicates (already in the bank)"),
    "report.duplicate_line": ("{file}:{row}: 이미 있는 문항 {existing}과(와) 같음",
                              "{file}:{row}: same as existing item {existing}"),
    "report.updated_line": ("{file}:{row}: 문항 {id}의 내용을 고침", "{file}:{row}: updated item {id}"),
    "report.updated_header": ("갱신된 문항", "Updated items"),
    "report.warnings_header": ("알림", "Notes"),
    "report.all_good": ("모든 행을 문제없이 가져왔습니다.", "Every row was imported without problems."),
    "report.close": ("확인", "OK"),
    # banners and errors
    "banner.keyword_only": (
        "키워드 검색만 사용 중입니다. 모델 팩을 설치하면 의미 검색과 그림 검색을 쓸 수 있습니다.",
        "Using keyword search only. Install a model pack to add semantic and image search."),
    "banner.dismiss": ("닫기", "Dismiss"),
    "banner.details": ("자세히: {detail}", "Details: {detail}"),
    "error.image_needs_pack": (
        "그림 검색에는 Qwen3-VL 모델 팩이 필요합니다. 명령 프롬프트에서 "
        "`itembank models install PACK`으로 모델 팩을 설치하고 `itembank index`로 색인을 만든 뒤 "
        "다시 시도하세요. 그동안은 글자로 검색할 수 있습니다.",
        "Image search needs the Qwen3-VL model pack. Install it from a command prompt with "
        "`itembank models install PACK`, build the index with `itembank index`, then try again. "
        "Text search keeps working meanwhile."),
    "error.mode_needs_pack": (
        "이 검색 방식에는 모델 팩이 필요합니다. `itembank models install PACK`으로 설치하고 "
        "`itembank index`로 색인을 만드세요. 키워드 검색은 그대로 쓸 수 있습니다.",
        "This search mode needs a model pack. Install one with `itembank models install PACK` and "
        "build its index with `itembank index`. Keyword search still works."),
    "error.bad_filter": ("검색 조건이 올바르지 않습니다: {detail}", "A search filter is not valid: {detail}"),
    "error.bad_request": ("검색할 수 없습니다: {detail}", "Cannot search: {detail}"),
    "error.catalog": ("문항 은행을 읽을 수 없습니다: {detail}", "Cannot read the item bank: {detail}"),
    "error.import_file": ("파일을 가져올 수 없습니다: {detail}", "Cannot import the file: {detail}"),
    "error.file_access": ("파일을 열거나 저장할 수 없습니다: {detail}", "Cannot open or save a file: {detail}"),
    "error.unexpected": (
        "예기치 못한 문제가 생겼습니다 ({kind}). 다시 시도해 보고, 계속되면 담당 선생님께 알려 주세요: {detail}",
        "Something unexpected went wrong ({kind}). Try again; if it keeps happening, report it: {detail}"),
    "error.not_an_image": ("그림 파일이 아닙니다: {name}. PNG·JPG 그림을 놓아 주세요.",
                           "Not an image file: {name}. Drop a PNG or JPG picture."),
    "error.clipboard_empty": ("클립보드에 그림이 없습니다.", "There is no image on the clipboard."),
    "error.item_missing": ("문항 {id}을(를) 찾을 수 없습니다.", "No item with id {id}."),
    "error.open_bank_title": ("문항 은행을 열 수 없습니다", "Cannot open the item bank"),
    # status bar
    "status.data_dir": ("데이터 폴더: {path}", "Data folder: {path}"),
    "status.items": ("문항 {n}개", "{n} items"),
    "status.mode": ("검색 방식: {mode}", "Search mode: {mode}"),
    "status.mode_unknown": ("검색 방식: —", "Search mode: —"),
    "status.import_done": ("가져오기 완료: 새 문항 {n}개", "Import finished: {n} new items"),
    "status.language_changed": ("화면 언어를 바꾸었습니다.", "Display language changed."),
}

_language = DEFAULT_LANGUAGE


def set_language(lang: str) -> str:
    """Switch the language of ``tr``; unknown codes fall back to Korean. Returns the code in use."""
    global _language
    _language = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    return _language


def language() -> str:
    return _language


def tr(key: str, **values: object) -> str:
    """The string for ``key`` in the current language, formatted with ``values``.

    A missing key returns the key itself, so a forgotten string shows up on screen (and in tests)
    instead of crashing the window.
    """
    pair = STRINGS.get(key)
    if pair is None:
        return key
    text = pair[LANGUAGES.index(_language)]
    return text.format(**values) if values else text
