/**
 * The lines and columns of chosen JSON Pointers, found in one pass over the text.
 *
 * The pointers asked for are first gathered in a tree of their reference tokens. The pass then follows
 * only the branches of that tree: a value no pointer leads into is skipped bracket by bracket, without
 * decoding a key or building a node, and only the values (and keys) on a wanted path are given a line and
 * a column. Lines are counted on the way, so no table of line starts is built either.
 *
 * It gives what the full map of source-map.ts gives (positions.ts says how lines and columns count):
 * the key of the property a pointer names when the key is asked for and there is one, else its value;
 * for a pointer into something absent, the nearest enclosing value that exists; line 1, column 1 when
 * nothing does. A key given twice places its pointers in the last occurrence, the one JSON.parse keeps.
 * It is meant for text JSON.parse accepted; on any other text it never throws and places what it read
 * before the first character it did not expect.
 */
import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, CR, DOT, LF, MINUS, NINE, OPEN_BRACE, OPEN_BRACKET, PLUS, QUOTE, SLASH, SPACE, TAB, UPPER_E, ZERO, closingQuote } from './chars.js';
import { contentStart } from './positions.js';
import { unescapeToken } from '../model/pointer.js';
import type { TextEdit } from '../model/rule.js';

/** No branch: a value no pointer leads to. */
const NONE = -1;
/** The branch of a pointer that does not start with '/': it names nothing, and falls back to the root. */
const NOWHERE = -2;
const ROOT = 0;

/**
 * The tree of the pointers asked for: one branch per reference token, numbered, its fields in parallel
 * typed arrays, so that a file with a hundred thousand problems makes no object per branch.
 */
class Tree {
  size = 1;
  parent: Int32Array;
  /** The first wanted member of a branch, by decoded key: most followed objects lead to one member only. */
  firstKey: string[];
  firstMember: Int32Array;
  /** Whether firstKey stands in a text as it is (it holds nothing JSON escapes), so it can be compared in place. */
  firstKeyPlain: Uint8Array;
  /** The same for array items, for the tokens that can name one. */
  firstIndex: Float64Array;
  firstItem: Int32Array;
  /**
   * Every wanted member (item) of the branches that have two or more. Items by index in an array: the
   * items of a roster are numbered from 0 on, and an array finds them without hashing.
   */
  readonly members = new Map<number, Map<string, number>>();
  readonly items = new Map<number, number[]>();
  /** 1 for a branch in members: the pass asks it at every key it reads, and a typed array answers faster than the map. */
  severalMembers: Uint8Array;
  /**
   * Where each branch was last seen. epoch counts the times (0: never); a record holds while the parent's
   * epoch is the one it was seen in (parentEpoch), so a key given again voids what its former value held.
   */
  epoch: Int32Array;
  parentEpoch: Int32Array;
  line: Uint32Array;
  column: Uint32Array;
  /** 0 when the value was no object member. */
  keyLine: Uint32Array;
  keyColumn: Uint32Array;

  constructor(capacity: number) {
    this.parent = new Int32Array(capacity);
    this.firstKey = new Array<string>(capacity).fill('');
    this.firstMember = new Int32Array(capacity).fill(NONE);
    this.firstKeyPlain = new Uint8Array(capacity);
    this.severalMembers = new Uint8Array(capacity);
    this.firstIndex = new Float64Array(capacity).fill(-1);
    this.firstItem = new Int32Array(capacity).fill(NONE);
    this.epoch = new Int32Array(capacity);
    this.parentEpoch = new Int32Array(capacity);
    this.line = new Uint32Array(capacity);
    this.column = new Uint32Array(capacity);
    this.keyLine = new Uint32Array(capacity);
    this.keyColumn = new Uint32Array(capacity);
    this.parent[ROOT] = NONE;
  }

  /** Empties the tree for another text, keeping its arrays. */
  reset(): void {
    const used = this.size;
    this.size = 1;
    // The keys are let go of, not only forgotten.
    this.firstKey.fill('', 0, used);
    this.firstMember.fill(NONE, 0, used);
    this.firstKeyPlain.fill(0, 0, used);
    this.severalMembers.fill(0, 0, used);
    this.firstIndex.fill(-1, 0, used);
    this.firstItem.fill(NONE, 0, used);
    this.epoch.fill(0, 0, used);
    this.members.clear();
    this.items.clear();
    // parent, parentEpoch and the places are written before they are read (a place only once seen).
  }

