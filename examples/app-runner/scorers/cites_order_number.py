"""Galileo code scorer: 1.0 when the answer cites a 4-digit order number, else 0.0."""
import re

ORDER = re.compile(r"\b\d{4}\b")


def scorer_fn(step_object, **kwargs) -> float:
    output = step_object.output
    if not output:
        return 0.0
    text = output if isinstance(output, str) else output.content or ""
    return 1.0 if ORDER.search(text) else 0.0
