package dev.loyalty.writer;

import dev.loyalty.core.account.Account;
import dev.loyalty.core.account.Decider;
import dev.loyalty.core.account.Decision;
import dev.loyalty.core.event.Event;
import dev.loyalty.core.event.ParseResult;
import dev.loyalty.core.event.RejectReason;
import dev.loyalty.core.ledger.RejectionRecord;
import dev.loyalty.core.ledger.SealedEntry;
import dev.loyalty.core.time.BusinessClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of each customer's ledger: parses the event (once, whichever way it came: anything
 * invalid becomes a rejection with the original bytes), loads the account, lets the {@link Decider}
 * judge the event, appends the entries, answers redemptions, and saves the account with its next due time.
 * A wall-clock punctuation writes what falls due with no traffic (expiry, downgrade).
 *
 * <p>Each event's whole outcome is built before anything is stored or sent: an exception on the way
 * (a defect; the {@link ParkingProcessingHandler} parks the event) leaves the account, the clock and
 * the topics as they were.
 */
final class LedgerWriterProcessor implements Processor<String, WriterOutput, String, WriterOutput> {

    /**
     * Largest value the writer sends: under the 1 MiB a broker and a producer accept by default. Accounts
     * are bounded far below what could make an entry this large, so reaching it is a defect.
     */
    static final int MAX_OUTPUT_BYTES = 1_000_000;

    private static final Logger LOG = LoggerFactory.getLogger(LedgerWriterProcessor.class);

    private final WriterOptions options;
    private final Duration punctuationInterval;
    private final WriterListener listener;
    /** Customers whose time-driven work failed, so each is logged once rather than every punctuation. */
    private final Set<String> failingTicks = new HashSet<>();
    private ProcessorContext<String, WriterOutput> context;
    private AccountStore accounts;
    private BusinessClock clock;
    private PublishedProgram program;

    LedgerWriterProcessor(WriterOptions options) {
        this.options = options;
        this.punctuationInterval = options.punctuationInterval();
        this.listener = options.listener();
    }

    @Override
    public void init(ProcessorContext<String, WriterOutput> context) {
        this.context = context;
        this.accounts = new AccountStore(context.getStateStore(AccountStore.ACCOUNTS),
                context.getStateStore(AccountStore.DUE_INDEX));
        this.clock = ClockStore.open(context.getStateStore(ClockStore.STORE), options.limits().clockLead());
        this.program = new PublishedProgram(context.getStateStore(PublishedProgram.STORE), options);
        context.schedule(punctuationInterval, PunctuationType.WALL_CLOCK_TIME, this::writeDueEntries);
    }

    @Override
    public void process(Record<String, WriterOutput> record) {
        long wall = context.currentSystemTimeMs();
        // The key is the input's, or the customerId read from an unkeyed input that was re-keyed: a valid
        // event's customerId either way.
        ParseResult parsed = program.codec().parse(record.key(), record.value().value(), Instant.ofEpochMilli(wall));
        if (!(parsed instanceof ParseResult.Valid valid)) {
            ParseResult.Invalid invalid = (ParseResult.Invalid) parsed;
            listener.rejected(invalid.reason());
            context.forward(rejection(record, invalid.eventId(), invalid.customerId(), invalid.reason(),
                    invalid.message(), wall));
            return;
        }
        Event event = valid.event();
        Instant now = clock.nowWith(event.occurredAt(), wall);
        Decider decider = program.decider();
        Account account = accounts.load(event.customerId());
        if (account == null) {
            account = decider.newAccount(event.customerId(), event.occurredAt());
        }
        Decision decision = decider.decide(account, event, now, Instant.ofEpochMilli(wall));

        List<Record<String, WriterOutput>> outputs = entries(decision, wall);
        if (decision.redemptionResult() != null) {
            outputs.add(output(event.customerId(), WriterOutput.Target.REDEMPTION_RESULT,
                    decision.redemptionResult().toJson(), wall));
        }
        if (!decision.duplicate() && decision.rejection() != null) {
            outputs.add(rejection(record, event.eventId(), event.customerId(), decision.rejection().reason(),
                    decision.rejection().message(), wall));
        }

        clock.observe(event.occurredAt());
        accounts.save(decision.after().customerId(), decision.stored(), decider.nextDue(decision.after(), now));
        outputs.forEach(context::forward);
        if (decision.duplicate()) {
            listener.duplicate();
        } else if (decision.rejection() != null) {
            listener.rejected(decision.rejection().reason());
        } else {
            listener.applied(event.type(), decision.appended().size());
        }
    }

    private void writeDueEntries(long wall) {
        Instant now = clock.now(wall);
        int written = 0;
        for (String customerId : accounts.dueBy(now)) {
            // One account's failure must not hold back the time-driven work of every customer due after it.
            try {
                written += writeDueEntries(customerId, now, wall);
                failingTicks.remove(customerId);
            } catch (RuntimeException e) {
                listener.rejected(RejectReason.INTERNAL_ERROR);
                if (failingTicks.add(customerId)) {
                    LOG.error("could not write the time-driven entries of customer {}; will try again at every "
                            + "punctuation", customerId, e);
                }
            }
        }
        if (written > 0) {
            listener.timeDriven(written);
        }
    }

    private int writeDueEntries(String customerId, Instant now, long wall) {
        Account account = accounts.load(customerId);
        Decider decider = program.decider();
        Decision decision = decider.tick(account, now, Instant.ofEpochMilli(wall));
        List<Record<String, WriterOutput>> outputs = entries(decision, wall);
        accounts.save(decision.after().customerId(), decision.stored(), decider.nextDue(decision.after(), now));
        outputs.forEach(context::forward);
        return decision.appended().size();
    }

    private List<Record<String, WriterOutput>> entries(Decision decision, long wall) {
        List<Record<String, WriterOutput>> outputs = new ArrayList<>(decision.appended().size() + 2);
        for (SealedEntry sealed : decision.appended()) {
            outputs.add(output(sealed.entry().customerId(), WriterOutput.Target.LEDGER, sealed.json(), wall));
        }
        return outputs;
    }

    /** Keyed by the event's customerId when it could be read, else by the input record's key when it could be one. */
    private Record<String, WriterOutput> rejection(Record<String, WriterOutput> record, String eventId,
                                                   String customerId, RejectReason reason, String message, long wall) {
        SourceCoordinates source = SourceCoordinates.from(record.headers(),
                context.recordMetadata().map(SourceCoordinates::of).orElse(new SourceCoordinates("unknown", -1, -1)));
        RejectionRecord rejection = RejectionRecord.of(eventId, customerId, reason, message, record.value().value(),
                source.topic(), source.partition(), source.offset(), Instant.ofEpochMilli(wall));
        boolean inputUnkeyed = record.headers().lastHeader(EventRouter.UNKEYED_HEADER) != null;
        String key = customerId != null ? customerId : inputUnkeyed ? null : RejectionKeys.bounded(record.key());
        return output(key, WriterOutput.Target.REJECTION, rejection.toJson(), wall);
    }

    private static Record<String, WriterOutput> output(String key, WriterOutput.Target target, byte[] value, long wall) {
        if (value.length > MAX_OUTPUT_BYTES) {
            throw new IllegalStateException("a " + target + " record of customer " + key + " would be "
                    + value.length + " bytes, more than the " + MAX_OUTPUT_BYTES + " the writer sends");
        }
        return new Record<>(key, new WriterOutput(target, value), wall);
    }
}
