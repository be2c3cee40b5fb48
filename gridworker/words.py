"""The translation catalogue without Qt, for the command line.

The UI renders message codes through Qt's translator; the CLI has no Qt (see the import
contracts), so for a language other than Chinese it reads the same catalogue, the committed
``resources/translations/gridworker_<lang>.ts`` (shipped in ``resources/``), with the standard
library: the contexts ``messages`` (message codes), ``fields`` (schema labels) and ``vocab``
(vocabulary labels), nothing else. The result is a
:data:`~gridworker.domain.messages.Translate`, the same kind the UI passes, so both render the
same codes with :func:`gridworker.domain.messages.render`.

The CLI's language: ``--lang`` or ``$GRIDWORKER_LANG`` (``en`` / ``zh_CN``); Chinese, the
source language, otherwise. (The CLI's own sentences are still Chinese only; what it renders
from codes follows the language.)
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path

from .domain.errors import GridworkerError
from .domain.messages import Translate, chinese, has_words, render

__all__ = ["ENV_LANG", "catalogue", "cli_language", "error_words"]

ENV_LANG = "GRIDWORKER_LANG"
CONTEXTS = frozenset({"messages", "fields", "vocab"})


def cli_language(requested: str | None = None) -> str:
    """``requested`` (``--lang``), else ``$GRIDWORKER_LANG``, else ``zh_CN``."""
    lang = (requested or os.environ.get(ENV_LANG) or "zh_CN").strip()
    return "en" if lang.lower().startswith("en") else "zh_CN"


@lru_cache(maxsize=4)
def _table(path: Path) -> dict[tuple[str, str, str], str]:
    table: dict[tuple[str, str, str], str] = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        if name not in CONTEXTS:
            continue
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") or not translation.text:
                continue
            key = (name, message.findtext("source") or "", message.findtext("comment") or "")
            table[key] = translation.text
    return table


def catalogue(language: str, translations: Path | None = None) -> Translate:
    """The translate function for ``language`` (:func:`chinese` for Chinese, or when the
    catalogue is missing: the source words are always there)."""
    if language == "zh_CN":
        return chinese
    if translations is None:
        from .app import translations_dir

        translations = translations_dir()
    path = translations / f"gridworker_{language}.ts"
    if not path.exists():
        return chinese
    table = _table(path)

    def translate(context: str, source: str, disambiguation: str = "") -> str:
        return table.get((context, source, disambiguation or ""), source)

    return translate


def error_words(exc: GridworkerError, translate: Translate) -> str:
    """An error of ours rendered from its code in ``translate``'s language (the words it was
    raised with, for a code the tables do not know)."""
    if translate is chinese or not has_words(exc.code, exc.params):
        return exc.message
    return render(exc.code, exc.params, translate)
