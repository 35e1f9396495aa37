"""Galileo code scorer: response length normalised to 0-1 (200 characters or more = 1.0)."""


def scorer_fn(step_object, **kwargs) -> float:
    output = step_object.output
    if not output:
        return 0.0
    # output is a plain string for raw traces (flow C) and pre-generated outputs (flow B);
    # a Message object when Galileo called the LLM through a prompt template (flow A).
    text = output if isinstance(output, str) else output.content
    return min(len(text or "") / 200.0, 1.0)
