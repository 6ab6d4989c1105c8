"""The bundled Chinese web font: referenced by the CSS, shipped, allowed, served.

Which characters the files hold is checked when they are made (scripts/font-subset reads
each one back); fontTools is a build-time tool, not something the tests may import.
"""

import os
import re
import subprocess
from pathlib import Path
from urllib.parse import urljoin

import pytest

from tests.web.test_web_serve import SHEZU, free_port, get, wait_for

STATIC = Path(__file__).parents[2] / "src/shezu/web/static/web"
CSS = STATIC / "shezu.css"
FAMILY = "Shezu Sans SC"
FONT_FACE = re.compile(r"@font-face\s*\{(.*?)\}", re.S)
URL = re.compile(r"""url\(["']?([^"')]+)["']?\)""")


def font_faces(css: str) -> list[str]:
    return FONT_FACE.findall(css)


def font_urls(css: str) -> list[str]:
    return [url for face in font_faces(css) for url in URL.findall(face)]


def test_the_css_declares_a_regular_and_a_bold_face_first_and_swaps():
    css = CSS.read_text(encoding="utf-8")
    faces = font_faces(css)

    assert len(faces) == 2
    for face in faces:
        assert f'font-family: "{FAMILY}";' in face
        assert "font-display: swap;" in face
        assert 'format("woff2")' in face
    assert sorted(re.search(r"font-weight: (\d+);", f).group(1) for f in faces) == ["400", "700"]
    # At the top: only the opening comments come before the first @font-face.
    before = re.sub(r"/\*.*?\*/", "", css[: css.index("@font-face")], flags=re.S)
    assert before.strip() == ""


def test_the_body_font_stack_starts_with_the_bundled_family_then_system_fonts():
    css = CSS.read_text(encoding="utf-8")
    stack = re.search(r"^body \{ font-family: ([^;]+);", css, re.M).group(1)
    families = [f.strip() for f in stack.split(",")]

    assert families[0] == f'"{FAMILY}"'
    assert "sans-serif" in families[1:]
    assert len(families) > 2  # system fallbacks after it


def test_every_referenced_font_file_is_a_small_woff2_with_its_licence_beside_it():
    urls = font_urls(CSS.read_text(encoding="utf-8"))
    files = [STATIC / url for url in urls]

    assert [f.name for f in files] == [
        "shezu-sans-sc-regular.woff2",
        "shezu-sans-sc-bold.woff2",
    ]
    for file in files:
        assert file.is_file(), file
        assert file.read_bytes()[:4] == b"wOF2", file
    assert sum(f.stat().st_size for f in files) <= 3 * 1024 * 1024
    licence = (STATIC / "fonts" / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert "Copyright 2014-2021 Adobe" in licence
    vendored = (STATIC / "VENDORED.md").read_text(encoding="utf-8")
    assert all(f.name in vendored for f in files)


@pytest.mark.django_db
def test_the_content_security_policy_allows_the_app_s_own_fonts(client):
    policy = client.get("/login/")["Content-Security-Policy"]

    assert "font-src 'self'" in [directive.strip() for directive in policy.split(";")]


def test_serve_serves_the_fonts_the_collected_css_points_at(tmp_path):
    # `shezu serve` runs collectstatic into hashed, compressed names: follow the CSS it
    # actually serves to the font files it names, as a browser would.
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SHEZU_")}
    environment["SHEZU_DATA_DIR"] = str(tmp_path)
    server = subprocess.Popen(
        [str(SHEZU), "serve", "--port", str(port)],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(port, server)
        _, login = get(f"http://127.0.0.1:{port}/login/")
        css_path = re.search(r'href="(/static/web/shezu[^"]*\.css)"', login.decode()).group(1)
        css_url = f"http://127.0.0.1:{port}{css_path}"
        _, css = get(css_url)
        served = [get(urljoin(css_url, url)) for url in font_urls(css.decode())]
    finally:
        server.terminate()
        server.communicate(timeout=10)

    shipped = [STATIC / "fonts" / name for name in ("shezu-sans-sc-regular.woff2",)]
    assert len(served) == 2
    assert all(status == 200 and body[:4] == b"wOF2" for status, body in served)
    assert served[0][1] == shipped[0].read_bytes()
