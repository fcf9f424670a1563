"""`make bench`: every benchmark, each printing ratios measured in one run."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import admin_list  # noqa: E402
import http_pages  # noqa: E402
import ingest  # noqa: E402
import search  # noqa: E402

# `admin` reads the database `search` loads, so it runs after it.
BENCHES = {"http": http_pages.run, "ingest": ingest.run, "search": search.run, "admin": admin_list.run}

if __name__ == "__main__":
    chosen = sys.argv[1:] or list(BENCHES)
    for name in chosen:
        print(f"\n=== {name} ===")
        BENCHES[name]()