  /**
   * The branch of `token` below `branch`, added when new; `index` is the token's number when it is an
   * array index, else -1, and `plain` whether it stands in a text as it is (isPlain). A token that can name
   * an array item is kept by its number alone, and found by it when it names an object member: one map of a
   * hundred thousand items, not two.
   */
  childAt(branch: number, token: string, index: number, plain: number): number {
    if (index !== -1) {
      const known = this.item(branch, index);
      if (known !== NONE) return known;
      const first = this.firstItem[branch] as number;
      if (first === NONE) return this.firstChild(branch, token, index, plain);
      const added = this.#add(branch);
      let items = this.items.get(branch);
      if (items === undefined) {
        items = [];
        items[this.firstIndex[branch] as number] = first;
        this.items.set(branch, items);
      }
      items[index] = added;
      return added;
    }
    const first = this.firstMember[branch] as number;
    if (first === NONE) return this.firstChild(branch, token, index, plain);
    if (this.firstKey[branch] === token) return first;
    const more = this.members.get(branch);
    const known = more?.get(token);
    if (known !== undefined) return known;
    const added = this.#add(branch);
    if (more === undefined) {
      this.members.set(branch, new Map([[this.firstKey[branch] as string, first], [token, added]]));
      this.severalMembers[branch] = 1;
    } else {
      more.set(token, added);
    }
    return added;
  }

  /**
   * childAt for a branch with no wanted member or item of the token's sort yet: a branch the same pointer
   * has just added has none, and is given its first without a lookup.
   */
  firstChild(branch: number, token: string, index: number, plain: number): number {
    const added = this.#add(branch);
    if (index !== -1) {
      this.firstIndex[branch] = index;
      this.firstItem[branch] = added;
    } else {
      this.firstKey[branch] = token;
      this.firstMember[branch] = added;
      this.firstKeyPlain[branch] = plain;
    }
    return added;
  }

  /** Whether an object at `branch` is followed: some member of it is wanted. */
  followsMembers(branch: number): boolean {
    return this.firstMember[branch] !== NONE || this.firstItem[branch] !== NONE;
  }

  /** The wanted member `key` of `branch`, or NONE. */
  member(branch: number, key: string): number {
    if (isIndex(key)) return this.item(branch, Number(key));
    const more = this.members.get(branch);
    if (more !== undefined) return more.get(key) ?? NONE;
    return this.firstKey[branch] === key ? (this.firstMember[branch] as number) : NONE;
  }

  /** The wanted item `index` of `branch`, or NONE. */
  item(branch: number, index: number): number {
    if (this.firstIndex[branch] === index) return this.firstItem[branch] as number;
    if (this.firstItem[branch] === NONE) return NONE;
    return this.items.get(branch)?.[index] ?? NONE;
  }

  /** The deepest branch on the way to `branch` (itself included) whose record holds, or NONE. */
  held(branch: number): number {
    // The parent of the highest branch whose record fails, else the branch itself.
    let held = branch;
    for (let at = branch; at !== NONE; at = this.parent[at] as number) {
      const parent = this.parent[at] as number;
      if (this.epoch[at] === 0 || (parent !== NONE && this.parentEpoch[at] !== this.epoch[parent])) held = parent;
    }
    return held;
  }

  #add(parent: number): number {
    if (this.size === this.parent.length) this.#grow();
    const added = this.size;
    this.size += 1;
    this.parent[added] = parent;
    return added;
  }

  #grow(): void {
    const capacity = this.parent.length * 2;
    // Only the new half is filled, and not at all with 0, which a new typed array holds already.
    const widen = <T extends Int32Array | Uint32Array | Uint8Array | Float64Array>(from: T, fill: number): T => {
      const to = new (from.constructor as new (length: number) => T)(capacity);
      to.set(from);
      if (fill !== 0) to.fill(fill, from.length);
      return to;
    };
    this.parent = widen(this.parent, 0);
    for (let i = this.firstKey.length; i < capacity; i += 1) this.firstKey.push('');
    this.firstMember = widen(this.firstMember, NONE);
    this.firstKeyPlain = widen(this.firstKeyPlain, 0);
    this.severalMembers = widen(this.severalMembers, 0);
    this.firstIndex = widen(this.firstIndex, -1);
    this.firstItem = widen(this.firstItem, NONE);
    this.epoch = widen(this.epoch, 0);
    this.parentEpoch = widen(this.parentEpoch, 0);
    this.line = widen(this.line, 0);
    this.column = widen(this.column, 0);
    this.keyLine = widen(this.keyLine, 0);
    this.keyColumn = widen(this.keyColumn, 0);
  }
}

