/** Where each value (and key) of a JSON text sits: built only for texts that have problems to place. */
import { pointerTokens } from '../model/pointer.js';
import { LineIndex, type SourcePosition } from './positions.js';
import { Scanner, type MapNode } from './scanner.js';

export interface SourceMap {
  /** Position of the value at a JSON Pointer ('' = root). */
  value(pointer: string): SourcePosition | undefined;
  /** Position of the key of the property the pointer names (undefined for array items/root). */
  key(pointer: string): SourcePosition | undefined;
}

/**
 * Where a JSON Pointer sits in the text: the key of the property it names when the key is asked for and
 * there is one, else its value; for a pointer into something absent, the nearest enclosing value that
 * exists; the start of the text at worst. Escaped tokens hold no '/', so cutting at the last '/' is the parent.
 */
export function positionOf(map: SourceMap, pointer: string, where: 'value' | 'key' = 'value'): { line: number; column: number } {
  // Line and column only: the offset is the map's own business and must not leak into problems.
  const place = (found: SourcePosition): { line: number; column: number } => ({ line: found.line, column: found.column });
  if (where === 'key') {
    const key = map.key(pointer);
    if (key !== undefined) return place(key);
  }
  for (let at = pointer; ; at = at.slice(0, at.lastIndexOf('/'))) {
    const found = map.value(at);
    if (found !== undefined) return place(found);
    if (at === '') return { line: 1, column: 1 };
  }
}

/** Builds the pointer → position map for an already-valid JSON text (used only for files that have problems). */
export function mapSource(text: string): SourceMap {
  const scanner = new Scanner(text, Number.POSITIVE_INFINITY, false, true);
  scanner.run();
  // On invalid text the map still covers every value read before the error, which is the most useful
  // thing to offer a caller that did not check first.
  return new TreeSourceMap(scanner.root, new LineIndex(text));
}

class TreeSourceMap implements SourceMap {
  readonly #root: MapNode | undefined;
  readonly #lines: LineIndex;

  constructor(root: MapNode | undefined, lines: LineIndex) {
    this.#root = root;
    this.#lines = lines;
  }

  value(pointer: string): SourcePosition | undefined {
    const node = this.#find(pointer);
    return node === undefined ? undefined : this.#lines.position(node.offset);
  }

  key(pointer: string): SourcePosition | undefined {
    const node = this.#find(pointer);
    return node === undefined || node.keyOffset < 0 ? undefined : this.#lines.position(node.keyOffset);
  }

  #find(pointer: string): MapNode | undefined {
    if (pointer !== '' && !pointer.startsWith('/')) return undefined;
    let node = this.#root;
    for (const token of pointerTokens(pointer)) {
      if (node === undefined) return undefined;
      const children: Map<string, MapNode> | MapNode[] | undefined = node.children;
      if (children instanceof Map) node = children.get(token);
      else if (children !== undefined && /^(?:0|[1-9][0-9]*)$/.test(token)) node = children[Number(token)];
      else return undefined;
    }
    return node;
  }
}

