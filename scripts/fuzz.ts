/**
 * CLI fuzzing: mutated payloads fed through the built binary (dist/src/cli/start/bin.cjs, the installed command), many files per run.
 *
 *   node dist/scripts/fuzz.js [--count N] [--seed S] [--batch B] [--jobs J] [--timeout MS] [--crashes DIR] [--verbose]
 *
 * Defaults: 10,000 inputs, a seed from the clock (printed, to replay the run), 200 files per run, as many
 * runs at once as there are cores (at most 4), 60 s per run, crashes saved under the system's temp folder.
 *
 * Inputs are of three kinds, each from its own starting points, with one to three mutations:
 * - JSON payloads, from every sample (samples/documented, valid and invalid): byte flips, truncations,
 *   inserted junk, huge numbers, very long strings, deep nesting, __proto__/constructor keys, invalid
 *   UTF-8, lone surrogates, encodings, duplicate keys, type swaps;
 * - HTTP messages (.http), requests and responses built around the samples and the exchange fixtures:
 *   mutated start lines, headers, bodies and line endings, several messages in a file, and the above;
 * - reference pages (.md), the page fixtures (test/fixtures/pages): broken annotations, unclosed and
 *   nested fences, huge blocks, mutated bodies, and the above.
 * Each batch of files is linted by one run of the binary with --format json (validate for payloads and
 * messages, docs for pages), and checked:
 * - the exit status is 0, 1 or 2, and 1 exactly when the report counts errors;
 * - nothing on stderr (no stack trace, no "internal error") but, for docs, one count line per page;
 * - every file is in the report, every problem has a rule id, a severity, line >= 1 and column >= 1,
 *   and its line exists in the file;
 * - the run ends within the time limit;
 * - every input file is byte-identical after the run.
 * One batch in five is also linted with another format (stylish, github, sarif, junit), which must give the
 * same exit status without a stack trace. A failing batch is bisected down to the inputs that fail it,
 * and those are saved (with the reason) in the crashes folder.
 *
 * The generator is seeded: on the same samples, a seed and a count replay a campaign exactly.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configFileName } from '../src/cli/config/config.js';
import { kinds } from '../src/model/kind.js';
import { packageRoot } from '../src/paths.js';

export interface CampaignOptions {
  /** How many inputs to generate and lint. */
  readonly count: number;
  readonly seed: number;
  /** Files per run of the binary. */
  readonly batchSize?: number;
  /** Runs of the binary at the same time. */
  readonly jobs?: number;
  /** Longest a run may take before it counts as a hang. */
  readonly batchTimeoutMs?: number;
  /** Where failing inputs are saved; nothing is saved without it. */
  readonly crashDir?: string;
  /** Progress lines; silent without it. */
  readonly log?: (line: string) => void;
  /** The CLI to run; the built binary unless a test hands it a stand-in that is known to fail. */
  readonly binary?: string;
}

export interface Crash {
  /** The input's file name: its index and the sample it was made from. */
  readonly name: string;
  readonly reason: string;
  readonly operators: readonly string[];
  readonly bytes: Buffer;
  /** Where it was saved, when a crash folder was given. */
  readonly savedAs?: string;
}

export interface CampaignResult {
  readonly seed: number;
  readonly inputs: number;
  readonly batches: number;
  /** Exit status of each run of the binary over a batch (json format). */
  readonly batchStatuses: Readonly<Record<string, number>>;
  /** Exit status each input would get alone: 1 when its report has an error, else 0. */
  readonly inputStatuses: Readonly<Record<string, number>>;
  /** Runs with another format, by format. */
  readonly otherFormats: Readonly<Record<string, number>>;
  /** How many inputs of each type (json, http, page) were linted. */
  readonly inputTypes: Readonly<Record<string, number>>;
  /** How often each mutation operator was applied. */
  readonly operators: Readonly<Record<string, number>>;
  /** How often each rule id was reported. */
  readonly ruleIds: Readonly<Record<string, number>>;
  readonly crashes: readonly Crash[];
  readonly slowestBatchMs: number;
  readonly durationMs: number;
}

const builtBinary = join(packageRoot, 'dist', 'src', 'cli', 'start', 'bin.cjs');
const samplesDir = join(packageRoot, 'samples');
const pagesDir = join(packageRoot, 'test', 'fixtures', 'pages');
const exchangesDir = join(packageRoot, 'test', 'fixtures', 'exchanges');
const otherFormatNames = ['stylish', 'github', 'sarif', 'junit'] as const;


// ---------------------------------------------------------------------------------------------------------
// Seeded randomness (mulberry32): the same seed gives the same inputs on every platform.

class Random {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, max). */
  below(max: number): number {
    return Math.floor(this.next() * max);
  }

  pick<T>(list: readonly T[]): T {
    const item = list[this.below(list.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Mutation operators. Inputs are handled as latin1 strings, one character per byte, so byte-level edits
// and text edits mix freely; text that must be UTF-8 is converted with utf8().

const utf8 = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');

function insertAt(input: string, at: number, text: string): string {
  return input.slice(0, at) + text + input.slice(at);
}

/** The [start, end) spans of a token pattern (of its last group, when it has one), to pick one to replace. */
function spans(input: string, pattern: RegExp): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  for (const match of input.matchAll(pattern)) {
    const end = match.index + match[0].length;
    const group = match[1];
    found.push([group === undefined ? match.index : end - group.length, end]);
  }
  return found;
}

function replaceSpan(input: string, [start, end]: [number, number], text: string): string {
  return input.slice(0, start) + text + input.slice(end);
}

/**
 * Numbers in value position, not digits inside strings: the number is the last group of the match. (A
 * lookbehind would rescan the white space before every position: quadratic on a long run of spaces.)
 */
const numberToken = /[:[,]\s*(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(?=[\s,}\]])/g;
const stringToken = /"(?:[^"\\]|\\.)*"/g;
const valueToken = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/g;
const memberToken = /"(?:[^"\\]|\\.)*"\s*:\s*(?:"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/g;

