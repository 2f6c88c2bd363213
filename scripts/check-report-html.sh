#!/usr/bin/env sh
# Renders an agentharness report.html in headless Chromium, offline, and checks that it renders:
# a screenshot is written and is not blank, and the DOM Chromium built holds the timeline's SVG and the tables.
#
#   scripts/check-report-html.sh DIR/report.html [screenshot.png] [WIDTHxHEIGHT]
#
# Needs Chromium (Debian/Ubuntu: apt-get install chromium). Not part of ./mvnw verify.
set -eu

html=${1:?usage: scripts/check-report-html.sh REPORT.html [SCREENSHOT.png] [WIDTHxHEIGHT]}
png=${2:-${html%.html}.png}
size=${3:-1200x1600}

browser=""
for b in chromium chromium-browser google-chrome; do
  if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
done
if [ -z "$browser" ]; then
  echo "check-report-html: no chromium found (Debian/Ubuntu: apt-get install chromium)" >&2
  exit 2
fi
[ -f "$html" ] || { echo "check-report-html: $html: no such file" >&2; exit 2; }

case "$html" in /*) url="file://$html" ;; *) url="file://$(pwd)/$html" ;; esac
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT INT TERM
flags="--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update
  --disable-sync --no-first-run --user-data-dir=$profile --hide-scrollbars"

rm -f "$png"
# shellcheck disable=SC2086
timeout 60 "$browser" $flags --window-size="$(echo "$size" | tr x ,)" --screenshot="$png" "$url" >/dev/null 2>&1 || true
# shellcheck disable=SC2086
dom=$(timeout 60 "$browser" $flags --dump-dom "$url" 2>/dev/null || true)

fail=0
if [ ! -s "$png" ]; then
  echo "check-report-html: FAILED: no screenshot was written" >&2; fail=1
elif [ "$(wc -c < "$png")" -lt 20000 ]; then
  echo "check-report-html: FAILED: the screenshot is suspiciously small ($(wc -c < "$png") bytes): blank page?" >&2; fail=1
fi
for needle in '<svg class="timeline"' '<rect class="k-' '<table>' 'Result:'; do
  case "$dom" in
    *"$needle"*) ;;
    *) echo "check-report-html: FAILED: the rendered page has no $needle" >&2; fail=1 ;;
  esac
done
for external in '<link ' '<script' 'src="http' 'href="http' '@import'; do
  if grep -q "$external" "$html"; then
    echo "check-report-html: FAILED: $html is not self-contained ($external)" >&2; fail=1
  fi
done
[ "$fail" -eq 0 ] && echo "check-report-html: OK: $html rendered to $png ($(wc -c < "$png") bytes)"
exit "$fail"
