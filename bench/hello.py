"""The yardstick: a bare Flask app that renders one small Jinja page. Run by bench/run.py under gunicorn."""

from flask import Flask, render_template

app = Flask(__name__)


@app.get("/")
def hello():
    """Hello, from a template."""
    return render_template("hello.html", name="world")
