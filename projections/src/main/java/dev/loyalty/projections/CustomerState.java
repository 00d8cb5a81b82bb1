package dev.loyalty.projections;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.loyalty.core.account.Account;
import dev.loyalty.core.json.Json;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the projections remember about one customer between ledger entries: the account fold the
 * writer uses, plus what views and signals need on top of it. Stored as the length of a JSON part,
 * the JSON part, then the account in its own binary form ({@link Account#toBytes()}).
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
final class CustomerState {

    @JsonIgnore
    Account account;
    long lifetimeEarned;
    long lifetimeRedeemed;
    long lifetimeExpired;
    long purchaseCount;
    Instant lastPurchaseAt;
    long lastPurchaseSeq;
    /** Times of the latest purchases, oldest first, for the median gap between purchases. */
    List<Instant> recentPurchases = new ArrayList<>();
    ChurnStatus status = ChurnStatus.ACTIVE;
    /** Counted among the program's active members. */
    boolean active;
    /** The last expiry day a warning was decided for. */
    LocalDate warnedThrough;
    /** The business time due work has been done up to; the view is as of this time. */
    Instant advancedTo;
    /** This customer's key in the due index, null when nothing is due. */
    Instant dueAt;

    private CustomerState() {
    }

    CustomerState(Account account) {
        this.account = account;
    }

    String customerId() {
        return account.customerId();
    }

    byte[] toBytes() {
        byte[] json = Json.write(this);
        byte[] account = this.account.toBytes();
        return ByteBuffer.allocate(Integer.BYTES + json.length + account.length).putInt(json.length).put(json)
                .put(account).array();
    }

    static CustomerState fromBytes(byte[] stored) {
        int jsonLength = ByteBuffer.wrap(stored).getInt();
        CustomerState state = Json.read(Arrays.copyOfRange(stored, Integer.BYTES, Integer.BYTES + jsonLength),
                CustomerState.class);
        state.account = Account.fromBytes(stored, Integer.BYTES + jsonLength);
        return state;
    }
}
