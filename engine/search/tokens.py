"""Tokens for keyword search that work for Korean.

Korean words carry particles ("함수의", "함수를"), so whole-word matching fails, and SQLite's trigram
tokenizer cannot match the many 2-syllable words ("함수", "확률", "전류"). We index every run of Hangul
(or Han) syllables as overlapping syllable bigrams plus the run's last syllable on its own; a query is
tokenised the same way. A 1-syllable query becomes a prefix match, which finds the syllable at any
position: every syllable except a run's last starts a bigram, and the last one is indexed alone.
Latin words and numbers are indexed whole, lower-cased ("DNA", "x", "2").
Math is tokenised in its search form first (``engine.mathtext.search_text``), so "x^2", "x²" and
"$x^{2}$" all become the tokens "x", "2" in the index and in queries alike.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from engine.mathtext.linear import search_text

_SYLLABLE_RUN = re.compile(r"[\uac00-\ud7a3\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[0-9a-z]+|[\uac00-\ud7a3\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def _runs(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", search_text(text)).lower())


def index_tokens(text: str) -> list[str]:
    """Tokens stored in the keyword index for ``text``."""
    tokens: list[str] = []
    for run in _runs(text):
        if _SYLLABLE_RUN.fullmatch(run):
            tokens.extend(run[i:i + 2] for i in range(len(run) - 1))
            tokens.append(run[-1])
        else:
            tokens.append(run)
    return tokens


@dataclass(frozen=True)
class QueryTerm:
    """One query term: the token to look up and whether it is a prefix match."""

    token: str
    prefix: bool = False

    def fts(self) -> str:
        quoted = '"' + self.token.replace('"', '""') + '"'
        return quoted + "*" if self.prefix else quoted


def query_terms(text: str) -> list[QueryTerm]:
    """Distinct query terms in first-seen order."""
    terms: list[QueryTerm] = []
    seen: set[QueryTerm] = set()
    for run in _runs(text):
        if _SYLLABLE_RUN.fullmatch(run):
            found = ([QueryTerm(run, prefix=True)] if len(run) == 1
                     else [QueryTerm(run[i:i + 2]) for i in range(len(run) - 1)])
        else:
            found = [QueryTerm(run)]
        for term in found:
            if term not in seen:
                seen.add(term)
                terms.append(term)
    return terms


def fts_match_expression(text: str) -> str | None:
    """An FTS5 MATCH expression that ranks items by how many query terms they share (OR + BM25)."""
    terms = query_terms(text)
    if not terms:
        return None
    return " OR ".join(term.fts() for term in terms)


def matched_terms(text: str, query: str) -> list[str]:
    """Query terms found in ``text``, for the "why did this match" explanation.

    The same answer as looking each term up in ``set(index_tokens(text))``, without building that set:
    a bigram is indexed exactly when it occurs inside a syllable run, and a one-syllable prefix term
    matches when that syllable occurs in a run at all (every syllable starts a bigram or is a run's last).
    """
    runs = _runs(text)
    syllables = "\x00".join(run for run in runs if _SYLLABLE_RUN.fullmatch(run))
    words = {run for run in runs if not _SYLLABLE_RUN.fullmatch(run)}
    found = []
    for term in query_terms(query):
        if _SYLLABLE_RUN.fullmatch(term.token):
            if term.token in syllables:
                found.append(term.token)
        elif term.token in words:
            found.append(term.token)
    return found
