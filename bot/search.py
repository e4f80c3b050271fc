"""Free-text search over the content: normalisation, an index built once per content version, queries.

No Telegram in here. People type in any of eleven languages and several scripts, with typos,
transliterations and mixed languages. Every text (in every language), every entry's keywords and
the vocabulary's groups of equivalent words go into one index of normalised terms, so a query in one
language can find an entry through another. Fuzzy matching uses a deletion index (SymSpell): every
term is stored with its one-letter deletions, so a typo is found by a few dictionary look-ups
instead of comparing the query with every term.
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from bot.content.model import Content, LocalText, Translation
from bot.translit import cyrillic_to_latin

# Arabic-script letters written differently across Arabic, Persian, Urdu and Pashto, folded to one form.
_ARABIC = str.maketrans(
    {
        "ی": "ي", "ى": "ي", "ې": "ي", "ۍ": "ي", "ے": "ي", "ئ": "ي",
        "ک": "ك", "ګ": "گ", "ڪ": "ك",
        "ە": "ه", "ہ": "ه", "ۀ": "ه", "ة": "ه", "ھ": "ه",
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و",
        "ـ": None,  # tatweel
        "\u200c": None, "\u200d": None, "\u200e": None, "\u200f": None,  # joiners and marks
        "\u2066": None, "\u2067": None, "\u2068": None, "\u2069": None, "\u202a": None, "\u202b": None,
        "\u202c": None, "\u202d": None, "\u202e": None, "\u061c": None,
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian digits
        "đ": "dj", "Đ": "dj", "ı": "i", "ß": "ss", "æ": "ae", "ø": "o", "ł": "l",
    }
)
_TOKEN = re.compile(r"\w+")
MIN_TOKEN = 2
MAX_QUERY_WORDS = 24  # a question is a few words; more is pasted text, and would only cost time


def normalise(text: str) -> str:
    """Fold case, script and spelling variants so that equal words compare equal.

    Šid = Sid = ШИД; أ/إ/آ = ا; ی = ي; ک = ك; harakat, tatweel and joiners go; digits become 0-9.
    """
    text = unicodedata.normalize("NFKC", text).casefold().translate(_ARABIC)
    text = cyrillic_to_latin(text)
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFKC", text).translate(_ARABIC)


def tokens(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(normalise(text)) if len(t) >= MIN_TOKEN or t.isdigit()]


def _deletes(term: str) -> set[str]:
    return {term[:i] + term[i + 1 :] for i in range(len(term))}


def _distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance, giving up above `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


@dataclass(frozen=True)
class Document:
    """One searchable entry and what opening it means."""

    kind: str  # step, organisation, service, phrase, myth
    id: str
    municipality: str | None = None
    category: str | None = None


@dataclass(frozen=True)
class Hit:
    document: Document
    score: float


@dataclass
class Result:
    hits: list[Hit]
    crisis: bool = False
    municipality: str | None = None  # a municipality named in the query
    category: str | None = None  # a category named in the query


# Field weights: a word in a title or a keyword says more about an entry than one in its body text.
TITLE, KEYWORD, BODY = 3.0, 3.0, 1.0


@dataclass
class SearchIndex:
    documents: list[Document] = field(default_factory=list)
    postings: dict[str, dict[int, float]] = field(default_factory=dict)  # term -> {entry: idf x field weight}
    deletes: dict[str, set[str]] = field(default_factory=dict)
    synonyms: dict[str, set[str]] = field(default_factory=dict)  # term -> equivalent terms
    municipalities: dict[str, str] = field(default_factory=dict)  # name token(s) -> municipality id
    municipality_deletes: dict[str, set[str]] = field(default_factory=dict)  # for town names with a typo
    categories: dict[str, str] = field(default_factory=dict)  # term -> category
    crisis: dict[str, list[frozenset[str]]] = field(default_factory=dict)  # a word -> the crisis phrases with it
    sorted_terms: list[str] = field(default_factory=list)  # for prefix look-ups by bisection

    # -- building -------------------------------------------------------------------------

    @classmethod
    def build(cls, content: Content) -> SearchIndex:
        index = cls()
        vocabulary = content.vocabulary
        for group in vocabulary.groups:
            terms = {" ".join(tokens(word)) for word in group.words} - {""}
            for term in terms:
                index.synonyms.setdefault(term, set()).update(terms)
            if group.category:
                for term in terms:
                    index.categories[term] = group.category
        for words in vocabulary.crisis.values():
            for phrase in words:
                normalised = frozenset(tokens(phrase))
                for word in normalised:
                    index.crisis.setdefault(word, []).append(normalised)
        for municipality in content.municipalities.values():
            for name in (municipality.name, municipality.name_cyrillic, *municipality.aliases):
                key = " ".join(tokens(name))
                if key:
                    index.municipalities[key] = municipality.id
                    if " " not in key and len(key) >= 5:
                        for variant in _deletes(key):
                            index.municipality_deletes.setdefault(variant, set()).add(key)

        bags: list[dict[str, float]] = []
        for document, fields in _documents(content):
            bag: dict[str, float] = defaultdict(float)
            for weight, text in fields:
                for term in tokens(text):
                    bag[term] = max(bag[term], weight)
            index.documents.append(document)
            bags.append(bag)
        for doc_id, bag in enumerate(bags):
            for term, weight in bag.items():
                index.postings.setdefault(term, {})[doc_id] = weight
        total = len(bags)
        for term, posting in index.postings.items():
            idf = math.log(1 + (total - len(posting) + 0.5) / (len(posting) + 0.5))
            # Stored ready to add: how much this term says about each entry.
            index.postings[term] = {doc_id: idf * weight for doc_id, weight in posting.items()}
            if len(term) >= 4:
                for variant in _deletes(term):
                    index.deletes.setdefault(variant, set()).add(term)
        index.sorted_terms = sorted(index.postings)
        return index

    # -- querying ---------------------------------------------------------------------------

    def _matches(self, token: str) -> dict[str, float]:
        """Index terms a query token may mean, with how sure we are (1 exact, less for typos)."""
        found: dict[str, float] = {}
        if token in self.postings:
            found[token] = 1.0
        for synonym in self.synonyms.get(token, ()):
            for part in synonym.split():
                if part in self.postings:
                    found[part] = max(found.get(part, 0.0), 0.9)
        if len(token) >= 4 and not found:
            candidates = set(self.deletes.get(token, ())) | {token}
            for variant in _deletes(token):
                candidates |= self.deletes.get(variant, set())
                if variant in self.postings:
                    candidates.add(variant)
            for term in candidates:
                if term in self.postings and term != token and _distance(token, term, 1) <= 1:
                    found[term] = max(found.get(term, 0.0), 0.7)
            if not found and len(token) >= 5:  # a longer word cut short: "asylu", "psycholo"
                start = bisect.bisect_left(self.sorted_terms, token)
                for term in self.sorted_terms[start : start + 20]:
                    if not term.startswith(token):
                        break
                    found[term] = 0.6
        return found

    def _municipality(self, word: str) -> str | None:
        """The municipality a word names, allowing one typo in names of five letters or more."""
        if word in self.municipalities:
            return self.municipalities[word]
        if len(word) >= 5:
            candidates = set(self.municipality_deletes.get(word, ()))
            for variant in _deletes(word):
                candidates |= self.municipality_deletes.get(variant, set())
                if variant in self.municipalities:
                    candidates.add(variant)
            for name in sorted(candidates):
                if _distance(word, name, 1) <= 1:
                    return self.municipalities[name]
        return None

    def search(self, query: str, limit: int = 5) -> Result:
        words = tokens(query)[:MAX_QUERY_WORDS]
        result = Result(hits=[])
        present = set(words)
        result.crisis = any(phrase <= present for word in present for phrase in self.crisis.get(word, ()))
        remaining: list[str] = []
        i = 0
        while i < len(words):
            two = " ".join(words[i : i + 2])
            if i + 1 < len(words) and two in self.municipalities:
                result.municipality = self.municipalities[two]
                i += 2
                continue
            place = self._municipality(words[i])
            if place is not None:
                result.municipality = place
            elif words[i] in self.categories and result.category is None:
                result.category = self.categories[words[i]]
                remaining.append(words[i])
            else:
                remaining.append(words[i])
            i += 1

        scores: dict[int, float] = defaultdict(float)
        for token in remaining:
            # A word counts once per entry, through the best of the terms it may mean.
            best: dict[int, float] = {}
            for term, certainty in self._matches(token).items():
                for doc_id, value in self.postings[term].items():
                    score = certainty * value
                    if score > best.get(doc_id, 0.0):
                        best[doc_id] = score
            for doc_id, score in best.items():
                scores[doc_id] += score
        if result.municipality:
            place = [i for i, d in enumerate(self.documents) if d.municipality == result.municipality]
            if result.category:
                # "doctor Šid": that kind of service in that town, even if its text never says "doctor".
                top = max(scores.values(), default=1.0)
                for i in place:
                    if self.documents[i].category == result.category:
                        scores[i] = max(scores.get(i, 0.0), top)
            elif not remaining:
                scores = {i: 1.0 for i in place}  # only a place was named: everything there
        hits = []
        for doc_id, score in scores.items():
            document = self.documents[doc_id]
            if result.municipality:
                # A town was named: its services first; general entries stay, further down.
                if document.kind != "service":
                    score *= 0.5
                elif document.municipality != result.municipality:
                    continue
                else:
                    score *= 1.5
            if result.category and document.kind == "service":
                if document.category != result.category:
                    score *= 0.3
                else:
                    score *= 1.5
            hits.append(Hit(document, score))
        hits.sort(key=lambda h: (-h.score, h.document.kind, h.document.id))
        result.hits = hits[:limit]
        return result


def _texts(text: LocalText | None) -> list[str]:
    if text is None:
        return []
    return [item.text if isinstance(item, Translation) else item for item in text.root.values()]


def _documents(content: Content):
    """Every searchable entry with its (weight, text) fields, all languages together."""
    for step in content.steps:
        fields = [(TITLE, t) for t in _texts(step.title)]
        fields += [(BODY, t) for field_ in (step.what, step.where, step.bring) for t in _texts(field_)]
        fields += [(BODY, t) for deadline in step.deadlines for t in _texts(deadline)]
        yield Document("step", step.id), fields + _keywords(step)
    for org in content.organisations.values():
        fields = [(TITLE, org.name)] + [(BODY, t) for t in _texts(org.summary)]
        yield Document("organisation", org.id), fields + _keywords(org)
    for service in content.services.values():
        place = content.municipalities[service.municipality]
        fields = [(TITLE, t) for t in _texts(service.name)]
        fields += [(BODY, t) for field_ in (service.summary, service.eligibility) for t in _texts(field_)]
        fields += [(BODY, place.name), (BODY, place.name_cyrillic)]
        yield Document("service", service.id, service.municipality, service.category), fields + _keywords(service)
    for phrase in content.phrases:
        yield Document("phrase", phrase.id), [(TITLE, t) for t in _texts(phrase.text)] + _keywords(phrase)
    for myth in content.myths:
        fields = [(TITLE, t) for t in _texts(myth.myth)] + [(BODY, t) for t in _texts(myth.fact)]
        yield Document("myth", myth.id), fields + _keywords(myth)


def _keywords(entry) -> list[tuple[float, str]]:
    return [(KEYWORD, word) for words in entry.keywords.values() for word in words]
