#!/usr/bin/env bash
# report.html printed to PDF by headless Chromium (`--print-to-pdf`, as a reader would print it)
# renders every section: the fixture run run-1 is priced with declared traffic
# (tests/data/reports/economics: monthly bill, attacks, mitigations, spend curves, right-sizing,
# providers), reported, printed, and the PDF's text (pdftotext, poppler-utils) must hold the
# heading of every section and sub-section the HTML has. The check is first shown to catch a
# heading the print style hides, so a check that passes everything cannot make this test pass.
# Exit 77 (skipped) only when chromium is not installed; a missing pdftotext is a failure.
# Usage: pdf_render_test.sh WALLETFUZZ_BINARY WORK_DIR
set -euo pipefail
walletfuzz=$1 work=$2
source_dir=$(cd "$(dirname "$0")/../.." && pwd)

chromium=
for candidate in /usr/bin/chromium /usr/bin/chromium-browser; do
  [[ -x $candidate ]] && chromium=$candidate && break
done
if [[ -z $chromium ]]; then
  echo "SKIP: chromium is not installed (scripts/bootstrap.sh installs it)"; exit 77
fi
if ! command -v pdftotext >/dev/null; then
  echo "FAIL: pdftotext is missing (poppler-utils; scripts/bootstrap.sh installs it)"; exit 1
fi

rm -rf "$work" && mkdir -p "$work"

# print <html> <pdf>: no network (a local file; the page's CSP forbids fetches), bounded time.
print_pdf() {
  timeout 120 "$chromium" --headless=new --no-sandbox --disable-gpu \
    --disable-background-networking --disable-component-update --disable-sync --no-first-run \
    --disable-features=MediaRouter,OptimizationHints --user-data-dir="$work/profile" \
    --no-pdf-header-footer --print-to-pdf="$2" "file://$1" >"$work/chromium.log" 2>&1 || {
    echo "FAIL: chromium exited $? printing $1"; cat "$work/chromium.log"; return 1
  }
  if [[ $(head -c 5 "$2" 2>/dev/null) != %PDF- ]]; then
    echo "FAIL: no PDF written for $1"; cat "$work/chromium.log"; return 1
  fi
}

# missing_headings <html> <pdf>: prints each <h2>/<h3> heading of the page that the PDF's text
# lacks (whitespace collapsed on both sides: pdftotext breaks lines where the page does).
missing_headings() {
  pdftotext -enc UTF-8 "$2" "$work/text.txt"
  /usr/bin/python3 - "$1" "$work/text.txt" <<'PY'
import html, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
text = " ".join(open(sys.argv[2], encoding="utf-8").read().split())
headings = [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", h)).split())
            for h in re.findall(r"<h[23][^>]*>(.*?)</h[23]>", page, re.S)]
if not headings:
    print("(the page has no headings)")
for h in headings:
    if h not in text:
        print(h)
PY
}

# The check itself: a section the print style hides must be reported missing.
cat >"$work/hidden.html" <<'HTML'
<!DOCTYPE html><html><head><meta charset="utf-8"><style>@media print{#b{display:none}}</style>
</head><body><section><h2>Shown section</h2><p>text</p></section>
<section id="b"><h2>Hidden in print</h2><p>text</p></section></body></html>
HTML
print_pdf "$work/hidden.html" "$work/hidden.pdf"
if [[ $(missing_headings "$work/hidden.html" "$work/hidden.pdf") != "Hidden in print" ]]; then
  echo "FAIL: the check did not catch a heading missing from the PDF"; exit 1
fi

run=$work/run
cp -r "$source_dir/tests/data/reports/runs/run-1" "$run"
cp -r "$source_dir/tests/data/reports/economics/lambda-report" "$run/"
"$walletfuzz" cost "$run" --scenario "$source_dir/tests/data/reports/economics/scenario.yaml" \
  >"$work/cost.out" 2>&1 || { echo "FAIL: walletfuzz cost"; cat "$work/cost.out"; exit 1; }
set +e
"$walletfuzz" report "$run" >"$work/report.out" 2>&1
rc=$?
set -e
if [[ $rc -gt 1 ]]; then echo "FAIL: walletfuzz report exited $rc"; cat "$work/report.out"; exit 1; fi

# Every section the issue asks for is on the page (so a report without them cannot pass).
status=0
for heading in "Executive summary" "Charts" "Monthly bill at declared traffic" \
  "Attack scenarios" "What each mitigation saves" "Spend against attack rate: search-products" \
  "Right-sizing" "On other providers" "Cost per function" "Findings"; do
  grep -q "<h2>$heading</h2>" "$run/report.html" || { echo "FAIL: report.html lacks '$heading'"; status=1; }
done

print_pdf "$run/report.html" "$work/report.pdf"
missing=$(missing_headings "$run/report.html" "$work/report.pdf")
if [[ -n $missing ]]; then
  echo "FAIL: headings of report.html missing from the PDF:"; echo "$missing"; status=1
fi
pages=$(pdfinfo "$work/report.pdf" | sed -n 's/^Pages: *//p')
echo "report.pdf: $pages pages, $(grep -o '<h[23][ >]' "$run/report.html" | wc -l) headings in the page"
[[ $status -eq 0 ]] && echo "ok: every section of report.html is in the printed PDF"
exit $status
