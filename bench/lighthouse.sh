#!/usr/bin/env sh
# Lighthouse 12.2.3 (mobile) on the pages DESIGN §9 names, against a running shop.
#   PORT=5000 ./scripts/serve &      # or any running instance
#   bench/lighthouse.sh http://127.0.0.1:5000
# Installs Lighthouse with npm into .bench-cache/ the first time (needs node and npm; the
# package registry is the only network it uses). Prints one line per page: the four
# category scores, CLS, bytes transferred and bytes of JavaScript. Debian's chromium.
set -eu
BASE="${1:-http://127.0.0.1:5000}"
HERE="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="$HERE/.bench-cache/lighthouse"
if [ ! -x "$CACHE/node_modules/.bin/lighthouse" ]; then
  mkdir -p "$CACHE" && (cd "$CACHE" && npm install --silent --no-save lighthouse@12.2.3)
fi
PRODUCT="$(curl -s "$BASE/vi/products" | grep -o 'href="/vi/products/[^"?]*"' | grep -v 'ruou' | head -1 | sed 's|href="||;s|"||')"
OUT="$(mktemp -d)"
for path in /vi/ /vi/products "$PRODUCT"; do
  name="$(echo "$path" | tr '/' '_')"
  CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}" "$CACHE/node_modules/.bin/lighthouse" "$BASE$path" --quiet \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" --form-factor=mobile \
    --output=json --output-path="$OUT/$name.json" >/dev/null
  node -e '
    const r = require(process.argv[1]); const c = r.categories;
    let all = 0, js = 0;
    for (const i of r.audits["network-requests"].details.items) { all += i.transferSize || 0; if (i.resourceType === "Script") js += i.transferSize || 0; }
    console.log(process.argv[2].padEnd(50), Object.keys(c).map(k => k + "=" + Math.round(c[k].score * 100)).join(" "),
      "CLS=" + r.audits["cumulative-layout-shift"].numericValue, "KB=" + Math.round(all / 1024), "JS_KB=" + Math.round(js / 1024));
  ' "$OUT/$name.json" "$path"
done
rm -rf "$OUT"
