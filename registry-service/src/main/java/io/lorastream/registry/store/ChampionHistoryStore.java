package io.lorastream.registry.store;

import io.lorastream.contracts.ContractJson;
import io.lorastream.contracts.TaskId;
import io.lorastream.registry.domain.HistoryEntry;
import io.lorastream.store.ObjectStore;
import io.lorastream.store.StoredObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The champion history of every task in the object store, one immutable object per change:
 * {@code adapters/<task>/champion-history/<seq>.json}. A change is appended with a conditional PUT
 * ({@code If-None-Match: *}) at the next sequence number, so when two replicas change the same
 * task's champion at once exactly one wins and the other re-reads and decides again: the history is
 * a linear log without a lock service. The compacted champions topic only keeps the latest change,
 * so this is where "who, when, why" lives. Thread-safe.
 */
public final class ChampionHistoryStore {

    private static final Logger LOG = Logger.getLogger(ChampionHistoryStore.class);
    private static final Pattern ENTRY_KEY = Pattern.compile(".*/champion-history/(\\d{12})\\.json");

    private final ObjectStore objects;
    private final Duration cacheTtl;
    private final Clock clock;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    /** Entries never change once written, so only the listing needs refreshing. */
    private static final class Cached {
        final TreeMap<Long, HistoryEntry> entries = new TreeMap<>();
        Instant listedAt = Instant.MIN;
    }

    public ChampionHistoryStore(ObjectStore objects, Duration cacheTtl, Clock clock) {
        this.objects = objects;
        this.cacheTtl = cacheTtl;
        this.clock = clock;
    }

    public static String prefix(String task) {
        return "adapters/" + TaskId.require(task) + "/champion-history/";
    }

    static String key(String task, long seq) {
        return prefix(task) + String.format("%012d.json", seq);
    }

    /**
     * The task's history, oldest first.
     *
     * @param fresh list the store now; otherwise a listing up to the cache TTL old may be used
     */
    public List<HistoryEntry> entries(String task, boolean fresh) {
        Cached cached = cache.computeIfAbsent(task, t -> new Cached());
        synchronized (cached) {
            Instant now = clock.instant();
            if (fresh || cached.listedAt.plus(cacheTtl).isBefore(now)) {
                for (StoredObject object : objects.list(prefix(task))) {
                    Matcher matcher = ENTRY_KEY.matcher(object.key());
                    if (!matcher.matches()) {
                        LOG.warnf("ignoring %s: not a champion history entry", object.key());
                        continue;
                    }
                    long seq = Long.parseLong(matcher.group(1));
                    if (!cached.entries.containsKey(seq)) {
                        cached.entries.put(seq, ContractJson.fromBytes(objects.getBytes(object.key()), HistoryEntry.class));
                    }
                }
                cached.listedAt = now;
            }
            return new ArrayList<>(cached.entries.values());
        }
    }

    /** The task's latest change (its champion), if any. */
    public Optional<HistoryEntry> last(String task, boolean fresh) {
        List<HistoryEntry> entries = entries(task, fresh);
        return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(entries.size() - 1));
    }

    /**
     * Appends {@code entry} at its sequence number unless another change took that number first.
     *
     * @return false, writing nothing, when the number was taken: re-read and decide again
     */
    public boolean append(HistoryEntry entry) {
        boolean written = objects.putIfAbsent(key(entry.task(), entry.seq()), ContractJson.toBytes(entry), "application/json");
        if (written) {
            Cached cached = cache.computeIfAbsent(entry.task(), t -> new Cached());
            synchronized (cached) {
                cached.entries.put(entry.seq(), entry);
            }
        }
        return written;
    }

    /** Every task that has an {@code adapters/} folder, for the start-up reconciliation. */
    public List<String> tasks() {
        return objects.childNames("adapters/").stream().filter(TaskId::isValid).toList();
    }
}
