// The same support application in Node (no dependencies, offline, deterministic), answering plain text.
// galctl runs it once per dataset row: the row as one JSON object on stdin, the answer on stdout.
import { readFileSync } from 'node:fs';

const here = new URL('.', import.meta.url);
const orders = JSON.parse(readFileSync(new URL('orders.json', here), 'utf8'));
const template = readFileSync(new URL('prompts/answer.txt', here), 'utf8').trim();

let text = '';
for await (const chunk of process.stdin) text += chunk;
const row = JSON.parse(text);
const question = typeof row.input === 'string' ? row.input : JSON.stringify(row.input);
const order = /\b(\d{4})\b/.exec(question)?.[1];
const record = order === undefined ? undefined : orders[order];
if (record === undefined) {
  process.stdout.write('I could not find an order number in your question: please give the 4-digit number on your receipt.\n');
} else {
  const fields = { order, ...record };
  process.stdout.write(`${template.replace(/\{(\w+)\}/g, (_, k) => fields[k] ?? '')}\n`);
}
