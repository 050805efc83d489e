"""English names of the languages the identifier names most often, for messages.

>>> language_name("de"), language_name("xx")
('German', 'xx')
"""

from __future__ import annotations

NAMES = {
    "af": "Afrikaans", "ar": "Arabic", "bg": "Bulgarian", "bn": "Bengali", "ca": "Catalan", "cs": "Czech",
    "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek", "en": "English", "eo": "Esperanto",
    "es": "Spanish", "et": "Estonian", "eu": "Basque", "fa": "Persian", "fi": "Finnish", "fr": "French",
    "ga": "Irish", "gl": "Galician", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian",
    "hy": "Armenian", "id": "Indonesian", "is": "Icelandic", "it": "Italian", "ja": "Japanese", "ka": "Georgian",
    "ko": "Korean", "la": "Latin", "lt": "Lithuanian", "lv": "Latvian", "mk": "Macedonian", "ms": "Malay",
    "nl": "Dutch", "no": "Norwegian", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian",
    "sk": "Slovak", "sl": "Slovenian", "sq": "Albanian", "sr": "Serbian", "sv": "Swedish", "sw": "Swahili",
    "th": "Thai", "tl": "Tagalog", "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese",
    "zh": "Chinese", "und": "undetermined",
}  # fmt: skip


#: Regional varieties fastText names on short lines of the main language: never a leftover in a
#: document of that language (a German line read as Low German, ``nds``, is German).
VARIETIES = {
    "de": frozenset({"als", "bar", "frr", "ksh", "lb", "nds", "pfl"}),
    "en": frozenset({"sco"}),
    "es": frozenset({"an", "ast", "ext"}),
    "fr": frozenset({"frp", "wa"}),
    "it": frozenset({"eml", "lmo", "nap", "pms", "scn", "vec"}),
    "nl": frozenset({"li", "vls", "zea"}),
}


def varieties(language: str) -> frozenset[str]:
    """``language`` and its regional varieties.

    >>> sorted(varieties("en"))
    ['en', 'sco']
    """
    return VARIETIES.get(language, frozenset()) | {language}


def language_name(code: str) -> str:
    """The English name of a language code (the code itself when it is not listed)."""
    return NAMES.get(code, code)
