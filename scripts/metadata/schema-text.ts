/**
 * A schema (or an OpenAPI document) as the files hold it: JSON with two spaces, int64's bounds written as
 * the metadata gives them. A JavaScript number cannot hold 9223372036854775807: it is the double 2^63, which
 * JSON.stringify prints as 9223372036854776000, and a tool that reads integers exactly (Python's jsonschema,
 * say) would then take 9223372036854775999 as within int64. The bounds are written back exactly; read
 * with JSON.parse they are the same doubles as before.
 */
export function schemaText(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(/("(?:maximum|minimum)": )(-?)9223372036854776000(?=[,\n])/g, (_, key: string, sign: string) => `${key}${sign === '-' ? '-9223372036854775808' : '9223372036854775807'}`)}\n`;
}
