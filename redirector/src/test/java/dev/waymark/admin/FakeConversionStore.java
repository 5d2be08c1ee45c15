package dev.waymark.admin;

import dev.waymark.conversion.Conversion;
import dev.waymark.conversion.ConversionStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A conversion store that keeps to the contract over a few known clicks: a click in {@link #hits}
 * is stored once per {@code (click, type, id)}, one in {@link #pending} is on its way, any other is
 * unknown, and a list with an unknown click stores nothing. It can be made to fail ({@link #down})
 * or to hold every call until {@link #gate}.
 */
final class FakeConversionStore implements ConversionStore {

  /** The click of openapi.yaml's example: a stored hit from the start, so the documented example is stored. */
  static final UUID SPEC_EXAMPLE = UUID.fromString("0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b");

  /** Clicks whose hits are stored. */
  final Set<UUID> hits = ConcurrentHashMap.newKeySet();
  /** Clicks whose hits are still on their way. */
  final Set<UUID> pending = ConcurrentHashMap.newKeySet();
  /** What was stored, by {@code (click, type, id)}. */
  final Map<List<Object>, Conversion> stored = new ConcurrentHashMap<>();
  volatile List<Conversion> asked;
  volatile boolean down;
  /** Closed, it holds every call until it opens. */
  final Gate gate = new Gate();

  FakeConversionStore() {
    hits.add(SPEC_EXAMPLE);
  }

  void reset() {
    gate.open();
    down = false;
    asked = null;
    hits.clear();
    pending.clear();
    stored.clear();
  }

  @Override
  public List<Status> record(List<Conversion> conversions) throws Exception {
    asked = conversions;
    gate.pass();
    if (down) {
      throw new java.io.IOException("connection refused (fake)");
    }
    synchronized (this) {
      return statuses(conversions);
    }
  }

  private List<Status> statuses(List<Conversion> conversions) {
    List<Status> statuses = new ArrayList<>();
    Set<List<Object>> seen = new HashSet<>();
    for (Conversion c : conversions) {
      List<Object> key = List.of(c.click(), c.type(), c.id());
      statuses.add(hits.contains(c.click())
          ? (stored.containsKey(key) || !seen.add(key) ? Status.DUPLICATE : Status.STORED)
          : pending.contains(c.click()) ? Status.PENDING : Status.UNKNOWN_CLICK);
    }
    if (!statuses.contains(Status.UNKNOWN_CLICK)) {
      for (int i = 0; i < conversions.size(); i++) {
        Conversion c = conversions.get(i);
        if (statuses.get(i) == Status.STORED) {
          stored.put(List.of(c.click(), c.type(), c.id()), c);
        }
      }
    }
    return statuses;
  }

  @Override
  public String kind() {
    return "clickhouse";
  }
}
