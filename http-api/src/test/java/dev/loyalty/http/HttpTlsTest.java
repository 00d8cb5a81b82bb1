package dev.loyalty.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS from a PKCS12 keystore made here with keytool, reached by a client that trusts its certificate. */
class HttpTlsTest {

    private static final String PASSWORD = "test-only-password";
    private static final String TOKEN = AccessTokens.newToken();

    @TempDir
    Path dir;

    private Path keystore;
    private HttpApi api;

    @BeforeEach
    void start() throws Exception {
        keystore = dir.resolve("http.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "loyalty", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as(output).isZero();

        Path tokens = dir.resolve("http-tokens");
        Files.write(tokens, List.of(AccessTokens.line(TOKEN, EnumSet.of(Role.READ))));
        HttpAccess access = new HttpAccess("127.0.0.1", AccessTokens.load(tokens),
                Optional.of(new TlsKeystore(keystore, PASSWORD)));
        api = new HttpApi(0, access, new OneCustomerReader(), events -> { }, Readiness.READY, () -> "", null);
        api.start();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void answersOverHttpsWithTheKeystoresCertificate() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(trusting(keystore)).build();

        HttpResponse<String> view = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + api.port()
                + "/customers/c-1")).header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + api.port()
                + "/health")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(view.statusCode()).isEqualTo(200);
        assertThat(view.body()).isEqualTo(OneCustomerReader.VIEW);
        assertThat(health.statusCode()).isEqualTo(200);
    }

    @Test
    void plainHttpGetsNoAnswer() {
        HttpClient client = HttpClient.newHttpClient();

        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + api.port()
                + "/health")).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    /** An SSL context that trusts the certificate in {@code keystore} and nothing else. */
    private static SSLContext trusting(Path keystore) throws Exception {
        KeyStore server = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            server.load(in, PASSWORD.toCharArray());
        }
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("loyalty", server.getCertificate("loyalty"));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
