"""scispaCy's tokenizer, with comparators and letter/letter slashes split off ("≤2.5" -> "≤", "2.5";
"AST/ALT" -> "AST", "/", "ALT"), so that analytes and values are tokens of their own.

Cut-offs that keep tokenizing linear in the text's length (a hostile record must not stall a run):
- spaCy strips prefixes and suffixes from a run of non-space characters one at a time, each strip searching
  the whole run: a run of 10,000 ':' or '(' costs 10,000² steps. `BoundedTokenizer` cuts runs longer than
  `MAX_RUN` characters into pieces (at a punctuation boundary where it can) and tokenizes each piece, so the
  doc's text, and every offset into it, is the text as written. Texts without such a run are tokenized as
  before, token for token.
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


def cut_points(text: str) -> list[int]:
    """Pure: where to cut text so that no piece holds a run of more than MAX_RUN non-space characters."""
    return [c for m in _LONG_RUN.finditer(text) for c in _cut(m.start(), m.end(), text)]


class BoundedTokenizer:
    """Wraps a spaCy tokenizer: texts with a run of more than MAX_RUN non-space characters are tokenized piece
    by piece (see the module docstring); every other text goes to the wrapped tokenizer as it is."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer
        self.vocab = tokenizer.vocab

    def __call__(self, text: str):
        cuts = cut_points(text)
        if not cuts:
            return self.tokenizer(text)
        from spacy.tokens import Doc

        bounds = [0, *cuts, len(text)]
        docs = [self.tokenizer(text[a:b]) for a, b in zip(bounds, bounds[1:])]
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
