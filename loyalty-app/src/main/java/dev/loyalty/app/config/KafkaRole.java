package dev.loyalty.app.config;

import java.util.Locale;

/**
 * The parties of SPEC section 9, each with its own Kafka principal on a secured cluster and only the
 * ACLs it needs (docs/security.md).
 */
public enum KafkaRole {
    /** Writes input events: point-of-sale, web shops, {@code publish}, {@code simulate}, {@code POST /events}. */
    PUBLISHER,
    /** The ledger writer, the only writer of the ledger, redemption results and rejections. */
    WRITER,
    /** The projections: read the ledger, write the marketing signals, rebuild themselves on replay. */
    PROJECTIONS,
    /** Marketing consumers: read the signal topics. */
    MARKETING,
    /** Creates the topics; runs {@code verify}. */
    OPERATOR;

    /** Its name in the principals file, such as {@code publisher}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The user name given to it when principals are generated, such as {@code loyalty-publisher}. */
    public String defaultUsername() {
        return "loyalty-" + key();
    }
}
