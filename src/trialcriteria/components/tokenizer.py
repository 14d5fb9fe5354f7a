"""scispaCy's tokenizer, with comparators and letter/letter slashes split off ("≤2.5" -> "≤", "2.5";
"AST/ALT" -> "AST", "/", "ALT"), so that analytes and values are tokens of their own.

Cut-offs that keep tokenizing linear in the text's length (a hostile record must not stall a run):
- spaCy strips prefixes and suffixes from a run of non-space characters one at a time, each strip searching
  the whole run: a run of 10,000 ':' or '(' costs 10,000² steps. `BoundedTokenizer` cuts runs longer than
  `MAX_RUN` characters into pieces (at a punctuation boundary where it can) and tokenizes each piece; a piece
  inside such a run that is only punctuation is collapsed into one token, so that a run of 30,000 brackets
  costs 150 tokens downstream instead of 30,000. The doc's text, and every offset into it, is the text as
  written. Texts without such a run are tokenized as before, token for token.
- scispaCy's AbbreviationDetector matches '(' + any number of tokens + ')', every pair of brackets in the
  doc (quadratic, and cubic in memory on nested brackets), then drops the spans of more than 8 tokens.
  `bounded_parenthesis_matcher` matches at most 8 tokens inside: the same spans it keeps, in the same order.
"""

from __future__ import annotations

import re

from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, registry

EXTRA_SUFFIXES = [r"[≥≤<>=≧≦⩾⩽]", r"(?<=[A-Za-z])-"]
EXTRA_INFIXES = [r"(?<=[A-Za-z0-9])\((?=[A-Za-z])", r"\)(?=[A-Za-z])", r"\)(?=[<>=≤≥≧≦⩾⩽])", r"(?<=[A-Za-z])/(?=[A-Za-z0-9])", r"(?<=[A-Za-z0-9])\)(?=/)", r"(?<=\))/(?=[A-Za-z0-9(])", r"[≥≤<>=≧≦⩾⩽]", r"(?<=[0-9])[x×](?=[0-9])", r"(?<=[A-Za-z0-9)])\\(?=[<>=^*])"]
EXTRA_PREFIXES = [r"[≥≤<>=≧≦⩾⩽①-⑳]", r"\\(?=[<>=^*\[])"]

MAX_RUN = 200  # the longest run of non-space characters tokenized in one piece
ABBREVIATION_MAX_TOKENS = 8  # scispaCy's filter_matches drops longer bracketed spans


@registry.tokenizers("trialcriteria.tokenizer.v1")
def create_tokenizer():
    def make(nlp):
        import warnings

        from scispacy.custom_tokenizer import combined_rule_tokenizer
        from spacy.tokenizer import Tokenizer

        if not hasattr(nlp, "tokenizer"):  # called from a config, while Language is still being built
            nlp.tokenizer = Tokenizer(nlp.vocab, token_match=nlp.Defaults.token_match)

        with warnings.catch_warnings():  # scispaCy's own rules trip a FutureWarning of `re`
            warnings.simplefilter("ignore", FutureWarning)
            tok = combined_rule_tokenizer(nlp)
        tok.infix_finditer = compile_infix_regex(list(nlp.Defaults.infixes or []) + EXTRA_INFIXES).finditer
        prefixes = list(nlp.Defaults.prefixes or []) + EXTRA_PREFIXES
        tok.prefix_search = compile_prefix_regex(prefixes).search
        tok.suffix_search = compile_suffix_regex(list(nlp.Defaults.suffixes or []) + EXTRA_SUFFIXES).search
        return tok

    return make


_LONG_RUN = re.compile(r"(?<!\S)\S{%d,}+" % (MAX_RUN + 1))


def _cut(run_start: int, run_end: int, text: str) -> list[int]:
    """Cut points inside one long run: every MAX_RUN characters at most, each moved back to the last boundary
    between a punctuation character and another character in the second half of its piece, where tokenizing
    splits anyway."""
    cuts, pos = [], run_start
    while run_end - pos > MAX_RUN:
        limit = pos + MAX_RUN
        cut = limit
        for i in range(limit, pos + MAX_RUN // 2, -1):
            if not (text[i - 1].isalnum() and text[i].isalnum()):
                cut = i
                break
        cuts.append(cut)
        pos = cut
    return cuts


def pieces(text: str) -> list[tuple[int, int, bool]]:
    """Pure: (start, end, collapsed) pieces of text such that none holds a run of more than MAX_RUN non-space
    characters. A piece inside a long run that holds no letter or digit ("::::", "((((", "\\>\\>") is
    `collapsed`: it becomes one token. Pieces meet only inside runs, never at a space."""
    cuts: list[tuple[int, bool]] = []  # (cut point, the piece after it is collapsed)
    for m in _LONG_RUN.finditer(text):
        points = _cut(m.start(), m.end(), text)
        for a, b in zip(points, [*points[1:], None]):
            inner = b is not None and not any(ch.isalnum() for ch in text[a:b])
            cuts.append((a, inner))
    bounds = [0, *(c for c, _ in cuts), len(text)]
    flags = [False, *(f for _, f in cuts)]
    return [(a, b, f) for a, b, f in zip(bounds, bounds[1:], flags)]


class BoundedTokenizer:
    """Wraps a spaCy tokenizer: texts with a run of more than MAX_RUN non-space characters are tokenized piece
    by piece (see the module docstring); every other text goes to the wrapped tokenizer as it is."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer
        self.vocab = tokenizer.vocab

    def __call__(self, text: str):
        parts = pieces(text)
        if len(parts) == 1:
            return self.tokenizer(text)
        from spacy.tokens import Doc

        docs = [Doc(self.vocab, words=[text[a:b]], spaces=[False]) if collapsed else self.tokenizer(text[a:b])
                for a, b, collapsed in parts]
        return Doc.from_docs(docs, ensure_whitespace=False)

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

    def __getattr__(self, name):  # explain, to_disk, from_disk, ... of the wrapped tokenizer
        return getattr(self.tokenizer, name)


def bounded_parenthesis_matcher(vocab):
    """A Matcher for scispaCy's AbbreviationDetector: '(' + 1 to 8 tokens + ')'."""
    from spacy.matcher import Matcher

    matcher = Matcher(vocab)
    matcher.add("parenthesis", [[{"ORTH": "("}, {"OP": "{1,%d}" % ABBREVIATION_MAX_TOKENS}, {"ORTH": ")"}]])
    return matcher
