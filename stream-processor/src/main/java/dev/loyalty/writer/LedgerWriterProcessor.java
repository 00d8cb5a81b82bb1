package dev.loyalty.writer;

import dev.loyalty.core.account.Account;
import dev.loyalty.core.account.Decider;
import dev.loyalty.core.account.Decision;
import dev.loyalty.core.event.Event;
import dev.loyalty.core.event.EventCodec;
import dev.loyalty.core.event.ParseResult;
import dev.loyalty.core.event.RejectReason;
import dev.loyalty.core.ledger.LedgerEntry;
import dev.loyalty.core.ledger.RejectionRecord;
import dev.loyalty.core.time.BusinessClock;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of each customer's ledger: loads the account, lets the {@link Decider} judge the
 * event, appends the entries, answers redemptions, and saves the account with its next due time.
 * A wall-clock punctuation writes what falls due with no traffic (expiry, downgrade).
 */
final class LedgerWriterProcessor implements Processor<String, WriterOutput, String, WriterOutput> {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerWriterProcessor.class);

    private final EventCodec codec;
    private final Decider decider;
    private final Duration punctuationInterval;
    private final WriterListener listener;
    private ProcessorContext<String, WriterOutput> context;
    private AccountStore accounts;
    private BusinessClock clock;

    LedgerWriterProcessor(EventCodec codec, Decider decider, Duration punctuationInterval, WriterListener listener) {
        this.codec = codec;
        this.decider = decider;
        this.punctuationInterval = punctuationInterval;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<String, WriterOutput> context) {
        this.context = context;
        this.accounts = new AccountStore(context.getStateStore(AccountStore.ACCOUNTS),
                context.getStateStore(AccountStore.DUE_INDEX));
        this.clock = ClockStore.open(context.getStateStore(ClockStore.STORE));
        context.schedule(punctuationInterval, PunctuationType.WALL_CLOCK_TIME, this::writeDueEntries);
    }

    @Override
    public void process(Record<String, WriterOutput> record) {
        ParseResult parsed = codec.parse(record.key(), record.value().value());
        if (!(parsed instanceof ParseResult.Valid valid)) {
            // The validator let it through, so only a changed program can make it invalid now.
            ParseResult.Invalid invalid = (ParseResult.Invalid) parsed;
            reject(record, invalid.eventId(), invalid.customerId(), invalid.reason(), invalid.message());
            return;
        }
        Event event = valid.event();
        clock.observe(event.occurredAt());
        long wall = context.currentSystemTimeMs();
        Account account = accounts.load(event.customerId());
        if (account == null) {
            account = decider.newAccount(event.customerId());
        }
        Instant now = clock.now(wall);
        Decision decision;
        try {
            decision = decider.decide(account, event, now, Instant.ofEpochMilli(wall));
        } catch (RuntimeException e) {
            // A defect must not stop every customer of the partition: park the event, visibly.
            LOG.error("could not decide on event {} of customer {}", event.eventId(), event.customerId(), e);
            reject(record, event.eventId(), event.customerId(), RejectReason.INVALID_FIELD,
                    "internal error while applying the event: " + e);
            return;
        }
        emitEntries(decision, wall);
        if (decision.redemptionResult() != null) {
            context.forward(new Record<>(event.customerId(), new WriterOutput(WriterOutput.Target.REDEMPTION_RESULT,
                    decision.redemptionResult().toJson()), wall));
        }
        if (decision.duplicate()) {
            listener.duplicate();
        } else if (decision.rejection() != null) {
            reject(record, event.eventId(), event.customerId(), decision.rejection().reason(),
                    decision.rejection().message());
        } else {
            listener.applied(event.type(), decision.entries().size());
        }
        accounts.save(decision.after(), decider.nextDue(decision.after(), now));
    }

    private void writeDueEntries(long wall) {
        Instant now = clock.now(wall);
        int written = 0;
        for (String customerId : accounts.dueBy(now)) {
            Account account = accounts.load(customerId);
            Decision decision = decider.tick(account, now, Instant.ofEpochMilli(wall));
            emitEntries(decision, wall);
            written += decision.entries().size();
            accounts.save(decision.after(), decider.nextDue(decision.after(), now));
        }
        if (written > 0) {
            listener.timeDriven(written);
        }
    }

    private void emitEntries(Decision decision, long wall) {
        for (LedgerEntry entry : decision.entries()) {
            context.forward(new Record<>(entry.customerId(),
                    new WriterOutput(WriterOutput.Target.LEDGER, entry.toJson()), wall));
        }
    }

    private void reject(Record<String, WriterOutput> record, String eventId, String customerId,
                        RejectReason reason, String message) {
        listener.rejected(reason);
        SourceCoordinates source = SourceCoordinates.from(record.headers(),
                context.recordMetadata().map(SourceCoordinates::of).orElse(new SourceCoordinates("unknown", -1, -1)));
        long wall = context.currentSystemTimeMs();
        RejectionRecord rejection = RejectionRecord.of(eventId, customerId, reason, message, record.value().value(),
                source.topic(), source.partition(), source.offset(), Instant.ofEpochMilli(wall));
        context.forward(new Record<>(record.key(), new WriterOutput(WriterOutput.Target.REJECTION, rejection.toJson()),
                wall));
    }
}
