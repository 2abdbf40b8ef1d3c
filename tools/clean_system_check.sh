#!/usr/bin/env bash
# The README's setup and the .deb on a fresh Debian 12, proven in clean chroots (issue #21, item 1).
#
#   sudo tools/clean_system_check.sh readme          the README's commands, as written
#   sudo tools/clean_system_check.sh deb DEB         the package, installed and started offline
#   sudo tools/clean_system_check.sh all DEB         both
#
# A minimal Debian 12 (bookworm) root is made once with `debootstrap --variant=minbase` into
# $CHROOT/base and copied for every run, so each run starts from a clean system. The display is an
# Xvfb on this machine whose socket is bound into the chroot (a desktop has an X server; the chroot
# gets none of its libraries). Programs run as an ordinary user "teacher" who may use sudo.
#
# readme  Installs only python3 and python3-venv (and sudo), clones this repository (its current
#         branch, committed state) into ~teacher/itembank, then runs the two README commands exactly as
#         README.md writes them (read from the file, not copied here):
#           1. line 1 (venv + pip install) must succeed;
#           2. line 2 before the README's apt line: `itembank-desktop` must exit 2 with the one
#              Korean + English line naming the missing libraries and the apt command (no Qt abort);
#           3. the README's `sudo apt install …` line, then line 2 again: the window must open and stay up.
# deb     `dpkg -i DEB` then `apt-get install -f` (only its declared Depends, from the mirror); then,
#         with the network cut (`unshare -n`): `itembank init --sample`, `itembank search`, and
#         `itembank-desktop`, which must open its window and stay up.
#
# Needs root, debootstrap and git, Xvfb (apt-get install xvfb) and a Python with Pillow for the
# screenshots ($HOST_PY). apt inside uses the debootstrap mirror ($MIRROR, this machine's mirror by
# default); pip's settings (/etc/pip.conf, /etc/xdg/pip/, root's ~/.config/pip/pip.conf) are copied in
# and the local wheel folders (/opt/wheels, /opt/pypi, /opt/pypi-more) bind-mounted read-only, so pip
# inside reaches the same index as this machine.
# Idempotent: a run removes its own previous copy first, and every mount it makes is undone on exit,
# even on failure. Results: $CHROOT/<readme|deb>/RESULT.txt (a PASS/FAIL line a step), the logs and
# window.png beside it; exit 0 only when every step passed.
set -euo pipefail

CHROOT="${CHROOT:-/work/chroot}"
SUITE="${SUITE:-bookworm}"
MIRROR="${MIRROR:-http://deb.debian.org/debian}"
SECURITY="${SECURITY:-http://deb.debian.org/debian-security}"
REPO="$(cd "$(dirname "$0")/.." && pwd)"
HOST_PY="${HOST_PY:-/work/main/.venv/bin/python}"
WHEEL_DIRS=(/opt/wheels /opt/pypi /opt/pypi-more)
X_DISPLAY="${X_DISPLAY:-:77}"
WINDOW_WAIT_S="${WINDOW_WAIT_S:-180}"
MOUNTED=()
XVFB_PID=""

