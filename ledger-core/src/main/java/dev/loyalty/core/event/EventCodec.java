package dev.loyalty.core.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loyalty.core.json.Json;
import dev.loyalty.core.json.UtcInstants;
import dev.loyalty.core.program.Program;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns the bytes of a loyalty.events record into an {@link Event} or an {@link ParseResult.Invalid}
 * with the reason code of SPEC section 5. Everything that can be judged from the record alone and
 * the program is checked here; what needs the customer's history (orders, balance, limits) is the
 * account's job.
 */
public final class EventCodec {

    static final int MAX_EVENT_ID = 128;
    static final int MAX_CUSTOMER_ID = 64;
    /** Any other string field, in code points. */
    static final int MAX_TEXT = 128;
    /** Free text a person writes: an adjustment's {@code reason}, a redemption's {@code note}. */
    static final int MAX_LONG_TEXT = 512;
    static final int MAX_ITEMS = 500;
    /** A number as written (or, for a JSON number, written out in full): no arithmetic on absurd magnitudes. */
    static final int MAX_NUMBER_LENGTH = 32;
    /**
     * Bound on point amounts, far above any real use, so sums can never overflow a long: an event's, and
     * what one ledger entry of a program's rules may give or cost ({@code ProgramLoader}).
     */
    public static final long MAX_POINTS = 1_000_000_000_000L;
    /** Business time starts with the epoch and ends with four-digit years, so every instant fits a long of millis. */
    static final Instant EARLIEST = Instant.EPOCH;
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    private static final Pattern DECIMAL = Pattern.compile("-?\\d+(\\.\\d+)?");

    private final Program program;
    private final InputLimits limits;

    public EventCodec(Program program) {
        this(program, InputLimits.defaults());
    }

    public EventCodec(Program program, InputLimits limits) {
        this.program = program;
        this.limits = limits;
    }

    public InputLimits limits() {
        return limits;
    }

    /**
     * Judges the record on its content alone, without the future-skew check that needs a wall clock:
     * for tools that read events offline.
     */
    public ParseResult parse(String key, byte[] value) {
        return parse(key, value, null);
    }

    /**
     * @param key the record key as UTF-8, or null when the record had none
     * @param value the record value
     * @param wallClock the writer's wall clock, against which {@code occurredAt} may be at most the maximum
     *     future skew ahead (unless time is simulated); null to skip that check
     */
    public ParseResult parse(String key, byte[] value, Instant wallClock) {
        if (value != null && value.length > limits.maxValueBytes()) {
            return new ParseResult.Invalid(RejectReason.TOO_LARGE, "the value is " + value.length
                    + " bytes, more than the " + limits.maxValueBytes() + " an event may have", null, null);
        }
        JsonNode root;
        try {
            root = value == null ? null : Json.STRICT_READER.readTree(value);
        } catch (JsonProcessingException e) {
            return new ParseResult.Invalid(RejectReason.INVALID_JSON, "not valid JSON: " + e.getOriginalMessage(), null, null);
        } catch (IOException e) {
            return new ParseResult.Invalid(RejectReason.INVALID_JSON, "not valid JSON: " + e.getMessage(), null, null);
        }
        if (!(root instanceof ObjectNode)) {
            return new ParseResult.Invalid(RejectReason.INVALID_JSON, "the value must be a JSON object, got "
                    + (root == null || root.isMissingNode() ? "nothing" : root.getNodeType().name().toLowerCase()), null, null);
        }
        Fields f = new Fields(root);
        try {
            Event event = event(f, key);
            checkNotInTheFuture(event.occurredAt(), wallClock);
            return new ParseResult.Valid(event);
        } catch (Rejected r) {
            return new ParseResult.Invalid(r.reason, r.getMessage(), f.eventId, f.customerId);
        }
    }

