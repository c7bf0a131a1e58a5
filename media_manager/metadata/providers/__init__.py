"""One provider per metadata source, all speaking to the relay through `RelayClient`."""
