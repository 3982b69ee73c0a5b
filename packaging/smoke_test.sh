#!/usr/bin/env bash
# Smoke-test a built Dadras bundle: the frozen program itself, never a venv.
#
#   packaging/smoke_test.sh dist/dadras        # the one-folder bundle (or its parent, dist/)
#
# Checks, in a fresh temporary folder: --version; a new office database made with `setup`, a
# clerk added and a complaint registered through the command line, the dashboard counting it;
# a refused registration exiting 2 with one line; the audit chain; the unit scorecard written
# as a PDF with the Amiri fonts embedded and Persian text extractable (pdftotext/pdffonts when
# installed) and as an .xlsx; a 50-complaint demo database; the sync round trip (age
# encryption, Ed25519 signatures); psycopg's bundled libpq; both translation catalogues; and
# the window started offscreen, still running after 10 s with no Python traceback. Exit status
# 0 when everything passed.
set -euo pipefail

if [ "$#" -ne 1 ]; then
    echo "usage: $0 DIST_DIR   (the bundle folder, e.g. dist/dadras)" >&2
    exit 64
fi
BUNDLE="$(cd "$1" && pwd)"
if [ ! -x "$BUNDLE/dadras" ] && [ -x "$BUNDLE/dadras/dadras" ]; then
    BUNDLE="$BUNDLE/dadras"
