"""The reference extension: pages rendered from data (settings, windows and forms, tax
schemes, SLA). Listed in conf.py as ``cloudempiere_docs.reference``.

Writers never maintain these tables by hand: ``source/_data/*.yaml`` is read with the
project loader, validated against the schemas in ``cloudempiere_docs.data``, kept in the
``cedata`` Domain (``cloudempiere_docs.toolkit``) and turned into docutils nodes whose
text is translatable. Pages that render a data file depend on it, so editing the YAML
rebuilds exactly those pages.

Directives (MyST: ```` ```{settings-reference} ````):

- ``settings-reference`` (``:level:``, ``:module:``, ``:group-by: module|level|none``),
  ``setting-entry KEY``, ``settings-changes`` (``:version:``)
- ``windows-reference`` (``:kind: window|form``), ``window-entry Name``, ``form-entry Name``
- ``tax-scheme`` (``:date:``, ``:category:``, ``:side:``, ``:show: rates,history,categories``),
  ``tax-entry ID``
- ``sla-matrix`` (``:show: matrix,levels``), ``sla-targets`` (``:tier:``,
  ``:show: response,resolution,critical``), ``support-hours``, ``request-priorities``,
  ``subscriptions`` (the services and support facts of each subscription tier)

Entry directives accept ``:no-index:`` to show an entry without registering it.

Roles ``{setting}`KEY```, ``{window}`Name```, ``{form}`Name```, ``{tax}`id```` (also as
``{ce:setting}`` ...) link to where the entry is documented, showing the key or the name
as the build's language has it (the data catalog's translation), or an explicit title
(``{window}`oknom Konfigurátor systému <System Configurator>```); an unknown entry is a
located ``cedocs.ref`` warning naming close matches. Only entries of the manual version being
built (``since`` <= version < ``removed_in``) are listed.

Single source (``values``, ``editions``, ``factcheck``): ``{val}`kind/key/field```
prints a value of the data for the edition and language being built; ``{edition}``
blocks and ``editions:`` front matter make text and pages edition-specific; the fact
check reports typed values that contradict the data (``cedocs.fact``).

Modules: ``domain`` (the ``ce`` Domain: which page documents which entry, and the roles)
and one module of directives per data file (``settings``, ``windows``, ``taxes``, ``sla``).
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from cloudempiere_docs import toolkit
from cloudempiere_docs.reference.domain import CeDomain, missing_reference, pages_to_rewrite, snapshot_entries
from cloudempiere_docs.reference.settings import SettingEntry, SettingsChanges, SettingsReference
from cloudempiere_docs.reference import editions, factcheck
from cloudempiere_docs.reference.sla import RequestPriorities, SlaMatrix, SlaTargets, Subscriptions, SupportHours
from cloudempiere_docs.reference.taxes import TaxEntry, TaxScheme
from cloudempiere_docs.reference.values import ValueRole, ValueStartsSentence
from cloudempiere_docs.reference.windows import WindowEntry, WindowsReference

#: The data files this extension renders (``cloudempiere_docs.data.kinds``).
DATA_FILES = ("settings", "windows", "taxes", "sla")

DIRECTIVES = {
    "settings-reference": SettingsReference,
    "setting-entry": SettingEntry,
    "settings-changes": SettingsChanges,
    "windows-reference": WindowsReference,
    "window-entry": WindowEntry,
    "form-entry": WindowEntry,
    "tax-scheme": TaxScheme,
    "tax-entry": TaxEntry,
    "sla-matrix": SlaMatrix,
    "sla-targets": SlaTargets,
    "support-hours": SupportHours,
    "subscriptions": Subscriptions,
    "request-priorities": RequestPriorities,
}


def setup(app: Sphinx) -> dict[str, Any]:
    toolkit.add_data_files(app, *DATA_FILES)
    app.add_domain(CeDomain)
    for name, directive in DIRECTIVES.items():
        app.add_directive(name, directive)
    # The domain's roles without the ce: prefix, so pages write {setting}`ZK_PAGING_SIZE`.
    for name, role in CeDomain.roles.items():
        app.add_role(name, role)
    app.add_role("val", ValueRole())
    app.add_transform(ValueStartsSentence)
    editions.setup(app)
    factcheck.setup(app)
    app.connect("env-get-outdated", snapshot_entries)
    app.connect("env-updated", pages_to_rewrite)
    app.connect("missing-reference", missing_reference)
    return {"version": "1", "env_version": 2, "parallel_read_safe": True, "parallel_write_safe": True}