const hugeNumbers = [
  '1e400', '-1e400', '1E-400', '-0', '0.0', `1${'0'.repeat(400)}`, `0.${'0'.repeat(400)}1`, '9223372036854775808', '9223372036854775807',
  '-9223372036854775809', '9007199254740993', '2147483648', '-2147483649', '123456789012345678901234567890', '1.7976931348623157e309', '4.9e-325',
];

const junk = [
  '{', '}', '[', ']', ',', ':', '"', '\\', 'null', 'true', 'NaN', 'Infinity', '-', '.', 'e', '//', '/*', '\'', '\t', '\r', '\n', '\u000b', ' ',
  '\\u', '\\ud800', '"\\udc00"', ',,', '{}', '[]', '"":', 'undefined', '0x1F', '+1', '01', '1.', '.5', utf8('\u2028'), utf8('\ufeff'), utf8('😀'), utf8('\u0000'),
];

function longText(random: Random): string {
  const length = random.pick([1_000, 10_000, 100_000, 1_000_000]);
  const unit = random.pick(['a', '/', ' ', '\\u0041', '\\\\', '+1', '%2', 'watermarkProtection,', '/communications/calls/', utf8('é'), utf8('😀'), '\\ud83d\\ude00', '\\ud800']);
  return unit.repeat(Math.ceil(length / unit.length));
}

function wrap(depth: number, open: string, close: string, inner: string): string {
  return `${open.repeat(depth)}${inner}${close.repeat(depth)}`;
}

type Operator = (input: string, random: Random, others: readonly Seed[]) => string;

