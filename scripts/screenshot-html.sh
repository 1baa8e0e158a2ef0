#!/usr/bin/env bash
# Renders an HTML report in headless Chromium (Debian's `chromium` package) and saves a PNG to look at:
#   mle-prep export --format html --all -o report.html && scripts/screenshot-html.sh report.html report.png
set -euo pipefail
html=$(realpath "$1")
png=${2:-${html%.html}.png}
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$profile" --window-size=1000,2000 \
  --screenshot="$png" "file://$html" 2>/dev/null
echo "$png"