/** Whether a key is written in JSON as it is: no quote, backslash or control character to escape. */
function isPlain(key: string): boolean {
  for (let i = 0; i < key.length; i += 1) {
    const code = key.charCodeAt(i);
    if (code < SPACE || code === QUOTE || code === BACKSLASH) return false;
  }
  return true;
}

/** Whether a token is an array index as the full map reads one: 0, or digits without a leading 0 (at most 15). */
function isIndex(token: string): boolean {
  const length = token.length;
  if (length === 0 || length > 15) return false;
  const first = token.charCodeAt(0);
  if (first === ZERO) return length === 1;
  for (let i = 0; i < length; i += 1) {
    const code = token.charCodeAt(i);
    if (code < ZERO || code > NINE) return false;
  }
  return true;
}

/** Whether a reference token of `pointer` ends at offset `at`. */
function tokenEndsAt(pointer: string, at: number): boolean {
  return at === pointer.length || pointer.charCodeAt(at) === SLASH;
}

/**
 * The branch of each pointer. Problems come in document order, so each pointer shares most of its tokens
 * with the one before: those are not split or looked up again.
 */
function branchesOf(tree: Tree, count: number, pointerAt: (index: number) => string): Int32Array {
  const branches = new Int32Array(count);
  let previous = '';
  // path[k] is the branch of the previous pointer's first k tokens, and ends[k] where its k-th token ends.
  const path: number[] = [ROOT];
  const ends: number[] = [0];
  // The last token read at each depth, as written: pointers that differ in an index go on with the same
  // names, which are then taken over rather than cut out again (half a million strings for 100,000 problems).
  const written: string[] = [''];
  // And each as decoded, with its number when it is an array index (else -1).
  const decoded: string[] = [''];
  const indexes: number[] = [-1];
  const plains: number[] = [1];
  let depth = 0;
  for (let i = 0; i < count; i += 1) {
    const pointer = pointerAt(i);
    if (pointer !== '' && pointer.charCodeAt(0) !== SLASH) {
      branches[i] = NOWHERE;
      continue;
    }
    const shortest = Math.min(pointer.length, previous.length);
    let common = 0;
    while (common < shortest && pointer.charCodeAt(common) === previous.charCodeAt(common)) common += 1;
    // A token is shared when both pointers hold it whole: it ends before the first difference, or at it
    // with both pointers ending or going on with '/' there.
    const sharedAtDifference = tokenEndsAt(pointer, common) && tokenEndsAt(previous, common);
    let kept = depth;
    while (kept > 0 && ((ends[kept] as number) > common || ((ends[kept] as number) === common && !sharedAtDifference))) kept -= 1;
    let branch = path[kept] as number;
    depth = kept;
    // Once a token adds a branch, the tokens after it add theirs below it, with nothing to look up.
    let added = false;
    for (let at = ends[kept] as number; at < pointer.length; ) {
      let next = pointer.indexOf('/', at + 1);
      if (next === -1) next = pointer.length;
      const last = written[depth + 1];
      if (last === undefined || last.length !== next - at - 1 || !pointer.startsWith(last, at + 1)) {
        const raw = pointer.slice(at + 1, next);
        const token = unescapeToken(raw);
        written[depth + 1] = raw;
        decoded[depth + 1] = token;
        indexes[depth + 1] = isIndex(token) ? Number(token) : -1;
        plains[depth + 1] = isPlain(token) ? 1 : 0;
      }
      const token = decoded[depth + 1] as string;
      const index = indexes[depth + 1] as number;
      const plain = plains[depth + 1] as number;
      if (added) {
        branch = tree.firstChild(branch, token, index, plain);
      } else {
        const size = tree.size;
        branch = tree.childAt(branch, token, index, plain);
        added = tree.size > size;
      }
      depth += 1;
      path[depth] = branch;
      ends[depth] = next;
      at = next;
    }
    branches[i] = branch;
    previous = pointer;
  }
  return branches;
}

