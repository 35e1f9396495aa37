"""A tiny support application for galctl's runner (standard library only, offline, deterministic).

galctl runs it once per dataset row: the row arrives as one JSON object on stdin ({"input": ..., "output": ...}),
the answer goes to stdout. This one answers JSON with its own spans (a retriever and an llm step), so Galileo shows
how the answer was made; printing plain text works too (see answer.mjs).
"""
import json
import pathlib
import re
import sys
import time

HERE = pathlib.Path(__file__).parent
ORDERS = json.loads((HERE / "orders.json").read_text(encoding="utf-8"))
TEMPLATE = (HERE / "prompts" / "answer.txt").read_text(encoding="utf-8").strip()
ORDER_NUMBER = re.compile(r"\b(\d{4})\b")


def answer(question):
    started = time.perf_counter()
    match = ORDER_NUMBER.search(question)
    order = match.group(1) if match else None
    record = ORDERS.get(order) if order else None
    retrieved_ms = (time.perf_counter() - started) * 1000
    if record is None:
        text = "I could not find an order number in your question: please give the 4-digit number on your receipt."
        documents = []
    else:
        text = TEMPLATE.format(order=order, **record)
        documents = [{"content": json.dumps({order: record}), "metadata": {"source": "orders.json"}}]
    return {
        "output": text,
        "metadata": {"app": "answer.py", "order": order or ""},
        "spans": [
            {"type": "retriever", "name": "order lookup", "input": question, "output": documents, "duration_ms": retrieved_ms},
            {"type": "llm", "name": "compose", "input": question, "output": text, "model": "template"},
        ],
    }


def main():
    row = json.load(sys.stdin)
    question = row.get("input")
    if not isinstance(question, str):
        question = json.dumps(question)
    json.dump(answer(question), sys.stdout)


if __name__ == "__main__":
    main()
