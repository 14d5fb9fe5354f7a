"""scispaCy's tokenizer, with comparators and letter/letter slashes split off ("≤2.5" -> "≤", "2.5";
"AST/ALT" -> "AST", "/", "ALT"), so that analytes and values are tokens of their own."""

from __future__ import annotations

from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, registry

EXTRA_SUFFIXES = [r"[≥≤<>=≧≦⩾⩽]", r"(?<=[A-Za-z])-"]
EXTRA_INFIXES = [r"(?<=[A-Za-z0-9])\((?=[A-Za-z])", r"\)(?=[A-Za-z])", r"\)(?=[<>=≤≥≧≦⩾⩽])", r"(?<=[A-Za-z])/(?=[A-Za-z0-9])", r"(?<=[A-Za-z0-9])\)(?=/)", r"(?<=\))/(?=[A-Za-z0-9(])", r"[≥≤<>=≧≦⩾⩽]", r"(?<=[0-9])[x×](?=[0-9])", r"(?<=[A-Za-z0-9)])\\(?=[<>=^*])"]
EXTRA_PREFIXES = [r"[≥≤<>=≧≦⩾⩽①-⑳]", r"\\(?=[<>=^*\[])"]


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