const operators: Readonly<Record<string, Operator>> = {
  'bit-flip': (input, random) => {
    if (input.length === 0) return input;
    const bytes = Buffer.from(input, 'latin1');
    for (let flips = 1 + random.below(random.below(4) === 0 ? 8 : 2); flips > 0; flips -= 1) {
      const at = random.below(bytes.length);
      bytes[at] = (bytes[at] as number) ^ (1 << random.below(8));
    }
    return bytes.toString('latin1');
  },
  'byte-set': (input, random) => {
    if (input.length === 0) return String.fromCharCode(random.below(256));
    const bytes = Buffer.from(input, 'latin1');
    for (let sets = 1 + random.below(4); sets > 0; sets -= 1) bytes[random.below(bytes.length)] = random.below(256);
    return bytes.toString('latin1');
  },
  truncate: (input, random) => input.slice(0, random.below(input.length + 1)),
  'delete-range': (input, random) => {
    const start = random.below(input.length + 1);
    return input.slice(0, start) + input.slice(start + 1 + random.below(64));
  },
  'duplicate-range': (input, random) => {
    const start = random.below(input.length + 1);
    const piece = input.slice(start, start + 1 + random.below(200));
    return insertAt(input, random.below(input.length + 1), piece);
  },
  'insert-junk': (input, random) => {
    let out = input;
    for (let count = 1 + random.below(3); count > 0; count -= 1) out = insertAt(out, random.below(out.length + 1), random.pick(junk));
    return out;
  },
  'huge-number': (input, random) => {
    const numbers = spans(input, numberToken);
    // Samples hold few numbers, so any value (a string id, a flag) may become one too.
    const found = numbers.length > 0 && random.below(2) === 0 ? numbers : spans(input, valueToken);
    const number = random.pick(hugeNumbers);
    if (found.length === 0) return insertAt(input, random.below(input.length + 1), number);
    return replaceSpan(input, random.pick(found), number);
  },
  'long-string': (input, random) => {
    const found = spans(input, stringToken);
    const text = `"${longText(random)}"`;
    if (found.length === 0) return text;
    return replaceSpan(input, random.pick(found), text);
  },
  'deep-nesting': (input, random) => {
    const depth = random.pick([10, 500, 999, 1000, 1001, 5000, 100_000]);
    const found = spans(input, valueToken);
    const nest = (inner: string): string =>
      random.below(2) === 0 ? wrap(depth, '[', ']', inner) : wrap(depth, '{"participants":', '}', inner);
    if (found.length === 0 || random.below(4) === 0) return nest(input);
    const span = random.pick(found);
    return replaceSpan(input, span, nest(input.slice(span[0], span[1])));
  },
  'proto-keys': (input, random) => {
    const opens = spans(input, /\{/g);
    const key = random.pick([
      '"__proto__":{"polluted":true},',
      '"__proto__":null,',
      '"__proto__":[],',
      '"constructor":{"prototype":{"polluted":true}},',
      '"prototype":{"polluted":true},',
      '"toString":"x",',
      '"hasOwnProperty":1,',
      '"__proto__":{"participants":[],"value":[],"status":"running"},',
    ]);
    if (opens.length === 0) return `{${key}"x":1}`;
    const [, end] = random.pick(opens);
    return insertAt(input, end, key);
  },
  'invalid-utf8': (input, random) => {
    const bytes = random.pick(['\xc0\xaf', '\xff', '\xfe', '\xed\xa0\x80', '\xed\xbf\xbf', '\xe2\x82', '\xf4\x90\x80\x80', '\xf8\x88\x80\x80\x80', '\x80', '\xc2']);
    return insertAt(input, random.below(input.length + 1), bytes);
  },
  'lone-surrogate': (input, random) => {
    const found = spans(input, stringToken);
    const escape = random.pick(['\\ud800', '\\udfff', '\\ud83d', '\\ude00x', '\\uDBFF\\u0041']);
    if (found.length === 0) return `"${escape}"`;
    const [start] = random.pick(found);
    return insertAt(input, start + 1, escape);
  },
  'type-swap': (input, random) => {
    const found = spans(input, valueToken);
    if (found.length === 0) return input;
    return replaceSpan(input, random.pick(found), random.pick(['null', 'true', '0', '1.5', '"x"', '[]', '{}', '[null]', '{"":null}', '""']));
  },
  'duplicate-key': (input, random) => {
    const found = spans(input, memberToken);
    if (found.length === 0) return input;
    const span = random.pick(found);
    return insertAt(input, span[1], `,${input.slice(span[0], span[1])}`);
  },
  encoding: (input, random) => {
    switch (random.below(6)) {
      case 0:
        return `\xef\xbb\xbf${input}`;
      case 1:
        return `\xff\xfe${Buffer.from(Buffer.from(input, 'latin1').toString('utf8'), 'utf16le').toString('latin1')}`;
      case 2:
        return `\xfe\xff${input}`;
      case 3:
        return input.replace(/\n/g, '\r\n');
      case 4:
        return input.replace(/\n/g, '\r');
      default:
        return insertAt(input, random.below(input.length + 1), '\x00');
    }
  },
  empty: (_input, random) => random.pick(['', ' ', '\n', '\r\n\t ', '\xef\xbb\xbf', '\xef\xbb\xbf \n']),
  splice: (input, random, others) => {
    const other = random.pick(others).text;
    return input.slice(0, random.below(input.length + 1)) + other.slice(random.below(other.length + 1));
  },
};

/** How often each payload operator is drawn: byte-level ones mostly stop at the parser, so structure-keeping ones weigh more. */
const weights: ReadonlyArray<readonly [string, number]> = [
  ['bit-flip', 8], ['byte-set', 4], ['truncate', 6], ['delete-range', 6], ['duplicate-range', 5], ['insert-junk', 8],
  ['huge-number', 8], ['long-string', 4], ['deep-nesting', 4], ['proto-keys', 8], ['invalid-utf8', 4], ['lone-surrogate', 6],
  ['type-swap', 12], ['duplicate-key', 6], ['encoding', 3], ['empty', 1], ['splice', 3],
];

/** The structure-keeping payload operators, applied to the body inside a message or a page's block. */
const bodyOperators = ['huge-number', 'long-string', 'deep-nesting', 'proto-keys', 'lone-surrogate', 'type-swap', 'duplicate-key', 'insert-junk', 'truncate', 'invalid-utf8'];

// ---------------------------------------------------------------------------------------------------------
// HTTP messages (.http): a start line, headers, a blank line, a body.

/** Where the head of a message ends and its body starts: after the first blank line (any line ending). */
function splitMessage(input: string): { head: string; separator: string; body: string } {
  const blank = /\r?\n\r?\n|\r\r/.exec(input);
  if (blank === null) return { head: input, separator: '', body: '' };
  return { head: input.slice(0, blank.index), separator: blank[0], body: input.slice(blank.index + blank[0].length) };
}

const invitePath = '/communications/calls/4b8e2c6a-1d3f-4a5b-9c7e-0f2a4b6c8d0e/participants/invite';
const startLines = [
  `POST https://graph.microsoft.com/v1.0${invitePath} HTTP/1.1`, `POST https://graph.microsoft.com/beta${invitePath}`, `post ${invitePath} HTTP/1.1`,
  `GET https://graph.microsoft.com/v1.0${invitePath} HTTP/1.1`, `PATCH ${invitePath} HTTP/2`, `POST https://graph.microsoft.com/v1.0/communications/calls//participants/invite HTTP/1.1`,
  `POST https://graph.microsoft.com/v1.0/communications/calls/%2e%2e/participants/invite?x=1#f HTTP/1.1`, `POST communications/calls/x/participants/invite HTTP/1.1`,
  `POST https://graph.microsoft.com/v1.0/app/calls/x/participants/invite HTTP/1.1`, `POST https://graph.microsoft.com/v1.0${invitePath}/ HTTP/9.9`,
  `POST https://graph.microsoft.com/v1.0/communications/calls/${'a'.repeat(100_000)}/participants/invite HTTP/1.1`, 'POST', 'POST  HTTP/1.1', ' ', '',
  'HTTP/1.1 200 OK', 'HTTP/1.1 202 Accepted', 'HTTP/1.1 201', 'HTTP/1.1 abc OK', 'HTTP/1.1 99999 Huge', 'HTTP/2 200', 'HTTP/1.1 400 Bad Request', 'HTTP/1.1 -1 X',
  'http/1.1 200 ok', 'HTTP/1.1 200 OK HTTP/1.1 200 OK', '{', '### a title', '# a comment', '@host = https://graph.microsoft.com', `POST {{host}}${invitePath} HTTP/1.1`,
];
const headerLines = [
  'Content-Type: application/json', 'content-type: application/json; charset=utf-8', 'Content-Type: text/plain', 'Content-Type: application/json; charset=utf-16',
  'Content-Type:', 'Content-Type application/json', 'Content-Length: 0', 'Content-Length: -1', 'Content-Length: 99999999999999999999', 'Content-Length: abc',
  'Content-Length: 12, 12', 'Authorization: Bearer x', 'Authorization: Basic dXNlcjpwYXNz', 'Authorization:', 'authorization: bearer {{token}}',
  'Location: https://graph.microsoft.com/v1.0/communications/calls/x/operations/y', 'Location: /relative', 'Location: ::::', ': no name', 'X-Junk: \x00\x01',
  ` folded continuation`, `X-Long: ${'v'.repeat(100_000)}`, 'Transfer-Encoding: chunked', 'Host: graph.microsoft.com', '{{$guid}}: {{$guid}}',
];

const httpOperators: Readonly<Record<string, Operator>> = {
  'http-start-line': (input, random) => {
    const { head, separator, body } = splitMessage(input);
    const lines = head.split(/\r?\n|\r/);
    const at = lines.findIndex((line) => /^(POST|GET|PUT|PATCH|HTTP\/)/i.test(line));
    lines[at === -1 ? 0 : at] = random.pick(startLines);
    return lines.join('\n') + separator + body;
  },
  'http-headers': (input, random) => {
    const { head, separator, body } = splitMessage(input);
    const lines = head.split(/\r?\n|\r/);
    const at = 1 + random.below(Math.max(1, lines.length - 1));
    switch (random.below(5)) {
      case 0:
        lines.splice(at, 1);
        break;
      case 1:
        lines.splice(at, 0, lines[at] ?? random.pick(headerLines));
        break;
      case 2:
        lines[at] = (lines[at] ?? '').toUpperCase();
        break;
      default:
        lines.splice(at, 0, random.pick(headerLines));
    }
    return lines.join('\n') + (separator === '' ? '\n\n' : separator) + body;
  },
  'http-body': (input, random, others) => {
    const { head, separator, body } = splitMessage(input);
    const name = random.pick(bodyOperators);
    return head + separator + (operators[name] as Operator)(body, random, others);
  },
  'http-line-endings': (input, random) => {
    switch (random.below(6)) {
      case 0:
        return input.replace(/\r?\n/g, '\r\n');
      case 1:
        return input.replace(/\r?\n/g, '\r');
      case 2:
        return input.replace(/\r?\n/g, () => random.pick(['\n', '\r\n', '\r']));
      case 3: {
        // No blank line between head and body, or several.
        const { head, body } = splitMessage(input);
        return head + random.pick(['\n', '\n\n\n\n', '\r\n \r\n', '']) + body;
      }
      case 4:
        return `${input}${random.pick(['\n', '\n\n', '\r\n\r\n', '   ', '\n###\n'])}`;
      default:
        return input.replace(/\n/g, ' \t\n');
    }
  },
  'http-several': (input, random, others) => {
    const other = random.pick(others.filter((seed) => seed.type === 'http')).text;
    return random.pick([`${input}\n###\n${other}`, `${input}\n\n${other}`, `${other}\n### second\n\n${input}`, `${input}\n###\n###\n`]);
  },
};

// ---------------------------------------------------------------------------------------------------------
// Reference pages (.md): annotations, fenced blocks and the payloads in them.

const annotationToken = /<!--[\s\S]*?-->/g;
const fenceLine = /^(`{3,}|~{3,})[^\n]*$/gm;
const fencedBlock = /^```[^\n]*\n([\s\S]*?)^```[ \t]*$/gm;
const brokenAnnotations = [
  '<!-- { "blockType": "request", "name": "x" ', '<!-- { "blockType": "request", "name": "x" }', '<!-- { "blockType": "response" }-- >', '<!-- { blockType: request } -->',
  '<!-- { "blockType": "Response" } -->', '<!-- { "blockType": "requst" } -->', '<!-- { "blockType": null } -->', '<!-- [] -->', '<!-- "request" -->', '<!---->', '<!-- -->',
  '<!-- { "blockType": "response", "truncated": 1 } -->', '<!-- { "blockType": "example", "@odata.type": "#microsoft.graph.call" } -->',
  '<!-- { "blockType": "example", "@odata.type": 7 } -->', `<!-- { "blockType": "request", "name": "${'n'.repeat(100_000)}" } -->`,
  '<!-- { "blockType": "request", "blockType": "response" } -->', '<!-- { "blockType": "request" } --><!-- { "blockType": "response" } -->',
  '<!-- { "blockType": "ignored" } -->', '<!-- { "__proto__": { "blockType": "request" } } -->', '<!-- {"blockType":"response","isCollection":true} -->',
];

/**
 * How many copies of a text a huge block takes: as many as asked, within a few megabytes, so that mutations
 * that compound stay within memory (the inputs of a campaign are all made up front) and near --max-bytes.
 */
function timesUpTo(text: string, wanted: number): number {
  return Math.max(1, Math.min(wanted, Math.floor(4_000_000 / Math.max(1, text.length))));
}

const pageOperators: Readonly<Record<string, Operator>> = {
  'page-annotation': (input, random) => {
    const found = spans(input, annotationToken);
    const broken = random.pick(brokenAnnotations);
    if (found.length === 0 || random.below(4) === 0) return insertAt(input, random.below(input.length + 1), `\n${broken}\n`);
    return replaceSpan(input, random.pick(found), broken);
  },
  'page-unclosed-fence': (input, random) => {
    const found = spans(input, fenceLine);
    if (found.length === 0) return `${input}\n\`\`\`json\n{`;
    return replaceSpan(input, random.pick(found), random.pick(['', '``', '` ``', '```json', '````']));
  },
  'page-nested-fence': (input, random) => {
    const found = spans(input, fencedBlock);
    if (found.length === 0) return `${input}\n\`\`\`\`\n\`\`\`json\n{}\n\`\`\`\n\`\`\`\`\n`;
    const [start, end] = random.pick(found);
    // The group is the block's content: nest a fence inside it, or wrap it in a longer or a tilde fence.
    const content = input.slice(start, end);
    const nested = random.pick([
      `\`\`\`json\n${content}\`\`\`\n`, `~~~\n${content}~~~\n`, `    \`\`\`\n${content}`, `\`\`\`\`\n${content}\`\`\`\`\n`, `${content}\`\`\`\n\`\`\`http\n${content}`,
    ]);
    return replaceSpan(input, [start, end], nested);
  },
  'page-huge-block': (input, random) => {
    const found = spans(input, fencedBlock);
    if (found.length === 0) return input + `\n\`\`\`json\n${'['.repeat(50_000)}\n\`\`\`\n`;
    const [start, end] = random.pick(found);
    const content = input.slice(start, end);
    switch (random.below(3)) {
      case 0:
        // The whole page many times over: many blocks, many annotations.
        return input.repeat(timesUpTo(input, random.pick([50, 500])));
      case 1:
        return replaceSpan(input, [start, end], content.repeat(timesUpTo(content, random.pick([100, 10_000]))));
      default:
        return replaceSpan(input, [start, end], `${longText(random)}\n`);
    }
  },
  'page-body': (input, random, others) => {
    const found = spans(input, fencedBlock);
    if (found.length === 0) return input;
    const [start, end] = random.pick(found);
    const name = random.pick(bodyOperators);
    return replaceSpan(input, [start, end], (operators[name] as Operator)(input.slice(start, end), random, others));
  },
};