log() { printf '[clean-check %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

[ "$(id -u)" = 0 ] || { echo "run as root (debootstrap, chroot, mounts)" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "apt-get install -y debootstrap first" >&2; exit 2; }
command -v Xvfb >/dev/null || { echo "apt-get install -y xvfb first" >&2; exit 2; }
"$HOST_PY" -c "import PIL" 2>/dev/null || { echo "HOST_PY=$HOST_PY has no Pillow" >&2; exit 2; }

umount_all() {
    local i
    for (( i=${#MOUNTED[@]}-1; i>=0; i-- )); do
        umount "${MOUNTED[$i]}" 2>/dev/null || umount -l "${MOUNTED[$i]}" 2>/dev/null || true
    done
    MOUNTED=()
}

stop_x() {
    if [ -n "$XVFB_PID" ]; then kill "$XVFB_PID" 2>/dev/null || true; wait "$XVFB_PID" 2>/dev/null || true; fi
    XVFB_PID=""
}

cleanup() { umount_all; stop_x; }
trap cleanup EXIT

bind() {  # bind SRC DEST [ro]
    mkdir -p "$2"
    mount --bind "$1" "$2"
    MOUNTED+=("$2")
    if [ "${3:-}" = ro ]; then mount -o remount,bind,ro "$2"; fi
}

make_base() {
    if [ -f "$CHROOT/base/.complete" ]; then return; fi
    log "debootstrap $SUITE (minbase) from $MIRROR into $CHROOT/base"
    rm -rf "$CHROOT/base"
    mkdir -p "$CHROOT"
    debootstrap --variant=minbase "$SUITE" "$CHROOT/base" "$MIRROR" >"$CHROOT/base.log" 2>&1
    printf 'deb %s %s main\ndeb %s %s-updates main\ndeb %s %s-security main\n' \
        "$MIRROR" "$SUITE" "$MIRROR" "$SUITE" "$SECURITY" "$SUITE" >"$CHROOT/base/etc/apt/sources.list"
    touch "$CHROOT/base/.complete"
}

fresh_root() {  # fresh_root NAME: a clean copy of the base at $CHROOT/NAME (its path on stdout)
    local root="$CHROOT/$1"
    if findmnt -rn -o TARGET | grep -q "^$root/"; then
        echo "$root still has mounts; umount them first" >&2; exit 2
    fi
    rm -rf "$root"
    cp -a "$CHROOT/base" "$root"
    rm -f "$root/.complete"
    cp /etc/resolv.conf "$root/etc/resolv.conf"
    # apt asks "Do you want to continue? [Y/n]"; this answers Y as the admin would
    echo 'APT::Get::Assume-Yes "true";' >"$root/etc/apt/apt.conf.d/90assume-yes"
    : >"$root/RESULT.txt"
    echo "$root"
}

mount_system() {  # mount_system ROOT
    bind /proc "$1/proc"
    bind /dev "$1/dev"
    bind /dev/pts "$1/dev/pts"
}

mount_pip_mirror() {  # mount_pip_mirror ROOT
    local root="$1" dir
    for dir in "${WHEEL_DIRS[@]}"; do
        if [ -d "$dir" ]; then bind "$dir" "$root$dir" ro; fi
    done
    if [ -f /etc/pip.conf ]; then cp /etc/pip.conf "$root/etc/pip.conf"; fi
    if [ -d /etc/xdg/pip ]; then mkdir -p "$root/etc/xdg" && cp -r /etc/xdg/pip "$root/etc/xdg/"; fi
    # root's own pip.conf holds this machine's find-links / extra-index-url; inside, every user gets it
    if [ -f /root/.config/pip/pip.conf ]; then
        sed '/^\[global\]/d' /root/.config/pip/pip.conf >>"$root/etc/pip.conf"
    fi
    # the mirror's TLS certificate is signed by this machine's local CA: trust it inside too
    if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
        mkdir -p "$root/usr/local/share/ca-certificates"
        cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
        if [ -x "$root/usr/sbin/update-ca-certificates" ]; then
            in_root "$root" update-ca-certificates >/dev/null 2>&1
        else
            mkdir -p "$root/etc/ssl/certs" && cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
        fi
    fi
}

in_root() {  # in_root ROOT CMD...: as root, with a clean environment
    local root="$1"; shift
    env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
        chroot "$root" "$@"
}

as_teacher() {  # as_teacher ROOT 'shell line': a login shell of the user, in ~/itembank
    local root="$1"; shift
    in_root "$root" su - teacher -c "cd ~/itembank && export DISPLAY=$X_DISPLAY && $*"
}

add_teacher() {  # a desktop user who may use sudo, as an admin on a school PC
    in_root "$1" useradd -m -s /bin/bash teacher
    echo 'teacher ALL=(ALL) NOPASSWD: ALL' >"$1/etc/sudoers.d/teacher"
    chmod 440 "$1/etc/sudoers.d/teacher"
    mkdir -p "$1/home/teacher/itembank"
}

start_x() {  # start_x ROOT: the X server on this machine; its socket folder bound into ROOT
    if [ ! -S "/tmp/.X11-unix/X${X_DISPLAY#:}" ]; then
        Xvfb "$X_DISPLAY" -screen 0 1280x800x24 -nolisten tcp >"$CHROOT/xvfb.log" 2>&1 &
        XVFB_PID=$!
        sleep 2
    fi
    bind /tmp/.X11-unix "$1/tmp/.X11-unix"
}

inside() {  # inside ROOT PATTERN: ids of this chroot's processes whose command line matches
    local root="$1" pattern="$2" pid
    for pid in $(pgrep -f -- "$pattern" || true); do
        if [ "$(readlink "/proc/$pid/root" 2>/dev/null)" = "$root" ]; then echo "$pid"; fi
    done
    return 0
}

stop_inside() {  # stop_inside ROOT PATTERN
    local pid
    for pid in $(inside "$1" "$2"); do kill "$pid" 2>/dev/null || true; done
    sleep 1
}

# The window is up when, within WINDOW_WAIT_S, the display shows more than the empty black screen while
# the app runs, and 20 s later (search done, cards drawn) it still runs; the screen is then saved.
window_is_up() {  # window_is_up ROOT SHOT.png
    local root="$1" shot="$2" i
    for (( i=0; i<WINDOW_WAIT_S; i+=5 )); do
        sleep 5
        [ -n "$(inside "$root" itembank-desktop)" ] || return 1
        if "$HOST_PY" -c '
import sys
from PIL import ImageGrab
colours = ImageGrab.grab(xdisplay=sys.argv[1]).convert("RGB").getcolors(1 << 16)
raise SystemExit(0 if colours is None or len(colours) > 50 else 1)' "$X_DISPLAY"; then
            sleep 20
            [ -n "$(inside "$root" itembank-desktop)" ] || return 1
            "$HOST_PY" -c 'import sys; from PIL import ImageGrab; ImageGrab.grab(xdisplay=sys.argv[1]).save(sys.argv[2])' \
                "$X_DISPLAY" "$shot"
            return 0
        fi
    done
    return 1
}

result() {  # result ROOT PASS|FAIL 'what'
    printf '%s %s\n' "$2" "$3" | tee -a "$1/RESULT.txt" >&2
}

# The README's lines, read from the README itself so the check runs what a teacher reads.
readme_line() {  # readme_line N: line N of the first ```bash block
    awk '/^```bash/{inblock=1; next} /^```/{if (inblock) exit} inblock' "$REPO/README.md" | sed -n "${1}p"
}
readme_apt_line() {
    grep -o '`sudo apt install [^`]*`' "$REPO/README.md" | head -1 | tr -d '`'
}

check_readme() {
    local root line1 line2 apt_line branch out rc
    make_base
    root="$(fresh_root readme)"
    mount_system "$root"
    log "apt: python3 python3-venv (what the README takes for granted) and sudo"
    in_root "$root" apt-get update -q >"$root/apt-base.log" 2>&1
    if in_root "$root" apt-get install -q python3 python3-venv sudo >>"$root/apt-base.log" 2>&1; then
        result "$root" PASS "apt-get install python3 python3-venv sudo"
    else
        result "$root" FAIL "apt-get install python3 python3-venv sudo (see apt-base.log)"; return 1
    fi
    mount_pip_mirror "$root"
    add_teacher "$root"
    branch="$(git -C "$REPO" rev-parse --abbrev-ref HEAD)"
    log "git clone $REPO (branch $branch, commit $(git -C "$REPO" rev-parse --short HEAD)) into ~teacher/itembank"
    rm -rf "$root/home/teacher/itembank"
    git clone -q --no-local -b "$branch" "$REPO" "$root/home/teacher/itembank"
    in_root "$root" chown -R teacher:teacher /home/teacher
    line1="$(readme_line 1)"
    line2="$(readme_line 2)"

    log "README line 1: $line1"
    if as_teacher "$root" "$line1" >"$root/readme-line1.log" 2>&1; then
        result "$root" PASS "README line 1: $line1"
    else
        result "$root" FAIL "README line 1: $line1 (see readme-line1.log)"; return 1
    fi

    start_x "$root"
    log "README line 2 before the README's apt line: $line2"
    set +e
    out="$(as_teacher "$root" "timeout 600 bash -c '$line2'" 2>&1)"; rc=$?
    set -e
    printf '%s\n' "$out" >"$root/readme-line2-without-libs.log"
    if [ "$rc" = 2 ] && grep -q "화면을 열 수 없습니다.* / Cannot open the window" <<<"$out" \
            && grep -q "sudo apt install" <<<"$out" && ! grep -qi "abort" <<<"$out"; then
        result "$root" PASS "before the apt line: exit 2, $(grep -c '' <<<"$(grep '화면을 열 수 없습니다' <<<"$out")") line: $(grep '화면을 열 수 없습니다' <<<"$out")"
    else
        result "$root" FAIL "before the apt line: exit $rc, see readme-line2-without-libs.log"
    fi

    apt_line="$(readme_apt_line)"
    log "README apt line: $apt_line"
    if as_teacher "$root" "$apt_line" >"$root/readme-apt.log" 2>&1; then
        result "$root" PASS "README apt line: $apt_line"
    else
        result "$root" FAIL "README apt line (see readme-apt.log)"; return 1
    fi

    log "README line 2 (the window must open): $line2"
    as_teacher "$root" "($line2) >/tmp/line2.log 2>&1 &"
    if window_is_up "$root" "$root/window.png"; then
        result "$root" PASS "README line 2: the window is up (screenshot $root/window.png)"
    else
        result "$root" FAIL "README line 2: no window (see readme-line2.log)"
    fi
    cp "$root/tmp/line2.log" "$root/readme-line2.log" 2>/dev/null || true
    stop_inside "$root" itembank-desktop
    ! grep -q '^FAIL' "$root/RESULT.txt"
}

check_deb() {
    local deb="$1" root rc package
    [ -f "$deb" ] || { echo "no such package: $deb" >&2; return 2; }
    package="$(dpkg-deb -f "$deb" Package)"
    make_base
    root="$(fresh_root deb)"
    mount_system "$root"
    cp "$deb" "$root/tmp/"
    log "dpkg -i $(basename "$deb"), then apt-get install -f (its declared Depends, from the mirror)"
    in_root "$root" apt-get update -q >"$root/dpkg.log" 2>&1
    set +e
    in_root "$root" dpkg -i "/tmp/$(basename "$deb")" >>"$root/dpkg.log" 2>&1
    in_root "$root" apt-get install -f -q >>"$root/dpkg.log" 2>&1; rc=$?
    set -e
    if [ "$rc" = 0 ] && in_root "$root" dpkg-query -W -f='${Status}' "$package" | grep -q "install ok installed"; then
        result "$root" PASS "dpkg -i + apt-get install -f: installed; Depends: $(dpkg-deb -f "$deb" Depends)"
    else
        result "$root" FAIL "dpkg -i + apt-get install -f (see dpkg.log)"; return 1
    fi
    in_root "$root" apt-get install -q sudo >>"$root/dpkg.log" 2>&1
    add_teacher "$root"
    in_root "$root" chown -R teacher:teacher /home/teacher
    start_x "$root"

    log "offline (unshare -n): itembank init --sample, itembank search, itembank-desktop"
    set +e
    unshare -n -- chroot "$root" /usr/bin/env -i PATH=/usr/bin:/bin LANG=C.UTF-8 su - teacher -c \
        "itembank init --sample && itembank search '근과 계수의 관계' -k 3 --json" \
        >"$root/cli.log" 2>&1; rc=$?
    set -e
    if [ "$rc" = 0 ] && grep -q '"이차방정식' "$root/cli.log"; then
        result "$root" PASS "offline: itembank init --sample && itembank search '근과 계수의 관계' finds 이차방정식 items"
    else
        result "$root" FAIL "offline: itembank init/search exit $rc (see cli.log)"
    fi
    unshare -n -- chroot "$root" /usr/bin/env -i PATH=/usr/bin:/bin LANG=C.UTF-8 su - teacher -c \
        "DISPLAY=$X_DISPLAY itembank-desktop --query '근과 계수의 관계' >/tmp/desktop.log 2>&1" &
    local desktop=$!
    if window_is_up "$root" "$root/window.png"; then
        result "$root" PASS "offline: itembank-desktop is up (screenshot $root/window.png)"
    else
        result "$root" FAIL "offline: itembank-desktop did not stay up (see desktop.log)"
    fi
    cp "$root/tmp/desktop.log" "$root/desktop.log" 2>/dev/null || true
    stop_inside "$root" itembank-desktop
    wait "$desktop" 2>/dev/null || true
    ! grep -q '^FAIL' "$root/RESULT.txt"
}

case "${1:-readme}" in
    readme) check_readme ;;
    deb) check_deb "${2:?the .deb to install}" ;;
    all) rc=0; check_readme || rc=1; cleanup; check_deb "${2:?the .deb to install}" || rc=1; exit "$rc" ;;
    *) echo "usage: $0 readme | deb DEB | all DEB" >&2; exit 2 ;;
esac
