"""Harbour: a safe community portal. create_app() builds the Flask application."""

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from portal import assets, compression, config, db, htmx, i18n, inputs, jobs, logs, policy, rendering, safety
from portal.auth import passwords, sessions
from portal.extensions import csrf, limiter, login_manager


def create_app(test_config=None):
    """Build the app; test_config overrides settings (tests pass a fresh DATABASE_URL)."""
    app = Flask(__name__, template_folder=str(config.ROOT / "templates"),
                static_folder=str(config.ROOT / "static"), instance_path=str(config.INSTANCE))
    app.config.update(config.load(test_config))
    # "Exception on /reset/<token>" and the like must not carry the secret into the log
    logs.protect(app.logger)
    app.config.setdefault("PASSWORD_HASH_METHOD", "scrypt")
    if app.config["BEHIND_PROXY"]:
        # the reverse proxy tells the scheme and host; the client address is never stored anyway
        app.wsgi_app = ProxyFix(app.wsgi_app, x_proto=1, x_host=1)

    # first: its after_request runs last, on the finished response
    compression.init_app(app)
    db.init_app(app)
    jobs.init_app(app)
    inputs.init_app(app)
    csrf.init_app(app)
    htmx.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    i18n.init_app(app)
    policy.init_app(app)
    safety.init_app(app)
    assets.init_app(app)
    rendering.init_app(app)
    sessions.init_app(app)
    passwords.init_app(app)

    from portal.account import bp as account_bp
    from portal.admin import bp as admin_bp
    from portal.auth import bp as auth_bp
    from portal.calendar import bp as calendar_bp
    from portal.checkins import bp as checkins_bp
    from portal.directory import bp as directory_bp
    from portal.forum import bp as forum_bp
    from portal.introductions import bp as introductions_bp
    from portal.members import bp as members_bp
    from portal.moderation import bp as moderation_bp
    from portal.notifications import bp as notifications_bp
    from portal.public import bp as public_bp
    from portal.support import bp as support_bp

    for blueprint in (public_bp, directory_bp, auth_bp, account_bp, members_bp, forum_bp, calendar_bp, introductions_bp,
                      notifications_bp, checkins_bp, support_bp, moderation_bp, admin_bp):
        app.register_blueprint(blueprint)

    from portal import cli, tasks  # noqa: F401 (tasks: the periodic jobs)
    from portal.notifications import alerts, notify
    from portal.public import texts
    cli.init_app(app)
    texts.init_app(app)
    app.jinja_env.globals["unread_notifications"] = notify.unread_count_for_current_user
    app.jinja_env.globals["staff_waiting"] = alerts.waiting_count_for_current_user
    return app
