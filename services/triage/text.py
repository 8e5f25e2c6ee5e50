"""How the triage reads a word: case, accents, stray signs and repeated letters folded, typing errors and stems."""

import re
import unicodedata
from functools import lru_cache
from operator import itemgetter

import snowballstemmer

SENTENCE_MARKS = ".!?;¡¿"
CLAUSE_MARKS = ",:()[]{}\"«»“”—–"
WORD = re.compile(r"[^\W_]+")
PIECE = re.compile(rf"[^\W_]+|[{re.escape(SENTENCE_MARKS + CLAUSE_MARKS)}]")
# Marks left in a cut chunk of text where a sentence or a clause ends.
SENTENCE, CLAUSE = ".", ","
# A period after a title does not close the sentence ("la Dra. Pérez").
TITLES = frozenset({"dra", "dr", "sra", "srta", "sr", "lic", "enf", "ing", "mtra", "mtro", "prof", "tel", "av"})
# A stem shorter than this says too little to stand for a word ("mor" would join "morado" and "morir").
MIN_STEM = 4
STEM_MARK = "~"

_NOT_WORD = re.compile(r"[^a-z0-9]+")
_REPEATED = re.compile(r"([a-z])\1+")
_FIRST_GROUP = itemgetter(1)
_STEMMER = snowballstemmer.stemmer("spanish")


# Descriptions reuse a small vocabulary, and every registration folds each of its words twice (triage and L3).
@lru_cache(maxsize=50_000)
def normalize_word(word: str) -> str:
    """Fold case, accents, stray signs and repeated letters of one word ("PECHOOO" -> "pecho")."""
    word = word.lower()
    if not (word.isascii() and word.isalnum()):
        word = _NOT_WORD.sub("", unicodedata.normalize("NFKD", word))
    return _REPEATED.sub(_FIRST_GROUP, word)


@lru_cache(maxsize=20_000)
def stem_key(word: str) -> str | None:
    """The key under which a normalised word matches its other forms ("~quem" for quemó, quemado, quemada), if any."""
    if word.isdigit():
        return None
    stem = _STEMMER.stemWord(word)
    return STEM_MARK + stem if len(stem) >= MIN_STEM else None


def one_edit(a: str, b: str) -> bool:
    """Whether a and b differ by one insertion, deletion, substitution or swap of neighbours."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):
        return a[i:] == b[i + 1:]
    if a[i + 1:] == b[i + 1:]:
        return True
    return i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:]


# Spellings that sound alike in Mexican Spanish, folded to one ("ambulansia", "ospital", "bomitando",
# "convulciones", "imfarto", "desmallo"), applied in order; "ch" is kept apart from "c" and "h".
_SOUNDS = tuple((re.compile(pattern), replacement) for pattern, replacement in (
    (r"ch", "7"), (r"h", ""), (r"qu(?=[ei])", "k"), (r"q", "k"), (r"gu(?=[ei])", "9"), (r"g(?=[ei])", "j"), (r"9", "g"),
    (r"c(?=[ei])", "s"), (r"c", "k"), (r"z", "s"), (r"[vw]", "b"), (r"m(?=[bpf])", "n"),
    (r"(?:^|(?<=[aeiou]))y(?=[aeiou])", "l"), (r"ao$", "ado"), (r"([a-z])\1+", r"\1"),
))
# Diminutives and third-person plurals read as their plain form ("ojitos" ojos, "manita" mano,
# "poquito" poco, "no despiertan" no despierta).
_DIMINUTIVE = re.compile(r"it([oa])(s?)$")
_ROOT_FIXES = (("qu", "c"), ("gu", "g"), ("c", "z"), ("c", ""), ("ec", ""))


@lru_cache(maxsize=20_000)
def sound_key(word: str) -> str:
    """The word as it sounds, so that spellings heard alike meet ("convulciones" and "convulsiones")."""
    for pattern, replacement in _SOUNDS:
        word = pattern.sub(replacement, word)
    return word


def plain_forms(word: str) -> tuple[str, ...]:
    """Forms a diminutive or a plural verb may stand for, likeliest first, to try when the word itself is unknown."""
    forms: list[str] = []
    if len(word) >= 5 and word.endswith("n"):
        forms.append(word[:-1])
    match = _DIMINUTIVE.search(word) if len(word) >= 5 else None
    if match:
        root, vowel, plural = word[:match.start()], match.group(1), match.group(2)
        # "manita" is mano's, "calientito" caliente's.
        forms += [root + vowel + plural, root + "e" + plural] + ([root + "o" + plural] if vowel == "a" else [])
        for old, new in _ROOT_FIXES:
            if root.endswith(old) and len(root) - len(old) >= 2:
                fixed = root[:-len(old)] + new
                forms += [fixed + vowel + plural] if new else [fixed + plural, fixed + vowel + plural]
    return tuple(forms)
