# The loyalty ledger as a container: built with Maven, run on a JRE.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# The poms alone first: the dependencies land in a layer that a change of sources does not invalidate.
COPY pom.xml .
COPY ledger-core/pom.xml ledger-core/
COPY stream-processor/pom.xml stream-processor/
COPY projections/pom.xml projections/
COPY http-api/pom.xml http-api/
COPY loyalty-app/pom.xml loyalty-app/
RUN mvn -q -B dependency:go-offline
COPY . .
RUN mvn -q -B -Dmaven.test.skip=true package

FROM eclipse-temurin:17-jre
RUN useradd --system --home-dir /var/lib/loyalty loyalty \
    && mkdir -p /var/lib/loyalty && chown loyalty /var/lib/loyalty
WORKDIR /app
COPY --from=build /src/loyalty-app/target/lib/ /app/lib/
COPY --from=build /src/loyalty-app/target/loyalty-app.jar /app/loyalty-app.jar
COPY loyalty-app/jvm.options /app/jvm.options
USER loyalty
# Local state (Kafka Streams stores) lives here; the ledger itself lives in Kafka.
ENV LOYALTY_DATA_DIR=/var/lib/loyalty
# A published port reaches only a server on every interface; that needs access tokens
# (LOYALTY_HTTP_TOKENS, a mounted file), or the container stops at start saying so.
ENV LOYALTY_HTTP_HOST=0.0.0.0
# JVM options, as for ./loyalty: docker run -e LOYALTY_JAVA_OPTS="-Xmx1g -XX:+ExitOnOutOfMemoryError" ...
ENV LOYALTY_JAVA_OPTS=""
VOLUME /var/lib/loyalty
EXPOSE 8080
# Ready: the ledger writer and the projections process, and the HTTP API answers (no token needed).
# The JRE image has no curl: bash's /dev/tcp asks over plain HTTP, so a system serving HTTPS needs
# its own check (docs/runtime.md).
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/localhost/${LOYALTY_HTTP_PORT:-8080} && printf 'GET /health/ready HTTP/1.0\\r\\n\\r\\n' >&3 && head -1 <&3 | grep -q ' 200 '"]
# A shell only to expand LOYALTY_JAVA_OPTS; exec leaves java as PID 1, to receive SIGTERM.
ENTRYPOINT ["sh", "-c", "exec java @/app/jvm.options $LOYALTY_JAVA_OPTS -jar /app/loyalty-app.jar \"$@\"", "loyalty"]
CMD ["run"]