/** Lines and columns, one pair per pointer asked for, in the order asked. */
export interface PlacedPointers {
  readonly lines: Uint32Array;
  readonly columns: Uint32Array;
}

/** What the skipping loop must notice; every other character is passed over. */
const OTHER = 0;
const OPENS = 1;
const CLOSES = 2;
const STRING = 3;
const LINE_BREAK = 4;
const classes = new Uint8Array(128);
classes[OPEN_BRACE] = OPENS;
classes[OPEN_BRACKET] = OPENS;
classes[CLOSE_BRACE] = CLOSES;
classes[CLOSE_BRACKET] = CLOSES;
classes[QUOTE] = STRING;
classes[LF] = LINE_BREAK;
classes[CR] = LINE_BREAK;

/** One pass over the text, recording the branches of the tree it meets. */
class Pass {
  readonly #text: string;
  readonly #tree: Tree;
  #line = 1;
  #lineStart: number;
  /** The wanted branch of the member #member read, or NONE. */
  #memberBranch = NONE;
  /** The place of the key of the value about to be read; line 0 when it is no object member. */
  #keyLine = 0;
  #keyColumn = 0;

  constructor(text: string, tree: Tree) {
    this.#text = text;
    this.#tree = tree;
    this.#lineStart = contentStart(text);
  }

  run(): void {
    const text = this.#text;
    const tree = this.#tree;
    // The containers being followed, innermost last: their branches, whether arrays, the item being read.
    const open: number[] = [];
    const arrays: boolean[] = [];
    const indexes: number[] = [];
    let pos = this.#whitespace(contentStart(text));
    if (pos >= text.length) return;
    let branch = ROOT;
    for (;;) {
      // A value starts at pos; branch is its branch when a pointer leads to it or into it.
      const code = text.charCodeAt(pos);
      if (branch !== NONE) this.#record(branch, open.length === 0 ? NONE : (open[open.length - 1] as number), pos);
      const isArray = code === OPEN_BRACKET;
      if (isArray || code === OPEN_BRACE) {
        if (branch === NONE || (isArray ? tree.firstItem[branch] === NONE : !tree.followsMembers(branch))) {
          pos = this.#skipContainer(pos);
        } else {
          pos = this.#whitespace(pos + 1);
          const next = text.charCodeAt(pos);
          if (next !== (isArray ? CLOSE_BRACKET : CLOSE_BRACE)) {
            open.push(branch);
            arrays.push(isArray);
            indexes.push(0);
            if (isArray) {
              branch = tree.item(branch, 0);
              this.#keyLine = 0;
              continue;
            }
            if (next !== QUOTE) return;
            pos = this.#member(pos, branch);
            if (pos < 0) return;
            branch = this.#memberBranch;
            continue;
          }
          pos += 1;
        }
      } else if (code === QUOTE) {
        pos = this.#stringEnd(pos);
      } else {
        const end = scalarEnd(text, pos);
        if (end === pos) return;
        pos = end;
      }
      // After a value: a ',' and the next member or item, or the containers that close here.
      for (;;) {
        const depth = open.length - 1;
        if (depth < 0) return;
        const inArray = arrays[depth] as boolean;
        pos = this.#whitespace(pos);
        const next = text.charCodeAt(pos);
        if (next === COMMA) {
          pos = this.#whitespace(pos + 1);
          if (inArray) {
            const index = (indexes[depth] as number) + 1;
            indexes[depth] = index;
            branch = tree.item(open[depth] as number, index);
            this.#keyLine = 0;
          } else {
            if (text.charCodeAt(pos) !== QUOTE) return;
            pos = this.#member(pos, open[depth] as number);
            if (pos < 0) return;
            branch = this.#memberBranch;
          }
          break;
        }
        if (next !== (inArray ? CLOSE_BRACKET : CLOSE_BRACE)) return;
        open.pop();
        arrays.pop();
        indexes.pop();
        pos += 1;
      }
    }
  }

