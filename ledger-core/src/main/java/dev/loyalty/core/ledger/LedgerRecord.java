package dev.loyalty.core.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.loyalty.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A loyalty.ledger record as read off the topic: the entry, and the canonical content its hash
 * covers, taken from the record's own JSON so that whatever a record holds counts.
 */
public record LedgerRecord(LedgerEntry entry, byte[] content) {

    /** Resolved once: looking the entry's type and deserializer up again for every record showed in the profile. */
    private static final ObjectReader ENTRY = Json.MAPPER.readerFor(LedgerEntry.class);

    /** @throws RuntimeException when the bytes are not a ledger entry */
    public static LedgerRecord parse(byte[] json) {
        try {
            JsonNode tree = Json.MAPPER.readTree(json);
            return new LedgerRecord(ENTRY.readValue(tree), LedgerChain.content(tree));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
