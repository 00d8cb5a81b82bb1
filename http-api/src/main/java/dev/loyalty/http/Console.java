package dev.loyalty.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The operations console: a page and its scripts, read once from the jar. They hold no data (the
 * page asks the API for it with the reader's token), so they are served to anyone. Chart.js comes
 * from its WebJar on the classpath, at whatever version the build resolved.
 */
final class Console {

    /** The folder of the console's assets, under which {@link #asset} finds them by name. */
    static final String ASSET_PATH = "/console/";
    static final String CHART_JS = "chart.umd.min.js";
    /**
     * Only what the page itself loads, from this server, may run; API calls go to this server only;
     * and no other site may frame the page (its token field).
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final String WEBJAR = "META-INF/resources/webjars/chart.js/";
    private static final String WEBJAR_VERSION = "META-INF/maven/org.webjars.npm/chart.js/pom.properties";

    private static final Asset PAGE = new Asset("text/html; charset=utf-8", resource("console/index.html"));
    private static final Map<String, Asset> ASSETS = Map.of(
            "console.js", new Asset("text/javascript; charset=utf-8", resource("console/console.js")),
            "console.css", new Asset("text/css; charset=utf-8", resource("console/console.css")),
            CHART_JS, new Asset("text/javascript; charset=utf-8",
                    classpathResource(WEBJAR + chartJsVersion() + "/dist/" + CHART_JS)));

    private Console() {
    }

    /** A file served as it is. */
    record Asset(String contentType, byte[] body) {
    }

    static Asset page() {
        return PAGE;
    }

    /** @return the asset {@code name} of {@link #ASSET_PATH}, if there is one */
    static Optional<Asset> asset(String name) {
        return Optional.ofNullable(ASSETS.get(name));
    }

    private static String chartJsVersion() {
        Properties pom = new Properties();
        try (InputStream in = stream(WEBJAR_VERSION)) {
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pom.getProperty("version");
    }

    /** A resource beside this class. */
    private static byte[] resource(String name) {
        return classpathResource("dev/loyalty/http/" + name);
    }

    private static byte[] classpathResource(String name) {
        try (InputStream in = stream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream stream(String name) {
        InputStream in = Console.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is missing from the classpath");
        }
        return in;
    }
}