/** The operators drawn for each type of input: its own, and the payload ones on the whole text. */
const weightsByType: Readonly<Record<InputType, ReadonlyArray<readonly [string, number]>>> = {
  json: weights,
  http: [['http-start-line', 10], ['http-headers', 12], ['http-body', 14], ['http-line-endings', 6], ['http-several', 3], ['bit-flip', 3], ['truncate', 2], ['insert-junk', 2], ['invalid-utf8', 1], ['encoding', 1]],
  page: [['page-annotation', 10], ['page-unclosed-fence', 6], ['page-nested-fence', 6], ['page-huge-block', 3], ['page-body', 14], ['bit-flip', 3], ['truncate', 2], ['insert-junk', 2], ['invalid-utf8', 1], ['encoding', 1]],
};

const everyOperator: Readonly<Record<string, Operator>> = { ...operators, ...httpOperators, ...pageOperators };

function drawOperator(random: Random, type: InputType): string {
  const list = weightsByType[type];
  let roll = random.below(list.reduce((sum, [, weight]) => sum + weight, 0));
  for (const [name, weight] of list) {
    if (roll < weight) return name;
    roll -= weight;
  }
  return 'bit-flip';
}

export const operatorNames: readonly string[] = Object.keys(everyOperator);

/** What an input is: a JSON payload, an HTTP message or a reference page; its file name ends accordingly. */
export type InputType = 'json' | 'http' | 'page';

