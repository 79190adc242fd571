/**
 * The roster order of one call, as the invite tracker follows it: the sequence numbers of its delta roster
 * updates (deltaParticipants.sequenceNumber) and the last roster sequence number of each participant
 * (participant.rosterSequenceNumber). Every collection is bounded, so a hostile or endless call costs a
 * fixed amount of memory.
 */

/** Missing sequence numbers listed per call; past this, they are only counted. */
export const missingListed = 1000;
/** Participants whose last roster sequence number is remembered per call (the least recently updated go first). */
export const participantsRemembered = 1000;

/** What the tracker knows of a call's roster order. */
export interface RosterSequence {
  /** The call id, as the first roster update of the call gave it. */
  readonly callId: string;
  /** Delta roster updates that carried a sequence number. */
  readonly deltas: number;
  /** The lowest and highest sequence numbers seen (undefined before the first). */
  readonly lowest: number | undefined;
  readonly highest: number | undefined;
  /**
   * Sequence numbers between the lowest and the highest that never arrived, ascending: the gaps, updates
   * that were missed (or are still on their way). At most 1,000 are listed; unlisted counts the rest.
   */
  readonly missing: readonly number[];
  readonly unlisted: number;
  /** Delta updates whose sequence number had already arrived. */
  readonly repeats: number;
  /** Delta updates that arrived after one with a higher sequence number. */
  readonly outOfOrder: number;
  /** Participant updates whose rosterSequenceNumber is below one already seen for the same participant id. */
  readonly staleParticipants: number;
}

/** The mutable state behind a RosterSequence. */
export class SequenceState {
  private deltas = 0;
  private lowest: number | undefined;
  private highest: number | undefined;
  private readonly missing = new Set<number>();
  private unlisted = 0;
  private repeats = 0;
  private outOfOrder = 0;
  private staleParticipants = 0;
  private readonly participants = new Map<string, number>();

  constructor(private readonly callId: string) {}

  /** Records a delta update's sequence number. */
  delta(n: number): void {
    this.deltas += 1;
    const { lowest, highest } = this;
    if (lowest === undefined || highest === undefined) {
      this.lowest = n;
      this.highest = n;
    } else if (n > highest) {
      this.addMissing(highest + 1, n - 1);
      this.highest = n;
    } else if (n < lowest) {
      this.outOfOrder += 1;
      this.addMissing(n + 1, lowest - 1);
      this.lowest = n;
    } else if (this.missing.delete(n)) {
      this.outOfOrder += 1;
    } else if (this.unlisted > 0 && n !== lowest && n !== highest) {
      // Past the listing limit a late arrival cannot be told from a repeat; it is taken as filling a gap.
      this.unlisted -= 1;
      this.outOfOrder += 1;
    } else {
      this.repeats += 1;
    }
  }

  /** Records a participant's roster sequence number; an older one than already seen is stale. */
  participant(id: string, n: number): void {
    const key = id.toLowerCase();
    const last = this.participants.get(key);
    if (last !== undefined && n < last) {
      this.staleParticipants += 1;
      return;
    }
    // Deleted and set again, so that the map's order is that of the last update and the oldest goes first.
    this.participants.delete(key);
    this.participants.set(key, n);
    if (this.participants.size > participantsRemembered) {
      const oldest = this.participants.keys().next();
      if (oldest.done !== true) this.participants.delete(oldest.value);
    }
  }

  private addMissing(from: number, to: number): void {
    let k = from;
    for (; k <= to && this.missing.size < missingListed; k += 1) this.missing.add(k);
    if (k <= to) this.unlisted += to - k + 1;
  }

  snapshot(): RosterSequence {
    return {
      callId: this.callId,
      deltas: this.deltas,
      lowest: this.lowest,
      highest: this.highest,
      missing: [...this.missing].sort((a, b) => a - b),
      unlisted: this.unlisted,
      repeats: this.repeats,
      outOfOrder: this.outOfOrder,
      staleParticipants: this.staleParticipants,
    };
  }
}
