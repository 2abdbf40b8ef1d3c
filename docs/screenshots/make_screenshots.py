"""Re-make the desktop screenshot set, in Korean, in docs/screenshots/ko/ (offscreen, no display needed).

    .venv/bin/python docs/screenshots/make_screenshots.py [--work DIR] [--with-models] [--only NAME,…]

Builds a bank with the bundled sample items in DIR (a temporary folder by default), writes two small
CSV files like a teacher's (one with a column the importer does not recognise, one with a bad row),
and runs ``itembank-desktop --screenshot`` (``--dialog`` for the dialogs) for every page and dialog:
first start, search, detail, edit, compare, delete, Qt's file dialog, the import wizard's steps and
its result, the worksheet basket with its preview, duplicates, models, settings, 관리 with backup and
restore, about, and the error shown when a bank cannot be opened. Writes that change a bank (import,
restore) run on copies, so every picture starts from the same bank. Pictures are 1280×800 and kept
under 200 KB (reduced to a 256-colour palette when a plain PNG is larger). ``--with-models`` also installs the tiny
random-weight Qwen3-VL test checkpoints (engine.models.qwen.synthetic) and captures the models page
with packs and an image + text search — the layout is real, the ranking of a random model is not.
``district-search.png`` splits the sample bank in two (a school's bank and a district's bank served by
a real ``itembank serve`` on 127.0.0.1 with a read token) and searches both at once.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
OUT = HERE / "ko"
SIZE = "1280x800"
MAX_BYTES = 200_000

CSV = """과목,학년,단원,{stem},보기1,보기2,보기3,보기4,보기5,정답,해설,그림,담당 교사
수학,중2,연립방정식,연립방정식 x+y=5와 x-y=1의 해는?,x=3 y=2,x=2 y=3,x=1 y=4,x=4 y=1,x=5 y=0,1,두 식을 더하면 2x=6이다.,,김민지
과학,중3,화학 반응,철이 녹스는 반응은 어떤 반응인가?,산화,환원,중화,분해,연소,1,철이 산소와 결합한다.,figs/rust.png,이서준
점성술,중1,별자리,별자리 운세에 대한 설명으로 옳은 것은?,가,나,다,라,마,1,,,박하늘
국어,중1,문법,'먹다'의 품사는?,명사,동사,형용사,부사,조사,2,동작을 나타내는 말이다.,,최유진
사회,중2,인권과 헌법,헌법에 보장된 기본권이 아닌 것은?,평등권,자유권,참정권,청구권,납세권,5,납세는 의무이다.,,정다은
영어,중1,Be동사,빈칸에 알맞은 말은? I ___ a student.,am,is,are,be,been,1,주어가 I이면 am을 쓴다.,,한지우
"""


ONLY: set[str] = set()  # --only: the pictures to make (all when empty)


def shrink(path: Path) -> None:
    """Keep a picture under MAX_BYTES: a 256-colour palette keeps Hangul strokes sharp at a third the size."""
    from PIL import Image

    if not path.is_file() or path.stat().st_size <= MAX_BYTES:
        return
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def shot(data_dir: Path, out: str, *args: str, settings: Path, home: Path | None = None,
         refused: bool = False) -> None:
    """One picture; ``refused``: the step is meant to fail (the picture is of its error)."""
    if ONLY and Path(out).stem not in ONLY:
        return
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ITEMBANK_DESKTOP_SETTINGS_DIR=str(settings),
               PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    # a Korean school PC: Qt's file dialogs take sizes, dates and file types from the system locale
    env.update(LANG="ko_KR.UTF-8", LC_ALL="")
    if home is not None:  # Qt's file dialogs open in the home folder: show the teacher's USB stick
        env["HOME"] = str(home)
    target = OUT / out
    command = [sys.executable, "-m", "desktop_app.main", "--data-dir", str(data_dir), "--lang", "ko",
               "--screenshot", str(target), *args]
    if "--size" not in args:
        command += ["--size", SIZE]
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    shrink(target)
    size = f"{target.stat().st_size // 1024} KB" if target.is_file() else "-"
    ok = (result.returncode != 0) == refused and target.is_file()
    print(f"{out}: {'ok' if ok else 'FAILED'} {size} {result.stderr.strip()[-300:]}")


def copy_bank(bank_dir: Path, folder: Path) -> Path:
    """A fresh copy of the sample bank for a picture whose step writes to it."""
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(bank_dir, folder)
    return folder


def split_sample(work: Path, bank_dir: Path) -> tuple[Path, Path]:
    """A school bank (even-numbered sample items) and a district bank (odd-numbered ones), built with
    the public export and import, so the two lists on the picture hold different items."""
    from engine.api import ItemBank

    school, district = work / "school-bank", work / "district-bank"
    if ItemBank.exists(school) and ItemBank.exists(district):
        return school, district
    sample = ItemBank(bank_dir)
    ids = sorted(item.id for item in sample.catalog.iter_items())
    halves = {school: [i for i in ids if int(i.rsplit("-", 1)[-1]) % 2 == 0],
              district: [i for i in ids if int(i.rsplit("-", 1)[-1]) % 2 == 1]}
    for folder, chosen in halves.items():
        sheet = work / "split" / f"{folder.name}.jsonl"
        sheet.parent.mkdir(parents=True, exist_ok=True)
        sample.export(sheet, chosen, "jsonl")
        bank = ItemBank(folder, create=True)
        bank.import_path(sheet, "jsonl")
        bank.close()
    sample.close()
    return school, district


def district_shot(work: Path, bank_dir: Path, settings: Path) -> None:
    """The search page with 둘 다: a real server on 127.0.0.1 serves the district half."""
    from engine.remote import RemoteConfig, save_remote_config
    from engine.server.config import ServerConfig
    from engine.server.runner import BackgroundServer
    from engine.server.tokens import TokenStore

    school, district = split_sample(work, bank_dir)
    token, _ = TokenStore.in_data_dir(district).create("read", "screenshots")
    with BackgroundServer(ServerConfig(data_dir=district, port=0, rate_limit=0)) as server:
        save_remote_config(school, RemoteConfig(server.url, token))
        shot(school, "30-district-search.png", "--query", "일차함수의 그래프", "--source", "both",
             "--open-item", "district:S-MATH-011", settings=settings)


def lite_bank(work: Path, bank_dir: Path) -> Path:
    """The sample bank with its lite index (as `itembank init --sample` builds it), so the search
    pictures show calibrated bands and the calibrated no-match; the keyword-only bank where lite
    cannot run on this machine."""
    from engine.api import ItemBank

    folder = work / "lite-bank"
    if not ItemBank.exists(folder):
        shutil.copytree(bank_dir, folder)
        bank = ItemBank(folder)
        if bank.profiles.unavailable_reason("lite"):
            print(f"lite unavailable ({bank.profiles.unavailable_reason('lite')}): keyword-only pictures")
        else:
            bank.profiles.build_index("lite")
        bank.close()
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, help="where to build the banks (default: a temp folder)")
    parser.add_argument("--with-models", action="store_true", help="also the tiny Qwen3-VL packs")
    parser.add_argument("--only", default="", help="comma-separated picture names (e.g. 02-search,21-about)")
    args = parser.parse_args()
    ONLY.update(n for n in args.only.split(",") if n)
    sys.path.insert(0, str(REPO))
    from PIL import Image, ImageDraw

    from engine.api import ItemBank

    work = args.work or Path(tempfile.mkdtemp(prefix="itembank-shots-"))
    settings = work / "settings"
    bank_dir = work / "bank"
    if not ItemBank.exists(bank_dir):  # as `itembank init --sample`: the sample, and the lite index where it runs
        bank = ItemBank(bank_dir, create=True)
        bank.load_sample()
        bank.index_sample()
        bank.close()
    usb = work / "usb"
    (usb / "figs").mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", (200, 140), "white")
    ImageDraw.Draw(image).rectangle([20, 20, 180, 120], outline="brown", width=4)
    image.save(usb / "figs" / "rust.png")
    unmapped = usb / "2학기 중간고사 문항.csv"
    unmapped.write_text(CSV.format(stem="질문 내용"), encoding="utf-8-sig")
    mapped = usb / "1학기 기말고사.csv"
    mapped.write_text(CSV.format(stem="문항"), encoding="utf-8-sig")

    backup = work / "usb" / "문항은행-백업.zip"
    if not backup.is_file():
        bank = ItemBank(bank_dir)
        bank.backup(backup)
        bank.close()
    damaged = work / "damaged"
    damaged.mkdir(exist_ok=True)
    (damaged / "catalog.sqlite3").write_bytes(b"this is not a SQLite database" * 100)

    shot(work / "fresh", "01-first-start.png", settings=settings)
    shot(bank_dir, "02-search.png", "--query", "이차방정식의 근과 계수의 관계", settings=settings)
    honest = lite_bank(work, bank_dir)
    shot(honest, "02b-search-no-match.png", "--query", "전류", "--subject", "수학", settings=settings)
    # few enough hits that the list's end ("관련 문항이 더 없습니다 · 키워드 일치 N건") is on the picture; the
    # open item is the 보통 one, found by one of the two words only (its score details say so)
    shot(honest, "02c-search-bands.png", "--query", "광합성", "--open-item", "S-SCI-032", "--size", "1280x1100",
         settings=settings)
    shot(bank_dir, "03-detail.png", "--query", "직각삼각형", "--open-item", "S-MATH-003", settings=settings)
    shot(bank_dir, "04-edit.png", "--query", "직각삼각형", "--open-item", "S-MATH-003", "--dialog", "edit",
         settings=settings)
    shot(bank_dir, "05-compare.png", "--query", "이차방정식", "--dialog", "compare",
         "--dialog-arg", "S-MATH-038,S-MATH-045", settings=settings)
    shot(bank_dir, "06-delete-confirm.png", "--query", "직각삼각형", "--open-item", "S-MATH-003",
         "--dialog", "delete-confirm", settings=settings)
    shot(bank_dir, "07-import-file-dialog.png", "--dialog", "import-file", settings=settings, home=usb)
    shot(bank_dir, "08-import-mapping.png", "--view", "import", "--import-file", str(unmapped), settings=settings)
    shot(bank_dir, "09-import-dry-run.png", "--view", "import-report", "--import-file", str(mapped),
         settings=settings)
    shot(copy_bank(bank_dir, work / "import-bank"), "10-import-done.png", "--dialog", "import-done",
         "--dialog-arg", str(mapped), settings=settings)
    shot(bank_dir, "11-basket.png", "--view", "basket", "--basket", "S-MATH-002,S-MATH-003,S-MATH-005",
         settings=settings)
    shot(bank_dir, "12-duplicates.png", "--view", "duplicates", settings=settings)
    shot(bank_dir, "13-models.png", "--view", "models", settings=settings)
    shot(bank_dir, "14-settings.png", "--view", "models", "--dialog", "scroll-end", settings=settings)
    shot(bank_dir, "15-admin.png", "--view", "admin", settings=settings)
    shot(bank_dir, "16-backup-save-dialog.png", "--view", "admin", "--dialog", "backup-save",
         settings=settings, home=usb)
    (work / "backup-shot.zip").unlink(missing_ok=True)  # a backup never overwrites: start without one
    shot(bank_dir, "17-backup-done.png", "--view", "admin", "--dialog", "backup-run",
         "--dialog-arg", str(work / "backup-shot.zip"), settings=settings)
    shot(bank_dir, "18-restore-open-dialog.png", "--view", "admin", "--dialog", "restore-open",
         settings=settings, home=usb)
    shot(bank_dir, "19-restore-confirm.png", "--view", "admin", "--dialog", "restore-confirm",
         "--dialog-arg", str(backup), settings=settings)
    shot(copy_bank(bank_dir, work / "restore-bank"), "20-restore-scheduled.png", "--view", "admin",
         "--dialog", "restore-scheduled", "--dialog-arg", str(backup), settings=settings)
    shot(bank_dir, "21-about.png", "--dialog", "about", settings=settings)
    shot(damaged, "22-error-open-bank.png", "--dialog", "error", settings=settings)
    # an error in a page's banner: a backup onto an existing file is refused (the file is left as it was)
    shot(bank_dir, "23-error-banner.png", "--view", "admin", "--dialog", "backup-run", "--dialog-arg", str(backup),
         settings=settings, refused=True)
    district_shot(work, bank_dir, settings)

    if args.with_models:
        from engine.models.packs import install_pack, pack_folder
        from engine.models.qwen.synthetic import write_checkpoint

        qwen_dir = work / "qwen-bank"
        if not ItemBank.exists(qwen_dir):
            shutil.copytree(bank_dir, qwen_dir)
            bank = ItemBank(qwen_dir)
            for kind, name, seed in (("embedder", "qwen3-vl-embedding-tiny", 0),
                                     ("reranker", "qwen3-vl-reranker-tiny", 1)):
                folder = write_checkpoint(work / "packs" / name, "tiny", kind, seed=seed)
                pack_folder(folder, name=name)
                install_pack(folder, bank.paths.models)
            bank.profiles.create("qwen-tiny", precision="fp32")
            bank.profiles.build_index("qwen-tiny")
            bank.profiles.use("qwen-tiny")
            bank.close()
        bank = ItemBank(qwen_dir)
        figure = bank.image_path(bank.get("S-MATH-003").images[0])
        bank.close()
        query_image = work / "triangle.png"
        shutil.copy(figure, query_image)
        shot(qwen_dir, "31-models-installed.png", "--view", "models", settings=settings)
        shot(qwen_dir, "32-image-search.png", "--query", "직각삼각형", "--image", str(query_image),
             settings=settings)
    print(f"banks in {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
