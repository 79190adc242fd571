/** Escapes one reference token of a JSON Pointer (RFC 6901: ~ becomes ~0, / becomes ~1). */
export function escapeToken(token: string | number): string {
  if (typeof token === 'number') return String(token);
  // One pass over the characters: most tokens need no escape, and two searches of the string cost more.
  for (let i = 0; i < token.length; i += 1) {
    const code = token.charCodeAt(i);
    if (code === 0x7e || code === 0x2f) return token.replace(/~/g, '~0').replace(/\//g, '~1');
  }
  return token;
}

/** Appends one reference token to a JSON Pointer. */
export function childPointer(pointer: string, token: string | number): string {
  return `${pointer}/${escapeToken(token)}`;
}

/** Splits a JSON Pointer into its decoded reference tokens. */
export function pointerTokens(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map(unescapeToken);
}

/** Decodes one reference token (RFC 6901: ~1 is /, ~0 is ~). */
export function unescapeToken(token: string): string {
  return token.includes('~') ? token.replace(/~1/g, '/').replace(/~0/g, '~') : token;
}

/** The value a JSON Pointer names inside a parsed JSON value, or undefined when it names nothing. */
export function resolvePointer(root: unknown, pointer: string): unknown {
  let node = root;
  for (const token of pointerTokens(pointer)) {
    if (Array.isArray(node)) {
      node = /^(0|[1-9][0-9]*)$/.test(token) ? node[Number(token)] : undefined;
    } else if (node !== null && typeof node === 'object' && Object.hasOwn(node, token)) {
      node = (node as Record<string, unknown>)[token];
    } else {
      return undefined;
    }
  }
  return node;
}
