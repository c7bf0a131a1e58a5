from tests.images.host import image_host  # noqa: F401  (the image server stand-in fixture)
from tests.metadata.relay import relay  # noqa: F401  (the relay stand-in fixture)
