"""Global tempo of each audio file with librosa (PyPI), as a reference for the audio bench.

Reads file paths on stdin, one a line, and prints one JSON object a line per file: {"path", "bpm", "seconds",
"cpuSeconds", "peakMiB"}. Each file is `librosa.load(path, sr=22050, mono=True)` then `librosa.feature.tempo`
with its documented defaults (onset-strength autocorrelation tempogram, hop 512, log-normal prior around
120 BPM, max 320 BPM); the decode is timed with it, as for the other tools. librosa has no key estimator.
One process for the whole corpus: import and numba's first-call compilation are paid once, before timing.
"""

import json
import resource
import sys
import time

import librosa
import numpy as np

SAMPLE_RATE = 22050


def peak_mib() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def tempo_of(path: str) -> dict:
    started_wall = time.perf_counter()
    started_cpu = time.process_time()
    signal, rate = librosa.load(path, sr=SAMPLE_RATE, mono=True)
    bpm = float(librosa.feature.tempo(y=signal, sr=rate)[0])
    return {
        "path": path,
        "bpm": bpm,
        "seconds": time.perf_counter() - started_wall,
        "cpuSeconds": time.process_time() - started_cpu,
        "peakMiB": peak_mib(),
    }


def main() -> None:
    warm_up = np.random.default_rng(0).standard_normal(SAMPLE_RATE * 2).astype(np.float32)
    librosa.feature.tempo(y=warm_up, sr=SAMPLE_RATE)
    for line in sys.stdin:
        path = line.strip()
        if path:
            print(json.dumps(tempo_of(path)), flush=True)


if __name__ == "__main__":
    main()
