"""Take the README screenshots of a generated site with headless Chromium.

Usage (from the repository root, after ``govgraph demo --store /tmp/x`` and
``govgraph site /tmp/site --store /tmp/x``):

    .venv/bin/python -m tests.site.screenshots /tmp/site docs/img

Writes site-overview.png (the coverage heatmap), site-platform.png (a platform page) and
site-phone.png (the heatmap at a phone's width).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tests.conftest import CHROMEDRIVER, CHROMIUM

SHOTS = (
    ("site-overview.png", "index.html", (1280, 1500)),
    ("site-platform.png", "platforms/claude-ai.html", (1280, 1400)),
    ("site-phone.png", "index.html#coverage-h", (390, 844)),
)


def main(site: Path, out: Path) -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    with tempfile.TemporaryDirectory() as profile:
        for arg in (
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
        ):
            options.add_argument(arg)
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        try:
            out.mkdir(parents=True, exist_ok=True)
            for name, page, (width, height) in SHOTS:
                driver.set_window_size(width, height)
                path, _, fragment = page.partition("#")
                driver.get((site / path).resolve().as_uri() + (f"#{fragment}" if fragment else ""))
                driver.save_screenshot(str(out / name))
                print(out / name)
        finally:
            driver.quit()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else Path("docs/img"))
