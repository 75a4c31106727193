"""Settings: defaults, then the .env file, then the environment, then what the caller passes."""

from portal import config


def test_env_file_is_read_by_the_app_itself(tmp_path, monkeypatch):
    # gunicorn's wsgi:app must serve the database `make migrate` migrated from .env
    env_file = tmp_path / ".env"
    env_file.write_text("DATABASE_URL=postgresql://harbour@db.invalid/harbour\nSITE_NAME=Lighthouse\n")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("SITE_NAME", raising=False)
    settings = config.load({"SECRET_KEY": "k"}, env_file=env_file)
    assert settings["DATABASE_URL"] == "postgresql://harbour@db.invalid/harbour"
    assert settings["SITE_NAME"] == "Lighthouse"


def test_environment_wins_over_env_file(tmp_path, monkeypatch):
    env_file = tmp_path / ".env"
    env_file.write_text("SITE_NAME=Lighthouse\n")
    monkeypatch.setenv("SITE_NAME", "Garden")
    assert config.load({"SECRET_KEY": "k"}, env_file=env_file)["SITE_NAME"] == "Garden"


def test_missing_env_file_gives_the_defaults(tmp_path, monkeypatch):
    monkeypatch.delenv("SITE_NAME", raising=False)
    settings = config.load({"SECRET_KEY": "k"}, env_file=tmp_path / "absent.env")
    assert settings["SITE_NAME"] == "Harbour"
