"""Settings: safe defaults, overridden by environment variables (or a .env file)."""

import datetime
import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"

# name -> (default, parser). The README's settings table lists the same names.
SETTINGS = {
    "SECRET_KEY": (None, str),
    "DATABASE_URL": (f"sqlite:///{INSTANCE / 'harbour.db'}", str),
    "SITE_NAME": ("Harbour", str),
    "NEUTRAL_URL": ("https://www.bbc.com/weather", str),
    "DEFAULT_LOCALE": ("en", str),
    "DEFAULT_TIMEZONE": ("Europe/Amsterdam", str),
    "HTTPS": (False, lambda value: value.lower() in {"1", "true", "yes", "on"}),
    "BEHIND_PROXY": (False, lambda value: value.lower() in {"1", "true", "yes", "on"}),
    "SETUP_LINK_HOURS": (24, int),
    "INVITE_DAYS": (14, int),
    "EMERGENCY_NUMBER": ("", str),
    "EMERGENCY_LABEL": ("", str),
    "FORUM_REVIEW_FIRST_POSTS": (3, int),
    "FORUM_FLAGS_TO_HIDE": (2, int),
    "INTRODUCTIONS_MAX_OPEN": (3, int),
    "INTRODUCTIONS_EXPIRE_DAYS": (30, int),
    "RATELIMIT_STORAGE_URI": ("memory://", str),
    "REQUIRE_STAFF_2FA": (True, lambda value: value.lower() in {"1", "true", "yes", "on"}),
    "IDLE_HOURS": (8, float),
    "REMEMBER_DAYS": (30, int),
    "PURGE_REJECTED_DAYS": (30, int),
    "PURGE_CONVERSATION_DAYS": (90, int),
    "PURGE_NOTIFICATION_DAYS": (60, int),
    "SMTP_HOST": ("", str),
    "SMTP_PORT": (25, int),
    "SMTP_USER": ("", str),
    "SMTP_PASSWORD": ("", str),
    "SMTP_STARTTLS": (False, lambda value: value.lower() in {"1", "true", "yes", "on"}),
    "MAIL_FROM": ("portal@localhost", str),
}

LANGUAGES = {
    "en": "English",
    "nl": "Nederlands",
    "ar": "العربية",
    "fa": "فارسی",
    "fr": "Français",
    "ru": "Русский",
    "tr": "Türkçe",
    "es": "Español",
}
RTL_LANGUAGES = {"ar", "fa"}

# Languages an applicant can say they speak, by their own names; wider than the interface languages.
# Pages add the reader's word for each (portal.formats.language_label).
SPOKEN_LANGUAGES = {
    "ar": "العربية",
    "en": "English",
    "es": "Español",
    "fa": "فارسی",
    "fr": "Français",
    "nl": "Nederlands",
    "ru": "Русский",
    "tr": "Türkçe",
    "am": "አማርኛ",
    "ti": "ትግርኛ",
    "so": "Soomaali",
    "ps": "پښتو",
    "ur": "اردو",
    "uk": "Українська",
}


def load(overrides=None):
    """The configuration mapping for create_app: defaults, then environment, then overrides."""
    config = {}
    for name, (default, parse) in SETTINGS.items():
        raw = os.environ.get(name)
        config[name] = parse(raw) if raw not in (None, "") else default
    config.update(overrides or {})
    if not config["SECRET_KEY"]:
        config["SECRET_KEY"] = _instance_secret()
    https = config["HTTPS"]
    config.update(
        SESSION_COOKIE_NAME="__Host-session" if https else "session",
        SESSION_COOKIE_SECURE=https,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_NAME="__Host-remember" if https else "remember",
        REMEMBER_COOKIE_SECURE=https,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        PREFERRED_URL_SCHEME="https" if https else "http",
        WTF_CSRF_TIME_LIMIT=None,
        BABEL_DEFAULT_LOCALE=config["DEFAULT_LOCALE"],
        BABEL_DEFAULT_TIMEZONE="UTC",
        BABEL_TRANSLATION_DIRECTORIES=str(ROOT / "translations"),
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
        REMEMBER_COOKIE_DURATION=datetime.timedelta(days=config["REMEMBER_DAYS"]),
        RATELIMIT_HEADERS_ENABLED=False,
    )
    return config


def _instance_secret():
    """A random key kept in instance/, so a volunteer's install is safe without configuring one."""
    path = INSTANCE / "secret_key"
    INSTANCE.mkdir(parents=True, exist_ok=True)
    try:
        # "x": two workers starting together must not write two different keys
        with open(path, "x") as new_file:
            os.chmod(path, 0o600)
            new_file.write(secrets.token_hex(32))
    except FileExistsError:
        pass
    return path.read_text().strip()
