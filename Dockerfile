# The loyalty ledger as a container: built with Maven, run on a JRE.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -q -B -Dmaven.test.skip=true package

FROM eclipse-temurin:17-jre
RUN useradd --system --home-dir /var/lib/loyalty loyalty \
    && mkdir -p /var/lib/loyalty && chown loyalty /var/lib/loyalty
WORKDIR /app
COPY --from=build /src/loyalty-app/target/lib/ /app/lib/
COPY --from=build /src/loyalty-app/target/loyalty-app.jar /app/loyalty-app.jar
USER loyalty
# Local state (Kafka Streams stores) lives here; the ledger itself lives in Kafka.
ENV LOYALTY_DATA_DIR=/var/lib/loyalty
# A published port reaches only a server on every interface; that needs access tokens
# (LOYALTY_HTTP_TOKENS, a mounted file), or the container stops at start saying so.
ENV LOYALTY_HTTP_HOST=0.0.0.0
VOLUME /var/lib/loyalty
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/loyalty-app.jar"]
CMD ["run"]
