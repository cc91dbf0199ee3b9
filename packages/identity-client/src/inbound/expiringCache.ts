/**
 * A size-bounded LRU cache whose entries expire at a time fixed when they are added (the semantics of the
 * `LRUExpireCache` Go's identity middleware uses for tokens and ACLs).
 */

interface Entry<V> {
  value: V;
  expiresAt: number;
}

/** Options of {@link ExpiringLRUCache}. */
export interface ExpiringLRUCacheOptions {
  /** Maximum number of entries; the least recently used one is evicted beyond it. */
  maxEntries: number;
  /** Clock in ms since the epoch; default `Date.now`. */
  now?: () => number;
}

/** LRU cache with per-entry expiry. Expired entries are never returned and are dropped when met. */
export class ExpiringLRUCache<K, V> {
  private readonly entries = new Map<K, Entry<V>>();
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: ExpiringLRUCacheOptions) {
    if (!Number.isInteger(options.maxEntries) || options.maxEntries < 1) {
      throw new RangeError('maxEntries must be a positive integer');
    }
    this.maxEntries = options.maxEntries;
    this.now = options.now ?? Date.now;
  }

  /** Number of entries held (expired ones included until they are met). */
  get size(): number {
    return this.entries.size;
  }

  /** The live value for `key`, marking it most recently used; undefined when absent or expired. */
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Stores `value` for `ttlMs` from now; a non-positive TTL stores nothing. */
  set(key: K, value: V, ttlMs: number): void {
    if (!(ttlMs > 0)) return;
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
  }

  /** Forgets every entry. */
  clear(): void {
    this.entries.clear();
  }
}