    /**
     * The customer a record without a key is for, read without judging it: the value of the top-level
     * {@code customerId} member when it is a string, else null. For every value {@link #parse} finds
     * valid this is the event's customerId (the same parser, stopped there); for any other value it may
     * be anything, since that value is rejected wherever it is judged.
     */
    public static String customerIdOf(byte[] value) {
        if (value == null) {
            return null;
        }
        try (JsonParser p = Json.MAPPER.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken token = p.nextToken();
                if (name.equals("customerId")) {
                    return token == JsonToken.VALUE_STRING ? p.getText() : null;
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private void checkNotInTheFuture(Instant occurredAt, Instant wallClock) {
        if (wallClock == null || limits.simulatedTime()) {
            return;
        }
        Instant latest = wallClock.plus(limits.maxFutureSkew());
        if (occurredAt.isAfter(latest)) {
            throw new Rejected(RejectReason.FUTURE_OCCURRED_AT, "occurredAt " + occurredAt + " is more than "
                    + limits.maxFutureSkew().toSeconds() + " s ahead of the writer's clock (" + wallClock
                    + "); is the sender's clock wrong?");
        }
    }

    private Event event(Fields f, String key) {
        f.eventId = f.text("eventId", MAX_EVENT_ID);
        f.customerId = f.text("customerId", MAX_CUSTOMER_ID);
        if (key != null && !key.equals(f.customerId)) {
            throw new Rejected(RejectReason.KEY_MISMATCH,
                    "record key '" + abbreviate(key) + "' does not match customerId '" + f.customerId + "'");
        }
        String type = f.string("type");
        Instant occurredAt = f.instant("occurredAt");
        String source = f.optionalText("source", MAX_TEXT);
        return switch (type) {
            case "purchase" -> purchase(f, occurredAt, source);
            case "return" -> new Return(f.eventId, f.customerId, occurredAt, source,
                    f.text("orderId", MAX_TEXT), amount(f, "amount"), currency(f));
            case "redemption" -> redemption(f, occurredAt, source);
            case "adjustment" -> adjustment(f, occurredAt, source);
            case "engagement" -> engagement(f, occurredAt, source);
            default -> throw new Rejected(RejectReason.UNKNOWN_TYPE, "unknown type '" + abbreviate(type)
                    + "' (purchase, return, redemption, adjustment, engagement)");
        };
    }

    private Purchase purchase(Fields f, Instant occurredAt, String source) {
        String orderId = f.text("orderId", MAX_TEXT);
        BigDecimal amount = amount(f, "amount");
        String currency = currency(f);
        List<LineItem> items = items(f);
        if (!items.isEmpty()) {
            BigDecimal total = BigDecimal.ZERO;
            for (LineItem item : items) {
                total = total.add(item.total());
            }
            if (total.compareTo(amount) != 0) {
                throw new Rejected(RejectReason.INVALID_FIELD, "items add up to " + total.toPlainString()
                        + " but amount is " + amount.toPlainString());
            }
        }
        return new Purchase(f.eventId, f.customerId, occurredAt, source, orderId, amount, currency, items);
    }

    private Redemption redemption(Fields f, Instant occurredAt, String source) {
        boolean hasReward = f.has("rewardId");
        boolean hasPoints = f.has("points");
        if (hasReward == hasPoints) {
            throw new Rejected(hasReward ? RejectReason.INVALID_FIELD : RejectReason.MISSING_FIELD,
                    "a redemption needs exactly one of rewardId and points");
        }
        String rewardId = hasReward ? f.text("rewardId", MAX_TEXT) : null;
        Long points = hasPoints ? f.points("points") : null;
        if (points != null && points <= 0) {
            throw new Rejected(RejectReason.INVALID_FIELD, "points must be a positive integer, got " + points);
        }
        return new Redemption(f.eventId, f.customerId, occurredAt, source, rewardId, points, f.optionalText("note", MAX_LONG_TEXT));
    }

    private Adjustment adjustment(Fields f, Instant occurredAt, String source) {
        long points = f.points("points");
        if (points == 0) {
            throw new Rejected(RejectReason.INVALID_FIELD, "points of an adjustment must not be 0");
        }
        return new Adjustment(f.eventId, f.customerId, occurredAt, source, points, f.text("reason", MAX_LONG_TEXT),
                f.optionalText("actor", MAX_TEXT));
    }

    private Engagement engagement(Fields f, Instant occurredAt, String source) {
        String action = f.text("action", MAX_TEXT);
        if (!program.engagement().containsKey(action)) {
            throw new Rejected(RejectReason.INVALID_FIELD, "unknown engagement action '" + action + "' (known: "
                    + String.join(", ", program.engagement().keySet().stream().sorted().toList()) + ")");
        }
        return new Engagement(f.eventId, f.customerId, occurredAt, source, action, f.optionalText("reference", MAX_TEXT));
    }

    private String currency(Fields f) {
        String currency = f.text("currency", MAX_TEXT);
        if (!currency.equals(program.currency())) {
            throw new Rejected(RejectReason.UNSUPPORTED_CURRENCY, "currency '" + currency
                    + "' is not the program currency " + program.currency());
        }
        return currency;
    }

    private BigDecimal amount(Fields f, String field) {
        BigDecimal amount = f.decimal(field);
        if (amount.signum() <= 0) {
            throw new Rejected(RejectReason.INVALID_FIELD, field + " must be greater than 0");
        }
        checkScale(field, amount);
        if (amount.compareTo(program.maxPurchaseAmount()) > 0) {
            throw new Rejected(RejectReason.INVALID_FIELD, field + " " + amount.toPlainString() + " exceeds the maximum "
                    + program.maxPurchaseAmount().toPlainString());
        }
        return amount;
    }

    private void checkScale(String field, BigDecimal amount) {
        if (amount.stripTrailingZeros().scale() > program.currencyScale()) {
            throw new Rejected(RejectReason.INVALID_FIELD, field + " " + amount.toPlainString() + " has more than "
                    + program.currencyScale() + " decimal places");
        }
    }

    private List<LineItem> items(Fields f) {
        JsonNode node = f.node.get("items");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new Rejected(RejectReason.INVALID_FIELD, "items must be an array");
        }
        if (node.size() > MAX_ITEMS) {
            throw new Rejected(RejectReason.INVALID_FIELD, "items has " + node.size() + " lines, more than "
                    + MAX_ITEMS);
        }
        List<LineItem> items = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode itemNode = node.get(i);
            if (!itemNode.isObject()) {
                throw new Rejected(RejectReason.INVALID_FIELD, "items[" + i + "] must be an object");
            }
            Fields item = new Fields(itemNode);
            item.prefix = "items[" + i + "].";
            String sku = item.text("sku", MAX_TEXT);
            String category = item.optionalText("category", MAX_TEXT);
            long quantity = item.points("quantity");
            if (quantity <= 0) {
                throw new Rejected(RejectReason.INVALID_FIELD, item.prefix + "quantity must be a positive integer");
            }
            BigDecimal unitPrice = item.decimal("unitPrice");
            if (unitPrice.signum() < 0) {
                throw new Rejected(RejectReason.INVALID_FIELD, item.prefix + "unitPrice must not be negative");
            }
            checkScale(item.prefix + "unitPrice", unitPrice);
            items.add(new LineItem(sku, category, quantity, unitPrice));
        }
        return items;
    }

    /** Typed access to the fields of one JSON object, throwing {@link Rejected} with the right reason. */
    private static final class Fields {
        final JsonNode node;
        String prefix = "";
        String eventId;
        String customerId;

        Fields(JsonNode node) {
            this.node = node;
        }

        boolean has(String name) {
            JsonNode v = node.get(name);
            return v != null && !v.isNull();
        }

        JsonNode required(String name) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                throw new Rejected(RejectReason.MISSING_FIELD, "missing required field " + prefix + name);
            }
            return v;
        }

