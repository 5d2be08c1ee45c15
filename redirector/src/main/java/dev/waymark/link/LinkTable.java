package dev.waymark.link;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bounded map from code to {@link CachedLink} behind {@link LinkCache}, built for a million
 * links in little heap: each link is one slot in an open-addressing array plus its own compact
 * entry, which carries its code, so there is no key object, map node or policy node per link
 * (bytes per link: {@code CacheFootprint}, figures in ARCHITECTURE.md).
 *
 * <p>Reads take no lock and allocate nothing; they may miss an entry that another thread is
 * moving (a miss only costs a store lookup) but never return one removed before they started.
 * Writes lock one of up to 64 segments. The table is bounded by links and by bytes, so long URLs
 * cannot make a million links outgrow the heap. When it is full, the CLOCK policy evicts a link of
 * the writer's segment not read since the hand last passed it: recently read links stay, as with
 * LRU, at the cost of one flag per entry.
 */
final class LinkTable {

  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(CachedLink[].class);
  private static final int MAX_SEGMENTS = 64;
  /** Below this many links a segment each would be too small for CLOCK to pick well. */
  private static final int MIN_PER_SEGMENT = 1024;
  private static final int INITIAL_SLOTS = 16;

  private final Segment[] segments;
  private final int segmentShift;
  private final long maxLinks;
  private final long maxBytes;
  /** Links in all segments: the bounds are the table's, so uneven segments cost no capacity. */
  private final AtomicLong size = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder evictions = new LongAdder();

  /**
   * Holds at most {@code maxLinks} links and about {@code maxBytes} of heap (see
   * {@link CachedLink#footprint}), whichever bound is reached first.
   */
  LinkTable(long maxLinks, long maxBytes) {
    if (maxLinks < 1 || maxLinks > Integer.MAX_VALUE || maxBytes < 1) {
      throw new IllegalArgumentException("max links must be 1 to " + Integer.MAX_VALUE
          + " and max bytes positive, was " + maxLinks + " and " + maxBytes);
    }
    this.maxBytes = maxBytes;
    int count = 1;
    while (count < MAX_SEGMENTS && (long) count * 2 * MIN_PER_SEGMENT <= maxLinks) {
      count *= 2;
    }
    this.maxLinks = maxLinks;
    this.segments = new Segment[count];
    this.segmentShift = 32 - Integer.numberOfTrailingZeros(count);
    for (int i = 0; i < count; i++) {
      segments[i] = new Segment();
    }
  }

  /** The link cached under {@code code}, or {@code null}; counts a hit or a miss. */
  CachedLink get(String code) {
    CachedLink link = peek(code);
    if (link == null) {
      misses.increment();
      return null;
    }
    if (!link.referenced) { // write only when it changes: no cache-line traffic on hot links
      link.referenced = true;
    }
    hits.increment();
    return link;
  }

  /** As {@link #get}, but counts nothing and leaves the entry's recency alone. */
  CachedLink peek(String code) {
    int h = spread(code.hashCode());
    return segmentOf(h).find(code, h);
  }

  /** Caches {@code link} under its code, replacing what was there; may evict another link. */
  void put(CachedLink link) {
    int h = spread(link.hash());
    segmentOf(h).put(link, h, this);
  }

  void remove(String code) {
    int h = spread(code.hashCode());
    segmentOf(h).remove(code, h, this);
  }

  void clear() {
    for (Segment s : segments) {
      s.clear(this);
    }
  }

  long size() {
    return size.get();
  }

  /** The heap its links take, as {@link CachedLink#footprint} estimates it. */
  long bytes() {
    return bytes.get();
  }

  long hits() {
    return hits.sum();
  }

  long misses() {
    return misses.sum();
  }

  long evictions() {
    return evictions.sum();
  }

  private Segment segmentOf(int h) {
    return segments.length == 1 ? segments[0] : segments[h >>> segmentShift];
  }

  /**
   * Mixes every bit of the code's hash into every bit (MurmurHash3's finalizer): the high bits
   * pick the segment, the low bits the slot, and a String's own hash is weak in both.
   */
  static int spread(int hash) {
    int h = hash;
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    h *= 0xC2B2AE35;
    return h ^ (h >>> 16);
  }

