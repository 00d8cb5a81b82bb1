package dev.loyalty.app.bench;

import dev.loyalty.app.simulate.SimulatedEvent;
import dev.loyalty.app.simulate.TrafficModel;
import dev.loyalty.core.account.Account;
import dev.loyalty.core.account.Decider;
import dev.loyalty.core.account.Decision;
import dev.loyalty.core.event.EventCodec;
import dev.loyalty.core.event.ParseResult;
import dev.loyalty.core.ledger.LedgerChain;
import dev.loyalty.core.ledger.LedgerEntry;
import dev.loyalty.core.ledger.LedgerRecord;
import dev.loyalty.core.ledger.LedgerSeal;
import dev.loyalty.core.program.Program;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * What the tamper evidence costs per ledger entry, in-process on a realistic ledger: on the writer's
 * side sealing an entry (hash; hash and mac), which writes its record's bytes too, next to writing the
 * entry's JSON alone, the least the writer would do without a seal;
 * on the readers' side parsing, checking and folding an entry next to parsing and folding it alone.
 * The measures take turns for several rounds and each keeps its best round: on a shared machine
 * the other processes only ever add time, and the first round warms the JVM.
 */
final class SealBench {

    /** Microseconds per entry. */
    record Result(int entries, double entryJsonMicros, double hashMicros, double hashMacMicros, double readMicros,
                  double readHashMicros, double readHashMacMicros) {
    }

    private static final int ROUNDS = 5;

    private final Program program;
    private final LedgerSeal keyed;

    SealBench(Program program, LedgerSeal keyed) {
        this.program = program;
        this.keyed = keyed;
    }

    Result run(long seed, int customers, int entries) {
        List<LedgerEntry> ledger = ledger(seed, customers, entries);
        List<LedgerEntry> bare = ledger.stream().map(e -> e.withSeal(null, null)).toList();
        List<byte[]> records = ledger.stream().map(LedgerEntry::toJson).toList();
        double[] best = new double[6];
        Arrays.fill(best, Double.MAX_VALUE);
        for (int round = 0; round < ROUNDS; round++) {
            best[0] = Math.min(best[0], micros(bare, e -> e.toJson().length));
            best[1] = Math.min(best[1], micros(bare, e -> LedgerSeal.UNKEYED.seal(LedgerChain.GENESIS, e).json().length));
            best[2] = Math.min(best[2], micros(bare, e -> keyed.seal(LedgerChain.GENESIS, e).json().length));
            best[3] = Math.min(best[3], fold(records, null));
            best[4] = Math.min(best[4], fold(records, LedgerSeal.UNKEYED));
            best[5] = Math.min(best[5], fold(records, keyed));
        }
        return new Result(ledger.size(), best[0], best[1], best[2], best[3], best[4], best[5]);
    }

    /** A ledger written by the domain code from the traffic model, sealed with the key. */
    private List<LedgerEntry> ledger(long seed, int customers, int entries) {
        Decider decider = new Decider(program, keyed);
        EventCodec codec = new EventCodec(program);
        TrafficModel model = TrafficModel.accelerated(seed, customers, Instant.now().minusSeconds(400L * 86400), program);
        Map<String, Account> accounts = new HashMap<>();
        List<LedgerEntry> ledger = new ArrayList<>(entries + 8);
        while (ledger.size() < entries) {
            SimulatedEvent e = model.next();
            if (codec.parse(e.key(), e.value()) instanceof ParseResult.Valid valid) {
                Account account = accounts.computeIfAbsent(valid.event().customerId(), id -> decider.newAccount(id, valid.event().occurredAt()));
                Instant at = valid.event().occurredAt();
                Decision d = decider.decide(account, valid.event(), at, at);
                accounts.put(account.customerId(), d.after());
                ledger.addAll(d.entries());
            }
        }
        return ledger;
    }

    private static double micros(List<LedgerEntry> entries, ToLongFunction<LedgerEntry> work) {
        long sink = 0;
        long start = System.nanoTime();
        for (LedgerEntry e : entries) {
            sink += work.applyAsLong(e);
        }
        return perEntry(System.nanoTime() - start, entries.size(), sink);
    }

    /** Parses and folds every record as a reader does; with a seal, checks each one first. */
    private double fold(List<byte[]> records, LedgerSeal seal) {
        long sink = 0;
        Decider decider = new Decider(program);
        Map<String, Account> accounts = new HashMap<>();
        long start = System.nanoTime();
        for (byte[] json : records) {
            LedgerEntry entry;
            Account account;
            if (seal == null) {
                entry = LedgerEntry.fromJson(json);
                account = accounts.computeIfAbsent(entry.customerId(), id -> decider.newAccount(id, entry.occurredAt()));
            } else {
                LedgerRecord record = LedgerRecord.parse(json);
                entry = record.entry();
                account = accounts.computeIfAbsent(entry.customerId(), id -> decider.newAccount(id, entry.occurredAt()));
                if (seal.breach(account, record).isPresent()) {
                    throw new IllegalStateException("the bench ledger fails its own seal at " + entry.entryId());
                }
            }
            sink += account.apply(entry).balance();
        }
        return perEntry(System.nanoTime() - start, records.size(), sink);
    }

    // The sink keeps the work from being optimised away; it never changes the figure.
    private static double perEntry(long nanos, int entries, long sink) {
        return (nanos + (sink == Long.MIN_VALUE ? 1 : 0)) / 1e3 / entries;
    }
}
