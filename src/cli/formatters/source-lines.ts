/**
 * The lines of a source, found only as far as they are asked for. A code frame needs a few lines around
 * each problem; splitting a large file into every one of its lines cost the stylish report of a 70 MB
 * roster more time and memory than the lint itself. Lines end as everywhere else: CRLF, a lone CR, a lone LF.
 */
export class SourceLines {
  readonly #text: string;
  /** Where each line found so far starts, and where its text ends (before the break). */
  readonly #starts: number[] = [0];
  readonly #ends: number[] = [];
  #nextLf = -1;
  #nextCr = -1;

  constructor(text: string) {
    this.#text = text;
  }

  /** Line `number` (1-based) without its break, or undefined past the last line. */
  line(number: number): string | undefined {
    if (!this.#reach(number)) return undefined;
    return this.#text.slice(this.#starts[number - 1], this.#ends[number - 1]);
  }

  /**
   * Whether line `number` holds something a frame shows: it exists, and it is not the empty nothing after
   * a final line break (split() yields it, but no editor numbers it as a line of its own).
   */
  shows(number: number): boolean {
    return this.#reach(number) && (number === 1 || (this.#starts[number - 1] as number) < this.#text.length);
  }

  /** Finds lines up to `number`; false when the text has fewer. */
  #reach(number: number): boolean {
    const text = this.#text;
    while (this.#ends.length < number) {
      const start = this.#starts[this.#starts.length - 1] as number;
      if (start > text.length) return false;
      // The next CR and LF at or after the start, each searched for again only once passed.
      if (this.#nextLf < start) this.#nextLf = nextOrNever(text, '\n', start);
      if (this.#nextCr < start) this.#nextCr = nextOrNever(text, '\r', start);
      const lf = this.#nextLf;
      const cr = this.#nextCr;
      const end = Math.min(lf, cr, text.length);
      this.#ends.push(end);
      // The last line has no break: a start past the text's end says there is none after it.
      this.#starts.push(end === text.length ? text.length + 1 : end === cr && lf === cr + 1 ? end + 2 : end + 1);
    }
    return true;
  }
}

/** Where `char` next occurs at or after `from`; Infinity when it does not, so that it is never searched for again. */
function nextOrNever(text: string, char: string, from: number): number {
  const at = text.indexOf(char, from);
  return at === -1 ? Number.POSITIVE_INFINITY : at;
}
