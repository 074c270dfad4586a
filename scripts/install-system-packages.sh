#!/usr/bin/env bash
# Install the Debian packages reportkit needs when any is missing.
#   install-system-packages.sh build   what building reports needs: fonts, Pango, HarfBuzz subsetting
#   install-system-packages.sh test    that, plus the programs the tests run
# Safe to run again: it installs nothing when everything is present.
set -euo pipefail

build_packages=(
  fonts-hosny-amiri fonts-noto-core        # Arabic and Latin fonts the templates use
  libpango-1.0-0 libpangoft2-1.0-0         # text layout for WeasyPrint
  libharfbuzz-subset0                      # fast font subsetting when writing PDFs
)
test_packages=(
  poppler-utils                            # pdftotext/pdffonts, used by the tests
  jing                                     # validates DOCX parts against the OOXML schemas
  libreoffice-writer-nogui                 # opens the DOCX in a real office suite in tests
  chromium                                 # the preview and accessibility tests drive a real browser
)

case "${1:-}" in
  build) packages=("${build_packages[@]}") ;;
  test) packages=("${build_packages[@]}" "${test_packages[@]}") ;;
  *) echo "usage: $0 build|test" >&2; exit 2 ;;
esac

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
# npm installs axe-core for the accessibility tests. Checked as a command: Node.js from
# another source (NodeSource's nodejs) brings its own npm, which Debian's package conflicts with.
if [ "${1:-}" = test ] && ! command -v npm >/dev/null; then
  missing+=(npm)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null; then
  echo "reportkit needs: ${missing[*]} (Debian names). Install the equivalents for your system." >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "run as root or install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "installing system packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