  /** Reads a member's key (at its opening quote) and ':'; returns where its value starts, or -1. */
  #member(pos: number, parent: number): number {
    const text = this.#text;
    const tree = this.#tree;
    const start = pos + 1;
    const single = tree.firstItem[parent] === NONE && tree.severalMembers[parent] === 0;
    // The one wanted key, written as it is and closed right after: found without reading the key twice.
    if (single && tree.firstKeyPlain[parent] === 1) {
      const wanted = tree.firstKey[parent] as string;
      if (text.charCodeAt(start + wanted.length) === QUOTE && text.startsWith(wanted, start)) return this.#memberFound(pos, start + wanted.length, tree.firstMember[parent] as number);
    }
    let end = start;
    let escaped = false;
    for (;;) {
      const code = text.charCodeAt(end);
      if (code === QUOTE) break;
      if (code === BACKSLASH) {
        escaped = true;
        end += 2;
      } else if (end >= text.length) {
        return -1;
      } else {
        end += 1;
      }
    }
    if (!escaped && single) {
      // Most followed objects lead to one member: compared in place, no key string is made.
      const wanted = tree.firstKey[parent] as string;
      this.#memberBranch = tree.firstKeyPlain[parent] === 1 && end - start === wanted.length && text.startsWith(wanted, start) ? (tree.firstMember[parent] as number) : NONE;
    } else {
      let key = text.slice(start, end);
      if (escaped) {
        try {
          // The literal decoded by JSON.parse, as it was for the value.
          key = JSON.parse(text.slice(pos, end + 1)) as string;
        } catch {
          return -1;
        }
      }
      this.#memberBranch = tree.member(parent, key);
    }
    return this.#memberFound(pos, end, this.#memberBranch);
  }

  /** After a member's key (its quotes at pos and end): records the member's branch and key place, reads the ':'; where its value starts, or -1. */
  #memberFound(pos: number, end: number, branch: number): number {
    this.#memberBranch = branch;
    this.#keyLine = this.#line;
    this.#keyColumn = pos - this.#lineStart + 1;
    const colon = this.#whitespace(end + 1);
    if (this.#text.charCodeAt(colon) !== COLON) return -1;
    return this.#whitespace(colon + 1);
  }

  #record(branch: number, parent: number, pos: number): void {
    const tree = this.#tree;
    tree.epoch[branch] = (tree.epoch[branch] as number) + 1;
    tree.parentEpoch[branch] = parent === NONE ? 0 : (tree.epoch[parent] as number);
    tree.line[branch] = this.#line;
    tree.column[branch] = pos - this.#lineStart + 1;
    tree.keyLine[branch] = this.#keyLine;
    tree.keyColumn[branch] = this.#keyColumn;
  }

  /** The offset after the string that opens at pos (past the end of the text when it never closes). */
  #stringEnd(pos: number): number {
    return closingQuote(this.#text, pos) + 1;
  }

  /** Passes over whitespace, counting its line breaks. */
  #whitespace(pos: number): number {
    const text = this.#text;
    for (;;) {
      const code = text.charCodeAt(pos);
      if (code === SPACE || code === TAB) pos += 1;
      else if (code === LF || code === CR) pos = this.#lineBreak(pos, code);
      else return pos;
    }
  }

  /** Counts the line break at pos (a CR followed by LF ends its line at the LF); returns the offset after it. */
  #lineBreak(pos: number, code: number): number {
    if (code === LF || this.#text.charCodeAt(pos + 1) !== LF) {
      this.#line += 1;
      this.#lineStart = pos + 1;
    }
    return pos + 1;
  }

  /** Passes over the object or array that opens at pos; returns the offset after it (the text's end at worst). */
  #skipContainer(pos: number): number {
    const text = this.#text;
    const length = text.length;
    let depth = 0;
    while (pos < length) {
      const code = text.charCodeAt(pos);
      const kind = code < 128 ? (classes[code] as number) : OTHER;
      if (kind === OTHER) {
        pos += 1;
      } else if (kind === STRING) {
        pos = this.#stringEnd(pos);
      } else if (kind === OPENS) {
        depth += 1;
        pos += 1;
      } else if (kind === CLOSES) {
        depth -= 1;
        pos += 1;
        if (depth === 0) return pos;
      } else {
        pos = this.#lineBreak(pos, code);
      }
    }
    return length;
  }
}

