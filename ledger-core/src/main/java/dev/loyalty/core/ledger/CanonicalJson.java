package dev.loyalty.core.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The canonical bytes of a JSON value as RFC 8785 (JSON Canonicalization Scheme) writes the values a
 * ledger entry holds: object members sorted by name (UTF-16 code units), no whitespace, strings with
 * only the escapes JSON requires ({@code \"}, {@code \\}, {@code \b \f \n \r \t}, other control
 * characters and lone surrogates as six-character escapes with lowercase hex), integers as plain decimal digits,
 * UTF-8. A fractional number is refused: the ledger carries money as strings, so an entry holding
 * one was not written by the ledger writer.
 */
final class CanonicalJson {

    private CanonicalJson() {
    }

    /** The canonical bytes of an object, leaving out the top-level members named in {@code omit}. */
    static byte[] write(JsonNode object, Set<String> omit) {
        if (!object.isObject()) {
            throw new IllegalArgumentException("a ledger entry is a JSON object, found " + object.getNodeType());
        }
        // Room for a typical entry, so the buffer is not copied while it grows.
        StringBuilder out = new StringBuilder(2048);
        writeObject(out, object, omit);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void writeValue(StringBuilder out, JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT -> writeObject(out, node, Set.of());
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    writeValue(out, node.get(i));
                }
                out.append(']');
            }
            case STRING -> writeString(out, node.textValue());
            case NUMBER -> {
                if (!node.isIntegralNumber()) {
                    throw new IllegalArgumentException("fractional number " + node + " in a ledger entry");
                }
                // Digits of a long straight away: through BigInteger they cost a noticeable share of the seal.
                if (node.isBigInteger()) {
                    out.append(node.bigIntegerValue());
                } else {
                    out.append(node.longValue());
                }
            }
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL -> out.append("null");
            default -> throw new IllegalArgumentException("unexpected JSON value " + node.getNodeType());
        }
    }

    private static void writeObject(StringBuilder out, JsonNode object, Set<String> omit) {
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>(object.size());
        for (Map.Entry<String, JsonNode> member : object.properties()) {
            if (!omit.contains(member.getKey())) {
                members.add(member);
            }
        }
        members.sort(Map.Entry.comparingByKey());
        out.append('{');
        for (int i = 0; i < members.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            writeString(out, members.get(i).getKey());
            out.append(':');
            writeValue(out, members.get(i).getValue());
        }
        out.append('}');
    }

    private static void writeString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || isLoneSurrogate(s, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean isLoneSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
    }
}
