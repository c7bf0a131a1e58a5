from tests.metadata.relay import relay  # noqa: F401  (the relay stand-in fixture)
from tests.support.tmdb import standin_url, tmdb  # noqa: F401  (the TMDB stand-in fixtures)
