/**
 * A unified diff of two texts, as `diff -u` writes it: for --fix-dry-run, to show what --fix would write.
 * Lines are split after each LF and keep their line ends, so a change of CR shows.
 */

/** The lines of a text, each with its line end (the last without one when the text does not end in LF). */
function linesOf(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines.length === 1 && lines[0] === '' ? [] : lines;
}

type Op = { readonly type: ' ' | '-' | '+'; readonly line: string };

/** The shortest edit script from a to b (Myers' algorithm: its cost grows with the size of the difference, small for fixes). */
function editScript(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d += 1) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number)) ? (v[offset + k + 1] as number) : (v[offset + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x += 1;
        y += 1;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
    v = next;
  }
  // Back from the end through the saved frontiers.
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d -= 1) {
    const frontier = trace[d] as Int32Array;
    const k = x - y;
    const down = k === -d || (k !== d && (frontier[offset + k - 1] as number) < (frontier[offset + k + 1] as number));
    const previousK = down ? k + 1 : k - 1;
    const previousX = d === 0 ? 0 : (frontier[offset + previousK] as number);
    const previousY = d === 0 ? 0 : previousX - previousK;
    while (x > previousX && y > previousY) {
      x -= 1;
      y -= 1;
      ops.push({ type: ' ', line: a[x] as string });
    }
    if (d > 0) {
      if (down) {
        y -= 1;
        ops.push({ type: '+', line: b[y] as string });
      } else {
        x -= 1;
        ops.push({ type: '-', line: a[x] as string });
      }
    }
  }
  return ops.reverse();
}

/** A diff line: the mark, the line without its LF, and the note diff writes after a last line without one. */
function diffLine(op: Op): string {
  if (op.line.endsWith('\n')) return `${op.type}${op.line.slice(0, -1)}\n`;
  return `${op.type}${op.line}\n\\ No newline at end of file\n`;
}

/** A hunk's range: its first line (the line before, when it is empty) and its length, as diff -u writes it. */
function range(start: number, length: number): string {
  const first = length === 0 ? start : start + 1;
  return length === 1 ? `${first}` : `${first},${length}`;
}

/**
 * A name as a diff header gives it: ended by a tab when it holds white space, as git and diff -u write it,
 * since patch otherwise takes the name to end at the first space (`--- a/x y.json` would name a/x).
 */
function headerName(name: string): string {
  return /\s/.test(name) ? `${name}\t` : name;
}

/** The unified diff from `before` to `after`, under the names `from` and `to`; '' when they are the same. */
export function unifiedDiff(before: string, after: string, from: string, to: string, context = 3): string {
  if (before === after) return '';
  const ops = editScript(linesOf(before), linesOf(after));
  const changed = ops.flatMap((op, index) => (op.type === ' ' ? [] : [index]));
  let out = `--- ${headerName(from)}\n+++ ${headerName(to)}\n`;
  let at = 0;
  while (at < changed.length) {
    // A hunk: changes no more than 2 × context lines apart, with context around them.
    let last = at;
    while (last + 1 < changed.length && (changed[last + 1] as number) - (changed[last] as number) - 1 <= 2 * context) last += 1;
    const start = Math.max(0, (changed[at] as number) - context);
    const end = Math.min(ops.length, (changed[last] as number) + context + 1);
    let oldStart = 0;
    let newStart = 0;
    for (const op of ops.slice(0, start)) {
      if (op.type !== '+') oldStart += 1;
      if (op.type !== '-') newStart += 1;
    }
    const hunk = ops.slice(start, end);
    const oldLength = hunk.filter((op) => op.type !== '+').length;
    const newLength = hunk.filter((op) => op.type !== '-').length;
    out += `@@ -${range(oldStart, oldLength)} +${range(newStart, newLength)} @@\n${hunk.map(diffLine).join('')}`;
    at = last + 1;
  }
  return out;
}
