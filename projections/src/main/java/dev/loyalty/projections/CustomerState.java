package dev.loyalty.projections;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.loyalty.core.account.Account;
import dev.loyalty.core.json.Json;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * What the projections remember about one customer between ledger entries: the account fold the
 * writer uses, plus what views and signals need on top of it. Stored as JSON.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
final class CustomerState {

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

    byte[] toJson() {
        return Json.write(this);
    }

    static CustomerState fromJson(byte[] json) {
        return Json.read(json, CustomerState.class);
    }
}
