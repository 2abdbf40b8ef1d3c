"""UI strings in Korean (the default: the users are Korean teachers) and English.

A plain dictionary rather than Qt's .ts/.qm tool chain: there are two languages, the strings live
next to each other so a translator sees both, and nothing needs compiling. Widgets call ``tr(key)``
and re-read their strings in a ``retranslate()`` method when the language changes at run time.
"""

from __future__ import annotations

from engine.api import set_language as set_engine_language

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
        "모델 팩을 설치하면 이 검색 방식을 쓸 수 있습니다 ('모델·설정' 화면, 또는 itembank models install PACK).",
        "Installing a model pack adds this search mode (the 'Models & settings' page, or "
        "itembank models install PACK)."),
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
    "detail.explain": ("점수 내역 (검색 단계별 원점수)", "Score details (raw score of each search stage)"),
    "results.back": ("← 뒤로", "← Back"),
    "results.back_tip": ("비슷한 문항을 찾기 전의 검색으로 돌아갑니다 (Alt+←)",
                         "Back to the search before 'find similar' (Alt+Left)"),
    "results.band": ("관련도 {band}", "relevance {band}"),
    "band.high": ("높음", "high"),
    "band.medium": ("보통", "medium"),
    "band.low": ("낮음", "low"),
    "results.figure_count": ("그림 {n}", "{n} fig."),
    "results.no_match": ("관련 문항을 찾지 못했습니다", "No relevant items found"),
    "results.no_more": ("관련 문항이 더 없습니다", "No more relevant items"),
    "results.keyword_matches": ("키워드 일치 {n}건", "{n} keyword matches"),
    "results.no_match_hint": ("낱말을 바꾸거나 필터(과목·학년 등)를 줄여 보세요.",
                              "Try other words or fewer filters (subject, grade, …)."),
    "results.band_tip": ("검색 프로필의 보정된 기준으로 판단한 관련도입니다. 원점수는 오른쪽 '점수 내역'에 있습니다.",
                         "Relevance on the search profile's calibrated scale; the raw scores are under "
                         "'Score details' on the right."),
    "detail.explain_band": ("관련도: {band}", "Relevance: {band}"),
    "explain.keyword": ("키워드", "keyword"),
    "explain.semantic": ("의미", "semantic"),
    "explain.hybrid": ("하이브리드·순위 융합", "hybrid rank fusion"),
    "explain.rerank": ("재정렬 모델", "reranker"),
    "explain.first_stage": ("재정렬 전", "before reranking"),
    "explain.text": ("글자 비교", "text comparison"),
    "explain.text_similarity": ("글 유사도", "text similarity"),
    "explain.image_similarity": ("그림 유사도", "figure similarity"),
    "mode.unavailable_reason": ("의미·하이브리드 검색에는 모델 팩이 필요합니다 — 모델 화면에서 설치",
                                "Semantic and hybrid search need a model pack — install one on the Models page"),
    "rerank.unavailable_reason": ("재순위 모델 팩이 설치되어 있지 않습니다 — 모델 화면에서 설치",
                                  "No reranker model pack is installed — install one on the Models page"),
    "search.image_file_tip": ("그림 파일(PNG·JPG 등)을 골라 그 그림과 비슷한 문항을 찾습니다. 끌어다 놓거나 붙여 넣어도 됩니다.",
                              "Pick an image file (PNG, JPG, …) to find items with similar figures; dropping "
                              "or pasting one works too."),
    "search.image_unavailable_reason": ("그림 검색에는 Qwen3-VL 모델 팩이 필요합니다 — 모델 화면에서 설치",
                                        "Image search needs the Qwen3-VL model pack — install it on the Models page"),
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
    "job.indexing": ("색인 갱신 중 {done}/{total}", "Updating the index {done}/{total}"),
    "banner.index_damaged": ("검색 색인이 손상되어 다시 만드는 중입니다. 그동안은 낱말로만 찾습니다.",
                             "The search index is damaged and is being rebuilt; until then searches match "
                             "words only."),
    "banner.index_rebuilt": ("검색 색인을 다시 만들었습니다. 이제 뜻으로도 찾습니다.",
                             "The search index was rebuilt; searches match meaning again."),
    "job.cancel": ("취소", "Cancel"),
    "job.cancelling": ("취소하는 중…", "Cancelling…"),
    "job.busy": ("다른 작업이 끝난 뒤에 다시 시도하세요.", "Try again when the current job has finished."),
    "import.dialog_file": ("문항 파일 가져오기", "Import an item file"),
    "import.dialog_folder": ("문항 폴더 가져오기", "Import an item folder"),
    "import.file_filter": (
        "가져올 수 있는 파일 (*.hwpx *.hwp *.zip *.xml *.jsonl *.ndjson *.csv *.tsv *.txt);;"
        "한글 시험지 (*.hwpx *.hwp);;QTI·Moodle (*.zip *.xml);;표·목록 (*.csv *.tsv *.txt *.jsonl *.ndjson);;"
        "모든 파일 (*)",
        "Importable files (*.hwpx *.hwp *.zip *.xml *.jsonl *.ndjson *.csv *.tsv *.txt);;"
        "Hangul exam papers (*.hwpx *.hwp);;QTI / Moodle (*.zip *.xml);;Sheets (*.csv *.tsv *.txt *.jsonl *.ndjson);;"
        "All files (*)"),
    "report.title": ("가져오기 결과", "Import result"),
    "report.summary": (
        "가져온 문항 {imported}개 · 갱신 {updated}개 · 건너뛴 행 {skipped}개 · 중복 {duplicates}개",
        "{imported} imported · {updated} updated · {skipped} skipped · {duplicates} duplicates"),
    "report.summary_dry_run": (
        "가져올 문항 {imported}개 · 갱신될 문항 {updated}개 · 건너뛸 행 {skipped}개 · 중복 {duplicates}개 (미리 보기: 아직 가져오지 않음)",
        "{imported} to import · {updated} to update · {skipped} to skip · {duplicates} duplicates "
        "(preview: nothing imported yet)"),
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
        "키워드 검색만 사용 중입니다. 모델 팩을 설치하면 의미 검색과 그림 검색을 쓸 수 있습니다 ('모델·설정' 화면).",
        "Using keyword search only. Install a model pack to add semantic and image search "
        "(the 'Models & settings' page)."),
    "banner.dismiss": ("닫기", "Dismiss"),
    "banner.details": ("자세히: {detail}", "Details: {detail}"),
    "error.image_needs_pack": (
        "그림 검색에는 Qwen3-VL 모델 팩이 필요합니다. '모델·설정' 화면에서 모델 팩을 설치하고 "
        "'새 Qwen 프로필 만들기'로 색인을 만든 뒤 다시 시도하세요 (명령 프롬프트에서는 "
        "`itembank models install PACK`, `itembank index`). 그동안은 글자로 검색할 수 있습니다.",
        "Image search needs the Qwen3-VL model pack. Install it on the 'Models & settings' page and "
        "build its index with 'New Qwen profile', then try again (from a command prompt: "
        "`itembank models install PACK`, `itembank index`). Text search keeps working meanwhile."),
    "error.mode_needs_pack": (
        "이 검색 방식에는 모델 팩이 필요합니다. '모델·설정' 화면에서 설치하고 색인을 만드세요 "
        "(명령 프롬프트: `itembank models install PACK`, `itembank index`). 키워드 검색은 그대로 쓸 수 있습니다.",
        "This search mode needs a model pack. Install one and build its index on the 'Models & settings' "
        "page (command prompt: `itembank models install PACK`, `itembank index`). Keyword search still works."),
    "error.bad_input": ("입력한 값이 올바르지 않습니다: {detail}", "A value is not valid: {detail}"),
    "error.not_found": ("찾을 수 없습니다: {detail}", "Not found: {detail}"),
    "error.busy": ("다른 작업이 문항 은행을 쓰고 있습니다. 끝난 뒤 다시 시도하세요: {detail}",
                   "Another job is using the item bank. Try again when it ends: {detail}"),
    "error.damaged": ("저장된 파일이 손상되었습니다. '모델·설정'의 점검(복구)을 실행하세요: {detail}",
                      "A stored file is damaged. Run the check (repair) under 'Models & settings': {detail}"),
    "error.refused": ("할 수 없는 작업입니다: {detail}", "This cannot be done: {detail}"),
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
    "error.open_bank_hint": ("데이터 폴더 {data_dir}의 문항 은행을 열지 못해 프로그램을 시작할 수 없습니다. 백업이 있으면 "
                             "`itembank restore 백업.zip`으로 복원하세요. 데이터 폴더를 다른 곳으로 옮기고 다시 시작하면 "
                             "빈 문항 은행이 새로 만들어집니다.",
                             "The item bank in the data folder {data_dir} cannot be opened, so the program cannot "
                             "start. If you have a backup, restore it with `itembank restore BACKUP.zip`. Move the "
                             "data folder away and start again to begin with a new, empty bank."),
    # status bar
    "status.data_dir": ("데이터 폴더: {path}", "Data folder: {path}"),
    "status.database": ("문항 DB(교육청 서버): {location}", "Item database (district server): {location}"),
    "status.items": ("문항 {n}개", "{n} items"),
    "status.mode": ("검색 방식: {mode}", "Search mode: {mode}"),
    "status.mode_unknown": ("검색 방식: —", "Search mode: —"),
    "status.import_done": ("가져오기 완료: 새 문항 {n}개", "Import finished: {n} new items"),
    "status.language_changed": ("화면 언어를 바꾸었습니다.", "Display language changed."),
    # rerank control
    "rerank.prefix": ("상위", "Rerank top"),
    "rerank.suffix": ("개 재정렬", "results"),
    "rerank.tip": ("재정렬 모델이 질문과 문항을 함께 읽고 상위 결과의 순서를 다시 매깁니다. 조금 느려집니다.",
                   "The reranker model reads the query with each top result and re-orders them. A little slower."),
    "rerank.unavailable_short": ("재정렬 모델 팩 없음", "no reranker pack"),
    "search.image_file": ("그림 파일로 검색…", "Search by image file…"),
    "search.image_file_title": ("검색할 그림 파일 고르기", "Choose an image to search by"),
    "search.image_files": ("그림 파일", "Image files"),
    "search.image_unavailable": ("그림 검색에는 Qwen3-VL 모델 팩이 필요합니다",
                                 "Image search needs the Qwen3-VL model pack"),
    "rerank.unavailable_tip": (
        "재정렬에는 Qwen3-VL 재정렬(reranker) 모델 팩이 필요합니다. '모델·설정'에서 설치하세요.",
        "Reranking needs the Qwen3-VL reranker model pack. Install it under 'Models & settings'."),
    "results.not_indexed": ("의미 검색 색인에 아직 없는 문항 {n}개 (키워드로만 찾음)",
                            "{n} items not yet in the semantic index (found by keywords only)"),
    "results.reranked": ("상위 {n}개 재정렬", "top {n} reranked"),
    "error.rerank_needs_pack": (
        "재정렬에는 Qwen3-VL 재정렬(reranker) 모델 팩이 필요합니다. '모델·설정'에서 설치한 뒤 다시 켜 주세요. "
        "아래는 재정렬 없이 찾은 결과입니다.",
        "Reranking needs the Qwen3-VL reranker model pack. Install it under 'Models & settings', then turn "
        "it on again. Below are the results without reranking."),
    "error.pack": ("모델 팩을 설치할 수 없습니다: {detail}", "Cannot install the model pack: {detail}"),
    "error.model": ("모델을 쓸 수 없습니다: {detail}", "Cannot use the model: {detail}"),
    # navigation
    "nav.search": ("문항 검색", "Search"),
    "nav.duplicates": ("중복 검토", "Duplicates"),
    "nav.basket": ("시험지 ({n})", "Worksheet ({n})"),
    "nav.models": ("모델·설정", "Models & settings"),
    "nav.admin": ("관리", "Admin"),
    "admin.title": ("관리", "Administration"),
    "admin.subtitle": ("데이터 폴더, 백업과 복원, 시험실 LAN 서버의 토큰을 다룹니다. 터미널이 필요 없습니다.",
                       "The data folder, backup and restore, and the tokens of the exam-room LAN server — no terminal needed."),
    "admin.data_title": ("데이터 폴더", "Data folder"),
    "admin.usage": ("모두 {total} · 문항 DB {catalog} · 그림 {figures} · 색인 {indexes} · 모델 팩 {models}",
                    "{total} in all · catalog {catalog} · figures {figures} · indexes {indexes} · model packs {models}"),
    "admin.open_folder": ("폴더 열기", "Open folder"),
    "admin.backup_title": ("백업과 복원", "Backup and restore"),
    "admin.backup_text": (
        "백업은 문항, 그림, 색인을 파일 하나에 담고 다시 읽어 검증합니다. 복원은 지금 파일을 검증해 두었다가 "
        "프로그램을 다시 시작할 때 적용하며, 지금의 문항 은행은 옆 폴더에 그대로 보관됩니다.",
        "A backup puts the items, figures and indexes in one file and reads it back to verify it. A restore is "
        "verified now and applied at the next start; the current bank is kept in a folder beside it."),
    "admin.backup": ("백업 만들기…", "Back up…"),
    "admin.restore": ("백업에서 복원…", "Restore from a backup…"),
    "admin.cancel_restore": ("복원 취소", "Cancel the restore"),
    "admin.backup_dialog": ("백업 파일 저장", "Save the backup"),
    "admin.restore_dialog": ("복원할 백업 파일", "The backup to restore"),
    "admin.backup_filter": ("문항 은행 백업 (*.zip *.itembank);;모든 파일 (*)",
                            "Item bank backups (*.zip *.itembank);;All files (*)"),
    "admin.backup_default_name": ("문항은행-백업.zip", "itembank-backup.zip"),
    "admin.backup_done": ("백업을 저장하고 검증했습니다: {path} (문항 {items}개, {size})",
                          "Backup saved and verified: {path} ({items} items, {size})"),
    "admin.restore_confirm_title": ("백업에서 복원", "Restore from a backup"),
    "admin.restore_confirm": ("{archive}의 문항 은행으로 바꿀까요? 프로그램을 다시 시작할 때 적용되고, "
                              "지금의 문항 은행은 옆 폴더에 보관됩니다.",
                              "Replace this bank with the one in {archive}? It is applied at the next start; "
                              "the current bank is kept in a folder beside it."),
    "admin.restore_scheduled": ("{archive}을(를) 검증했습니다. 프로그램을 다시 시작하면 복원됩니다.",
                                "{archive} is verified; it is restored when you start the program again."),
    "admin.restore_pending": ("다시 시작하면 복원됩니다: {archive} (문항 {items}개, {created} 저장)",
                              "Restored at the next start: {archive} ({items} items, saved {created})"),
    "admin.restore_cancelled": ("예약한 복원을 취소했습니다. 문항 은행은 바뀌지 않습니다.",
                                "The scheduled restore is cancelled; the bank stays as it is."),
    "admin.restored_at_start": ("백업 {archive}에서 문항 {items}개를 복원했습니다. 이전 문항 은행은 {previous}에 보관했습니다.",
                                "Restored {items} items from {archive}. The previous bank is kept in {previous}."),
    "admin.check_title": ("문항 은행 검사", "Check the bank"),
    "admin.check_text": ("문항 DB, 키워드 색인, 그림 파일(sha256), 검색 색인의 체크섬, 중단된 작업이 남긴 파일을 "
                         "검사합니다 (itembank check와 같음). 다시 만들 수 있는 것은 '복구'로 고칩니다.",
                         "Checks the catalog, the keyword index, every figure (sha256), the index checksums and "
                         "leftovers of interrupted work (as itembank check does). What can be rebuilt is fixed by 'Repair'."),
    "admin.check": ("검사", "Check"),
    "admin.repair": ("복구", "Repair"),
    "admin.checking": ("검사하는 중", "Checking"),
    "admin.repairing": ("복구하는 중", "Repairing"),
    "admin.check_ok": ("이상 없음: 손상된 것이 없습니다 (검사: {checked}).", "OK: nothing is damaged (checked: {checked})."),
    "admin.check_repaired": ("복구했습니다. 남은 문제가 없습니다 (검사: {checked}).",
                             "Repaired; no problem remains (checked: {checked})."),
    "admin.check_found": ("문제 {n}개를 찾았습니다.", "{n} problem(s) found."),
    "admin.check_remaining": ("복구한 뒤에도 문제 {n}개가 남았습니다. 아래 안내를 따르세요.",
                              "{n} problem(s) remain after the repair; follow the advice below."),
    "admin.finding": ("{state} · {kind} {what}: {detail}", "{state} · {kind} {what}: {detail}"),
    "admin.finding_fix": ("→ 해결: {how}", "→ fix: {how}"),
    "admin.state_problem": ("문제", "problem"),
    "admin.state_fixed": ("고침", "fixed"),
    "admin.note": ("참고: {note}", "note: {note}"),
    "admin.tokens_title": ("LAN 서버 토큰", "LAN server tokens"),
    "admin.tokens_text": (
        "시험실의 다른 PC가 이 문항 은행을 검색하려면 토큰이 필요합니다 (itembank serve). 읽기 토큰은 검색만, "
        "관리 토큰은 가져오기와 색인도 할 수 있습니다. 새 토큰은 한 번만 보여 주고 클립보드에 복사합니다.",
        "Other PCs in an exam room need a token to search this bank (itembank serve). A read token can search; "
        "an admin token can also import and index. A new token is shown once and copied to the clipboard."),
    "admin.col_id": ("ID", "ID"),
    "admin.col_role": ("권한", "Role"),
    "admin.col_label": ("이름표", "Label"),
    "admin.col_created": ("만든 때", "Created"),
    "admin.role_read": ("읽기", "read"),
    "admin.role_admin": ("관리", "admin"),
    "admin.token_label": ("이름표 (예: 3층 시험실)", "Label (e.g. exam room 3)"),
    "admin.new_read": ("읽기 토큰 만들기", "New read token"),
    "admin.new_admin": ("관리 토큰 만들기", "New admin token"),
    "admin.revoke": ("선택한 토큰 폐기", "Revoke the selected token"),
    "admin.pick_token_first": ("폐기할 토큰을 먼저 고르세요.", "Pick a token to revoke first."),
    "admin.token_created": ("{role} 토큰 {id}을(를) 만들어 클립보드에 복사했습니다. 이 창을 닫으면 다시 볼 수 없습니다.",
                            "Created {role} token {id} and copied it to the clipboard; it is not shown again."),
    "admin.token_revoked": ("토큰 {id}을(를) 폐기했습니다. 그 토큰으로는 더 이상 접속할 수 없습니다.",
                            "Token {id} is revoked; it no longer gets in."),
    "nav.import": ("문항 가져오기…", "Import items…"),
    # models page
    "models.title": ("모델과 설정", "Models and settings"),
    "models.subtitle": (
        "검색에 쓰는 모델 팩, 이 컴퓨터에서 모델이 돌아갈 장치, 검색 프로필의 색인 상태를 보여 줍니다.",
        "The model packs used for search, the device the models will run on, and each search profile's index."),
    "models.keyword_title": ("지금은 키워드 검색으로 동작합니다", "Working in keyword mode"),
    "models.serving_title": ("지금은 {name} 프로필({model})로 하이브리드 검색을 합니다 (키워드 + 의미)",
                             "Searching with profile {name} ({model}): hybrid (keyword + meaning)"),
    "models.serving_unindexed": ("{name} 프로필({model})의 색인이 아직 없어 지금은 키워드 검색으로 동작합니다",
                                 "Profile {name} ({model}) has no index yet, so searches use keywords for now"),
    "models.keyword_text": (
        "낱말이 들어 있는 문항은 지금도 찾을 수 있습니다. Qwen3-VL 모델 팩을 설치하면 다음이 더해집니다:"
        "<ul><li><b>그림 검색</b> — 그림을 끌어다 놓으면 비슷한 그림이 있는 문항을 찾습니다</li>"
        "<li><b>글+그림 검색</b> — 낱말과 그림을 함께 써서 찾습니다</li>"
        "<li><b>더 나은 의미 검색</b> — 낱말이 달라도 뜻이 비슷한 문항을 찾습니다</li>"
        "<li><b>재정렬</b> — 재정렬 모델 팩이 상위 결과의 순서를 더 정확하게 매깁니다</li></ul>"
        "설치 방법: 모델 팩 폴더(USB 등)를 아래에서 고르고 <b>설치</b>를 누른 뒤, "
        "<b>새 Qwen 프로필 만들기</b>로 색인을 만드세요. 인터넷은 필요 없습니다.",
        "Items that contain your words can be found already. A Qwen3-VL model pack adds:"
        "<ul><li><b>Image search</b> — drop a figure to find items with similar figures</li>"
        "<li><b>Text + image search</b> — words and a figure together</li>"
        "<li><b>Better semantic search</b> — items with the same meaning in other words</li>"
        "<li><b>Reranking</b> — the reranker pack orders the top results more precisely</li></ul>"
        "To install: pick the model pack folder (e.g. on a USB stick) below, press <b>Install</b>, then "
        "<b>New Qwen profile</b> to build its index. No internet needed."),
    "models.packs_title": ("설치된 모델 팩", "Installed model packs"),
    "models.no_packs": ("설치된 모델 팩이 없습니다.", "No model pack is installed."),
    "models.kind_embedder": ("검색(임베딩)", "search (embedding)"),
    "models.kind_reranker": ("재정렬", "reranker"),
    "models.col_name": ("이름", "Name"),
    "models.col_kind": ("종류", "Kind"),
    "models.col_version": ("버전", "Version"),
    "models.col_size": ("크기", "Size"),
    "models.col_licence": ("라이선스", "Licence"),
    "models.col_profile": ("프로필", "Profile"),
    "models.col_model": ("모델", "Model"),
    "models.col_indexed": ("색인된 문항", "Indexed"),
    "models.col_active": ("사용 중", "In use"),
    "models.col_state": ("상태", "State"),
    "models.pack_path_placeholder": ("모델 팩 폴더 또는 압축 파일 경로 (예: E:\\qwen3-vl-embedding-2b)",
                                     "Model pack folder or archive (e.g. E:\\qwen3-vl-embedding-2b)"),
    "models.browse_folder": ("폴더 고르기…", "Folder…"),
    "models.browse_archive": ("압축 파일 고르기…", "Archive…"),
    "models.install": ("설치", "Install"),
    "models.choose_folder": ("모델 팩 폴더 고르기", "Choose a model pack folder"),
    "models.choose_archive": ("모델 팩 압축 파일 고르기", "Choose a model pack archive"),
    "models.archive_filter": ("모델 팩 (*.tar *.tar.gz *.tgz *.zip);;모든 파일 (*)",
                              "Model packs (*.tar *.tar.gz *.tgz *.zip);;All files (*)"),
    "models.pick_pack_first": ("먼저 모델 팩 폴더나 압축 파일을 고르세요.", "Pick a model pack folder or archive first."),
    "models.installing": ("{name} 설치·검증 중… {done}/{total}", "Installing and verifying {name}… {done}/{total}"),
    "models.installed": ("모델 팩 {name}: {status}. 모든 파일의 체크섬을 확인했습니다.",
                         "Model pack {name}: {status}. Every file's checksum was verified."),
    "models.status_installed": ("설치했습니다", "installed"),
    "models.status_replaced": ("새 버전으로 바꾸었습니다", "replaced with the new version"),
    "models.status_already_installed": ("이미 설치되어 있습니다", "already installed"),
    "models.device_title": ("모델이 돌아갈 장치", "Where the models run"),
    "models.device": ("장치: {device}", "Device: {device}"),
    "models.precision": ("정밀도: {precision}", "Precision: {precision}"),
    "models.needed": ("필요한 메모리 약 {gib} GiB", "needs about {gib} GiB"),
    "models.profiles_title": ("검색 프로필과 색인", "Search profiles and indexes"),
    "models.indexed": ("{n} / {total}", "{n} / {total}"),
    "models.active": ("● 사용 중", "● in use"),
    "models.state_ready": ("준비됨", "ready"),
    "models.state_stale": ("색인 갱신 필요", "index needs updating"),
    "models.state_none": ("아직 색인 없음", "no index yet"),
    "models.state_unavailable": ("쓸 수 없음: {reason}", "unavailable: {reason}"),
    "models.build_index": ("색인 만들기/갱신", "Build / update index"),
    "models.index_tip": ("새로 들어온 문항과 바뀐 문항만 모델로 읽습니다. 중간에 취소해도 이어서 할 수 있습니다.",
                         "Only new and changed items are read by the model. You can cancel and resume later."),
    "models.use": ("이 프로필 사용", "Use this profile"),
    "models.create": ("새 Qwen 프로필 만들기", "New Qwen profile"),
    "models.create_needs_pack": ("먼저 Qwen3-VL 검색(임베딩) 모델 팩을 설치하세요.",
                                 "Install a Qwen3-VL embedding pack first."),
    "models.indexing": ("{name} 색인 만드는 중… {done}/{total}", "Indexing {name}… {done}/{total}"),
    "models.index_done": ("{name} 색인 완료: 문항 {n}개 (새로 읽은 문항 {embedded}개, {seconds}초)",
                          "{name} indexed: {n} items ({embedded} newly read, {seconds} s)"),
    "models.index_cancelled": ("{name} 색인을 멈추었습니다. 다시 누르면 이어서 합니다 (지금 {n}개).",
                               "Indexing {name} stopped. Press again to resume ({n} so far)."),
    "models.now_using": ("이제 {name} 프로필로 검색합니다.", "Searching with profile {name} now."),
    "models.reason_no_gpu": ("CUDA GPU가 없어서 CPU로 실행합니다.", "No CUDA GPU was found; the CPU runs the models."),
    "models.reason_cpu_fp32": ("CPU에서는 fp32 정밀도를 씁니다.", "The CPU runs fp32."),
    "models.reason_cpu_int8": ("CPU에서 int8(선형 계층을 int8 행렬곱으로)로 실행합니다. 2B 모델에서 fp32보다 "
                               "몇 배 빠르지만 벡터가 fp32와 조금 다르므로, 프로필은 자기 벡터를 따로 가집니다.",
                               "The CPU runs int8 (int8 matrix products for the linear layers): at the 2B size "
                               "several times the fp32 speed; vectors differ slightly from fp32, so the profile "
                               "keeps its own."),
    "models.reason_cpu_int8_missing": ("이 PyTorch에는 CPU용 int8 연산이 없어 fp32로 실행합니다.",
                                       "This PyTorch has no int8 CPU kernels; the CPU runs fp32."),
    "models.reason_no_torch": ("PyTorch가 설치되어 있지 않아 Qwen3-VL 모델 팩은 아직 실행할 수 없습니다 "
                               "(키워드 검색과 lite 프로필은 PyTorch 없이 동작합니다). "
                               "설치: pip install \"itembank[models]\"",
                               "PyTorch is not installed, so the Qwen3-VL model packs cannot run yet (keyword search "
                               "and the lite profile work without it). Install: pip install \"itembank[models]\""),
    "models.reason_gpu_int8": ("CUDA GPU {gpu} (연산 능력 {cap})가 있어 기본값인 int8로 실행합니다.",
                               "CUDA GPU {gpu} (compute capability {cap}): int8, the GPU default."),
    "models.reason_low_memory": ("{p}에는 GPU 메모리가 약 {need} GiB 필요한데 {free} GiB만 비어 있어 CPU(fp32)로 실행합니다.",
                                 "{p} needs about {need} GiB of GPU memory but only {free} GiB is free; using the CPU (fp32)."),
    "models.data_title": ("데이터 폴더", "Data folder"),
    "models.open_folder": ("폴더 열기", "Open folder"),
    "models.data_hint": ("문항, 그림, 색인, 모델 팩이 모두 이 폴더에 있습니다. 백업과 복원은 '관리' 화면의 "
                         "'백업 만들기…'와 '백업에서 복원…' 단추로 합니다(프로그램을 켠 채로도 안전합니다).",
                         "Items, figures, indexes and model packs all live in this folder. Back it up and restore it "
                         "with the 'Back up…' and 'Restore from a backup…' buttons on the Admin page (safe while the "
                         "app runs)."),
    # model pack guide for the IT admin (desktop_app/widgets/pack_guide.py)
    "guide.title": ("모델 팩 안내 (관리자용)", "Model packs (for the IT admin)"),
    "guide.col_pack": ("모델 팩", "Pack"),
    "guide.col_adds": ("더해지는 기능", "What it adds"),
    "guide.col_size": ("크기", "Size"),
    "guide.col_needs": ("필요한 것", "What it needs"),
    "guide.adds_embedder": ("그림 검색, 글+그림 검색, 더 나은 의미 검색 (낱말이 달라도 뜻이 비슷한 문항)",
                            "image search, text + image search, better semantic search (similar meaning, other words)"),
    "guide.adds_reranker": ("재정렬: 상위 결과의 순서를 더 정확하게 매깁니다 (임베딩 팩과 함께 씀)",
                            "reranking: orders the top results more precisely (used with the embedding pack)"),
    "guide.size_download": ("내려받기 약 {size} (bf16, 약 21억 매개변수)", "download about {size} (bf16, about 2.1 B parameters)"),
    "guide.size_installed": ("설치됨 · 디스크 {size}", "installed · {size} on disk"),
    "guide.needs_embedder": (
        "`models` 추가 기능(PyTorch): pip install \"itembank[models]\" · CUDA GPU 메모리 8 GB 이상 권장 "
        "(2B INT8 두 모델을 함께 올리면 약 7 GB) · GPU가 없으면 CPU로도 되지만 색인 만들기가 매우 느립니다",
        "the `models` extra (PyTorch): pip install \"itembank[models]\" · a CUDA GPU with 8 GB or more is advised "
        "(the 2B INT8 pair loaded together needs about 7 GB) · without a GPU the CPU works, but indexing is very slow"),
    "guide.needs_reranker": (
        "임베딩 팩과 같음 (PyTorch, 같은 GPU에 함께 올라감) · CPU에서는 검색마다 몇 초가 더 걸립니다",
        "the same as the embedding pack (PyTorch, shares the GPU with it) · on the CPU each search takes seconds longer"),
    "guide.steps_make": (
        "<b>모델 팩 만들기 (인터넷이 되는 PC에서)</b><br>1. itembank와 PyTorch를 설치합니다: pip install "
        '"itembank[models]"<br>2. 체크포인트를 내려받습니다: huggingface-cli download '
        "Qwen/Qwen3-VL-Embedding-2B --local-dir Qwen3-VL-Embedding-2B (재정렬은 "
        "Qwen/Qwen3-VL-Reranker-2B)<br>3. 팩으로 묶습니다: itembank models pack Qwen3-VL-Embedding-2B "
        "--output qwen3-vl-embedding-2b.tar (파일마다 sha256을 기록합니다)<br>4. .tar 파일을 USB 메모리에 복사해 이 PC로 "
        "가져옵니다 (8 GB 이상 USB, exFAT 또는 NTFS — FAT32는 4 GB 넘는 파일을 담지 못합니다)<br>5. 이 PC가 인터넷에 연결되지 않으면 PyTorch도 "
        '함께 받아 갑니다: pip download torch "transformers&gt;=4.57.1,&lt;4.58" safetensors -d wheels',
        "<b>Making a model pack (on a PC with internet)</b><br>1. Install itembank with PyTorch: pip "
        'install "itembank[models]"<br>2. Download the checkpoint: huggingface-cli download '
        "Qwen/Qwen3-VL-Embedding-2B --local-dir Qwen3-VL-Embedding-2B (for reranking: "
        "Qwen/Qwen3-VL-Reranker-2B)<br>3. Pack it: itembank models pack Qwen3-VL-Embedding-2B --output "
        "qwen3-vl-embedding-2b.tar (records a sha256 for every file)<br>4. Copy the .tar to a USB "
        "stick and bring it to this PC (8 GB or more, exFAT or NTFS — FAT32 cannot hold files over 4 "
        "GB)<br>5. If this PC has no internet, bring PyTorch along: pip download torch "
        '"transformers&gt;=4.57.1,&lt;4.58" safetensors -d wheels'),
    "guide.steps_install": (
        "<b>이 PC에 설치하기</b>: 먼저 PyTorch를 설치합니다 (pip install --no-index --find-links wheels torch "
        'transformers safetensors, 인터넷이 되면 pip install "itembank[models]"). 그다음 아래 <b>압축 '
        "파일 고르기</b>로 .tar를 고른 뒤 <b>설치</b>를 누르세요 (복사하며 sha256을 확인합니다). 그다음 <b>새 Qwen 프로필 만들기</b>로 색인을 만듭니다. "
        "폴더나 파일이 잘못되면 어떤 폴더에 무엇이 없는지 알려 드립니다.",
        "<b>Installing it here</b>: install PyTorch first (pip install --no-index --find-links wheels "
        'torch transformers safetensors, or pip install "itembank[models]" with '
        "internet), then pick the .tar with <b>Archive…</b> below and press <b>Install</b> (it checks every "
        "sha256 while copying). Then build the index with <b>New Qwen profile</b>. A wrong folder or file is "
        "reported with the folder and what is missing."),
    # import wizard
    "menu.import_wizard": ("가져오기 마법사(&W)…", "Import &wizard…"),
    "wizard.title": ("문항 가져오기", "Import items"),
    "wizard.step_choose": ("파일 고르기", "Choose"),
    "wizard.step_preview": ("미리 보기·열 맞추기", "Preview & columns"),
    "wizard.step_run": ("가져오기", "Import"),
    "wizard.step_report": ("결과", "Result"),
    "wizard.choose_text": ("가져올 문항 파일이나 그림이 든 폴더를 고르세요. 다음 단계에서 처음 몇 행을 보여 드립니다.",
                           "Choose an item file, or a folder with figures. The next step shows its first rows."),
    "wizard.formats": (
        "받는 형식: 한글 시험지(HWPX, HWP — 문항으로 나눠 미리 보여 드립니다), QTI 패키지(zip·XML·폴더), "
        "Moodle XML, CSV·TSV·TXT (엑셀에서 'CSV UTF-8' 또는 'CSV'로 저장, CP949도 됨), JSONL, "
        "그림과 문항 목록(items.csv)이 든 폴더. 표의 첫 행은 열 이름(과목, 학년, 문항, 보기1…, 정답, 해설, 이미지)입니다.",
        "Accepted: Hangul exam papers (HWPX, HWP — split into questions for you to check), QTI packages "
        "(zip, XML or folder), Moodle XML, CSV/TSV/TXT (saved from Excel as CSV UTF-8 or CSV; CP949 works "
        "too), JSONL, or a folder with figures and one item sheet (items.csv). A sheet's first row holds "
        "column names."),
    "wizard.path_placeholder": ("파일 또는 폴더 경로", "File or folder path"),
    "wizard.pick_file": ("파일 고르기…", "File…"),
    "wizard.pick_folder": ("폴더 고르기…", "Folder…"),
    "wizard.pick_first": ("먼저 파일이나 폴더를 고르세요.", "Choose a file or folder first."),
    "wizard.preview_info": ("{name} · {format} · {encoding} · 문항 {rows}행 (처음 {shown}행을 보여 줍니다)",
                            "{name} · {format} · {encoding} · {rows} rows (showing the first {shown})"),
    "wizard.mapping_hint": (
        "맨 윗줄에서 각 열이 어떤 항목인지 고르세요. 열 이름으로 자동으로 맞춰 두었습니다. '가져오지 않음'인 열은 건너뜁니다.",
        "In the top row, choose what each column holds. They were matched by their names; "
        "columns set to 'do not import' are skipped."),
    "wizard.mapping_fixed": ("JSONL은 키 이름으로 항목을 정합니다. 아래는 인식한 결과입니다.",
                             "JSONL keys name their fields; this is how they were recognised."),
    "wizard.paper_info": ("{name} · 시험지 ({format}) · 문항 {rows}개로 나눴습니다",
                          "{name} · exam paper ({format}) · split into {rows} questions"),
    "wizard.items_info": ("{name} · {format} · 문항 {rows}개", "{name} · {format} · {rows} items"),
    "wizard.paper_hint": ("시험지를 문항으로 나눈 결과입니다. 번호, 보기 수, 정답이 시험지와 같은지 확인하세요.",
                          "How the paper was split into questions. Check the numbers, choice counts and "
                          "answers against the paper."),
    "wizard.items_hint": ("파일에서 읽은 문항입니다.", "The items as read from the file."),
    "wizard.paper_doubts": ("문항 나누기가 확실하지 않습니다. 시험지와 비교해 확인하세요: {doubts}",
                            "The split into questions is unsure; compare it with the paper: {doubts}"),
    "wizard.accept_split": ("나눈 결과를 확인했습니다. 이대로 가져옵니다.",
                            "I checked the split: import it as shown."),
    "wizard.subject": ("과목 (파일에 없을 때):", "Subject (when the file has none):"),
    "wizard.grade": ("학년 (파일에 없을 때):", "Grade (when the file has none):"),
    "wizard.auto": ("자동", "automatic"),
    "wizard.auto_guess": ("자동 ({value})", "automatic ({value})"),
    "wizard.field_row": ("항목", "Field"),
    "wizard.skip_column": ("(가져오지 않음)", "(do not import)"),
    "wizard.need_stem": ("'문항' 열을 하나 골라 주세요. 문항 내용이 없으면 가져올 수 없습니다.",
                         "Choose the column that holds the question (stem); it is required."),
    "wizard.check": ("미리 검사 (바꾸지 않음)", "Check only (no changes)"),
    "wizard.import": ("가져오기", "Import"),
    "wizard.next": ("다음", "Next"),
    "wizard.back": ("이전", "Back"),
    "wizard.close": ("닫기", "Close"),
    "wizard.done": ("완료", "Done"),
    "wizard.checking": ("검사하는 중… {done}/{total}", "Checking… {done}/{total}"),
    "wizard.importing": ("가져오는 중… {done}/{total}", "Importing… {done}/{total}"),
    "wizard.run_hint": ("취소하면 지금까지 읽은 행도 모두 되돌려서 문항 은행은 그대로 남습니다.",
                        "Cancelling undoes every row read so far; the bank stays as it was."),
    "wizard.note_done": ("가져온 파일: {path}", "Imported from: {path}"),
    "wizard.note_dry_run": ("미리 검사 결과입니다. 문항 은행은 바뀌지 않았습니다. '가져오기'를 누르면 실제로 가져옵니다. ({path})",
                            "This was a check only; the bank was not changed. Press Import to import. ({path})"),
    "wizard.note_cancelled": ("취소했습니다. 문항 은행은 바뀌지 않았습니다. ({path})",
                              "Cancelled; the bank was not changed. ({path})"),
    "field.id": ("문항 ID", "Item ID"),
    "field.subject": ("과목", "Subject"),
    "field.grade": ("학년", "Grade"),
    "field.unit": ("단원", "Unit"),
    "field.standard": ("성취기준", "Standard"),
    "field.difficulty": ("난이도", "Difficulty"),
    "field.type": ("유형", "Type"),
    "field.stem": ("문항", "Question (stem)"),
    "field.passage": ("지문", "Passage"),
    "field.choices": ("보기 (한 칸에 모두)", "Choices (all in one cell)"),
    "field.choice_n": ("보기 {n}", "Choice {n}"),
    "field.answer": ("정답", "Answer"),
    "field.explanation": ("해설", "Explanation"),
    "field.source": ("출처", "Source"),
    "field.tags": ("태그", "Tags"),
    "field.images": ("그림 파일", "Figure files"),
    "field.explanation_images": ("해설 그림 파일", "Explanation figure files"),
    # duplicates
    "dup.title": ("중복 검토", "Duplicate review"),
    "dup.subtitle": (
        "거의 같은 문항을 찾아 둘씩 나란히 보여 줍니다. 다른 부분은 색으로 표시됩니다. "
        "'중복 아님'으로 표시한 쌍은 기억해 두었다가 다시 보여 주지 않습니다.",
        "Finds nearly identical items and shows them in pairs, differences marked in colour. "
        "Pairs marked 'not a duplicate' are remembered and never shown again."),
    "dup.scan": ("중복 찾기", "Find duplicates"),
    "dup.scanning": ("중복을 찾는 중… {done}/{total}", "Looking for duplicates… {done}/{total}"),
    "dup.summary": ("묶음 {clusters}개 · 비교할 쌍 {pairs}개 · 찾은 방법: {method}",
                    "{clusters} groups · {pairs} pairs · found by {method}"),
    "dup.method_semantic": ("의미(모델) 유사도", "semantic (model) similarity"),
    "dup.method_text": ("글자 비교", "text comparison"),
    "dup.pair_line": ("{a} ↔ {b}\n묶음 {n} · 점수 {score} · 글 {text}",
                      "{a} ↔ {b}\ngroup {n} · score {score} · text {text}"),
    "dup.state_not_duplicate": ("✓ 중복 아님", "✓ not duplicate"),
    "dup.state_duplicate": ("✓ 중복", "✓ duplicate"),
    "dup.none_found": ("중복으로 보이는 문항이 없습니다.", "No items look like duplicates."),
    "dup.start_hint": ("'중복 찾기'를 누르면 문항 은행 전체에서 거의 같은 문항을 찾습니다.",
                       "Press 'Find duplicates' to look through the whole bank."),
    "dup.not_duplicate": ("중복 아님 (기억)", "Not a duplicate (remember)"),
    "dup.not_duplicate_tip": ("이 두 문항은 다른 문항입니다. 다음부터 이 쌍을 보여 주지 않습니다.",
                              "These are different items; this pair will not be shown again."),
    "dup.duplicate": ("중복 맞음 · 둘 다 보관", "Duplicate · keep both"),
    "dup.duplicate_tip": ("중복이라고 기록해 둡니다. 문항은 지우지 않습니다.",
                          "Records the pair as a duplicate. No item is deleted."),
    "dup.basket_left": ("왼쪽 문항을 시험지에 담기", "Add the left item to the worksheet"),
    "dup.merge": ("병합 · 왼쪽 보관", "Merge · keep the left"),
    "dup.merge_tip": ("오른쪽 문항을 은행에서 지우고, 그 태그와 비어 있는 정보(단원, 성취기준, 해설, 출처 등)를 "
                      "왼쪽 문항으로 옮깁니다.",
                      "Removes the right item from the bank; its tags and any details the left one lacks "
                      "(unit, standard, explanation, source …) move to the left item."),
    "dup.merge_confirm_title": ("문항 병합", "Merge items"),
    "dup.merge_confirm": ("{drop} 문항을 지우고 {keep} 문항으로 합칠까요?\n지운 문항은 백업에서만 되살릴 수 "
                          "있습니다.",
                          "Remove item {drop} and merge it into {keep}?\nA removed item can only be brought "
                          "back from a backup."),
    "dup.state_merged": ("✓ 병합됨", "✓ merged"),
    "compare.score": ("찾은 점수 {value}", "match score {value}"),
    "compare.text_similarity": ("글 유사도 {value}", "text similarity {value}"),
    "compare.image_similarity": ("그림 유사도 {value}", "figure similarity {value}"),
    "compare.legend": ("빨강: 왼쪽에만 · 초록: 오른쪽에만", "red: left only · green: right only"),
    "compare.no_figure": ("그림 없음", "no figure"),
    # basket and worksheet
    "basket.title": ("시험지 만들기", "Worksheet"),
    "basket.subtitle": ("검색에서 담은 문항으로 시험지를 만듭니다. 순서를 바꾸고, 정답을 넣을지 고른 뒤 PDF로 저장하거나 "
                        "JSONL·CSV로 내보내세요.",
                        "Build a worksheet from the items you collected. Reorder them, choose whether to include "
                        "answers, then save a PDF or export JSONL/CSV."),
    "basket.count": ("담은 문항 {n}개", "{n} items"),
    "basket.empty": ("아직 담은 문항이 없습니다. 검색 화면에서 문항을 고르고 '시험지에 담기'를 누르세요.",
                     "No items yet. In Search, pick an item and press 'Add to worksheet'."),
    "basket.remove": ("빼기", "Remove"),
    "basket.clear": ("모두 비우기", "Clear all"),
    "basket.sheet_title": ("시험지 제목", "Title"),
    "basket.default_title": ("형성평가", "Quiz"),
    "basket.with_answers": ("정답·해설 포함", "Include answers"),
    "basket.export_pdf": ("PDF로 저장…", "Save PDF…"),
    "basket.export_hwpx": ("한글(HWPX)로 저장…", "Save HWPX…"),
    "basket.export_key": ("시험지+정답지 따로 저장…", "Save paper + answer sheet…"),
    "basket.two_columns": ("2단", "Two columns"),
    "basket.school": ("학교", "School"),
    "basket.teacher": ("교사", "Teacher"),
    "basket.school_hint": ("머리글에 인쇄", "printed in the header"),
    "basket.teacher_hint": ("파일의 작성자", "the files' author"),
    "basket.variants": ("A/B형", "A/B versions"),
    "basket.variants_tip": ("문항 순서를 섞은 A형과 B형을 각각의 정답과 함께 저장합니다",
                            "Save an A and a B version with shuffled question order, each with its own key"),
    "basket.shuffle_choices": ("선지도 섞기", "Shuffle choices too"),
    "basket.saved_more": ("(그 밖에 파일 {n}개)", "(and {n} more files)"),
    "basket.filter_hwpx": ("한글 문서 (*.hwpx)", "Hangul documents (*.hwpx)"),
    "basket.export_jsonl": ("JSONL로 내보내기…", "Export JSONL…"),
    "basket.export_csv": ("CSV로 내보내기…", "Export CSV…"),
    "basket.save_title": ("시험지 저장", "Save worksheet"),
    "basket.filter_pdf": ("PDF 문서 (*.pdf)", "PDF documents (*.pdf)"),
    "basket.filter_jsonl": ("JSONL 문항 파일 (*.jsonl)", "JSONL item files (*.jsonl)"),
    "basket.filter_csv": ("CSV 문항 파일 (*.csv)", "CSV item files (*.csv)"),
    "basket.exporting": ("{format} 파일을 만드는 중…", "Writing the {format} file…"),
    "basket.saved_pdf": ("시험지를 저장했습니다 ({n}쪽): {path}", "Worksheet saved ({n} pages): {path}"),
    "basket.saved_sheet": ("문항 {n}개를 내보냈습니다: {path}", "Exported {n} items: {path}"),
    "basket.added": ("시험지에 {n}개를 담았습니다.", "Added {n} to the worksheet."),
    "basket.already": ("이미 시험지에 있는 문항입니다.", "Already on the worksheet."),
    "detail.edit": ("수정", "Edit"),
    "detail.delete": ("삭제", "Delete"),
    "detail.delete_confirm_title": ("문항 삭제", "Delete item"),
    "detail.delete_confirm": ("문항 {id}을(를) 문항 은행에서 지울까요?\n편집 > 실행 취소(Ctrl+Z)로 되돌릴 수 있습니다.",
                              "Delete item {id} from the bank?\nEdit > Undo (Ctrl+Z) brings it back."),
    "detail.deleted": ("문항 {id}을(를) 지웠습니다. 실행 취소(Ctrl+Z)로 되돌릴 수 있습니다.",
                       "Item {id} deleted. Undo (Ctrl+Z) brings it back."),
    "detail.edited": ("문항 {id}을(를) 고쳤습니다.", "Item {id} saved."),
    "edit.title": ("문항 {id} 수정", "Edit item {id}"),
    "edit.choices": ("보기 (한 줄에 하나)", "Choices (one per line)"),
    "edit.add_figure": ("그림 추가…", "Add a figure…"),
    "edit.figures_hint": ("(체크를 풀면 뺍니다)", "(untick to remove)"),
    "edit.explanation_figures": ("해설 그림\n(그대로 둡니다)", "Explanation figures\n(kept as they are)"),
    "edit.figure_filter": ("그림 (*.png *.jpg *.jpeg *.gif *.bmp *.webp)", "Images (*.png *.jpg *.jpeg *.gif *.bmp *.webp)"),
    "edit.figure_entry": ("그림 {n} · {width}×{height} 픽셀", "Figure {n} · {width}×{height} px"),
    "edit.figure_entry_missing": ("그림 {n} · {missing}", "Figure {n} · {missing}"),
    "edit.save": ("저장", "Save"),
    "edit.cancel": ("취소", "Cancel"),
    "edit.field_error": ("이 값은 저장할 수 없습니다: {reason}", "This value cannot be saved: {reason}"),
    "menu.undo": ("실행 취소", "Undo"),
    "menu.undo_what": ("실행 취소: {what}", "Undo: {what}"),
    "status.undone": ("되돌렸습니다: {what}", "Undone: {what}"),
    "detail.add_to_basket": ("＋ 시험지에 담기", "＋ Add to worksheet"),
    "detail.similar": ("비슷한 문항 찾기", "Find similar"),
    "detail.compare": ("앞 문항과 비교", "Compare with previous"),
    "sheet.subtitle": ("문항 {n}개 · {date}", "{n} items · {date}"),
    "sheet.name_line": ("학년 ____  반 ____  번호 ____  이름 ______________",
                        "Class ____  No. ____  Name ______________"),
    "sheet.answer_key": ("정답 및 해설", "Answers and explanations"),
    "detail.compare_pin": ("비교 기준으로 고르기", "Pick for comparison"),
    "detail.compare_pinned": ("비교 기준 · 다른 문항을 고르세요", "Picked · now choose another item"),
    "detail.compare_with": ("{id}와(과) 나란히 비교", "Compare with {id}"),
    "compare.title": ("문항 비교: {a} ↔ {b}", "Compare items: {a} ↔ {b}"),
    "results.similar": ("{id}와(과) 비슷한 문항 {n}건 ({method})", "{n} items similar to {id} ({method})"),
    # the district's shared bank (교육청 문항 은행)
    "source.label": ("검색 대상", "Search in"),
    "source.local": ("우리 학교", "Our school"),
    "source.district": ("교육청", "District"),
    "source.both": ("둘 다", "Both"),
    "source.local_tip": ("이 컴퓨터에 있는 우리 학교 문항 은행에서 찾습니다.",
                         "Searches this school's bank on this computer."),
    "source.district_tip": ("교육청 문항 은행 서버에서 찾습니다.", "Searches the district's shared bank on its server."),
    "source.both_tip": (
        "두 은행에서 함께 찾아 순위대로 번갈아 보여 줍니다. 두 은행의 점수는 서로 비교할 수 없습니다.",
        "Searches both banks and alternates their results by rank. The two banks' scores are not comparable."),
    "badge.local": ("우리 학교", "Our school"),
    "badge.district": ("교육청", "District"),
    "results.district_count": ("교육청 검색 결과 {n}건", "{n} results from the district"),
    "results.both_count": (
        "우리 학교 {local}건 · 교육청 {district}건 — 순위대로 번갈아 표시 (두 은행의 점수는 서로 비교할 수 없습니다)",
        "Our school {local} · district {district} — alternating by rank (the two banks' scores are not comparable)"),
    "results.district_pending": ("교육청 검색 중…", "searching the district…"),
    "results.district_failed": ("교육청 검색 실패", "district search failed"),
    "detail.copy_to_bank": ("내 은행에 복사", "Copy to my bank"),
    "detail.copy_tip": ("이 교육청 문항을 그림과 함께 우리 학교 문항 은행에 복사합니다. 복사한 문항은 시험지에 담을 수 있습니다.",
                        ("Copies this district item with its figures into your school's bank, where it can "
                         "go on a worksheet.")),
    "detail.copying": ("복사하는 중…", "Copying…"),
    "detail.copied": ("내 은행에 있음 ({id})", "In my bank ({id})"),
    "detail.district_first_copy": ("교육청 문항입니다. 먼저 '내 은행에 복사'를 누르세요.",
                                   "A district item: copy it to your bank first."),
    "detail.figure_loading": ("그림을 불러오는 중…", "Loading the figure…"),
    "copy.done": ("교육청 문항 {remote}을(를) 내 은행에 복사했습니다 (문항 ID {local}). 이제 시험지에 담을 수 있습니다.",
                  "Copied district item {remote} into your bank (item ID {local}). It can now go on a worksheet."),
    "copy.already": ("이 문항은 이미 내 은행에 있습니다 (문항 ID {local}).",
                     "This item is already in your bank (item ID {local})."),
    "district.title": ("교육청 문항 은행", "District item bank"),
    "district.text": (
        ("교육청이 운영하는 공동 문항 은행 서버에 연결하면 검색 화면에서 '교육청' 또는 '둘 다'를 골라 함께 찾고, "
         "필요한 문항을 내 은행에 복사할 수 있습니다. 서버 주소와 읽기 토큰은 교육청 담당자에게 받으세요."),
        ("Connect to the district's shared item bank server to search it from the search page ('District' or "
         "'Both') and copy the items you need into your bank. Ask the district office for the address and a "
         "read token.")),
    "district.url": ("서버 주소", "Server address"),
    "district.url_placeholder": ("예: http://192.168.0.20:8765", "e.g. http://192.168.0.20:8765"),
    "district.token": ("읽기 토큰", "Read token"),
    "district.token_placeholder": ("ibk_로 시작하는 토큰", "the token starting with ibk_"),
    "district.token_saved": ("저장된 토큰 {token} — 바꾸려면 새 토큰을 입력하세요",
                             "saved token {token} — type a new one to replace it"),
    "district.check": ("연결 확인", "Test connection"),
    "district.save": ("저장", "Save"),
    "district.forget": ("연결 삭제", "Remove"),
    "district.checking": ("연결을 확인하는 중…", "Testing the connection…"),
    "district.ok": ("연결되었습니다 · 서버 버전 {version} · 문항 {items}개 · 검색 방식: {modes}",
                    "Connected · server version {version} · {items} items · search modes: {modes}"),
    "district.saved": ("저장했습니다 ({url}). 검색 화면에서 '교육청' 또는 '둘 다'를 고르세요.",
                       "Saved ({url}). Choose 'District' or 'Both' on the search page."),
    "district.forgotten": ("교육청 연결을 삭제했습니다.", "The district connection was removed."),
    "district.not_set": ("아직 연결하지 않았습니다.", "Not connected yet."),
    "district.current": ("현재 연결: {url} · 토큰 {token}", "Connected to {url} · token {token}"),
    "district.no_token": ("없음", "none"),
    "error.remote_unreachable": ("교육청 문항 은행 서버에 연결할 수 없습니다. 서버 주소와 네트워크를 확인하세요.",
                                 "Cannot reach the district item bank server. Check the address and the network."),
    "error.remote_timeout": ("교육청 서버가 제때 응답하지 않습니다. 잠시 뒤 다시 시도하세요.",
                             "The district server did not answer in time. Try again in a moment."),
    "error.remote_auth": (
        "교육청 서버가 토큰을 받아들이지 않습니다. 교육청에서 받은 읽기 토큰을 '모델·설정' 화면에 다시 입력하세요.",
        ("The district server does not accept the token. Enter the read token from the district office again "
         "on the 'Models & settings' page.")),
    "error.remote_unavailable": (
        "교육청 서버에서 이 검색을 할 수 없습니다 (필요한 모델이나 색인이 서버에 없습니다). 검색 방식을 '키워드'로 바꾸어 보세요.",
        "The district server cannot run this search (it lacks the model or index). Try the 'Keyword' mode."),
    "error.remote_busy": ("교육청 서버가 지금은 응답할 수 없습니다 (바쁘거나 점검 중). 잠시 뒤 다시 시도하세요.",
                          "The district server cannot answer right now (busy or under maintenance). Try again shortly."),
    "error.remote_bad_response": (
        "이 주소는 문항 은행 서버가 아닌 것 같습니다. 서버 주소를 확인하세요 (예: http://192.168.0.20:8765).",
        "This address does not look like an item bank server. Check it (e.g. http://192.168.0.20:8765)."),
    "error.remote_failed": ("교육청 서버에 문제가 생겼습니다. 교육청 담당자에게 알려 주세요.",
                            "The district server ran into a problem. Let the district office know."),
    "error.remote_not_configured": (
        "교육청 문항 은행이 아직 연결되지 않았습니다. '모델·설정' 화면에서 서버 주소와 토큰을 저장하세요.",
        "The district item bank is not connected yet. Save its address and token on the 'Models & settings' page."),
    "error.remote_not_found": ("교육청 서버에 그 문항이 없습니다. 지워졌을 수 있습니다.",
                               "The district server does not have that item (it may have been removed)."),
    "error.remote_bad_url": ("서버 주소가 올바르지 않습니다. 예: http://192.168.0.20:8765",
                             "The server address is not valid. Example: http://192.168.0.20:8765"),
    "error.remote_bad_request": ("교육청 서버가 이 요청을 받아들이지 않았습니다: {detail}",
                                 "The district server refused the request: {detail}"),
    "error.remote_config": ("저장된 교육청 연결 설정을 읽을 수 없습니다. '모델·설정' 화면에서 다시 저장하세요.",
                            "The saved district connection cannot be read. Save it again on the 'Models & settings' page."),
    "error.copy": ("문항을 내 은행에 복사할 수 없습니다: {detail}", "Cannot copy the item into your bank: {detail}"),
}

_language = DEFAULT_LANGUAGE


def set_language(lang: str) -> str:
    """Switch the language of ``tr`` and of the engine's messages (its errors and import row reasons come
    from the engine's gettext catalog); unknown codes fall back to Korean. Returns the code in use."""
    global _language
    _language = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    set_engine_language(_language)
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
