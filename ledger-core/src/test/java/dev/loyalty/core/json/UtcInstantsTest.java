package dev.loyalty.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The fast paths read and write what the formatters read and write, and leave everything else to them. */
class UtcInstantsTest {

    /** How instants were read before the fast path: the JavaTimeModule alone. */
    private static final ObjectMapper BEFORE = JsonMapper.builder().addModule(new JavaTimeModule()).build();
    private static final ObjectMapper BEFORE_WRITER = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private static final List<String> SYSTEM_FORM = List.of(
            "2026-11-22T10:15:30Z", "2026-11-22T10:15:30.1Z", "2026-11-22T10:15:30.120Z",
            "2026-11-22T10:15:30.123456Z", "2026-11-22T10:15:30.123456789Z", "2026-11-22T10:15:30.000000001Z",
            "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z",
            "2024-02-29T12:00:00Z", "2000-02-29T00:00:00Z");

    private static final List<String> OTHER_FORMS = List.of(
            "2026-11-22T10:15:30+02:00", "2026-11-22T10:15:30z", "2026-11-22t10:15:30Z", "2026-11-22T10:15Z",
            "2026-11-22T10:15:30.Z", "2026-11-22T10:15:30.1234567890Z", "2026-11-22T24:00:00Z",
            "2026-11-22T23:59:60Z", "2026-02-30T10:15:30Z", "2023-02-29T10:15:30Z", "2026-13-01T10:15:30Z",
            "2026-00-10T10:15:30Z", "2026-11-00T10:15:30Z", "2026-11-22T10:60:30Z", "+12026-11-22T10:15:30Z",
            "-2026-11-22T10:15:30Z", " 2026-11-22T10:15:30Z", "2026-11-22 10:15:30Z", "2026-11-22T1a:15:30Z",
            "2026-11-22T10:15:30,5Z", "2026-11-22T10:15:30.5x5Z", "1700000000", "", "Z");

    @Test
    void theSystemsFormReadsAsInstantParseReadsIt() {
        for (String s : SYSTEM_FORM) {
            assertThat(UtcInstants.parseOrNull(s)).as(s).isEqualTo(Instant.parse(s))
                    .isEqualTo(OffsetDateTime.parse(s).toInstant());
        }
    }

    @Test
    void randomInstantsAsTheSystemWritesThemReadBack() {
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_799L),
                    random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
            assertThat(UtcInstants.parseOrNull(t.toString())).as(t.toString()).isEqualTo(t);
        }
    }

    @Test
    void formatWritesWhatInstantToStringWrites() throws Exception {
        Random random = new Random(13);
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.MIN, Instant.MAX,
                Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("0000-01-01T00:00:00Z").minusNanos(1),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("9999-12-31T23:59:59.999999999Z").plusNanos(1),
                Instant.parse("1969-12-31T23:59:59.999Z"), Instant.ofEpochSecond(0, 1), Instant.ofEpochSecond(0, 1_000),
                Instant.ofEpochSecond(0, 1_000_000), Instant.ofEpochSecond(0, 100_000_000)));
        for (int i = 0; i < 20_000; i++) {
            long second = i % 10 == 0 ? random.nextLong(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond())
                    : random.nextLong(-62_167_219_200L - 86_400, 253_402_300_799L + 86_400);
            int nanos = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            instants.add(Instant.ofEpochSecond(second, nanos));
        }
        for (Instant t : instants) {
            assertThat(UtcInstants.format(t)).isEqualTo(t.toString());
            assertThat(Json.MAPPER.writeValueAsString(t)).isEqualTo(BEFORE_WRITER.writeValueAsString(t));
        }
    }

    @Test
    void everyOtherFormIsLeftToTheFormatters() {
        for (String s : OTHER_FORMS) {
            assertThat(UtcInstants.parseOrNull(s)).as(s).isNull();
        }
    }

    @Test
    void theSystemsJsonReadsEveryInstantAsBefore() throws Exception {
        for (String s : concat(SYSTEM_FORM, OTHER_FORMS)) {
            String json = BEFORE.writeValueAsString(s);
            Instant before;
            try {
                before = BEFORE.readValue(json, Instant.class);
            } catch (Exception e) {
                assertThatThrownBy(() -> Json.MAPPER.readValue(json, Instant.class)).as(s)
                        .isInstanceOf(e.getClass());
                continue;
            }
            assertThat(Json.MAPPER.readValue(json, Instant.class)).as(s).isEqualTo(before);
        }
        assertThat(Json.MAPPER.readValue("1700000000.5", Instant.class))
                .isEqualTo(BEFORE.readValue("1700000000.5", Instant.class));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
