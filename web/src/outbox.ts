// The crew's outbox: status changes and positions made without a connection, kept on the phone (IndexedDB) and sent
// in the order they were made, each command with its own idempotency key, so the server applies each exactly once.
import type { CommandPayload } from '../../src/domain/commands.ts';
import { ApiError, postJson, sendCommand } from './api.ts';

/** What a crew's phone sends: its unit's status changes (commands) and its position (telemetry). */
export type OutboxItem =
  | { kind: 'status'; key: string; payload: CommandPayload<'unit.set_status'> }
  | { kind: 'position'; key: string; body: PositionBody };

interface PositionBody {
  lat: number;
  lon: number;
  accuracy: number | null;
  speedKmh: number | null;
  bearing: number | null;
  at: number;
}

/** An item as kept: numbered in the order it was made, for one user (another crew on the phone sends only its own). */
export interface OutboxEntry {
  seq: number;
  userId: string;
  madeAt: number;
  item: OutboxItem;
}

/** Where the entries live; IndexedDB on the phone, a Map in unit tests. */
export interface OutboxStorage {
  /** Stores the item with the next number; returns that number. */
  add(entry: Omit<OutboxEntry, 'seq'>): Promise<number>;
  /** The entries in the order they were made. */
  list(): Promise<OutboxEntry[]>;
  remove(seq: number): Promise<void>;
  /** Runs one sending round at a time across every page (tab) that shares the storage. */
  exclusive(run: () => Promise<void>): Promise<void>;
}

/** A command or position the server refused (a conflict, not a lost connection): dropped, shown to the crew. */
export interface Refusal {
  item: OutboxItem;
  error: ApiError;
}

export type Sender = (item: OutboxItem) => Promise<void>;

/** Answers that say "try again later" rather than "no": no connection, the server busy or restarting, signed out. */
function isTransient(error: ApiError): boolean {
  return error.isNetwork || error.status === 401 || error.status === 429 || error.status >= 500;
}

/** Sends an item: a command with its idempotency key, a position with its fix time (a fix sent twice counts once). */
const sendItem: Sender = async (item) => {
  if (item.kind === 'status') await sendCommand('unit.set_status', item.payload, item.key);
  else await postJson('/api/avl/responder', item.body);
};

export class Outbox {
  private readonly storage: OutboxStorage;
  private readonly userId: string;
  private readonly send: Sender;
  private draining: Promise<void> | null = null;
  private again = false;
  private readonly listeners = new Set<() => void>();
  /** The user's entries not yet sent, as last read; the view marks them pending. */
  entries: OutboxEntry[] = [];
  refusals: Refusal[] = [];

  /** Pause before the next round after one that stalled; null: only when asked (tests, a new item, 'online'). */
  private readonly retryDelay: ((attempt: number) => number) | null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;

  constructor(
    storage: OutboxStorage,
    userId: string,
    send: Sender = sendItem,
    retryDelay: ((attempt: number) => number) | null = null,
  ) {
    this.storage = storage;
    this.userId = userId;
    this.send = send;
    this.retryDelay = retryDelay;
  }

  /** Stops retrying by itself (the page closes or another user signs in); what waits stays stored. */
  close(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.closed = true;
  }

  private closed = false;

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }

  async refresh(): Promise<void> {
    this.entries = (await this.storage.list()).filter((e) => e.userId === this.userId);
    this.notify();
  }

  /**
   * Keeps the item, then tries to send what waits. Only the newest position matters (the server keeps the latest fix
   * of a unit and ignores older ones), so a new position replaces a waiting one instead of queueing behind it.
   */
  async add(item: OutboxItem, now = Date.now()): Promise<void> {
    if (item.kind === 'position') {
      for (const e of await this.storage.list())
        if (e.userId === this.userId && e.item.kind === 'position') await this.storage.remove(e.seq);
    }
    await this.storage.add({ userId: this.userId, madeAt: now, item });
    await this.refresh();
    await this.flush();
  }

  /**
   * Sends the waiting entries one by one, oldest first, removing each only once the server answered it. The first
   * entry without an answer stops the round (what follows must not overtake it); the next round sends it again with
   * the same key. One round at a time; a call during a round asks for another after it.
   */
  flush(): Promise<void> {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    this.draining = (async () => {
      do {
        this.again = false;
        await this.storage.exclusive(() => this.round());
      } while (this.again);
    })().finally(() => {
      this.draining = null;
      if (this.stalled && this.retryDelay && !this.closed) {
        this.retryTimer = setTimeout(() => void this.flush(), this.retryDelay(this.attempt++));
      } else if (!this.stalled) this.attempt = 0;
    });
    return this.draining;
  }

  /** Whether the last round stopped on an entry that got no answer. */
  stalled = false;

  private async round(): Promise<void> {
    this.stalled = false;
    for (const entry of (await this.storage.list()).filter((e) => e.userId === this.userId)) {
      try {
        await this.send(entry.item);
      } catch (e) {
        const error = e instanceof ApiError ? e : new ApiError(0, 'network', String(e));
        if (isTransient(error)) {
          this.stalled = true;
          break;
        }
        this.refusals = [...this.refusals, { item: entry.item, error }];
      }
      await this.storage.remove(entry.seq);
      await this.refresh();
    }
    await this.refresh();
  }
}

/** A Map as storage: for tests and for a browser without IndexedDB (then nothing survives a reload). */
export function memoryStorage(): OutboxStorage {
  const entries = new Map<number, OutboxEntry>();
  let next = 1;
  return {
    exclusive: inPageLock(),
    add: async (entry) => {
      const seq = next++;
      entries.set(seq, { ...entry, seq });
      return seq;
    },
    list: async () => [...entries.values()].sort((a, b) => a.seq - b.seq),
    remove: async (seq) => {
      entries.delete(seq);
    },
  };
}

/** One round at a time within this page. */
function inPageLock(): OutboxStorage['exclusive'] {
  let tail: Promise<void> = Promise.resolve();
  return (run) => {
    const turn = tail.then(run);
    tail = turn.catch(() => undefined);
    return turn;
  };
}

const DB_NAME = 'pinisi-outbox';
const STORE = 'entries';

function requestDone<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** The outbox in IndexedDB: one object store keyed by an auto-incremented number, which keeps the order. */
export async function indexedDbStorage(): Promise<OutboxStorage> {
  const open = indexedDB.open(DB_NAME, 1);
  open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: 'seq', autoIncrement: true });
  const db = await requestDone(open);
  const store = (mode: IDBTransactionMode) => db.transaction(STORE, mode).objectStore(STORE);
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  return {
    // Web Locks: two tabs of the crew's page never send the same entry at the same time.
    exclusive: locks ? (run) => locks.request(DB_NAME, run) : inPageLock(),
    add: async (entry) => Number(await requestDone(store('readwrite').add(entry))),
    // Keys are numbers in ascending order: getAll returns the entries in the order they were made.
    list: async () => (await requestDone(store('readonly').getAll())) as OutboxEntry[],
    remove: async (seq) => {
      await requestDone(store('readwrite').delete(seq));
    },
  };
}
