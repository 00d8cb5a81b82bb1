package dev.loyalty.app.runtime;

import dev.loyalty.core.json.Json;

/**
 * A rebuild's progress as {@code GET /internal/replay} answers it. {@code generation}: the one being
 * rebuilt while RUNNING, else the one serving. Entries are counted in ledger offsets.
 *
 * @param secondsLeft at the current rate; -1 while unknown
 * @param error why the rebuild failed, else null
 */
record ReplayProgress(State state, long generation, long entriesRead, long entriesTotal, double entriesPerSec,
                      long secondsLeft, String error) {

    enum State { IDLE, RUNNING, DONE, FAILED }

    static ReplayProgress idle(long generation) {
        return new ReplayProgress(State.IDLE, generation, 0, 0, 0, -1, null);
    }

    byte[] toJson() {
        return Json.write(this);
    }
}
