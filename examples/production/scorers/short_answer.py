"""Galileo code scorer: 1.0 when the answer keeps to two sentences (the prompt's rule), lower per extra sentence."""
import re

SENTENCE_END = re.compile(r"[.!?](\s|$)")


def scorer_fn(step_object, **kwargs) -> float:
    output = step_object.output
    text = output if isinstance(output, str) else getattr(output, "content", "") or ""
    sentences = len(SENTENCE_END.findall(text.strip()))
    return 1.0 if sentences <= 2 else max(0.0, 1.0 - 0.25 * (sentences - 2))
