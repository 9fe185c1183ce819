"""A built site served over http on 127.0.0.1, as production serves it (missing pages
answer with 404.html): shared by the browser tests and the web audits."""

from __future__ import annotations

import threading
from pathlib import Path

from cloudempiere_docs.site.serve import make_server


class Served:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.server = make_server(directory, port=0)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
