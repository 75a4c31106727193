"""Settings: safe defaults, overridden by environment variables (or a .env file)."""

import datetime
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import dotenv_values

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"

# name -> (default, parser). The README's settings table lists the same names.
SETTINGS = {
    "SECRET_KEY": (None, str),
    "DATABASE_URL": (f"sqlite:///{INSTANCE / 'harbour.db'}", str),
    # the site's own address: every absolute link uses it, and requests for another host are refused
    "BASE_URL": ("http://127.0.0.1:5000", str),
    # more host names to answer to (comma-separated), e.g. an internal name the load balancer uses
    "EXTRA_HOSTS": ("", str),
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
    "FORUM_POSTS_PER_PAGE": (20, int),
    "INTRODUCTIONS_MAX_OPEN": (3, int),
    "INTRODUCTIONS_EXPIRE_DAYS": (30, int),
    "RATELIMIT_STORAGE_URI": ("memory://", str),
    "REQUIRE_STAFF_2FA": (True, lambda value: value.lower() in {"1", "true", "yes", "on"}),
    "IDLE_HOURS": (8, float),
    "REMEMBER_DAYS": (30, int),
    "PURGE_REJECTED_DAYS": (30, int),
    "PURGE_CONVERSATION_DAYS": (90, int),
    "PURGE_NOTIFICATION_DAYS": (60, int),
    "APPROVALS_REQUIRED": (1, int),
    "INTAKE_KEEP_DAYS": (30, int),
    "SUPPORT_PURGE_DAYS": (30, int),
    "SMTP_HOST": ("", str),
    "SMTP_PORT": (25, int),
    "SMTP_USER": ("", str),
    "SMTP_PASSWORD": ("", str),
    "SMTP_STARTTLS": (False, lambda value: value.lower() in {"1", "true", "yes", "on"}),
    "MAIL_FROM": ("portal@localhost", str),
    # the job queue: empty for SQLite in instance/jobs.db, or redis://host:6379/0 for several app servers
    "JOBS_URL": ("", str),
    # run jobs at once inside the caller (tests only: e-mail would be sent inside a request)
    "JOBS_IMMEDIATE": (False, lambda value: value.lower() in {"1", "true", "yes", "on"}),
    # the daily e-mail digest goes out at this hour of the site's time zone
    "DIGEST_HOUR": (18, int),
    "CHECKIN_INTRODUCTION_DAYS": (3, int),
    # a daily backup into this folder (empty: no automatic backup), keeping the newest BACKUP_KEEP files
    "BACKUP_DIR": ("", str),
    "BACKUP_KEEP": (7, int),
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


def load(overrides=None, env_file=ROOT / ".env"):
    """The configuration mapping for create_app: defaults, then .env, then environment, then overrides."""
    # read here, not only by the flask command: gunicorn's wsgi:app must see the same DATABASE_URL
    # that `make migrate` migrated
    from_file = dotenv_values(env_file) if Path(env_file).is_file() else {}
    config = {}
    for name, (default, parse) in SETTINGS.items():
        raw = os.environ.get(name, from_file.get(name))
        config[name] = parse(raw) if raw not in (None, "") else default
    config.update(overrides or {})
    if not config["SECRET_KEY"]:
        config["SECRET_KEY"] = _instance_secret()
    https = config["HTTPS"]
    config["BASE_URL"] = config["BASE_URL"].rstrip("/")
    config.update(
        # Flask refuses (400) a request whose Host header is not one of these
        TRUSTED_HOSTS=trusted_hosts(config["BASE_URL"], config["EXTRA_HOSTS"]),
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
        # only "keep me signed in" makes the session cookie permanent (portal/auth/routes.py)
        PERMANENT_SESSION_LIFETIME=datetime.timedelta(days=config["REMEMBER_DAYS"]),
        RATELIMIT_HEADERS_ENABLED=False,
    )
    return config


def trusted_hosts(base_url, extra=""):
    """The host names the site answers to: BASE_URL's, and any extra ones (comma-separated)."""
    host = urlsplit(base_url).hostname
    if not host:
        raise ValueError(f"BASE_URL must be a full address such as https://example.org, not {base_url!r}")
    return [host] + [name.strip() for name in extra.split(",") if name.strip()]


def _instance_secret():
    """A random key kept in instance/, so a volunteer's install is safe without configuring one."""
    path = INSTANCE / "secret_key"
    INSTANCE.mkdir(parents=True, exist_ok=True)
    # the folder holds the key, the database and its journals: nobody else may even list it
    os.chmod(INSTANCE, 0o700)
    try:
        # "x": two workers starting together must not write two different keys
        with open(path, "x") as new_file:
            os.chmod(path, 0o600)
            new_file.write(secrets.token_hex(32))
    except FileExistsError:
        pass
    return path.read_text().strip()
