#!/usr/bin/env bash
# Regenerates the subset fonts from Debian's fonts-dejavu-core (apt-get install fonts-dejavu-core fonttools).
# SkiaSharp embeds whole font files in PDFs: subsetting keeps a recap under 40 KB.
# - DejaVu Sans (text): ASCII, the Latin-1 letters (À-ÿ, × and ÷ included), no-break spaces, « » °,
#   Œ œ Ÿ, dashes, quotes, bullet, ellipsis, €: French text, names and most foreign place names;
# - DejaVu Sans Bold (headings and values): the same characters;
# - DejaVu Sans Mono Bold (the pre-application number): A-Z, 0-9 and space only.
set -euo pipefail
cd "$(dirname "$0")"
text="U+0020-007E,U+00A0,U+00AB,U+00B0,U+00BB,U+00C0-00FF,U+0152-0153,U+0178,U+2013-2014,U+2018-2019,U+201C-201D,U+2022,U+2026,U+202F,U+20AC"
number="U+0020,U+0030-0039,U+0041-005A"
options=(--no-hinting --desubroutinize --no-glyph-names --layout-features= --drop-tables+=FFTM,GPOS,GSUB,GDEF,kern --name-IDs=0,1,2,3,4,5,6 --name-languages=0x409)
subset() { pyftsubset "/usr/share/fonts/truetype/dejavu/$1.ttf" --unicodes="$2" "${options[@]}" --output-file="$1.subset.ttf"; }
subset DejaVuSans "$text"
subset DejaVuSans-Bold "$text"
subset DejaVuSansMono-Bold "$number"