interface Seed {
  readonly name: string;
  readonly text: string;
  readonly type: InputType;
}

/** A sample's body in the HTTP message it travels in: the invite request, its response, or a webhook POST. */
function messageOf(name: string, body: string): string {
  const length = `Content-Length: ${body.length}`;
  if (name.includes('.request.')) return `POST https://graph.microsoft.com/v1.0${invitePath} HTTP/1.1\nContent-Type: application/json\nAuthorization: Bearer {{token}}\n${length}\n\n${body}`;
  if (name.includes('.response.')) return `HTTP/1.1 200 OK\nContent-Type: application/json\nLocation: https://graph.microsoft.com/v1.0/communications/calls/4b8e2c6a/operations/60a7b8c9\n${length}\n\n${body}`;
  return `POST https://bot.example.com/api/calling HTTP/1.1\nContent-Type: application/json\n${length}\n\n${body}`;
}

/** Every sample payload, each also as an HTTP message, the exchange fixtures' messages and the page fixtures: the starting points of the mutations. */
function loadSeeds(): Seed[] {
  const seeds: Seed[] = [];
  for (const folder of ['documented', 'valid', 'invalid']) {
    const dir = join(samplesDir, folder);
    for (const name of readdirSync(dir).sort()) {
      if (!name.endsWith('.json') || name.endsWith('.expected.json')) continue;
      const text = readFileSync(join(dir, name)).toString('latin1');
      seeds.push({ name, text, type: 'json' });
      seeds.push({ name: name.replace(/\.json$/, '.http'), text: messageOf(name, text), type: 'http' });
    }
  }
  for (const folder of readdirSync(exchangesDir).sort()) {
    for (const name of readdirSync(join(exchangesDir, folder)).sort()) {
      if (name.endsWith('.http')) seeds.push({ name: `${folder}-${name}`, text: readFileSync(join(exchangesDir, folder, name)).toString('latin1'), type: 'http' });
    }
  }
  for (const name of readdirSync(pagesDir).sort()) {
    if (name.endsWith('.md')) seeds.push({ name, text: readFileSync(join(pagesDir, name)).toString('latin1'), type: 'page' });
  }
  for (const type of ['json', 'http', 'page'] as const) if (!seeds.some((seed) => seed.type === type)) throw new Error(`no ${type} seeds in ${packageRoot}`);
  return seeds;
}

/** How inputs are shared among the types: payloads most, as before; messages and pages a fifth each. */
const typeWeights: ReadonlyArray<readonly [InputType, number]> = [['json', 6], ['http', 2], ['page', 2]];

export interface Input {
  readonly name: string;
  readonly type: InputType;
  readonly bytes: Buffer;
  readonly operators: readonly string[];
}

