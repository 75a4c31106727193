"""Pages anyone can open: the landing page, house rules, language, quick exit, health."""

import json

from flask import current_app, redirect, render_template, request, url_for
from flask_login import current_user

from portal import policy
from portal.assets import static_url
from portal.auth import guessing, sessions
from portal.calendar import schedule
from portal.config import LANGUAGES
from portal.db import database
from portal.i18n import LANGUAGE_COOKIE
from portal.members import settings as member_settings
from portal.public import bp
from portal.rendering import safe_next


@bp.get("/")
def landing():
    """What this is and how to join; members see where to go next."""
    if current_user.is_authenticated and not policy.can(current_user, "enter_member_area"):
        return redirect(url_for("auth.application"))
    upcoming = [] if current_user.is_authenticated else schedule.upcoming(current_user, limit=5)
    return render_template("public/landing.html", upcoming=upcoming)


@bp.get("/rules")
def rules():
    """The house rules and how to stay safe while using the site."""
    return render_template("public/rules.html")


@bp.post("/language")
def language():
    """Switch the interface language, remembered in a cookie and on the member's account."""
    chosen = request.form.get("lang", "")
    target = safe_next(request.form.get("next"), url_for("public.landing"))
    response = redirect(target, 303)
    if chosen in LANGUAGES:
        response.set_cookie(LANGUAGE_COOKIE, chosen, max_age=365 * 24 * 3600, httponly=True,
                            samesite="Lax", secure=current_app.config["HTTPS"])
        if current_user.is_authenticated:
            member_settings.save(current_user, locale=chosen)
    return response


@bp.get("/exit")
def quick_exit():
    """Leave at once: end the session on the server, ask the browser to forget the site, go somewhere neutral."""
    sessions.end_this_session()
    response = redirect(current_app.config["NEUTRAL_URL"], 303)
    response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    # Clear-Site-Data works only in some browsers and only over HTTPS: remove the device cookie by hand too
    return guessing.forget_device_cookie(response)


@bp.get("/manifest.webmanifest")
def manifest():
    """For "add to home screen": the site's configured neutral name and icon, nothing about its members."""
    name = current_app.config["SITE_NAME"]
    icons = [{"src": static_url("icon.svg"), "sizes": "any", "type": "image/svg+xml"}]
    icons += [{"src": static_url(f"icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
              for size in (192, 512)]
    # no service worker and no offline pages: what the phone keeps is this file and the icons, never a page
    body = {"name": name, "short_name": name, "start_url": "/", "scope": "/", "display": "standalone",
            "background_color": "#ffffff", "theme_color": "#1d4f63", "icons": icons}
    return current_app.response_class(json.dumps(body, ensure_ascii=False), mimetype="application/manifest+json")


@bp.get("/healthz")
def healthz():
    """For the load balancer: the app answers and the database too."""
    database.execute_sql("SELECT 1")
    return {"status": "ok"}
