"""Turning the title part of a name into a clean title, and comparing titles with the library."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_ACRONYM_RE = re.compile(r"(?<![A-Za-z0-9])(?:[A-Za-z]\.){2,}(?:[A-Za-z](?![A-Za-z0-9]))?")
_INNER_DOT_RE = re.compile(r"(?<=[^\W\d_])\.(?=[^\W_])|(?<=\d)\.(?=[^\W\d_])")
_SPACES_RE = re.compile(r"\s+")
_DOTTED_AKA_RE = re.compile(r"\.a\.k\.a\.(?=[^\W_])", re.IGNORECASE)
_TRAILING_DECIMAL_RE = re.compile(r"(?<=[^\W\d_]\.)(\d)\.(\d)(?=\.?$)")
_EMPTY_BRACKETS_RE = re.compile(r"\(\s*\)|\[\s*\]|\{\s*\}|【\s*】")
_ALT_SPLIT_RE = re.compile(r"\s+(?:aka|a\.k\.a\.?)\s+|\s+/\s+|\s+\|\s+|\s*／\s*", re.IGNORECASE)
_STRIP = " -._:,;+~([{【|/"
_BRACKETED_ALT_RE = re.compile(r"\s\(([^()\d]*[^\W\d_][^()]*\s[^()]+)\)$")
_STRIP_END = " -_:,;+~([{【|/"
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
_LATIN_RE = re.compile(r"[A-Za-z]")
_ENDS_WITH_ACRONYM_RE = re.compile(r"(?<![A-Za-z0-9])(?:[A-Za-z]\.){2,}$")


# "超能警探.Memorist", "风起长林.Nirvana.in.Fire": Chinese trackers write the original title in
# front of the release name proper, whose title is written with dots (no spaces, no CJK).
_CJK_RE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_ASCII_LETTER_RE = re.compile("[A-Za-z]")
_TITLE_BRACKETS = frozenset("/|()[]【】")


def _cjk_prefix_split(raw: str) -> tuple[str, str] | None:
    """``超能警探.Memorist`` -> (``Memorist``, ``超能警探``); None for any other shape.

    The Latin part starts at the first Latin letter (the CJK part has none); checked with
    plain scans, so that a long name cannot make a pattern backtrack.
    """
    text = raw.strip(" ._-")
    lm = _ASCII_LETTER_RE.search(text)
    if lm is None or lm.start() == 0:
        return None
    prefix, latin = text[: lm.start()], text[lm.start() :]
    if prefix[-1] not in " ." or not _CJK_RE.search(prefix):
        return None
    if any(ch.isspace() for ch in latin) or _CJK_RE.search(latin):
        return None
    if _TITLE_BRACKETS.intersection(prefix) or _TITLE_BRACKETS.intersection(latin):
        return None
    if sum(ch.isascii() and ch.isalpha() for ch in latin) < 3:
        return None
    return latin, prefix.rstrip(" .")


def clean_title(raw: str) -> tuple[str, tuple[str, ...]]:
    """Clean the title part of a name; returns the title and any alternative titles (AKA, /)."""
    split = _cjk_prefix_split(raw) if not raw.isascii() else None
    if split:
        title, others = clean_title(split[0])
        original = clean_title(split[1])[0]
        return title, (*others, original) if original else others
    text = raw.replace("_", " ")
    if ".-." in text:
        # "Show.Name.-.Other Name": a dotted spaced dash.
        text = text.replace(".-.", " - ")
    if "." in text:
        # "Title.a.k.a.Other": the dotted "a.k.a." would otherwise read as an acronym.
        text = _DOTTED_AKA_RE.sub(" aka ", text)
        stripped = text.strip(" .")
        if " " not in stripped:
            # Dots are the separators; keep them only inside acronyms such as S.H.I.E.L.D. and
            # in a sequel number that ends the title ("M3GAN.2.0").
            text = _ACRONYM_RE.sub(lambda m: m.group().replace(".", "\0"), text)
            if text.rstrip(".")[-1:].isdigit():
                text = _TRAILING_DECIMAL_RE.sub("\\1\0\\2", text)
            text = text.replace(".", " ").replace("\0", ".")
        else:
            text = _INNER_DOT_RE.sub(
                " ", _ACRONYM_RE.sub(lambda m: m.group().replace(".", "\0"), text)
            )
            text = text.replace("\0", ".")
    if "(" in text or "[" in text or "{" in text or "【" in text:
        text = _EMPTY_BRACKETS_RE.sub(" ", text)
    text = " ".join(text.split()).strip(_STRIP_END)
    if text.endswith(".") and not _ENDS_WITH_ACRONYM_RE.search(text):
        text = text.rstrip(".").rstrip(_STRIP_END)
    text = text.lstrip(_STRIP)
    if text[-2:] in ("L'", "l'", "D'", "d'") and text[-3:-2] == " ":
        # "Malcolm.L'Integrale": the French article belongs to the word the tags took.
        text = text[:-2].rstrip(_STRIP_END)
    # A bracket opened in the title but closed inside the tags: "Title (US" -> "Title (US)".
    if text.count("(") > text.count(")"):
        text = text + ")" if text.rfind("(") < len(text) - 1 else text[:-1]
    if text.count("[") > text.count("]"):
        text = text.replace("[", "").strip()
    text = text.strip()
    if not text:
        return "", ()
    lower = text.lower()
    if " aka " in lower or " a.k.a" in lower or " / " in text or " | " in text or "／" in text:
        parts = [p.strip(_STRIP) for p in _ALT_SPLIT_RE.split(text)]
    else:
        parts = [text.strip(_STRIP)]
    parts = [p for p in parts if p]
    # "Boku no Hero Academia (My Hero Academia)": a bracketed title of several words is an
    # alternative; "(US)" or "(2019)" is not.
    m = _BRACKETED_ALT_RE.search(parts[0]) if parts and parts[0].endswith(")") else None
    if m and m.start() > 0:
        parts[0:1] = [parts[0][: m.start()].strip(_STRIP), m.group(1).strip()]
    if len(parts) > 1:
        if _CYRILLIC_RE.search(parts[0]) and not _LATIN_RE.search(parts[0]):
            # "Игра престолов / Game of Thrones": Russian trackers give the original (Latin)
            # title second; that is the one indexers and libraries know the show by.
            latin = next((p for p in parts[1:] if not _CYRILLIC_RE.search(p)), None)
            if latin is not None and _LATIN_RE.search(latin):
                parts.remove(latin)
                return latin, tuple(parts)
        return parts[0], tuple(parts[1:])
    return text, ()


_ARTICLES = ("the ", "a ", "an ")
_TRAILING_YEAR_RE = re.compile(r"\s*[(\[]?(?:19|20)\d\d[)\]]?$")
_TRAILING_ARTICLE_RE = re.compile(r",\s*(?:the|a|an)\s*$", re.IGNORECASE)
_NON_WORD_RE = re.compile(r"[^\w\s]+")
_COUNTRY_RE = re.compile(r"\s(?:us|uk|au|nz|ca|usa)$")


def normalize_title(title: str) -> str:
    """A comparison key: case, accents, punctuation, ``&``/``and``, year and leading article.

    ``normalize_title("The Office (US)") == normalize_title("the.office.us")``.
    """
    text = unicodedata.normalize("NFKD", _TRAILING_ARTICLE_RE.sub("", title))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("&", " and ").replace("+", " and ").replace("@", " at ")
    text = text.replace("'", "").replace("’", "").replace("`", "")
    text = _NON_WORD_RE.sub(" ", text).replace("_", " ")
    text = _SPACES_RE.sub(" ", text).strip()
    stripped = _TRAILING_YEAR_RE.sub("", text)
    if stripped:
        text = stripped
    for article in _ARTICLES:
        if text.startswith(article) and len(text) > len(article):
            text = text[len(article) :]
            break
    return text.strip()


def _keys(title: str, loose: bool) -> set[str]:
    norm = normalize_title(title)
    if not norm:
        return set()
    keys = {norm, norm.replace(" ", "")}
    if loose:
        # "The Office US" should still find "The Office" when the library names no country.
        without_country = _COUNTRY_RE.sub("", norm)
        keys.add(without_country)
        keys.add(without_country.replace(" ", ""))
    return keys


def titles_match(parsed: object, library_title: str, alternate_titles: Iterable[str] = ()) -> bool:
    """Whether a parsed title (a string or a ``ReleaseInfo``) names this library item.

    Compares normalised forms against the main and alternate titles, including the forms with
    spaces removed (``Spider-Man`` = ``Spiderman``) and, on the parsed side only, without a
    trailing country code (``The Office US`` finds ``The Office`` but not ``The Office (UK)``).
    """
    candidates: list[str] = (
        [parsed] if isinstance(parsed, str) else [parsed.title, *parsed.alternative_titles]  # type: ignore[attr-defined]
    )
    wanted: set[str] = set()
    for title in (library_title, *alternate_titles):
        wanted |= _keys(title, loose=False)
    return any(_keys(candidate, loose=True) & wanted for candidate in candidates)
