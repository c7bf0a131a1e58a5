from tests.images.host import image_host  # noqa: F401  (the image server stand-in fixture)
