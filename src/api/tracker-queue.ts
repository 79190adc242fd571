/**
 * A first-in, first-out queue whose entries may die where they stand (an invite that finished, a
 * notification that was used). Dead entries are skipped at the head and swept out once they outnumber
 * the live ones, so every operation costs O(1) amortized.
 *
 * Why not a Set or a Map in insertion order: deleting at the front of one leaves holes that iterating
 * from the front walks over again on every call until the table is rebuilt, which made the tracker's
 * cost per event grow with the number of invites it had seen.
 */
export class LazyQueue<T> {
  private items: T[] = [];
  private head = 0;

  /** live tells whether an entry still counts; count is how many live entries there are. */
  constructor(
    private readonly live: (item: T) => boolean,
    private readonly count: () => number,
  ) {}

  push(item: T): void {
    this.items.push(item);
    // Swept when the dead entries past the head outnumber the live ones, or the head is past the middle.
    const waiting = this.items.length - this.head;
    if (waiting > 2 * this.count() + 64 || this.head > waiting + 64) {
      this.items = this.items.slice(this.head).filter(this.live);
      this.head = 0;
    }
  }

  /** The oldest live entry, if any. */
  peek(): T | undefined {
    const { items } = this;
    while (this.head < items.length) {
      const item = items[this.head] as T;
      if (this.live(item)) return item;
      this.head += 1;
    }
    this.items = [];
    this.head = 0;
    return undefined;
  }
}