function drawType(random: Random): InputType {
  let roll = random.below(typeWeights.reduce((sum, [, weight]) => sum + weight, 0));
  for (const [type, weight] of typeWeights) {
    if (roll < weight) return type;
    roll -= weight;
  }
  return 'json';
}

function makeInput(index: number, random: Random, seedsByType: Readonly<Record<InputType, readonly Seed[]>>): Input {
  const type = drawType(random);
  const seeds = seedsByType[type];
  const seed = random.pick(seeds);
  let text = seed.text;
  const applied: string[] = [];
  const roll = random.below(10);
  for (let count = roll < 6 ? 1 : roll < 9 ? 2 : 3; count > 0; count -= 1) {
    const name = drawOperator(random, type);
    // Splicing and several messages draw from the seeds of the same type, so a page stays a page.
    text = (everyOperator[name] as Operator)(text, random, seeds);
    applied.push(name);
  }
  return { name: `${String(index).padStart(6, '0')}.${seed.name}`, type, bytes: Buffer.from(text, 'latin1'), operators: applied };
}

/** The inputs of a campaign, in order: the same count and seed always give the same bytes. */
export function generateInputs(total: number, seed: number): Input[] {
  const random = new Random(seed);
  const seeds = loadSeeds();
  const seedsByType = { json: seeds.filter((one) => one.type === 'json'), http: seeds.filter((one) => one.type === 'http'), page: seeds.filter((one) => one.type === 'page') };
  return Array.from({ length: total }, (_, index) => makeInput(index, random, seedsByType));
}

// ---------------------------------------------------------------------------------------------------------
// Running the binary

interface RunOutcome {
  readonly status: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly ms: number;
}

function runBinary(binary: string, args: readonly string[], cwd: string, timeoutMs: number): Promise<RunOutcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [binary, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', GITHUB_STEP_SUMMARY: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), timedOut, ms: performance.now() - started });
    });
  });
}

interface JsonReport {
  files: Array<{ path: string; problems: Array<{ ruleId: unknown; severity: unknown; line: unknown; column: unknown }> }>;
  summary: { errors: number };
}

/** The most lines a file's bytes can hold, whichever of CRLF, CR and LF ends them. */
function lineBound(bytes: Buffer): number {
  let breaks = 0;
  for (const byte of bytes) if (byte === 0x0a || byte === 0x0d) breaks += 1;
  return breaks + 1;
}

interface BatchCheck {
  /** Failures pinned on one input, by file name. */
  readonly byInput: Map<string, string>;
  /** Failures of the run as a whole (a stack trace, a hang, a bad status). */
  readonly general: string[];
  readonly report: JsonReport | undefined;
  readonly outcome: RunOutcome;
}

/** What every batch of a campaign runs with: the binary, the scratch folder, the time limit of a run. */
interface Runner {
  readonly binary: string;
  readonly root: string;
  readonly timeoutMs: number;
}

/** How one batch is run: the command (validate for payloads and messages, docs for pages), extra arguments (--kind), and another format to compare with, if any. */
interface BatchHow {
  readonly command: 'validate' | 'docs';
  readonly args: readonly string[];
  readonly otherFormat: string | undefined;
}

/**
 * The stderr lines a run may print: docs says what each page held, one line each (and that nothing in a
 * page was checked when it held no request or response); anything else is a fault.
 */
function unexpectedStderr(stderr: string, how: BatchHow, folder: string): string {
  if (how.command !== 'docs') return stderr;
  return stderr
    .split('\n')
    .filter((line) => line !== '' && !(line.startsWith(`${folder}/`) && /: \d+ payloads?, \d+ exchanges?(?:; nothing in it was checked)?$/.test(line)))
    .join('\n');
}

/**
 * Lints a folder of inputs in one run and checks everything the run promises; with another format, lints
 * it again in that format, which must agree on the exit status and print no stack trace either.
 */
async function checkBatch(runner: Runner, folder: string, inputs: readonly Input[], how: BatchHow): Promise<BatchCheck> {
  const { binary, root, timeoutMs } = runner;
  const { command, args: extraArgs, otherFormat } = how;
  const dir = join(root, folder);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  for (const input of inputs) writeFileSync(join(dir, input.name), input.bytes);
  const outcome = await runBinary(binary, [command, '--format', 'json', ...extraArgs, folder], root, timeoutMs);
  const byInput = new Map<string, string>();
  const general: string[] = [];
  const crashed = (run: RunOutcome, label: string): void => {
    if (run.timedOut) general.push(`${label}: the run took longer than ${timeoutMs} ms`);
    if (run.status === null || ![0, 1, 2].includes(run.status)) general.push(`${label}: exit status ${String(run.status)} (signal ${String(run.signal)})`);
    const stderr = unexpectedStderr(run.stderr, how, folder);
    if (/\n\s+at /.test(stderr) || /internal error/i.test(stderr)) general.push(`${label}: stack trace or internal error on stderr: ${stderr.slice(0, 500)}`);
    else if (stderr !== '') general.push(`${label}: unexpected stderr: ${stderr.slice(0, 500)}`);
  };
  crashed(outcome, '--format json');
  let report: JsonReport | undefined;
  if (!outcome.timedOut) {
    try {
      report = JSON.parse(outcome.stdout) as JsonReport;
    } catch {
      general.push(`stdout is not a JSON report: ${outcome.stdout.slice(0, 200)}`);
    }
  }
  if (report !== undefined) {
    const expectedStatus = report.summary.errors > 0 ? 1 : 0;
    if (outcome.status !== expectedStatus) general.push(`exit status ${String(outcome.status)} with ${report.summary.errors} errors reported`);
    const byPath = new Map(report.files.map((file) => [file.path, file]));
    for (const input of inputs) {
      const file = byPath.get(`${folder}/${input.name}`);
      if (file === undefined) {
        byInput.set(input.name, 'missing from the report');
        continue;
      }
      const bound = lineBound(input.bytes);
      for (const problem of file.problems) {
        const { ruleId, severity, line, column } = problem;
        if (typeof ruleId !== 'string' || (severity !== 'error' && severity !== 'warning')) byInput.set(input.name, `malformed problem ${JSON.stringify(problem)}`);
        else if (!Number.isInteger(line) || !Number.isInteger(column) || (line as number) < 1 || (column as number) < 1) byInput.set(input.name, `${ruleId} at ${String(line)}:${String(column)}`);
        else if ((line as number) > bound) byInput.set(input.name, `${ruleId} at line ${String(line)} of a file with at most ${bound} lines`);
      }
    }
  }
  if (otherFormat !== undefined && general.length === 0) {
    const other = await runBinary(binary, [command, '--format', otherFormat, ...extraArgs, folder], root, timeoutMs);
    crashed(other, `--format ${otherFormat}`);
    if (other.status !== outcome.status) general.push(`--format ${otherFormat} exits ${String(other.status)}, --format json ${String(outcome.status)}`);
  }
  for (const input of inputs) {
    let after: Buffer | undefined;
    try {
      after = readFileSync(join(dir, input.name));
    } catch {
      after = undefined;
    }
    if (after === undefined || !after.equals(input.bytes)) byInput.set(input.name, 'the input file changed during the run');
  }
  rmSync(dir, { recursive: true, force: true });
  return { byInput, general, report, outcome };
}

