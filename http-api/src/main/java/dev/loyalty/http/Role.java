package dev.loyalty.http;

import java.util.Locale;

/** What an access token may do (SPEC section 6). A token holds one or more roles; none implies another. */
public enum Role {
    /** {@code GET /customers/**}, {@code /program/**}, {@code /metrics}. */
    READ,
    /** {@code POST /events}. */
    PUBLISH,
    /** Replay and anything else under {@code /internal/}. */
    ADMIN;

    /** The name as written in the tokens file and on the command line: {@code read}, {@code publish}, {@code admin}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything but read, publish or admin */
    public static Role parse(String label) {
        for (Role role : values()) {
            if (role.label().equals(label.trim().toLowerCase(Locale.ROOT))) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + label + "': read, publish or admin");
    }
}
