package dev.loyalty.projections;

import dev.loyalty.core.ledger.LedgerSeal;
import dev.loyalty.core.program.Program;
import dev.loyalty.core.topic.Topics;
import java.time.Duration;

/**
 * How the projections topology is built.
 *
 * @param punctuationInterval how often, by the wall clock, due signals are looked for; well under the
 *     60 seconds SPEC section 4 allows
 * @param signalGate which signals go out; {@link SignalGate#SEND_ALL} but in a rebuild
 * @param catchUpLag a task that read entries recorded longer ago than this during the last interval is
 *     still catching up (a rebuild, a backlog), so its wall-clock punctuation waits: due work then
 *     follows the ledger's own times instead of today's clock
 * @param seal what an entry must pass to be applied (docs/security.md)
 */
public record ProjectionOptions(Topics topics, Program program, Duration punctuationInterval, Duration catchUpLag,
                                SignalGate signalGate, ProjectionListener listener, LedgerSeal seal) {

    public static ProjectionOptions defaults(Program program) {
        return new ProjectionOptions(Topics.defaults(), program, Duration.ofSeconds(10), Duration.ofSeconds(60),
                SignalGate.SEND_ALL, ProjectionListener.NONE, LedgerSeal.UNKEYED);
    }

    public ProjectionOptions withTopics(Topics t) {
        return new ProjectionOptions(t, program, punctuationInterval, catchUpLag, signalGate, listener, seal);
    }

    public ProjectionOptions withPunctuationInterval(Duration d) {
        return new ProjectionOptions(topics, program, d, catchUpLag, signalGate, listener, seal);
    }

    public ProjectionOptions withSignalGate(SignalGate g) {
        return new ProjectionOptions(topics, program, punctuationInterval, catchUpLag, g, listener, seal);
    }

    public ProjectionOptions withListener(ProjectionListener l) {
        return new ProjectionOptions(topics, program, punctuationInterval, catchUpLag, signalGate, l, seal);
    }

    public ProjectionOptions withSeal(LedgerSeal s) {
        return new ProjectionOptions(topics, program, punctuationInterval, catchUpLag, signalGate, listener, s);
    }
}
