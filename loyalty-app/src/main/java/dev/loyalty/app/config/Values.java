package dev.loyalty.app.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/** Parsing of setting values, each failure naming where the value came from. */
final class Values {

    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9._\\-\\[\\]:]+:\\d{1,5}");
    private static final Pattern TOPIC_PREFIX = Pattern.compile("[A-Za-z0-9._\\-]{0,200}");

    private Values() {
    }

    static int port(SettingValue v, boolean zeroMeansAnyFreePort) {
        int lowest = zeroMeansAnyFreePort ? 0 : 1;
        String expectation = "a port number from " + (zeroMeansAnyFreePort ? "0 (any free port)" : "1") + " to 65535";
        int port = integer(v, expectation);
        if (port < lowest || port > 65535) {
            throw v.invalid(expectation);
        }
        return port;
    }

    static int positive(SettingValue v, int max) {
        int n = integer(v, "a whole number from 1 to " + max);
        if (n < 1 || n > max) {
            throw v.invalid("a whole number from 1 to " + max);
        }
        return n;
    }

    static int nonNegative(SettingValue v, int max) {
        int n = integer(v, "a whole number from 0 to " + max);
        if (n < 0 || n > max) {
            throw v.invalid("a whole number from 0 to " + max);
        }
        return n;
    }

    /** A duration such as {@code 300s}, {@code 5m}, {@code 1h} or ISO-8601 {@code PT5M}; not negative. */
    static Duration duration(SettingValue v) {
        String expectation = "a duration such as 300s, 5m, 1h or PT5M";
        Duration d;
        try {
            d = Durations.parse(v.raw());
        } catch (IllegalArgumentException e) {
            throw v.invalid(expectation);
        }
        if (d.isNegative()) {
            throw v.invalid(expectation);
        }
        return d;
    }

    static boolean bool(SettingValue v) {
        return switch (v.raw().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw v.invalid("true or false");
        };
    }

    static String bootstrapServers(SettingValue v) {
        for (String server : v.raw().split(",")) {
            if (!HOST_PORT.matcher(server.trim()).matches()) {
                throw v.invalid("a comma-separated list of host:port");
            }
        }
        return v.raw().replace(" ", "");
    }

    static String hostPort(SettingValue v) {
        if (!HOST_PORT.matcher(v.raw()).matches()) {
            throw v.invalid("host:port");
        }
        return v.raw();
    }

    static String topicPrefix(SettingValue v) {
        if (!TOPIC_PREFIX.matcher(v.raw()).matches()) {
            throw v.invalid("letters, digits, '.', '_' and '-' only");
        }
        return v.raw();
    }

    static String nonBlank(SettingValue v) {
        if (v.raw().isBlank()) {
            throw v.invalid("a non-empty value");
        }
        return v.raw();
    }

    private static int integer(SettingValue v, String expectation) {
        try {
            return Integer.parseInt(v.raw());
        } catch (NumberFormatException e) {
            throw v.invalid(expectation);
        }
    }
}
