"""The worker server's preload (site/preload.py): what every job would import is loaded
before the jobs fork, and the pipeline's server loads it."""

from __future__ import annotations

import json
import subprocess
import sys

from cloudempiere_docs.site import workers


def test_the_worker_server_preloads_it() -> None:
    assert "cloudempiere_docs.site.preload" in workers.PRELOAD


def test_sphinx_builtin_extensions_and_the_listed_modules_are_loaded() -> None:
    code = (
        "import json, sys\n"
        "import cloudempiere_docs.site.preload as p\n"
        "from sphinx import application as a\n"
        "from babel import localedata\n"
        "names = [*a.builtin_extensions, *p.ALSO]\n"
        "print(json.dumps({'missing': [n for n in names if n not in sys.modules],"
        " 'locales': sorted(localedata._cache)}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    assert result["missing"] == []
    assert "en" in result["locales"]
