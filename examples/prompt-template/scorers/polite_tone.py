"""Galileo code scorer: 1.0 for a polite answer, minus 0.25 per curt marker (never below 0)."""

CURT_MARKERS = ("obviously", "as i said", "read the manual", "just do", "whatever")


def scorer_fn(step_object, **kwargs) -> float:
    output = step_object.output
    if not output:
        return 0.0
    # a Message object when Galileo generated the output from a prompt template (flow A)
    text = (output if isinstance(output, str) else output.content or "").lower()
    hits = sum(1 for marker in CURT_MARKERS if marker in text)
    return max(0.0, 1.0 - 0.25 * hits)