fi
EXE="$BUNDLE/dadras"
[ -x "$EXE" ] || { echo "no executable at $EXE" >&2; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/dadras-smoke.XXXXXX")"
GUI_PID=""
cleanup() {
    if [ -n "$GUI_PID" ] && kill -0 "$GUI_PID" 2>/dev/null; then
        kill "$GUI_PID" 2>/dev/null || true
        wait "$GUI_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# Keep the run away from the user's own settings and data.
export HOME="$WORK/home"
export XDG_DATA_HOME="$WORK/home/.local/share"
export XDG_CONFIG_HOME="$WORK/home/.config"
export XDG_CACHE_HOME="$WORK/home/.cache"
export XDG_RUNTIME_DIR="$WORK/runtime"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
export QT_QPA_PLATFORM=offscreen
export LC_ALL=C.UTF-8
unset DADRAS_PASSWORD DADRAS_NEW_PASSWORD
cd "$WORK"

START=$(date +%s)
PASSED=0
FAILED=0
pass() { PASSED=$((PASSED + 1)); printf 'PASS  %s\n' "$*"; }
fail() { FAILED=$((FAILED + 1)); printf 'FAIL  %s\n' "$*"; }
show() { sed 's/^/      | /' "$@" | head -n 20; }

# run NAME CMD...: run a frozen command, keeping stdout/stderr in NAME.out / NAME.err.
# Passes when it exits 0 and writes no Python traceback.
run() {
    local name="$1"
    shift
    local status=0
    "$@" >"$name.out" 2>"$name.err" </dev/null || status=$?
    if [ "$status" -eq 0 ] && ! grep -q "Traceback (most recent call last)" "$name.err"; then
        return 0
    fi
    fail "$name: exit $status"
    show "$name.out" "$name.err"
    return 1
}

has_command() {  # does this build have the sub-command?
    "$EXE" "$1" --help >/dev/null 2>&1 </dev/null
}

is_one() {  # "1" in ASCII or Persian digits
    [ "$1" = "1" ] || [ "$1" = "۱" ]
}

echo "Smoke-testing $EXE"

# ----------------------------------------------------------------------------- version
if run version "$EXE" --version && grep -Eq '^dadras [0-9]+\.[0-9]+' version.out; then
    pass "--version: $(cat version.out)"
else
    fail "--version printed: $(cat version.out version.err 2>/dev/null)"
fi

# ------------------------------------------------------- a new office and one complaint
DB="$WORK/office.sqlite3"
ADMIN_PASSWORD="Smoke-admin-2468"
CLERK_PASSWORD="Smoke-clerk-1357"
MANAGER_PASSWORD="Smoke-manager-9753"
# Reports are read by a manager (an inspector may too); the demo office has one.
REPORTER=manager
REPORTER_PASSWORD="manager1234"
if has_command setup && has_command register; then
    if DADRAS_PASSWORD="$ADMIN_PASSWORD" run setup "$EXE" setup --db "$DB" \
        --office-name "دفتر بازرسی و رسیدگی به شکایات" --office-code 0123 \
        --province "هرمزگان" --county "بندرعباس" --admin admin --admin-name "مدیر سامانه"; then
        pass "setup: $(head -n 1 setup.out)"
    fi
    # Registering is a clerk's right; the admin adds one when the build has add-user.
    REGISTRAR=admin
    REGISTRAR_PASSWORD="$ADMIN_PASSWORD"
    if has_command add-user; then
        if DADRAS_PASSWORD="$ADMIN_PASSWORD" DADRAS_NEW_PASSWORD="$CLERK_PASSWORD" \
            run add-user "$EXE" add-user --db "$DB" --admin admin --username clerk \
            --full-name "کارمند پذیرش" --role clerk; then
            pass "add-user: $(head -n 1 add-user.out)"
            REGISTRAR=clerk
            REGISTRAR_PASSWORD="$CLERK_PASSWORD"
        fi
        if DADRAS_PASSWORD="$ADMIN_PASSWORD" DADRAS_NEW_PASSWORD="$MANAGER_PASSWORD" \
            run add-manager "$EXE" add-user --db "$DB" --admin admin --username manager \
            --full-name "مدیر دفتر" --role manager; then
            pass "add-user: $(head -n 1 add-manager.out)"
            REPORTER_PASSWORD="$MANAGER_PASSWORD"
        fi
    fi
    if DADRAS_PASSWORD="$REGISTRAR_PASSWORD" run register "$EXE" register --db "$DB" \
        --user "$REGISTRAR" --subject "تأخیر در پاسخ به درخواست" \
        --description "درخواست پروانه پس از سه ماه هنوز پاسخی نگرفته است." \
        --channel walk_in --kind complaint --full-name "علی رضایی" --mobile 09123456789; then
        CODE="$(tr -d '[:space:]' <register.out)"
        if [[ "$CODE" =~ ^[0-9]{6,}$ ]]; then
            pass "register: tracking code $CODE"
        else
            fail "register printed no tracking code: $(cat register.out)"
        fi
    fi
    # A refused registration: exit 2, one line, no traceback.
    status=0
    DADRAS_PASSWORD="$REGISTRAR_PASSWORD" "$EXE" register --db "$DB" --user "$REGISTRAR" \
        --subject "" --description "" >refused.out 2>refused.err </dev/null || status=$?
    if [ "$status" -eq 2 ] && [ "$(wc -l <refused.err)" -le 1 ] \
        && ! grep -q Traceback refused.err; then
        pass "register refused with exit 2: $(cat refused.err)"
    else
        fail "bad input to register: exit $status"
        show refused.out refused.err
    fi
    EXPECT_RECEIVED=1
else
    echo "note: this build has no setup/register commands; using a demo database instead"
    run demo-office "$EXE" demo --db "$DB" --complaints 50 && pass "demo database (50)"
    EXPECT_RECEIVED=""
fi

# The dashboard: title, subtitle, header, then "received<TAB>count" as the first row.
if DADRAS_PASSWORD="$REPORTER_PASSWORD" run dashboard "$EXE" report dashboard --db "$DB" \
    --user "$REPORTER" --period this_month; then
    RECEIVED="$(awk -F'\t' 'NR == 4 { print $2 }' dashboard.out)"
    if [ -z "$EXPECT_RECEIVED" ]; then
        pass "report dashboard: received this month = $RECEIVED"
    elif is_one "$RECEIVED"; then
        pass "report dashboard: received this month = $RECEIVED"
    else
        fail "report dashboard: received this month = '$RECEIVED', expected 1"
        show dashboard.out
    fi
fi

if DADRAS_PASSWORD="$REPORTER_PASSWORD" run verify-audit "$EXE" verify-audit --db "$DB" \
    --user "$REPORTER"; then
    pass "verify-audit: $(cat verify-audit.out)"
fi

# ----------------------------------------------------- PDF (reportlab + Amiri) and xlsx
if DADRAS_PASSWORD="$REPORTER_PASSWORD" run pdf "$EXE" report scorecard --db "$DB" \
    --user "$REPORTER" --period this_month --out "$WORK/scorecard.pdf" \
    && [ "$(head -c 5 scorecard.pdf)" = "%PDF-" ]; then
    pass "report scorecard --out scorecard.pdf ($(wc -c <scorecard.pdf) bytes)"
    if command -v pdffonts >/dev/null 2>&1; then
        if pdffonts scorecard.pdf | grep -q "Amiri-Regular.*yes"; then
            pass "pdffonts: Amiri embedded"
        else
            fail "pdffonts: Amiri not embedded"
            pdffonts scorecard.pdf | show
        fi
    fi
    if command -v pdftotext >/dev/null 2>&1; then
        pdftotext -enc UTF-8 scorecard.pdf scorecard.txt
        # Jalali dates in Persian digits, and Arabic letters (the reshaped presentation forms
        # reportlab draws) in the text layer.
        if grep -q "۱۴" scorecard.txt && grep -Pq '[\x{0600}-\x{06FF}\x{FB50}-\x{FEFF}]' \
            scorecard.txt; then
            pass "pdftotext: Persian text, e.g. $(grep -m 1 '۱۴' scorecard.txt | tr -d '\n')"
        else
            fail "pdftotext: no Persian text in the PDF"
            show scorecard.txt
        fi
    else
        echo "note: pdftotext not installed (poppler-utils); PDF text not checked"
    fi
elif [ -f pdf.out ]; then
    fail "the scorecard PDF was not written"
fi

# The dashboard's PDF draws its charts with reportlab.graphics (app.pdf.charts).
if DADRAS_PASSWORD="$REPORTER_PASSWORD" run dashboard-pdf "$EXE" report dashboard --db "$DB" \
    --user "$REPORTER" --period this_year \
    --out "$WORK/dashboard.pdf" && [ "$(head -c 5 dashboard.pdf)" = "%PDF-" ]; then
    pass "report dashboard --out dashboard.pdf, with its charts ($(wc -c <dashboard.pdf) bytes)"
elif [ -f dashboard-pdf.out ]; then
    fail "the dashboard PDF was not written"
fi

if DADRAS_PASSWORD="$REPORTER_PASSWORD" run xlsx "$EXE" report dashboard --db "$DB" \
    --user "$REPORTER" --period this_month --out "$WORK/dashboard.xlsx" \
    && [ "$(head -c 2 dashboard.xlsx)" = "PK" ]; then
    pass "report dashboard --out dashboard.xlsx ($(wc -c <dashboard.xlsx) bytes)"
fi

# ------------------------------------------------------------------------ demo database
if run demo "$EXE" demo --db "$WORK/demo.sqlite3" --complaints 50 \
    && DADRAS_PASSWORD=manager1234 run demo-dashboard "$EXE" report dashboard \
        --db "$WORK/demo.sqlite3" --user manager --period this_year
then
    pass "demo --complaints 50, then its dashboard ($(wc -l <demo-dashboard.out) lines)"
fi

# ------------------------------------------------------- sync round trip (pyrage, keys)
if has_command central && has_command keys && has_command export; then
    mkdir -p share
    if run central-init "$EXE" central init --db "$WORK/central.db" --public-key central.pub \
        && DADRAS_PASSWORD=manager1234 DADRAS_CONFIRM_PASSWORD=admin1234 run keys "$EXE" keys \
            --db "$WORK/demo.sqlite3" --user manager --confirm-user admin \
            --central-key central.pub --public-key office.pub \
        && run enrol "$EXE" central enrol --db "$WORK/central.db" office.pub \
        && DADRAS_PASSWORD=sync1234 run export "$EXE" export --db "$WORK/demo.sqlite3" \
            --user sync --to share/; then
        PACKAGE="$(ls share/*.age | head -n 1)"
        if run central-import "$EXE" central import --db "$WORK/central.db" "$PACKAGE"; then
            pass "sync: $(head -n 1 central-import.out)"
        fi
    fi
fi

# ------------------------------------------------------------------ translations
# Dadras's own, and ours for the Qt strings Qt's Persian catalogue lacks (the file dialog).
for qm in dadras_fa.qm qt_extra_fa.qm; do
    if [ -s "$BUNDLE/_internal/resources/translations/$qm" ]; then
        pass "translation: $qm bundled"
    else
        fail "translation: $qm missing from _internal/resources/translations"
    fi
done

# --------------------------------------------------------- psycopg and its bundled libpq
# Nothing listens on port 9: the error must come from libpq ("connection ... failed"),
# which proves psycopg loaded its binary implementation, not "no pq wrapper available".
"$EXE" report offices --central "postgresql://smoke@127.0.0.1:9/none" --period this_month \
    >pg.out 2>pg.err </dev/null || true
if grep -qi "connection.*failed\|connection refused" pg.err \
    && ! grep -qi "no pq wrapper\|libpq library not found\|No module named" pg.err; then
    pass "psycopg: libpq loads ($(grep -m 1 -io 'connection refused' pg.err))"
else
    fail "psycopg: unexpected error"
    show pg.err
fi

# ---------------------------------------------------------------- the window, offscreen
"$EXE" --db "$DB" >gui.out 2>gui.err </dev/null &
GUI_PID=$!
sleep 10
if kill -0 "$GUI_PID" 2>/dev/null; then
    kill "$GUI_PID" 2>/dev/null || true
    wait "$GUI_PID" 2>/dev/null || true
    GUI_PID=""
    if grep -q "Traceback (most recent call last)" gui.err; then
        fail "window: Python traceback on stderr"
        show gui.err
    else
        pass "window: still running after 10 s offscreen, no traceback"
    fi
else
    status=0
    wait "$GUI_PID" || status=$?
    GUI_PID=""
    fail "window: exited with $status within 10 s"
    show gui.out gui.err
fi
if [ -s gui.err ]; then
    echo "note: the window's stderr:"
    show gui.err
fi

END=$(date +%s)
echo "smoke test: $PASSED passed, $FAILED failed in $((END - START)) s"
[ "$FAILED" -eq 0 ]
