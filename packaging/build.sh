#!/usr/bin/env bash
# Builds the one-folder desktop program dist/budgetapp/ with PyInstaller and checks it:
# runs its --selftest offscreen and opens its main window offscreen (--screenshot), and prints
# the folder's size and both start-up times. Exits non-zero if the build or a check fails.
#
#     packaging/build.sh            # about 2-3 minutes on a 2-core machine
#
# Installs PyInstaller into .venv first if it is missing (pyproject's "build" extra).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/venv
py=.venv/bin/python
if ! "$py" -c "import PyInstaller" 2>/dev/null; then
  echo "Installerer PyInstaller i .venv ..." >&2
  "$py" -m pip install -q --disable-pip-version-check 'pyinstaller>=6.5'
fi
if [ ! -f resources/icons/budgetapp.ico ]; then
  QT_QPA_PLATFORM=offscreen "$py" scripts/make_icon.py
fi

export QT_QPA_PLATFORM=offscreen
now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }' | tr . ,; }

start=$(now)
"$py" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/budgetapp.spec
build_time=$(seconds "$start" "$(now)")

app=dist/budgetapp/budgetapp
[ -x "$app" ] || { echo "Byggeriet gav ingen $app" >&2; exit 1; }

echo "--- selvtest af den frosne udgave ---"
start=$(now)
"$app" --selftest
selftest_time=$(seconds "$start" "$(now)")

shot=build/budgetapp-startup.png
rm -f "$shot"
start=$(now)
"$app" --screenshot "$shot"
window_time=$(seconds "$start" "$(now)")
[ -s "$shot" ] || { echo "Hovedvinduet blev ikke tegnet ($shot mangler)" >&2; exit 1; }

size=$(du -sm dist/budgetapp | cut -f1)
files=$(find dist/budgetapp -type f | wc -l)
echo "--- resultat ---"
echo "Mappe:            dist/budgetapp ($size MB, $files filer)"
echo "Byggetid:         $build_time s"
echo "Selvtest:         $selftest_time s (inkl. opstart)"
echo "Til hovedvindue:  $window_time s (--screenshot, inkl. opstart og afslutning)"
