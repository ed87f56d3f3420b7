"""The parts of a history bundle (docs/history-bundle.md): which service checks and writes
which files, at which endpoint, in the order the facts depend on each other, and how the
files of a part travel, as the service's own OpenAPI document says it takes them.

The services read no bundle from disk: each offers its part to the secretariat at a
`POST /history/...` endpoint, and checks the whole part before it writes anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

CSV, MULTIPART = "text/csv", "multipart/form-data"


@dataclass(frozen=True)
class Part:
    service: str
    path: str
    #: the files the part needs, then those it takes when the bundle has them
    files: tuple[str, ...]
    optional: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return f"{self.service} {', '.join(self.files + self.optional)}"

    def present(self, bundle: Path) -> dict[str, bytes]:
        """The part's files found in the bundle folder, by name."""
        return {name: (bundle / name).read_bytes() for name in self.files + self.optional
                if (bundle / name).is_file()}


#: in the order the facts depend on each other: the parties, meetings, groups, draws and
#: repetitions (the lots service orders them within its part), the reviews drawn before the
#: nominations for them, and the focal points before the stages that wait for them
PARTS: tuple[Part, ...] = (
    Part("lots", "/history/draws", ("meetings.csv", "groups.csv", "draws.csv"),
         ("parties.csv", "repetitions.csv")),
    Part("nominations", "/history/nominations", ("nominations.csv",), ("withdrawals.csv",)),
    Part("reviews", "/history/import", ("stages.csv", "consultations.csv"),
         ("decisions.csv",)),
)


def media_type(openapi: dict, path: str) -> str | None:
    """How the service takes the part's files at `path` (text/csv: the one file as the
    body; multipart/form-data: each file under its name), or None if it offers no such
    import."""
    content = (openapi.get("paths", {}).get(path, {}).get("post", {})
               .get("requestBody", {}).get("content", {}))
    return next((kind for kind in (CSV, MULTIPART) if kind in content), None)


def missing_files(part: Part, found: dict[str, bytes]) -> list[str]:
    return [name for name in part.files if name not in found]
