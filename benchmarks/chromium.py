"""How the page benchmark and the browser tests start headless Chromium: as root in a container,
with no GPU and nothing that would reach the network (the page must work offline)."""

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
