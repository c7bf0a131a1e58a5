"""Release-name parsing: titles, numbering and quality from release titles, file names and paths.

Pure Python with no I/O, so it can be imported and used on its own::

    >>> from media_manager.parsing import parse_release
    >>> info = parse_release("Show.Name.S01E02.1080p.WEB-DL.DDP5.1.H.264-GRP")
    >>> info.title, info.seasons, info.episodes, info.quality
    ('Show Name', (1,), (2,), 'WEBDL-1080p')
"""

from .models import ReleaseInfo
from .parser import parse_release
from .titles import normalize_title, titles_match

__all__ = ["ReleaseInfo", "normalize_title", "parse_release", "titles_match"]
