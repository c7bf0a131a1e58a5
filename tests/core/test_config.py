from pathlib import Path

import pytest

from media_manager.auth.secrets import resolve_token_secret
from media_manager.config import ConfigError, Settings, load_settings


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in list(__import__("os").environ):
        if name.startswith("MEDIAMANAGER_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("MEDIAMANAGER_DATA_DIR", str(tmp_path))
    return tmp_path


def test_defaults_live_under_the_data_dir(data_dir: Path):
    settings = load_settings()

    assert settings.data_dir == data_dir
    assert settings.paths.tv == data_dir / "tv"
    assert settings.paths.downloads == data_dir / "downloads"
    assert settings.database_url == f"sqlite+aiosqlite:///{data_dir / 'mediamanager.db'}"


def test_file_is_read_and_environment_wins(data_dir: Path, monkeypatch: pytest.MonkeyPatch):
    (data_dir / "config.toml").write_text('[server]\nport = 9000\nhost = "0.0.0.0"\n')
    monkeypatch.setenv("MEDIAMANAGER_SERVER__PORT", "9100")

    settings = load_settings()

    assert settings.server.host == "0.0.0.0"  # noqa: S104
    assert settings.server.port == 9100


def test_config_file_can_be_elsewhere(data_dir: Path, tmp_path_factory, monkeypatch):
    other = tmp_path_factory.mktemp("etc") / "mm.toml"
    other.write_text('[database]\nurl = "postgresql+asyncpg://db/mm"\n')
    monkeypatch.setenv("MEDIAMANAGER_CONFIG_FILE", str(other))

    assert load_settings().database_url == "postgresql+asyncpg://db/mm"


def test_unknown_key_in_file_is_an_error(data_dir: Path):
    (data_dir / "config.toml").write_text("[database]\nurll = 'x'\n")

    with pytest.raises(ConfigError, match=r"database\.urll .*unknown setting"):
        load_settings()


def test_wrong_type_names_the_key(data_dir: Path):
    (data_dir / "config.toml").write_text("[server]\nport = 'eighty'\n")

    with pytest.raises(ConfigError, match=r"server\.port \(env MEDIAMANAGER_SERVER__PORT\)"):
        load_settings()


def test_a_refused_secret_is_not_repeated_in_the_error(data_dir: Path):
    (data_dir / "config.toml").write_text('[indexer.prowlarr]\napi_key = "clé secrète"\n')

    with pytest.raises(ConfigError, match=r"indexer\.prowlarr\.api_key .*printable ASCII") as error:
        load_settings()

    assert "secrète" not in str(error.value)


def test_unknown_environment_variable_is_an_error(data_dir: Path, monkeypatch):
    monkeypatch.setenv("MEDIAMANAGER_DATABSE__URL", "sqlite+aiosqlite:///x.db")

    with pytest.raises(ConfigError, match="MEDIAMANAGER_DATABSE__URL"):
        load_settings()


def test_invalid_toml_names_the_file(data_dir: Path):
    path = data_dir / "config.toml"
    path.write_text("[server\nport = 1\n")

    with pytest.raises(ConfigError, match=f"{path} is not valid TOML"):
        load_settings()


def test_unreadable_file_names_the_file(data_dir: Path):
    (data_dir / "config.toml").mkdir()

    with pytest.raises(ConfigError, match="cannot be read"):
        load_settings()


def test_missing_explicit_file_is_an_error(data_dir: Path, monkeypatch):
    monkeypatch.setenv("MEDIAMANAGER_CONFIG_FILE", str(data_dir / "absent.toml"))

    with pytest.raises(ConfigError, match=r"absent\.toml does not exist"):
        load_settings()


def test_example_config_is_valid_and_complete(data_dir: Path, monkeypatch):
    example = Path(__file__).parents[2] / "config.example.toml"
    monkeypatch.setenv("MEDIAMANAGER_CONFIG_FILE", str(example))
    text = example.read_text()

    load_settings()

    def keys(model: type, prefix: str = "") -> list[str]:
        found = []
        for name, field in model.model_fields.items():
            if hasattr(field.annotation, "model_fields"):
                found += keys(field.annotation, f"{prefix}{name}.")
            else:
                found.append(f"{prefix}{name}")
        return found

    undocumented = [k for k in keys(Settings) if k.rsplit(".", 1)[-1] not in text]
    assert undocumented == []


def test_token_secret_is_generated_once_and_kept(tmp_path: Path):
    settings = Settings(data_dir=tmp_path)

    first = resolve_token_secret(settings)
    second = resolve_token_secret(settings)

    assert first == second
    assert len(first) >= 32
    assert (tmp_path / "token_secret").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("value", ["changeme", "CHANGE_ME", "your-secret-key", "secret"])
def test_placeholder_token_secret_is_refused(tmp_path: Path, value: str):
    settings = Settings(data_dir=tmp_path, auth={"token_secret": value})

    with pytest.raises(ConfigError, match="placeholder"):
        resolve_token_secret(settings)


def test_short_token_secret_is_refused(tmp_path: Path):
    settings = Settings(data_dir=tmp_path, auth={"token_secret": "x" * 10})

    with pytest.raises(ConfigError, match="shorter than 32"):
        resolve_token_secret(settings)