/**
 * Narrows a failing batch down to the inputs that fail alone, from the check of the whole batch (the run
 * that failed: running it again would only repeat it).
 */
async function isolate(runner: Runner, folder: string, inputs: readonly Input[], how: BatchHow, whole: BatchCheck): Promise<Map<string, string>> {
  const failing = new Map<string, string>();
  const visit = async (group: readonly Input[], depth: number): Promise<void> => {
    const check = depth === 0 ? whole : await checkBatch(runner, `${folder}-isolate-${depth}`, group, how);
    for (const [name, reason] of check.byInput) failing.set(name, reason);
    if (check.general.length === 0) return;
    if (group.length === 1) {
      failing.set((group[0] as Input).name, check.general.join('; '));
      return;
    }
    const middle = Math.ceil(group.length / 2);
    await visit(group.slice(0, middle), depth + 1);
    await visit(group.slice(middle), depth + 1);
  };
  await visit(inputs, 0);
  return failing;
}

const count = (record: Record<string, number>, key: string, by = 1): void => {
  record[key] = (record[key] ?? 0) + by;
};

/** Runs a campaign: count inputs from seed, in batches through the binary, every run checked. */
export async function runCampaign(options: CampaignOptions): Promise<CampaignResult> {
  const started = performance.now();
  const batchSize = options.batchSize ?? 200;
  const jobs = Math.max(1, options.jobs ?? Math.min(availableParallelism(), 4));
  const log = options.log ?? (() => undefined);
  // Run arguments come from their own stream, so the inputs are exactly generateInputs(count, seed).
  const random = new Random(options.seed ^ 0x5bd1e995);
  const inputs = generateInputs(options.count, options.seed);
  const root = mkdtempSync(join(tmpdir(), 'gic-fuzz-'));
  // The project's config, so each input keeps the kind its sample's name gives it.
  writeFileSync(join(root, configFileName), readFileSync(join(packageRoot, configFileName)));
  const runner: Runner = { binary: options.binary ?? builtBinary, root, timeoutMs: options.batchTimeoutMs ?? 60_000 };

  const batchStatuses: Record<string, number> = {};
  const inputStatuses: Record<string, number> = {};
  const otherFormats: Record<string, number> = {};
  const operatorCounts: Record<string, number> = {};
  const inputTypes: Record<string, number> = {};
  const ruleIds: Record<string, number> = {};
  const crashes: Crash[] = [];
  let slowest = 0;

  // Everything is drawn up front, in order, so a campaign does not depend on how many jobs run it. Each
  // slice of inputs makes two runs: validate for payloads and messages, docs for pages.
  const batches: Array<{ index: number; folder: string; inputs: Input[]; command: 'validate' | 'docs'; args: string[]; otherFormat: string | undefined }> = [];
  for (let slice = 0; slice * batchSize < inputs.length; slice += 1) {
    const args = random.below(4) === 0 ? ['--kind', random.pick(kinds)] : [];
    const otherFormat = slice % 5 === 1 ? otherFormatNames[Math.floor(slice / 5) % otherFormatNames.length] : undefined;
    const sliced = inputs.slice(slice * batchSize, (slice + 1) * batchSize);
    const validated = sliced.filter((input) => input.type !== 'page');
    const pages = sliced.filter((input) => input.type === 'page');
    const name = `batch-${String(slice).padStart(5, '0')}`;
    if (validated.length > 0) batches.push({ index: batches.length, folder: name, inputs: validated, command: 'validate', args, otherFormat });
    if (pages.length > 0) batches.push({ index: batches.length, folder: `${name}-pages`, inputs: pages, command: 'docs', args: [], otherFormat });
  }

  const runOne = async (batch: (typeof batches)[number]): Promise<void> => {
    const { folder } = batch;
    const check = await checkBatch(runner, folder, batch.inputs, batch);
    slowest = Math.max(slowest, check.outcome.ms);
    count(batchStatuses, String(check.outcome.status));
    if (batch.otherFormat !== undefined) count(otherFormats, batch.otherFormat);
    for (const input of batch.inputs) {
      count(inputTypes, input.type);
      for (const name of input.operators) count(operatorCounts, name);
    }
    const byPath = new Map((check.report?.files ?? []).map((file) => [file.path, file]));
    for (const input of batch.inputs) {
      const file = byPath.get(`${folder}/${input.name}`);
      if (file === undefined) continue;
      count(inputStatuses, file.problems.some((p) => p.severity === 'error') ? '1' : '0');
      for (const problem of file.problems) count(ruleIds, String(problem.ruleId));
    }
    let failing = check.byInput;
    if (check.general.length > 0) {
      log(`batch ${batch.index}: ${check.general.join('; ')}; isolating the inputs`);
      failing = new Map([...failing, ...(await isolate(runner, folder, batch.inputs, batch, check))]);
      if (failing.size === 0) crashes.push({ name: folder, reason: `only the whole batch fails: ${check.general.join('; ')}`, operators: [], bytes: Buffer.alloc(0) });
    }
    for (const [name, reason] of failing) {
      const input = batch.inputs.find((candidate) => candidate.name === name);
      if (input === undefined) continue;
      let savedAs: string | undefined;
      if (options.crashDir !== undefined) {
        mkdirSync(options.crashDir, { recursive: true });
        savedAs = join(options.crashDir, input.name);
        writeFileSync(savedAs, input.bytes);
        writeFileSync(`${savedAs}.reason.txt`, `${reason}\ncommand: ${batch.command} ${batch.args.join(' ')}\noperators: ${input.operators.join(', ')}\nseed: ${options.seed}\n`);
      }
      crashes.push({ name, reason, operators: input.operators, bytes: input.bytes, ...(savedAs === undefined ? {} : { savedAs }) });
    }
    log(`batch ${batch.index + 1}/${batches.length}: exit ${String(check.outcome.status)}, ${check.outcome.ms.toFixed(0)} ms${failing.size > 0 ? `, ${failing.size} failing` : ''}`);
  };

  try {
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let batch = batches[next++]; batch !== undefined; batch = batches[next++]) await runOne(batch);
    };
    await Promise.all(Array.from({ length: Math.min(jobs, batches.length) }, worker));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }

  return {
    seed: options.seed,
    inputs: batches.reduce((sum, batch) => sum + batch.inputs.length, 0),
    batches: batches.length,
    batchStatuses,
    inputStatuses,
    otherFormats,
    inputTypes,
    operators: operatorCounts,
    ruleIds,
    crashes,
    slowestBatchMs: slowest,
    durationMs: performance.now() - started,
  };
}

