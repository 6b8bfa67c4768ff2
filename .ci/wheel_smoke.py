"""Run by .ci/wheel-check inside a clean virtual environment holding only the wheels.

Arguments: the bundled plugin folders (plugins/moderation/ …), for their names.
"""

import json
import subprocess
import sys
from pathlib import Path

expected = sorted(Path(folder).name for folder in sys.argv[1:])
flask = [str(Path(sys.executable).parent / "flask"), "--app", "consultation"]


def run(*args: str) -> str:
    """A `flask` command; its standard output."""
    # The arguments are this script's own, never outside input.
    done = subprocess.run([*flask, *args], check=True, capture_output=True, text=True)  # noqa: S603
    return done.stdout


import consultation  # noqa: E402

where = Path(consultation.__file__).resolve()
assert "site-packages" in where.parts, f"the core was imported from {where}, not the wheel"

run("db", "upgrade", "heads")  # every lineage's migrations come from the wheels
run("db", "check")
listed = json.loads(run("plugins", "list", "--json"))
names = sorted(p["name"] for p in listed)
assert names == expected, f"installed plugins {names}, expected {expected}"
assert all(p["migrations_current"] for p in listed), listed
for name in expected:
    run("plugins", "enable", name)

from consultation import create_app  # noqa: E402
from consultation.auth.services import register  # noqa: E402
from consultation.extensions import db  # noqa: E402

app = create_app({"WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False})
with app.app_context():
    register("admin@example.org", "Admin", "wheel check passphrase 2026", roles=("admin",))
    db.session.commit()

client = app.test_client()
assert client.get("/healthz").status_code == 200
home = client.get("/")
assert home.status_code == 200 and b"govuk-template" in home.data, "core templates missing"
for asset in ("govuk/application.css", "govuk/govuk-frontend.min.js", "images/favicon.svg"):
    response = client.get(f"/static/{asset}")
    assert response.status_code == 200 and response.data, f"static file {asset} missing"
signed_in = client.post(
    "/auth/login",
    data={"email": "admin@example.org", "password": "wheel check passphrase 2026"},
)
assert signed_in.status_code == 302, "could not sign in"
assert client.get("/officer/plugins/").status_code == 200
# Each plugin's start page: its `index` endpoint, else its first page without arguments.
plugin_pages: dict[str, str] = {}
for rule in sorted(
    app.url_map.iter_rules(), key=lambda r: r.endpoint != f"{r.endpoint.split('.')[0]}.index"
):
    owner = rule.endpoint.split(".")[0]
    if owner in expected and not rule.arguments and "GET" in rule.methods:
        plugin_pages.setdefault(owner, rule.rule)
for name in expected:
    page = client.get(plugin_pages[name])
    assert page.status_code == 200, f"{name}: its page answered {page.status_code}"
print(f"wheel check passed: core and {', '.join(expected)} from {where.parent}")
