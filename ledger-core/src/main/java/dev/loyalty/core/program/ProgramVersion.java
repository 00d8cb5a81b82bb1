package dev.loyalty.core.program;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.loyalty.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * One immutable version of the program as it travels on loyalty.program: its number (the record key),
 * the instant it takes effect and the rules. Ledger entries judged by it carry its number as
 * {@code programVersion}; {@code program.version()} is only the label the program file gave it.
 */
public record ProgramVersion(int number, Instant effectiveFrom, Program program) {

    public ProgramVersion {
        if (number < 1) {
            throw new IllegalArgumentException("program versions are numbered from 1");
        }
    }

    /** The value an entry judged by this version carries as {@code programVersion}. */
    public String entryVersion() {
        return Integer.toString(number);
    }

    public String key() {
        return Integer.toString(number);
    }

    public byte[] toJson() {
        return Json.write(this);
    }

    /**
     * Reads a record of loyalty.program with the same {@link ProgramLoader} rules a program file meets.
     *
     * @throws ProgramException with every problem found when the record is not a usable version
     */
    public static ProgramVersion parse(String key, byte[] value) {
        String source = "version record " + key;
        JsonNode node;
        try {
            node = value == null ? null : Json.STRICT_READER.readTree(value);
        } catch (JsonProcessingException e) {
            throw new ProgramException(source, List.of("not JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ProgramException(source, List.of(e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            throw new ProgramException(source, List.of("the value must be a JSON object with number, effectiveFrom"
                    + " and program"));
        }
        List<String> problems = new ArrayList<>();
        JsonNode number = node.get("number");
        if (number == null || !number.canConvertToExactIntegral() || !number.canConvertToInt() || number.asInt() < 1) {
            problems.add("number: required, a whole number from 1");
        } else if (!Integer.toString(number.asInt()).equals(key)) {
            problems.add("number: " + number.asInt() + " differs from the record key '" + key + "'");
        }
        Instant effectiveFrom = null;
        JsonNode from = node.get("effectiveFrom");
        try {
            effectiveFrom = from == null || !from.isTextual() ? null : Instant.parse(from.asText());
        } catch (DateTimeParseException e) {
            effectiveFrom = null;
        }
        if (effectiveFrom == null) {
            problems.add("effectiveFrom: required, an ISO-8601 instant");
        }
        JsonNode rules = node.get("program");
        Program program = null;
        if (rules == null || !rules.isObject()) {
            problems.add("program: required, a program object");
        } else {
            try {
                program = ProgramLoader.parse(source, rules.toString().getBytes(StandardCharsets.UTF_8));
            } catch (ProgramException e) {
                e.problems().forEach(p -> problems.add("program." + p));
            }
        }
        if (!problems.isEmpty()) {
            throw new ProgramException(source, problems);
        }
        return new ProgramVersion(number.asInt(), effectiveFrom, program);
    }
}