function histogram(record: Readonly<Record<string, number>>): string {
  const entries = Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? 'none' : entries.map(([key, value]) => `${key}: ${value}`).join(', ');
}

/** Reads a whole-number option. */
function numberOption(argv: readonly string[], name: string): number | undefined {
  const index = argv.indexOf(`--${name}`);
  if (index === -1) return undefined;
  const value = argv[index + 1];
  if (value === undefined || !/^[0-9]+$/.test(value)) throw new Error(`--${name} takes a whole number`);
  return Number(value);
}

async function main(argv: readonly string[]): Promise<number> {
  const seed = numberOption(argv, 'seed') ?? Date.now() % 2 ** 32;
  const total = numberOption(argv, 'count') ?? 10_000;
  const batchSize = numberOption(argv, 'batch');
  const jobs = numberOption(argv, 'jobs');
  const batchTimeoutMs = numberOption(argv, 'timeout');
  const crashesIndex = argv.indexOf('--crashes');
  const crashDir = crashesIndex === -1 ? join(tmpdir(), `graph-invite-contract-fuzz-${seed}`) : (argv[crashesIndex + 1] as string);
  const verbose = argv.includes('--verbose');
  console.log(`fuzz: seed ${seed}, ${total} inputs through ${builtBinary}`);
  const result = await runCampaign({
    count: total,
    seed,
    crashDir,
    ...(batchSize === undefined ? {} : { batchSize }),
    ...(jobs === undefined ? {} : { jobs }),
    ...(batchTimeoutMs === undefined ? {} : { batchTimeoutMs }),
    log: (line) => {
      if (verbose || !line.startsWith('batch ') || / failing|isolating/.test(line)) console.log(`  ${line}`);
    },
  });
  console.log(`inputs: ${result.inputs} in ${result.batches} runs of the binary, ${(result.durationMs / 1000).toFixed(1)} s (slowest run ${(result.slowestBatchMs / 1000).toFixed(1)} s)`);
  console.log(`exit statuses of the runs (--format json): ${histogram(result.batchStatuses)}`);
  console.log(`exit status each input would get alone: ${histogram(result.inputStatuses)}`);
  console.log(`inputs by type: ${histogram(result.inputTypes)}`);
  console.log(`runs with another format: ${histogram(result.otherFormats)}`);
  console.log(`mutation operators applied: ${histogram(result.operators)}`);
  console.log(`problems reported by rule id: ${histogram(result.ruleIds)}`);
  console.log(`crashes: ${result.crashes.length}`);
  for (const crash of result.crashes) console.log(`  ${crash.name}: ${crash.reason} [${crash.operators.join(', ')}]${crash.savedAs === undefined ? '' : ` saved as ${crash.savedAs}`}`);
  return result.crashes.length === 0 ? 0 : 1;
}

const invokedDirectly = process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (status) => {
      process.exitCode = status;
    },
    (error: unknown) => {
      console.error(`fuzz failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 2;
    },
  );
}
