import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index.js';
import { runCli } from '../helpers/run-cli.js';

// Issue 20.6: every command's --help, and README's command table, agree with what the parser accepts.

const README = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
const NAMES = Object.keys(commands);

/** Long flags (`--name`) and short ones (`-f`) a text mentions. */
function flagsIn(text: string): { long: Set<string>; short: Set<string> } {
  const long = new Set([...text.matchAll(/(?<![\w-])--([a-z][a-z0-9-]*)/g)].map((m) => m[1]!));
  const short = new Set([...text.matchAll(/(?<![\w-])-([a-zA-Z])(?![\w-])/g)].map((m) => m[1]!));
  return { long, short };
}

/** README's command table: `| \`galctl NAME …\` | … |` rows of the table headed `| command | what it does |`. */
function readmeRows(): Map<string, string> {
  const start = README.indexOf('| command | what it does |');
  const table = README.slice(start).split('\n\n')[0]!;
  const rows = new Map<string, string>();
  for (const m of table.matchAll(/^\| `galctl ([a-z]+)([^`]*)`/gm)) rows.set(m[1]!, m[2]!.replace(/\\\|/g, '|'));
  return rows;
}

/** `galctl NAME --flag ARG …` mentions in a text: the command and the words after it (up to a backtick, paren or line end). */
function mentions(text: string): { name: string; words: string }[] {
  return [...text.matchAll(/galctl ([a-z]+)((?:[ \t]+[^\s`)'"]+)*)/g)].map((m) => ({ name: m[1]!, words: m[2]! }));
}

/** A help text without its mentions of other commands (`run galctl plan --out first`): their flags are theirs. */
function ownText(text: string, name: string): string {
  return text.replace(/galctl ([a-z]+)((?:[ \t]+[^\s`)'"]+)*)/g, (m, other: string) => (other === name ? m : ''));
}

/** README's exit-code table: per command, the codes whose cell says something. */
function readmeExitCodes(): Map<string, number[]> {
  const start = README.indexOf('| command | 0 | 1 | 2 | 3 | 130 |');
  const table = README.slice(start).split('\n\n')[0]!;
  const codes = [0, 1, 2, 3, 130];
  const rows = new Map<string, number[]>();
  for (const line of table.split('\n').slice(2)) {
    const cells = line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
    const name = /^`galctl ([a-z]+)`$/.exec(cells[0] ?? '')?.[1];
    if (name !== undefined) rows.set(name, codes.filter((_, i) => (cells[i + 1] ?? '') !== ''));
  }
  return rows;
}

describe.each(NAMES)('galctl %s', (name) => {
  it('--help documents every flag the parser accepts, and each flag it documents is accepted', async () => {
    const command = await commands[name]!();
    const r = await runCli([name, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
    const documented = flagsIn(ownText(r.stdout, name));
    const accepted = new Set(Object.keys(command.options));
    const acceptedShort = new Set(Object.values(command.options).flatMap((o) => (o.short === undefined ? [] : [o.short])));
    // --help and -h are main's, for every command
    expect([...documented.long].filter((f) => f !== 'help' && !accepted.has(f)), 'documented in --help, refused by the parser').toEqual([]);
    expect([...documented.short].filter((f) => f !== 'h' && !acceptedShort.has(f)), 'short flags documented, refused').toEqual([]);
    expect([...accepted].filter((f) => !documented.long.has(f)), 'accepted by the parser, missing from --help').toEqual([]);
    expect([...acceptedShort].filter((f) => !documented.short.has(f)), 'short flags accepted, missing from --help').toEqual([]);
  });

  it("README's exit-code table has a row for it, with 130 exactly when an interrupt ends it as one", async () => {
    const command = await commands[name]!();
    const codes = readmeExitCodes().get(name);
    expect(codes, `README exit-code row for galctl ${name}`).toBeDefined();
    expect(codes).toContain(0);
    expect(codes).toContain(1);
    expect(codes?.includes(130)).toBe(command.endsOnInterrupt !== true);
  });

  it("README's command table has a row for it, and every flag the row shows is accepted", async () => {
    const command = await commands[name]!();
    const row = readmeRows().get(name);
    expect(row, `README command table row for galctl ${name}`).toBeDefined();
    const { long, short } = flagsIn(row ?? '');
    const acceptedShort = new Set(Object.values(command.options).flatMap((o) => (o.short === undefined ? [] : [o.short])));
    expect([...long].filter((f) => !(f in command.options))).toEqual([]);
    expect([...short].filter((f) => !acceptedShort.has(f))).toEqual([]);
  });
});

/** main's own flags, before any command: --help/-h and --version/-v */
const TOP_LEVEL = ['help', 'version'];

describe('galctl --help', () => {
  it('lists every command and documents the top-level flags; README names each command', async () => {
    const r = await runCli(['--help']);
    expect([...flagsIn(r.stdout).long].sort()).toEqual(TOP_LEVEL);
    for (const flag of TOP_LEVEL) expect((await runCli([`--${flag}`])).code).toBe(0);
    for (const name of NAMES) {
      expect(r.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
      expect(README).toContain(`galctl ${name}`);
    }
  });
});

/** Every .ts file under src/ and every markdown file of the docs (README.md, docs/). */
function sources(): { file: string; text: string }[] {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const files = [...filesUnder(path.join(root, 'src'), '.ts'), ...filesUnder(path.join(root, 'docs'), '.md'), path.join(root, 'README.md')];
  return files.map((file) => ({ file: path.relative(root, file), text: readFileSync(file, 'utf8') }));
}

function filesUnder(dir: string, ext: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(full, ext) : e.name.endsWith(ext) ? [full] : [];
  });
}

describe('errors, hints and docs', () => {
  it('name only flags the command they name accepts (`galctl plan --out`, `galctl apply --wait` …)', async () => {
    const loaded = new Map(await Promise.all(NAMES.map(async (n) => [n, await commands[n]!()] as const)));
    const wrong: string[] = [];
    for (const { file, text } of sources()) {
      for (const { name, words } of mentions(text)) {
        const command = loaded.get(name);
        if (command === undefined) continue;
        const shorts = new Set(Object.values(command.options).flatMap((o) => (o.short === undefined ? [] : [o.short])));
        const { long, short } = flagsIn(words);
        for (const f of long) if (f !== 'help' && !(f in command.options)) wrong.push(`${file}: galctl ${name} --${f}`);
        for (const f of short) if (f !== 'h' && !shorts.has(f)) wrong.push(`${file}: galctl ${name} -${f}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('errors and hints name only flags some command accepts', async () => {
    const all = new Set([...TOP_LEVEL, ...(await Promise.all(NAMES.map(async (n) => Object.keys((await commands[n]!()).options)))).flat()]);
    const wrong: string[] = [];
    for (const { file, text } of sources().filter((s) => s.file.startsWith('src'))) {
      // every string literal of the source: messages, hints (`{ hint: … }`, UsageError's second argument), help
      for (const m of text.matchAll(/(['`"])((?:(?!\1)[^\\\n]|\\.)*)\1/g)) {
        for (const f of flagsIn(m[2]!).long) if (f !== 'help' && !all.has(f)) wrong.push(`${file}: --${f} in "${m[2]}"`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