/** The offset after a number, true, false or null at pos (pos itself when none starts there). */
function scalarEnd(text: string, pos: number): number {
  for (;;) {
    const code = text.charCodeAt(pos);
    // Digits, letters, '+', '-' and '.': every character a number or a literal is made of.
    if ((code >= ZERO && code <= NINE) || (code >= 0x61 && code <= 0x7a) || code === UPPER_E || code === PLUS || code === MINUS || code === DOT) pos += 1;
    else return pos;
  }
}

/**
 * Places `count` pointers in one pass: pointerAt(i) is the i-th pointer, atKey(i) whether it is placed at
 * its key (when it names an object member that exists). For the problems of a whole file, without an
 * object per position.
 */
export function placePointers(text: string, count: number, pointerAt: (index: number) => string, atKey: (index: number) => boolean): PlacedPointers {
  const tree = takeTree(count === 0 ? 1 : branchGuess(count, pointerAt));
  const branches = branchesOf(tree, count, pointerAt);
  new Pass(text, tree).run();
  const lines = new Uint32Array(count);
  const columns = new Uint32Array(count);
  for (let i = 0; i < count; i += 1) {
    const branch = branches[i] as number;
    const held = tree.held(branch === NOWHERE ? ROOT : branch);
    if (held === branch && (tree.keyLine[branch] as number) > 0 && atKey(i)) {
      lines[i] = tree.keyLine[branch] as number;
      columns[i] = tree.keyColumn[branch] as number;
    } else if (held === NONE) {
      lines[i] = 1;
      columns[i] = 1;
    } else {
      lines[i] = tree.line[held] as number;
      columns[i] = tree.column[held] as number;
    }
  }
  if (tree.parent.length <= spareCapacity) spare = tree;
  return { lines, columns };
}

/** The number of '/' in a pointer from `from` on: its reference tokens from there. */
function slashes(pointer: string, from: number): number {
  let found = 0;
  for (let at = pointer.indexOf('/', from); at !== -1; at = pointer.indexOf('/', at + 1)) found += 1;
  return found;
}

/**
 * About how many branches `count` pointers make, to size the tree once rather than grow it (growing
 * copied a dozen arrays four times for 100,000 problems): the first pointer's tokens, and for each pointer
 * after it as many new tokens as the second adds to the first, at most 16 a pointer. Only a size: the tree
 * still grows past it.
 */
function branchGuess(count: number, pointerAt: (index: number) => string): number {
  const first = pointerAt(0);
  const guess = slashes(first, 0) + 1;
  if (count === 1) return guess;
  const second = pointerAt(1);
  let common = 0;
  while (common < first.length && common < second.length && first.charCodeAt(common) === second.charCodeAt(common)) common += 1;
  // The token the two first differ in is new, and every token after it.
  const added = common === first.length && common === second.length ? 0 : slashes(second, Math.max(0, second.lastIndexOf('/', common)));
  return guess + (count - 1) * Math.min(added, 16);
}

/**
 * A small tree kept between calls: most files have a few problems, and a dozen typed arrays cost more to
 * make than to clear. A call made while it is in use (from a callback) makes its own.
 */
let spare: Tree | undefined;
const spareCapacity = 1024;

function takeTree(branches: number): Tree {
  const tree = spare;
  if (tree === undefined) return new Tree(Math.max(64, branches));
  spare = undefined;
  tree.reset();
  return tree;
}

/** Places one pointer: at its key when `locate` is 'key' and it names a member that exists, else at its value. */
export function placePointer(text: string, pointer: string, locate: 'value' | 'key' = 'value'): { line: number; column: number } {
  const { lines, columns } = placePointers(text, 1, () => pointer, () => locate === 'key');
  return { line: lines[0] as number, column: columns[0] as number };
}

/** Passes over JSON whitespace. */
function skipJsonWhitespace(text: string, pos: number): number {
  for (;;) {
    const code = text.charCodeAt(pos);
    if (code === SPACE || code === TAB || code === LF || code === CR) pos += 1;
    else return pos;
  }
}

/**
 * The offset just after the JSON value that starts at `pos` (a string, number, literal, object or array):
 * with the start a report gives, the value's whole span, for a fix that replaces or drops it. `pos` itself
 * when no value starts there; the text's end when the value never closes.
 */