        String string(String name) {
            JsonNode v = required(name);
            if (!v.isTextual() || v.textValue().isEmpty()) {
                throw new Rejected(RejectReason.INVALID_FIELD, prefix + name + " must be a non-empty string");
            }
            return v.textValue();
        }

        /** A required, non-empty string of at most {@code max} code points. */
        String text(String name, int max) {
            return checkText(name, string(name), max);
        }

        String optionalText(String name, int max) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isTextual()) {
                throw new Rejected(RejectReason.INVALID_FIELD, prefix + name + " must be a string");
            }
            return checkText(name, v.textValue(), max);
        }

        /** Counts code points, and refuses a lone surrogate: it has no UTF-8 form, so keys and output would change it. */
        private String checkText(String name, String s, int max) {
            int codePoints = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    throw new Rejected(RejectReason.INVALID_FIELD, prefix + name + " is not valid Unicode text");
                }
                if (++codePoints > max) {
                    throw new Rejected(RejectReason.INVALID_FIELD, prefix + name + " must be at most " + max
                            + " characters");
                }
            }
            return s;
        }

        Instant instant(String name) {
            String s = text(name, MAX_TEXT);
            Instant t = UtcInstants.parseOrNull(s);
            if (t == null) {
                try {
                    t = OffsetDateTime.parse(s).toInstant();
                } catch (DateTimeException e) {
                    throw new Rejected(RejectReason.INVALID_FIELD, prefix + name + " '" + s
                            + "' is not an ISO-8601 instant such as 2026-11-22T10:15:30Z");
                }
            }
            if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
                throw new Rejected(RejectReason.INVALID_FIELD, prefix + name + " '" + s + "' is outside "
                        + EARLIEST + " .. " + LATEST);
            }
            return t;
        }

        BigDecimal decimal(String name) {
            JsonNode v = required(name);
            BigDecimal d = null;
            if (v.isTextual()) {
                String text = v.textValue().trim();
                if (text.length() <= MAX_NUMBER_LENGTH && DECIMAL.matcher(text).matches()) {
                    d = new BigDecimal(text);
                }
            } else if (v.isNumber()) {
                d = v.decimalValue();
            }
            if (d == null) {
                throw new Rejected(RejectReason.INVALID_FIELD, prefix + name
                        + " must be a decimal number such as \"42.50\" of at most " + MAX_NUMBER_LENGTH + " characters");
            }
            if (writtenOutLength(d) > MAX_NUMBER_LENGTH) {
                throw new Rejected(RejectReason.INVALID_FIELD, prefix + name + " must be at most "
                        + MAX_NUMBER_LENGTH + " characters written out in full");
            }
            return d;
        }

        /** The length of the plain form, computed without building it (1e999999999 would take a gigabyte). */
        private static long writtenOutLength(BigDecimal d) {
            long integerDigits = Math.max(1L, (long) d.precision() - d.scale());
            long fractionDigits = Math.max(0, d.scale());
            return integerDigits + (fractionDigits > 0 ? fractionDigits + 1 : 0) + (d.signum() < 0 ? 1 : 0);
        }

        long points(String name) {
            JsonNode v = required(name);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || Math.abs(v.longValue()) > MAX_POINTS) {
                throw new Rejected(RejectReason.INVALID_FIELD, prefix + name + " must be an integer between -"
                        + MAX_POINTS + " and " + MAX_POINTS);
            }
            return v.longValue();
        }
    }

    /** The start of a string that may be of any length, for a message. */
    private static String abbreviate(String s) {
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "...";
    }

    /** Control flow for one invalid field; no stack trace, since bad input is expected input. */
    private static final class Rejected extends RuntimeException {
        final RejectReason reason;

        Rejected(RejectReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }

}
