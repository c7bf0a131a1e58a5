"""The answer of every "test" action (indexer, download client, library root, metadata source)."""

from pydantic import BaseModel, Field

DetailValue = str | int | float | bool | None


class CheckResult(BaseModel):
    """Whether the thing works, in plain words a user can act on."""

    ok: bool
    # One sentence: what works, or what is wrong and what to change.
    message: str
    # What the check learned (a client's version, free space, an indexer's categories).
    details: dict[str, DetailValue] = Field(default_factory=dict)

    @classmethod
    def passed(cls, message: str, **details: DetailValue) -> "CheckResult":
        return cls(ok=True, message=message, details=details)

    @classmethod
    def failed(cls, message: str, **details: DetailValue) -> "CheckResult":
        return cls(ok=False, message=message, details=details)
