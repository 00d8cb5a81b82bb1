package dev.loyalty.core.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loyalty.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A loyalty.ledger record as read off the topic: the entry, and the canonical content its hash
 * covers, taken from the record's own JSON so that whatever a record holds counts.
 */
public record LedgerRecord(LedgerEntry entry, byte[] content) {

    /** @throws RuntimeException when the bytes are not a ledger entry */
    public static LedgerRecord parse(byte[] json) {
        try {
            JsonNode tree = Json.MAPPER.readTree(json);
            return new LedgerRecord(Json.MAPPER.treeToValue(tree, LedgerEntry.class), LedgerChain.content(tree));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
