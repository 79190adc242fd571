/**
 * Text made safe to show on one line of a terminal or a CI log: what a file name or a message may hold
 * (a line break, a terminal control, a bidirectional override) must neither start a line of its own, which a
 * CI runner reads as a command (GitHub's `::error ...` on standard error as on standard output), nor drive
 * the terminal.
 */

// Characters that would drive the terminal rather than show: C0 and C1 controls, DEL, and the bidirectional
// overrides and isolates that can make a line read differently from what it holds.
export const controlCharacter = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;

/**
 * Printable ASCII without tabs: one column per character, nothing to escape. Nearly every line of a JSON
 * payload is like this, and drawing it needs no per-character work.
 */
export const printableAscii = /^[\x20-\x7e]*$/;

/**
 * A message or path single-line and inert: line breaks fold to a space, controls become visible escapes,
 * and a text that would start its line with `::` (a file named `::stop-commands::x.json`: the Actions
 * runner reads such a line, leading blanks passed over, as a command) is led by `./`, which names the same
 * file.
 */
export function oneLine(text: string): string {
  const first = text.charCodeAt(0);
  if ((first === 0x3a || first <= 0x20) && /^\s*::/.test(text)) return oneLine(`./${text}`);
  if (printableAscii.test(text)) return text;
  return text
    .replace(/\s*(?:\r\n|\r|\n)\s*/g, ' ')
    .replace(/\t/g, ' ')
    .replace(new RegExp(controlCharacter.source, 'gu'), (character) => `\\u${(character.codePointAt(0) as number).toString(16).padStart(4, '0')}`)
    .replace(/[\uD800-\uDFFF]/gu, '\uFFFD');
}
