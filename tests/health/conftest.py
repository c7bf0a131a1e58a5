from tests.metadata.relay import relay  # noqa: F401  (the relay stand-in fixture)
