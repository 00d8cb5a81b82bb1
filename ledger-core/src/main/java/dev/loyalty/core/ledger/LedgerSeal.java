package dev.loyalty.core.ledger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loyalty.core.account.Account;
import dev.loyalty.core.json.Json;
import java.util.Optional;

/**
 * The tamper evidence of ledger entries (SPEC section 3, invariant 6): the writer seals each entry
 * with its {@link LedgerChain} hash and, with a ledger key, an {@link EntryMac}; every reader (verify,
 * the projections, the writer-state rebuild) takes an entry only when {@link #breach} finds nothing.
 */
public final class LedgerSeal {

    public static final LedgerSeal UNKEYED = new LedgerSeal(LedgerKeys.NONE);

    private final LedgerKeys keys;

    public LedgerSeal(LedgerKeys keys) {
        this.keys = keys;
    }

    /** With a key, entries carry a mac and every reader requires it. */
    public boolean keyed() {
        return !keys.isEmpty();
    }

    /**
     * The entry as the writer appends it: its hash chains to {@code previousHash}, with a mac when keyed;
     * with the bytes of its record, written from the tree the hash was computed on.
     */
    public SealedEntry seal(String previousHash, LedgerEntry entry) {
        LedgerEntry bare = entry.withSeal(null, null);
        ObjectNode tree = Json.MAPPER.valueToTree(bare);
        String hash = LedgerChain.hash(previousHash, LedgerChain.content(tree));
        EntryMac mac = keyed() ? keys.sign(hash) : null;
        // The entry's last two members, appended in its own order: the bytes are those of the sealed entry's toJson().
        tree.put("hash", hash);
        if (mac != null) {
            tree.putPOJO("mac", mac);
        }
        return new SealedEntry(bare.withSeal(hash, mac), Json.write(tree));
    }

    /**
     * Why {@code record} is not the writer's next entry for the customer whose sound entries folded into
     * {@code before}; empty when it is.
     */
    public Optional<String> breach(Account before, LedgerRecord record) {
        LedgerEntry e = record.entry();
        if (e.hash() == null) {
            return Optional.of("carries no hash");
        }
        if (!LedgerChain.hash(before.lastHash(), record.content()).equals(e.hash())) {
            String chainedTo = before.seq() == 0 ? "the start of the customer's chain (no sound entry before it)"
                    : "seq " + before.seq() + ", the customer's last sound entry";
            return Optional.of("hash does not chain to " + chainedTo + ": this entry was altered, or one before it is"
                    + " missing or altered");
        }
        if (keyed()) {
            if (e.mac() == null) {
                return Optional.of("carries no mac, and the ledger is keyed");
            }
            return keys.problem(e.mac(), e.hash());
        }
        return Optional.empty();
    }
}
