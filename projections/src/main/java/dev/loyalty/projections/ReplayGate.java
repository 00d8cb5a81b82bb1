package dev.loyalty.projections;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The signal gate of a rebuilt generation (SPEC section 7, {@code replay}). While the rebuild
 * catches up, the running generation still sends signals, so the rebuild sends none: it keeps the
 * recent ones (due at or after the replay started) aside. At switch-over, with the old generation
 * stopped, {@link #open} hands back those that were never sent, and from then on the gate passes
 * every signal but one already sent. Signals due before the replay started were the old
 * generation's to send, and stay held.
 */
public final class ReplayGate implements SignalGate {

    private final Instant replayStart;
    private final List<Signal> held = new ArrayList<>();
    private Set<String> alreadySent;

    public ReplayGate(Instant replayStart) {
        this.replayStart = replayStart;
    }

    @Override
    public synchronized boolean shouldSend(Signal signal) {
        if (alreadySent == null) {
            if (!signal.at().isBefore(replayStart)) {
                held.add(signal);
            }
            return false;
        }
        return alreadySent.add(signal.signalId());
    }

    /**
     * Opens the gate. {@code sentIds}: the ids on the signal topics once the old generation stopped.
     *
     * @return the held signals no one sent yet, for the caller to publish now
     */
    public synchronized List<Signal> open(Set<String> sentIds) {
        alreadySent = new HashSet<>(sentIds);
        List<Signal> release = new ArrayList<>();
        for (Signal s : held) {
            if (alreadySent.add(s.signalId())) {
                release.add(s);
            }
        }
        held.clear();
        return release;
    }
}
