package dev.loyalty.http;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * One entry of the API's route table: a method, a path template whose {@code {name}} segments stand
 * for any one segment, and what answers it (given the request and the decoded path segments).
 */
record Route(String method, String path, BiConsumer<Exchange, List<String>> handler) {

    boolean matches(List<String> segments) {
        List<String> template = templateSegments();
        if (template.size() != segments.size()) {
            return false;
        }
        for (int i = 0; i < template.size(); i++) {
            if (!isParameter(template.get(i)) && !template.get(i).equals(segments.get(i))) {
                return false;
            }
        }
        return true;
    }

    private List<String> templateSegments() {
        return path.equals("/") ? List.of() : List.of(path.substring(1).split("/"));
    }

    private static boolean isParameter(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }
}
