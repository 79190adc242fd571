/**
 * A small XML scanner for Graph's metadata files: it finds every element with its attributes and the exact
 * span of its text, so that an excerpt can copy elements byte for byte (a parser that builds objects loses
 * the text). It reads what well-formed XML may hold (declaration, processing instructions, comments, CDATA,
 * self-closing tags, either quote, `>` inside quoted values) and rejects what a metadata file never holds: a
 * DOCTYPE, whose entity declarations would change what the text means.
 */

/** An element: its qualified name as written, its attributes (entity references decoded), its span. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  /** Offset of its `<`. */
  readonly start: number;
  /** Offset just past its last `>` (of the end tag, or of the self-closing tag). */
  end: number;
  readonly children: XmlElement[];
}

/** The text is not well-formed XML (or holds a DOCTYPE); the message names the line and column. */
export class XmlSyntaxError extends Error {}

/** The local part of a qualified name: edmx:Edmx → Edmx. */
export const localName = (name: string): string => name.slice(name.indexOf(':') + 1);

const namePattern = /[^\s/>=<"']+/y;
const spaces = /[ \t\r\n]*/y;

const predefined: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function position(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
    line += 1;
    lineStart = index + 1;
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

/** Scans a whole document and returns its root element. Throws XmlSyntaxError. */
export function scanXml(text: string): XmlElement {
  const fail = (message: string, offset: number): never => {
    throw new XmlSyntaxError(`${message} at ${position(text, offset)}`);
  };

  const decode = (value: string, offset: number): string =>
    value.replace(/&([^;&]*);?/g, (whole, body: string) => {
      if (!whole.endsWith(';')) fail('an & that starts no entity reference', offset);
      if (body in predefined) return predefined[body] as string;
      const code = /^#x[0-9a-fA-F]+$/.test(body) ? parseInt(body.slice(2), 16) : /^#[0-9]+$/.test(body) ? parseInt(body.slice(1), 10) : NaN;
      if (Number.isNaN(code) || code > 0x10ffff) return fail(`an unknown entity &${body};`, offset);
      return String.fromCodePoint(code);
    });

  const skipTo = (from: number, terminator: string, what: string): number => {
    const at = text.indexOf(terminator, from);
    if (at === -1) fail(`${what} that never ends`, from);
    return at + terminator.length;
  };

  let offset = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let root: XmlElement | undefined;
  const open: XmlElement[] = [];

  while (offset < text.length) {
    const lt = text.indexOf('<', offset);
    const textEnd = lt === -1 ? text.length : lt;
    if (open.length === 0 && text.slice(offset, textEnd).trim() !== '') fail('text outside the root element', offset);
    if (lt === -1) break;
    offset = lt;
    if (text.startsWith('<!--', offset)) {
      offset = skipTo(offset + 4, '-->', 'a comment');
    } else if (text.startsWith('<![CDATA[', offset)) {
      if (open.length === 0) fail('CDATA outside the root element', offset);
      offset = skipTo(offset + 9, ']]>', 'a CDATA section');
    } else if (text.startsWith('<?', offset)) {
      offset = skipTo(offset + 2, '?>', 'a processing instruction');
    } else if (text.startsWith('<!', offset)) {
      fail('a DOCTYPE or other declaration, which metadata files never hold', offset);
    } else if (text.startsWith('</', offset)) {
      namePattern.lastIndex = offset + 2;
      const name = namePattern.exec(text)?.[0];
      if (name === undefined) return fail('an end tag without a name', offset);
      const element = open.pop();
      if (element === undefined || element.name !== name) fail(element === undefined ? `an end tag </${name}> with nothing open` : `</${name}> closing <${element.name}>`, offset);
      spaces.lastIndex = offset + 2 + name.length;
      spaces.exec(text);
      if (text[spaces.lastIndex] !== '>') fail(`an end tag </${name}> that does not end with >`, offset);
      offset = spaces.lastIndex + 1;
      (element as XmlElement).end = offset;
    } else {
      const start = offset;
      namePattern.lastIndex = offset + 1;
      const name = namePattern.exec(text)?.[0];
      if (name === undefined) return fail('a < that starts no tag', offset);
      if (open.length === 0 && root !== undefined) fail('a second root element', offset);
      offset += 1 + name.length;
      const attributes = new Map<string, string>();
      let selfClosing = false;
      for (;;) {
        spaces.lastIndex = offset;
        const gap = spaces.exec(text)?.[0].length ?? 0;
        offset += gap;
        if (text.startsWith('/>', offset)) {
          selfClosing = true;
          offset += 2;
          break;
        }
        if (text[offset] === '>') {
          offset += 1;
          break;
        }
        if (offset >= text.length) fail(`a tag <${name}> that never ends`, start);
        namePattern.lastIndex = offset;
        const attribute = namePattern.exec(text)?.[0];
        if (attribute === undefined || gap === 0) return fail(`a malformed attribute in <${name}>`, offset);
        offset += attribute.length;
        spaces.lastIndex = offset;
        offset += spaces.exec(text)?.[0].length ?? 0;
        if (text[offset] !== '=') fail(`attribute ${attribute} of <${name}> without a value`, offset);
        spaces.lastIndex = offset + 1;
        offset = spaces.lastIndex + (spaces.exec(text)?.[0].length ?? 0);
        const quote = text[offset];
        if (quote !== '"' && quote !== "'") fail(`attribute ${attribute} of <${name}> without quotes`, offset);
        const close = text.indexOf(quote as string, offset + 1);
        if (close === -1) fail(`attribute ${attribute} of <${name}> whose value never ends`, offset);
        const raw = text.slice(offset + 1, close);
        if (raw.includes('<')) fail(`a < inside attribute ${attribute} of <${name}>`, offset);
        if (attributes.has(attribute)) fail(`attribute ${attribute} twice in <${name}>`, offset);
        attributes.set(attribute, decode(raw, offset));
        offset = close + 1;
      }
      const element: XmlElement = { name, attributes, start, end: offset, children: [] };
      const parent = open[open.length - 1];
      if (parent === undefined) root = element;
      else parent.children.push(element);
      if (!selfClosing) open.push(element);
    }
  }
  const unclosed = open.pop();
  if (unclosed !== undefined) fail(`<${unclosed.name}> never closed`, unclosed.start);
  if (root === undefined) return fail('no root element', offset);
  return root;
}
