package dev.loyalty.app.bench;

/** One input record of a benchmark, as published: key and value bytes. */
public record BenchEvent(byte[] key, byte[] value) {
}
