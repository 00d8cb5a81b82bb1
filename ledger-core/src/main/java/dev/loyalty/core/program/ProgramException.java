package dev.loyalty.core.program;

import java.util.List;

/** A program file that cannot be used, with every problem found in it. */
public final class ProgramException extends RuntimeException {

    private final List<String> problems;

    public ProgramException(String source, List<String> problems) {
        super("invalid program " + source + ":\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
