package dev.loyalty.projections;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.loyalty.core.json.Json;
import dev.loyalty.core.json.UtcInstants;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Writes a signal's JSON field by field, as {@link Json} would write the record (absent fields left
 * out, instants in ISO-8601, money as a plain decimal string) but without Jackson's reflective bean
 * serializer, which cost a noticeable share of the projections' time.
 */
final class SignalJson {

    /** The fields of one signal, in the order they are written. */
    interface Fields {
        void write(SignalJson out) throws IOException;
    }

    private final JsonGenerator generator;

    private SignalJson(JsonGenerator generator) {
        this.generator = generator;
    }

    static byte[] write(Fields fields) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(256);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(bytes)) {
            g.writeStartObject();
            fields.write(new SignalJson(g));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    SignalJson text(String name, String value) throws IOException {
        if (value != null) {
            generator.writeStringField(name, value);
        }
        return this;
    }

    SignalJson number(String name, long value) throws IOException {
        generator.writeNumberField(name, value);
        return this;
    }

    SignalJson instant(String name, Instant value) throws IOException {
        return text(name, value == null ? null : UtcInstants.format(value));
    }

    SignalJson money(String name, BigDecimal value) throws IOException {
        return text(name, value == null ? null : value.toPlainString());
    }
}
