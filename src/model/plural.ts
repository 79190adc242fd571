/** "1 error", "2 errors": a count with its noun in the right number (the reports, the commands and the simulator say counts). */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