  private static final class Segment {
    private volatile CachedLink[] slots = new CachedLink[INITIAL_SLOTS];
    private int count;
    private int hand;

    /** {@code h} is the {@link #spread} of the code's hash. */
    CachedLink find(String code, int h) {
      CachedLink[] table = slots;
      int mask = table.length - 1;
      for (int i = h & mask; ; i = (i + 1) & mask) {
        CachedLink e = (CachedLink) SLOT.getAcquire(table, i);
        if (e == null) {
          return null;
        }
        if (e.hasCode(code)) {
          return e;
        }
      }
    }

    synchronized void put(CachedLink link, int h, LinkTable owner) {
      CachedLink[] table = slots;
      int mask = table.length - 1;
      int i = h & mask;
      for (CachedLink e; (e = table[i]) != null; i = (i + 1) & mask) {
        if (e.hasCode(link)) {
          SLOT.setRelease(table, i, link);
          owner.bytes.addAndGet(link.footprint() - e.footprint());
          return;
        }
      }
      // Full: make room in this segment. An empty one may go over the bounds instead, so the
      // new link is never its own victim.
      while (count > 0 && (owner.size.get() >= owner.maxLinks
          || owner.bytes.get() + link.footprint() > owner.maxBytes)) {
        evictOne(table, owner);
        owner.evictions.increment();
      }
      if ((count + 1) * 4L > table.length * 3L) { // past 3/4 full: grow
        table = grow(table);
      }
      insert(table, link, h);
      count++;
      owner.size.incrementAndGet();
      owner.bytes.addAndGet(link.footprint());
    }

    synchronized void remove(String code, int h, LinkTable owner) {
      CachedLink[] table = slots;
      int mask = table.length - 1;
      for (int i = h & mask; table[i] != null; i = (i + 1) & mask) {
        CachedLink e = table[i];
        if (e.hasCode(code)) {
          removeAt(table, i, owner);
          return;
        }
      }
    }

    synchronized void clear(LinkTable owner) {
      for (CachedLink e : slots) {
        if (e != null) {
          owner.bytes.addAndGet(-e.footprint());
        }
      }
      slots = new CachedLink[INITIAL_SLOTS];
      owner.size.addAndGet(-count);
      count = 0;
      hand = 0;
    }

    private static void insert(CachedLink[] table, CachedLink link, int h) {
      int mask = table.length - 1;
      int i = h & mask;
      while (table[i] != null) {
        i = (i + 1) & mask;
      }
      SLOT.setRelease(table, i, link);
    }

    private CachedLink[] grow(CachedLink[] old) {
      CachedLink[] table = new CachedLink[old.length * 2];
      for (CachedLink e : old) {
        if (e != null) {
          insert(table, e, spread(e.hash()));
        }
      }
      slots = table; // readers holding the old array still find everything in it
      hand = 0;
      return table;
    }

    /** CLOCK: clears the flag of each recently read link it passes and evicts the first without. */
    private void evictOne(CachedLink[] table, LinkTable owner) {
      int mask = table.length - 1;
      // The first sweep clears every flag it meets, so the second finds a link to evict unless
      // readers flag them all again meanwhile; then the next link the hand meets goes.
      for (int n = 0; ; n++) {
        hand = (hand + 1) & mask;
        CachedLink e = table[hand];
        if (e == null) {
          continue;
        }
        if (e.referenced && n < 2 * table.length) {
          e.referenced = false;
        } else {
          removeAt(table, hand, owner);
          return;
        }
      }
    }

    /**
     * Deletes slot {@code i} by moving later links of its probe run back (no tombstones). A read
     * racing with a move may miss the moved link; it never sees a deleted one.
     */
    private void removeAt(CachedLink[] table, int i, LinkTable owner) {
      owner.bytes.addAndGet(-table[i].footprint());
      int mask = table.length - 1;
      int hole = i;
      for (int j = (i + 1) & mask; table[j] != null; j = (j + 1) & mask) {
        int home = spread(table[j].hash()) & mask;
        // Move table[j] into the hole when its home slot is not between the hole and j (cyclically).
        boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
        if (movable) {
          SLOT.setRelease(table, hole, table[j]);
          hole = j;
        }
      }
      SLOT.setRelease(table, hole, null);
      count--;
      owner.size.decrementAndGet();
    }
  }
}
