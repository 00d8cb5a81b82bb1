package dev.loyalty.writer;

/**
 * The key of a rejection record. The original key is kept when it could be a customer id; a longer one
 * (a record key may be almost a megabyte) is dropped, so a rejection always fits the topic.
 */
final class RejectionKeys {

    /** A customer id's bound in UTF-16 units: 64 code points, each at most two units. */
    private static final int MAX_KEY_CHARS = 128;

    private RejectionKeys() {
    }

    static String bounded(String key) {
        return key == null || key.length() > MAX_KEY_CHARS ? null : key;
    }
}
