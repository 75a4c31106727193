"""Commands for the people who run the site: flask --app portal <command>."""

import secrets

import click
from flask import current_app

from portal import db, maintenance
from portal.auth import membership


@click.command("migrate")
def migrate_command():
    """Bring the database schema up to date."""
    applied = db.migrate()
    click.echo(f"Applied {len(applied)} migration(s): {', '.join(applied)}" if applied
               else "The database is up to date.")


@click.command("setup-link")
@click.option("--base-url", default=None, help="Where the portal is reached (default: the BASE_URL setting).")
def setup_link_command(base_url):
    """Print a one-time link that creates the first admin, if there is no admin yet."""
    with db.database.connection_context():
        if membership.admin_exists():
            return
        token = membership.new_setup_token(current_app.config["SETUP_LINK_HOURS"])
    hours = current_app.config["SETUP_LINK_HOURS"]
    base_url = base_url or current_app.config["BASE_URL"]
    click.echo("")
    click.echo("No admin account exists yet. Open this link once to create it")
    click.echo(f"(it works once and expires in {hours} hours):")
    click.echo("")
    click.echo(f"    {base_url.rstrip('/')}/setup/{token}")
    click.echo("")


@click.command("demo")
@click.option("--password", default=None, help="Password for every demo account (default: a random one).")
def demo_command(password):
    """Fill the database with demo content and print the demo accounts."""
    from portal import demo

    password = password or secrets.token_urlsafe(9)
    with db.database.connection_context():
        accounts = demo.populate(password)
        totp_secrets = demo.set_up_two_factor(["demo-admin", "demo-moderator"])
    click.echo("Demo accounts (password for all: %s):" % password)
    for handle, role in accounts:
        click.echo(f"  {handle:<18} {role}")
    click.echo("Two-factor secrets of the staff accounts (add them to an authenticator app):")
    for handle, secret in totp_secrets.items():
        click.echo(f"  {handle:<18} {secret}")


@click.command("purge")
def purge_command():
    """Remove rejected applications, ended conversations, old notifications and expired links."""
    with db.database.connection_context():
        removed = maintenance.purge()
    for what, count in removed.items():
        click.echo(f"{what}: {count}")


@click.command("backup")
@click.argument("path")
def backup_command(path):
    """Write a consistent copy of the SQLite database to PATH, even while the portal runs."""
    try:
        target = maintenance.backup(path)
    except RuntimeError as error:
        raise click.ClickException(str(error)) from None
    except FileExistsError:
        raise click.ClickException(f"{path} exists already; choose a new file name.") from None
    click.echo(f"Backup written to {target}")


@click.command("restore")
@click.argument("path")
@click.option("--force", is_flag=True, help="Replace the existing database.")
def restore_command(path, force):
    """Replace the SQLite database with the backup at PATH (stop the portal first)."""
    try:
        live = maintenance.restore(path, force=force)
    except FileExistsError:
        raise click.ClickException("A database exists already. Stop the portal and add --force to replace it.") from None
    except (RuntimeError, ValueError, FileNotFoundError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored {path} to {live}")


@click.command("jobs")
@click.option("--workers", default=2, show_default=True, help="How many jobs may run at once (threads).")
@click.option("--with-parent", type=int, default=None, hidden=True,
              help="Stop when this process ends (make run starts the consumer beside the web server).")
def jobs_command(workers, with_parent):
    """Run the job queue's consumer: e-mail, reminders, expiry, purge and backups."""
    import logging

    from portal.jobs import huey

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    if with_parent:
        _stop_with(with_parent)
    huey.create_consumer(workers=workers, worker_type="thread", periodic=True).run()


def _stop_with(parent_pid):
    """Ask the consumer to stop (SIGTERM, as a service manager would) once parent_pid is gone."""
    import os
    import signal
    import threading
    import time

    def watch():
        while True:
            time.sleep(1)
            try:
                os.kill(parent_pid, 0)
            except ProcessLookupError:
                os.kill(os.getpid(), signal.SIGTERM)
                return
            except PermissionError:
                pass

    threading.Thread(target=watch, daemon=True).start()


def init_app(app):
    for command in (migrate_command, setup_link_command, demo_command, purge_command, backup_command,
                    restore_command, jobs_command):
        app.cli.add_command(command)
