"""Take the README's screenshots from a running demo (`make demo`), at 390 px and 1280 px.

    .venv/bin/python docs/screenshots.py [http://127.0.0.1:8000]

Uses Debian's Chromium through Playwright, like the browser tests.
"""

import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

DOCS = Path(__file__).resolve().parent
SHOTS = {
    "article": (None, "/en/ssl/connection-not-private/"),
    "forum": (None, "/forum/"),
    "inbox": ("cm", "/social/"),
}
SIZES = {390: 844, 1280: 800}


def main(base_url):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=["--no-sandbox"]
        )
        for width, height in SIZES.items():
            for name, (user, path) in SHOTS.items():
                context = browser.new_context(
                    base_url=base_url, viewport={"width": width, "height": height}
                )
                page = context.new_page()
                if user:
                    page.goto("/accounts/login/")
                    page.fill("input[name=username]", user)
                    page.fill("input[name=password]", "onereply-demo")
                    page.click("form.stacked-form button[type=submit]")
                    page.wait_for_load_state()
                page.goto(path)
                page.screenshot(path=DOCS / f"screenshot-{name}-{width}.png")
                context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