export function valueEnd(text: string, pos: number): number {
  const code = text.charCodeAt(pos);
  if (code === QUOTE) return Math.min(closingQuote(text, pos) + 1, text.length);
  if (code !== OPEN_BRACE && code !== OPEN_BRACKET) return scalarEnd(text, pos);
  let depth = 0;
  for (let at = pos; at < text.length; ) {
    const next = text.charCodeAt(at);
    if (next === QUOTE) {
      at = closingQuote(text, at) + 1;
      continue;
    }
    if (next === OPEN_BRACE || next === OPEN_BRACKET) depth += 1;
    else if (next === CLOSE_BRACE || next === CLOSE_BRACKET) {
      depth -= 1;
      if (depth === 0) return at + 1;
    }
    at += 1;
  }
  return text.length;
}

/** The string literal that starts at `pos`: its decoded value and the offset after its closing quote; undefined when none starts there. */
export function stringLiteralAt(text: string, pos: number): { readonly value: string; readonly end: number } | undefined {
  if (text.charCodeAt(pos) !== QUOTE) return undefined;
  const end = valueEnd(text, pos);
  try {
    const value: unknown = JSON.parse(text.slice(pos, end));
    return typeof value === 'string' ? { value, end } : undefined;
  } catch {
    return undefined;
  }
}

/** A member of an object as written: its decoded key, where its key's quote opens, where its value starts and ends. */
export interface MemberSpan {
  readonly key: string;
  readonly keyStart: number;
  readonly valueStart: number;
  readonly valueEnd: number;
}

/** The spans of the members (or, for an array, the items as members keyed '') of the container opening at `open`; undefined when it is not well formed. */
function containerSpans(text: string, open: number): MemberSpan[] | undefined {
  const isArray = text.charCodeAt(open) === OPEN_BRACKET;
  const close = isArray ? CLOSE_BRACKET : CLOSE_BRACE;
  const spans: MemberSpan[] = [];
  let pos = skipJsonWhitespace(text, open + 1);
  if (text.charCodeAt(pos) === close) return spans;
  for (;;) {
    let key = '';
    const keyStart = pos;
    if (!isArray) {
      const literal = stringLiteralAt(text, pos);
      if (literal === undefined) return undefined;
      key = literal.value;
      pos = skipJsonWhitespace(text, literal.end);
      if (text.charCodeAt(pos) !== COLON) return undefined;
      pos = skipJsonWhitespace(text, pos + 1);
    }
    const end = valueEnd(text, pos);
    if (end === pos) return undefined;
    spans.push({ key, keyStart, valueStart: pos, valueEnd: end });
    pos = skipJsonWhitespace(text, end);
    const next = text.charCodeAt(pos);
    if (next === close) return spans;
    if (next !== COMMA) return undefined;
    pos = skipJsonWhitespace(text, pos + 1);
  }
}

/**
 * The members of the object in which a key's opening quote sits at `keyStart`, found by descending from
 * the JSON value at `start` through the containers that hold that offset: what a fix needs to compare a
 * duplicated key with its other occurrences. undefined when no member's key starts there.
 */
export function membersAround(text: string, start: number, keyStart: number): readonly MemberSpan[] | undefined {
  let pos = skipJsonWhitespace(text, start);
  for (;;) {
    const code = text.charCodeAt(pos);
    if (code !== OPEN_BRACE && code !== OPEN_BRACKET) return undefined;
    const spans = containerSpans(text, pos);
    if (spans === undefined) return undefined;
    if (code === OPEN_BRACE && spans.some((span) => span.keyStart === keyStart)) return spans;
    const inside = spans.find((span) => span.valueStart <= keyStart && keyStart < span.valueEnd);
    if (inside === undefined) return undefined;
    pos = inside.valueStart;
  }
}

/** The edit that replaces the string literal at `pos` by `replacement`, only when the literal's value is `found`. */
export function replaceString(text: string, pos: number, found: unknown, replacement: unknown): TextEdit | undefined {
  if (typeof found !== 'string' || typeof replacement !== 'string') return undefined;
  const literal = stringLiteralAt(text, pos);
  if (literal?.value !== found) return undefined;
  return { start: pos, end: literal.end, text: JSON.stringify(replacement) };
}
