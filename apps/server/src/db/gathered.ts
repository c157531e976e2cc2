/**
 * Writes that arrive while a statement for their kind is running wait, and the next statement takes all that waited:
 * one round trip and one commit for many, growing with the load, while an idle server writes each at once. Each
 * caller's promise settles when the statement holding its item has committed (acked = stored). If a gathered
 * statement fails, each of its items is tried alone, so one bad item fails only itself.
 *
 * Used where many small writes of one kind come at once: webhook review deliveries (issue 13), marketplace message
 * receipts and the bot's unknown questions (issue 14).
 */
export interface GatherOptions<Item> {
  /** An item's size; a statement takes items while their sizes add up to at most `maxWeight` (one item always). */
  weight?: (item: Item) => number;
  maxWeight?: number;
  /** Items with the same key never share a statement: the later one waits for the next, which sees the first written. */
  key?: (item: Item) => string;
}

interface Waiting<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (err: unknown) => void;
}

export class Gathered<Item, Result> {
  private readonly waiting: Waiting<Item, Result>[] = [];
  private running = false;
  private scheduled = false;

  /** `write` stores the items in one statement and answers each item's result, in order. */
  constructor(
    private readonly write: (items: Item[]) => Promise<Result[]>,
    private readonly options: GatherOptions<Item> = {},
  ) {}

  add(item: Item): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** The next statement starts after the requests already received are read, so that it takes them all. */
  private schedule(): void {
    if (this.scheduled || this.running) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.running || !this.waiting.length) return;
      this.running = true;
      void this.run(this.gather()).finally(() => {
        this.running = false;
        if (this.waiting.length) this.schedule();
      });
    });
  }

  private gather(): Waiting<Item, Result>[] {
    const { weight = () => 1, maxWeight = 500, key } = this.options;
    const batch: Waiting<Item, Result>[] = [];
    const keys = new Set<string>();
    let total = 0;
    for (let i = 0; i < this.waiting.length;) {
      const w = this.waiting[i]!;
      if (batch.length && total + weight(w.item) > maxWeight) break;
      const k = key?.(w.item);
      if (k !== undefined && keys.has(k)) {
        i++;
        continue;
      }
      if (k !== undefined) keys.add(k);
      total += weight(w.item);
      batch.push(...this.waiting.splice(i, 1));
    }
    return batch;
  }

  private async run(batch: Waiting<Item, Result>[]): Promise<void> {
    try {
      const results = await this.write(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(results[i]!));
    } catch (err) {
      if (batch.length === 1) return batch[0]!.reject(err);
      for (const w of batch) await this.run([w]);
    }
  }
}

/** One gatherer per database (a test or a bench may run several apps, each on its own). */
export function perDatabase<Db extends object, G>(make: (db: Db) => G): (db: Db) => G {
  const made = new WeakMap<Db, G>();
  return (db) => {
    let g = made.get(db);
    if (!g) made.set(db, (g = make(db)));
    return g;
  };
}
