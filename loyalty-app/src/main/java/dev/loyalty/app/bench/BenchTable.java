package dev.loyalty.app.bench;

import com.fasterxml.jackson.databind.JsonNode;

/** The bench figures as a plain table for people. */
final class BenchTable {

    private BenchTable() {
    }

    static String render(JsonNode r) {
        StringBuilder t = new StringBuilder();
        row(t, "writer topology (in-process, 100k customers)", r.path("writerTopologyEventsPerSec").asText() + " events/s");
        row(t, "writer topology with a ledger key (100k)", r.path("writerTopologyKeyedEventsPerSec").asText() + " events/s");
        JsonNode seal = r.path("sealMicrosPerEntry");
        row(t, "ledger seal, writer: hash / hash + mac", String.format("%.2f / %.2f us per entry (entry JSON alone %.2f us)",
                seal.path("hash").asDouble(), seal.path("hashAndMac").asDouble(), seal.path("entryJson").asDouble()));
        row(t, "ledger seal, readers: check hash / + mac", String.format("+%.2f / +%.2f us per entry (parse and fold %.2f us)",
                seal.path("readCheckHashAndFold").asDouble() - seal.path("readAndFold").asDouble(),
                seal.path("readCheckHashMacAndFold").asDouble() - seal.path("readAndFold").asDouble(),
                seal.path("readAndFold").asDouble()));
        row(t, "raw exactly-once passthrough", r.path("rawPassthroughEventsPerSec").asText() + " events/s");
        row(t, "end to end (writer + projections)", r.path("e2eEventsPerSec").asText() + " events/s");
        row(t, "end to end / raw", r.path("e2eToRawRatio").asText());
        row(t, "latency p50 / p99 (publish to HTTP)", r.path("p50LatencyMs").asText() + " / " + r.path("p99LatencyMs").asText() + " ms");
        row(t, "publish to ledger p50 / p99, Java partitioner", r.path("ledgerLatencyJavaP50Ms").asText() + " / "
                + r.path("ledgerLatencyJavaP99Ms").asText() + " ms at 1,000 events/s");
        row(t, "publish to ledger p50 / p99, CRC32 partitioner", r.path("ledgerLatencyCrc32P50Ms").asText() + " / "
                + r.path("ledgerLatencyCrc32P99Ms").asText() + " ms at 1,000 events/s");
        row(t, "replay (projections rebuilt)", r.path("replayEntriesPerSec").asText() + " entries/s");
        row(t, "state on disk per customer", r.path("stateBytesPerCustomer").asText() + " bytes");
        t.append("writer topology by customers:\n");
        for (JsonNode s : r.path("writerScaling")) {
            t.append(String.format("  %,9d customers (%,d events): %,d events/s, %,d state bytes/customer%n",
                    s.path("customers").asLong(), s.path("events").asLong(), s.path("eventsPerSec").asLong(),
                    s.path("stateBytesPerCustomer").asLong()));
        }
        t.append("projections rebuilt (replay) by customers:\n");
        for (JsonNode s : r.path("projectionsScaling")) {
            t.append(String.format("  %,9d customers (%,d entries): %,d entries/s, %,d state bytes/customer%n",
                    s.path("customers").asLong(), s.path("entries").asLong(), s.path("entriesPerSec").asLong(),
                    s.path("stateBytesPerCustomer").asLong()));
        }
        JsonNode m = r.path("machine");
        t.append(String.format("machine: %d cores, max heap %,d MiB, Java %s; %s run in %d s%n", m.path("cores").asInt(),
                m.path("maxHeapBytes").asLong() >> 20, m.path("java").asText(), r.path("mode").asText(), r.path("seconds").asLong()));
        return t.toString();
    }

    private static void row(StringBuilder t, String name, String value) {
        t.append(String.format("%-46s %s%n", name, value));
    }
}
