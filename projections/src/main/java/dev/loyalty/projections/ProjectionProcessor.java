package dev.loyalty.projections;

import dev.loyalty.core.ledger.LedgerEntry;
import dev.loyalty.core.ledger.LedgerRecord;
import dev.loyalty.core.time.BusinessClock;
import dev.loyalty.core.topic.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies each ledger entry to its customer's projection, keeps the view, history, due index and
 * program totals, and sends the signals. A wall-clock punctuation does the work that falls due with
 * no traffic, found through the due index.
 */
final class ProjectionProcessor implements Processor<String, byte[], String, byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionProcessor.class);
    /** Customers handled per punctuation, so one punctuation never holds the task for long. */
    private static final int MAX_DUE_PER_PUNCTUATION = 10_000;

    private final ProjectionOptions options;
    private final CustomerProjector projector;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> customers;
    private KeyValueStore<Bytes, byte[]> history;
    private KeyValueStore<Bytes, byte[]> dueIndex;
    private KeyValueStore<String, byte[]> totalsStore;
    private static final String CLOCK_KEY = "latest-occurred-at";

    private BusinessClock clock;
    private String totalsKey;
    /** The partition's totals as last stored; kept here so an entry needs no store read to update them. */
    private ProgramTotals totals;
    private boolean readOldEntriesSinceLastPunctuation;

    ProjectionProcessor(ProjectionOptions options) {
        this.options = options;
        this.projector = new CustomerProjector(options.program());
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.customers = context.getStateStore(ProjectionsTopology.CUSTOMERS_STORE);
        this.history = context.getStateStore(ProjectionsTopology.HISTORY_STORE);
        this.dueIndex = context.getStateStore(ProjectionsTopology.DUE_STORE);
        this.totalsStore = context.getStateStore(ProjectionsTopology.TOTALS_STORE);
        KeyValueStore<String, Long> clockStore = context.getStateStore(ProjectionsTopology.CLOCK_STORE);
        this.clock = new BusinessClock(clockStore.get(CLOCK_KEY), t -> clockStore.put(CLOCK_KEY, t));
        this.totalsKey = "partition-" + context.taskId().partition();
        byte[] storedTotals = totalsStore.get(totalsKey);
        this.totals = storedTotals == null ? new ProgramTotals() : ProgramTotals.fromBytes(storedTotals);
        context.schedule(options.punctuationInterval(), PunctuationType.WALL_CLOCK_TIME, this::doDueWork);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        LedgerRecord read;
        try {
            read = LedgerRecord.parse(record.value());
        } catch (RuntimeException e) {
            // Only the writer writes the ledger: an unreadable entry is a defect to see, not a reason
            // to stop every customer of the partition.
            LOG.error("skipping unreadable ledger record with key {}: {}", record.key(), e.toString());
            return;
        }
        LedgerEntry entry = read.entry();
        CustomerState state = load(entry.customerId());
        if (projector.alreadyApplied(state, entry)) {
            options.listener().entryRedelivered();
            return;
        }
        // Checked before anything of the entry is used: a forged date must not move the clock either.
        Optional<String> breach = options.seal().breach(state.account, read);
        if (breach.isPresent()) {
            options.listener().entryTampered();
            LOG.warn("not applying the ledger entry of customer {} seq {} ({}): {}", entry.customerId(), entry.seq(),
                    context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
                            .orElse("offset unknown"), breach.get());
            return;
        }
        long wall = context.currentSystemTimeMs();
        clock.observe(entry.occurredAt());
        Instant recorded = entry.recordedAt() != null ? entry.recordedAt() : entry.occurredAt();
        if (recorded.plus(options.catchUpLag()).toEpochMilli() < wall) {
            readOldEntriesSinceLastPunctuation = true;
        }
        ProgramTotals totals = this.totals.copy();
        List<Signal> signals = new ArrayList<>();
        try {
            signals.addAll(projector.advance(state, entry.occurredAt(), totals));
            signals.addAll(projector.apply(state, entry, totals));
        } catch (RuntimeException e) {
            // An entry the fold cannot take (a defect upstream) leaves the stored projection as it was;
            // stopping would freeze every customer of the partition. `verify` reports the difference.
            LOG.error("could not apply ledger entry {}; the customer's projection is left as it was",
                    entry.entryId(), e);
            return;
        }
        // Where the entry is, not the entry: the history is read from the ledger itself (same partition as the task).
        history.put(StoreKeys.history(entry.customerId(), entry.seq()),
                StoreKeys.ledgerOffset(context.recordMetadata().orElseThrow().offset()));
        save(state, totals, signals, wall);
        options.listener().entryApplied();
    }

    /**
     * While the task is catching up (entries recorded long ago, as in a rebuild), each customer's due
     * work follows the ledger's own times as its entries arrive; doing it by today's clock would see
     * silences and expiries that later entries of the same ledger rule out.
     */
    private void doDueWork(long wall) {
        if (readOldEntriesSinceLastPunctuation) {
            readOldEntriesSinceLastPunctuation = false;
            return;
        }
        Instant now = clock.now(wall);
        List<String> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = dueIndex.range(StoreKeys.dueFromTheStart(), StoreKeys.dueAfter(now))) {
            while (it.hasNext() && due.size() < MAX_DUE_PER_PUNCTUATION) {
                KeyValue<Bytes, byte[]> next = it.next();
                due.add(StoreKeys.customerOfDueKey(next.key));
            }
        }
        if (due.isEmpty()) {
            return;
        }
        ProgramTotals totals = this.totals.copy();
        for (String customerId : due) {
            CustomerState state = load(customerId);
            List<Signal> signals = projector.advance(state, now, totals);
            save(state, totals, signals, wall);
        }
    }

    private CustomerState load(String customerId) {
        byte[] stored = customers.get(customerId);
        return stored == null ? projector.newState(customerId) : CustomerState.fromBytes(stored);
    }

    private void save(CustomerState state, ProgramTotals totals, List<Signal> signals, long wall) {
        Instant due = projector.nextDue(state);
        if (state.dueAt != null && !state.dueAt.equals(due)) {
            dueIndex.delete(StoreKeys.due(state.dueAt, state.customerId()));
        }
        if (due != null) {
            dueIndex.put(StoreKeys.due(due, state.customerId()), new byte[0]);
        }
        state.dueAt = due;
        customers.put(state.customerId(), state.toBytes());
        totalsStore.put(totalsKey, totals.toBytes());
        this.totals = totals;
        Topics topics = options.topics();
        for (Signal signal : signals) {
            String topic = signal.topic(topics);
            if (!options.signalGate().shouldSend(signal)) {
                options.listener().signalHeldBack(topic);
                continue;
            }
            // Stamped with the wall clock: a business time far from now would fall outside the
            // broker's accepted timestamp range or be deleted at once by retention.
            context.forward(new Record<>(signal.customerId(), signal.toJson(), wall), ProjectionsTopology.sinkName(topic));
            options.listener().signalSent(topic);
        }
    }
}
