package io.lorastream.registry.domain;

import io.lorastream.contracts.ChampionEvent;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The champion of every task as this replica serves it, fed from the compacted champions topic,
 * with the waiters of long-polls and the subscribers of change streams. Thread-safe.
 *
 * <p>Two views per task, on purpose. {@link #current} only moves forward in {@code promotedAt}
 * (the registry makes every history entry later than the one before), so a late duplicate of an
 * older record can never send readers back to an old champion. {@link #lastRecord} is the topic's
 * last record, whatever it is: what compaction will keep, and so what the registry must correct
 * when it is not the champion history's last entry.
 */
public final class ChampionBoard {

    private final ConcurrentHashMap<String, ChampionEvent> current = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ChampionEvent> lastRecord = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CopyOnWriteArrayList<Waiter>> waiters = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<ChampionEvent>> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicInteger waiting = new AtomicInteger();

    private record Waiter(String knownVersion, CompletableFuture<Void> signal) {
    }

    /**
     * Takes a record from the champions topic.
     *
     * @return true when the served champion changed (waiters and subscribers were told)
     */
    public boolean apply(ChampionEvent event) {
        lastRecord.put(event.task(), event);
        boolean[] changed = {false};
        current.compute(event.task(), (task, old) -> {
            if (old != null && (sameChange(old, event) || event.promotedAt().isBefore(old.promotedAt()))) {
                return old;
            }
            changed[0] = true;
            return event;
        });
        if (changed[0]) {
            wake(event);
            for (Consumer<ChampionEvent> subscriber : subscribers) {
                subscriber.accept(event);
            }
        }
        return changed[0];
    }

    /** A tombstone on the champions topic: the task has no champion any more. */
    public void remove(String task) {
        lastRecord.remove(task);
        current.remove(task);
    }

    /** The champion served for the task. */
    public Optional<ChampionEvent> current(String task) {
        return Optional.ofNullable(current.get(task));
    }

    /** The last record the champions topic holds for the task, which may lag or (briefly) trail {@link #current}. */
    public Optional<ChampionEvent> lastRecord(String task) {
        return Optional.ofNullable(lastRecord.get(task));
    }

    /** Every served champion, by task id. */
    public List<ChampionEvent> all() {
        return current.values().stream().sorted(Comparator.comparing(ChampionEvent::task)).toList();
    }

    /** True when two records describe the same champion change (a re-published record). */
    public static boolean sameChange(ChampionEvent a, ChampionEvent b) {
        return a.version().equals(b.version()) && a.promotedAt().equals(b.promotedAt());
    }

    /**
     * Completes with the task's champion as soon as it is no longer {@code knownVersion} (null: as
     * soon as there is one), or after {@code timeout} with whatever it is then. Never completes
     * exceptionally.
     */
    public CompletableFuture<Optional<ChampionEvent>> awaitChange(String task, String knownVersion, Duration timeout) {
        if (differs(current(task), knownVersion) || timeout.isZero() || timeout.isNegative()) {
            return CompletableFuture.completedFuture(current(task));
        }
        Waiter waiter = new Waiter(knownVersion, new CompletableFuture<>());
        // Added and removed inside compute, so a task's list leaves the map with its last waiter (a
        // long-poll on any valid task id must not leave an entry behind) and a waiter is never added
        // to a list that has just left it.
        waiters.compute(task, (t, list) -> {
            CopyOnWriteArrayList<Waiter> out = list == null ? new CopyOnWriteArrayList<>() : list;
            out.add(waiter);
            return out;
        });
        waiting.incrementAndGet();
        // A change that landed between the first look and the registration would wake nobody.
        if (differs(current(task), knownVersion)) {
            waiter.signal().complete(null);
        }
        return waiter.signal().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((ignored, timedOut) -> {
                    boolean[] removed = {false};
                    waiters.computeIfPresent(task, (t, list) -> {
                        removed[0] = list.remove(waiter);
                        return list.isEmpty() ? null : list;
                    });
                    if (removed[0]) {
                        waiting.decrementAndGet();
                    }
                    return current(task);
                });
    }

    /** Long-polls waiting now. */
    public int waiters() {
        return waiting.get();
    }

    /** Tasks with at least one long-poll waiting now. */
    int tasksWaitedOn() {
        return waiters.size();
    }

    /** Calls {@code subscriber} with every change of the served champion until the returned handle is closed. */
    public AutoCloseable subscribe(Consumer<ChampionEvent> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    private void wake(ChampionEvent event) {
        CopyOnWriteArrayList<Waiter> list = waiters.get(event.task());
        if (list == null) {
            return;
        }
        for (Waiter waiter : list) {
            if (!Objects.equals(waiter.knownVersion(), event.version())) {
                waiter.signal().complete(null);
            }
        }
    }

    private static boolean differs(Optional<ChampionEvent> champion, String knownVersion) {
        return champion.isPresent() && !champion.get().version().equals(knownVersion);
    }
}
