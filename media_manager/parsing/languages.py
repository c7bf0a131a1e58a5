"""Language tags, mapped to ISO 639-1 codes.

Full language names are weak tags (``The.French.Connection`` is a title, ``Movie.FRENCH.1080p`` is
not), while scene-only spellings such as ``TRUEFRENCH`` or ``VOSTFR`` are strong.
"""

from __future__ import annotations

import re

from .quality import S, TagEntry

# (pattern, ISO 639-1 code, strong)
_AUDIO: list[tuple[str, str, bool]] = [
    (r"english|eng", "en", False),
    (r"truefrench|vff|vfq|vf2|vfi", "fr", True),
    (r"french|fran[cç]ais|fre|fra|vf", "fr", False),
    (r"(?:swiss)?german|deutsch|ger|deu", "de", False),
    (r"italian|italiano|ita", "it", False),
    (r"spanish|espa[nñ]ol|castellano|spa|esp|latino|lat", "es", False),
    (r"pt" + S + r"br|dublado|nacional", "pt", True),
    (r"portuguese|portugu[eê]s|brazilian|por", "pt", False),
    (r"russian|rus", "ru", False),
    (r"japanese|jap|jpn", "ja", False),
    (r"korean|kor", "ko", False),
    (r"chinese|mandarin|cantonese|chi|chn|zho", "zh", False),
    (r"hindi|hin", "hi", False),
    (r"tamil|tam", "ta", False),
    (r"telugu|tel", "te", False),
    (r"malayalam|mal", "ml", False),
    (r"kannada|kan", "kn", False),
    (r"bengali|ben", "bn", False),
    (r"marathi", "mr", False),
    (r"punjabi", "pa", False),
    (r"urdu", "ur", False),
    (r"dutch|flemish|nld", "nl", False),
    (r"swedish|swe", "sv", False),
    (r"norwegian|nor", "no", False),
    (r"danish|dan", "da", False),
    (r"finnish|fin", "fi", False),
    (r"pldub|pl" + S + r"dub|lektor" + S + r"pl", "pl", True),
    (r"polish|polski|pol|pl", "pl", False),
    (r"czech|cze|ces|cz", "cs", False),
    (r"slovak|slo", "sk", False),
    (r"hungarian|magyar|hun", "hu", False),
    (r"romanian|rum|ron", "ro", False),
    (r"bulgarian|bul", "bg", False),
    (r"greek|gre|ell", "el", False),
    (r"turkish|tur", "tr", False),
    (r"arabic|ara", "ar", False),
    (r"hebrew|heb", "he", False),
    (r"persian|farsi|per", "fa", False),
    (r"thai|tha", "th", False),
    (r"vietnamese|vie", "vi", False),
    (r"indonesian", "id", False),
    (r"malay", "ms", False),
    (r"ukrainian|ukr", "uk", False),
    (r"croatian|hrv", "hr", False),
    (r"serbian|srp", "sr", False),
    (r"slovenian", "sl", False),
    (r"estonian|est", "et", False),
    (r"latvian", "lv", False),
    (r"lithuanian|lit", "lt", False),
    (r"icelandic|ice", "is", False),
    (r"catalan|cat", "ca", False),
    (r"tagalog|filipino", "tl", False),
]

_SUBTITLES: list[tuple[str, str, bool]] = [
    (r"vostfr|vost|subfrench|stfr", "fr", True),
    (r"(?:eng|english)" + S + r"(?:hard)?subs?|esub", "en", True),
    (r"(?:chs|cht|big5|gb|简体|繁體|繁体|简繁|繁日|简日|简中|繁中|中字|中文字幕)", "zh", False),
    (r"(?:swe|swedish)" + S + r"subs?", "sv", True),
    (r"(?:nl|dutch)" + S + r"subs?", "nl", True),
    (r"(?:ger|german)" + S + r"subs?", "de", True),
    (r"(?:spa|spanish)" + S + r"subs?", "es", True),
    (r"(?:ita|italian)" + S + r"subs?", "it", True),
    (r"(?:por|pt|portuguese)" + S + r"subs?|legendado|legendas?", "pt", True),
    (r"(?:pl|pol|polish)" + S + r"subs?", "pl", True),
    (r"(?:rus|russian)" + S + r"subs?", "ru", True),
]

LANGUAGE_TAGS: list[TagEntry] = [
    *[(pattern, "subtitles", code, strong) for pattern, code, strong in _SUBTITLES],
    (r"multi" + S + r"subs?", "other", "MULTISUB", True),
    (r"multi(?:" + S + r"(?:lang|language|audio))?", "other", "MULTI", False),
    (r"dual" + S + r"audio", "other", "DUAL", True),
    (r"dual", "other", "DUAL", False),
    (r"dubbed|dub|dabing", "other", "DUBBED", False),
    (r"subbed|subs?", "other", "SUBBED", False),
    *[(pattern, "languages", code, strong) for pattern, code, strong in _AUDIO],
]


# ISO 639-1 codes that subtitle files carry before their extension: "Movie.en.srt".
_ISO_CODES = frozenset(code for _, code, _ in _AUDIO)
_LANGUAGE_WORD_RES = [
    (re.compile(f"(?:{pattern})", re.IGNORECASE), code) for pattern, code, _ in _AUDIO
]


def language_code(word: str) -> str | None:
    """The ISO 639-1 code a single word names ("en", "eng", "English", "pt-BR"), if any."""
    word = word.strip().lower()
    if len(word) == 2 or (len(word) == 5 and word[2] in "-_"):
        return word[:2] if word[:2] in _ISO_CODES else None
    for rx, code in _LANGUAGE_WORD_RES:
        if rx.fullmatch(word):
            return code
    return None
