"""Plans one pool with djkr8 (PyPI, OR-Tools CP-SAT) for the planner bench.

Reads {"tracks": [{id, camelot, bpm, energy (1-5), durationSeconds}], "maxDurationSeconds", "timeLimitSeconds"
(null = djkr8's own default)} on stdin and prints {"order": [ids], "status", "solverSeconds", "wallSeconds",
"cpuSeconds"}: wall and CPU time of this whole process after start-up (model building, solving, extraction).
Every other option is djkr8's default.
"""

import json
import sys
import time

started_wall = time.perf_counter()
started_cpu = time.process_time()

from djkr8 import PlaylistOptimizer, Track  # noqa: E402 (timed: importing OR-Tools is part of the cost)


def main() -> None:
    request = json.load(sys.stdin)
    tracks = [
        Track(id=t["id"], key=t["camelot"], bpm=t["bpm"], energy=t["energy"], duration=t["durationSeconds"])
        for t in request["tracks"]
    ]
    options = {"max_playlist_duration": request["maxDurationSeconds"]}
    if request.get("timeLimitSeconds") is not None:
        options["time_limit_seconds"] = request["timeLimitSeconds"]
    result = PlaylistOptimizer(**options).optimize(tracks)
    json.dump(
        {
            "order": [track.id for track in result.playlist],
            "status": result.solver_status,
            "solverSeconds": result.solver_time_seconds,
            "wallSeconds": time.perf_counter() - started_wall,
            # CP-SAT solves on several threads, so CPU time can exceed wall time.
            "cpuSeconds": time.process_time() - started_cpu,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
