"""Galileo code scorer: 1.0 when the answer cites a source like [doc-12], else 0.0."""
import re

CITATION = re.compile(r"\[doc-\d+\]")


def scorer_fn(step_object, **kwargs) -> float:
    output = step_object.output
    if not output:
        return 0.0
    text = output if isinstance(output, str) else output.content or ""
    return 1.0 if CITATION.search(text) else 0.0
