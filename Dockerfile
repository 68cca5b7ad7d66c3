# Hookline image: built from source in a Maven stage, run on a JRE as a non-root user.
#   docker build -t hookline .
#   docker run -p 8080:8080 -e HOOKLINE_BROKER_URL=... -e HOOKLINE_DB_URL=... hookline
# Every setting of config/application.properties can be given as an environment variable
# (HOOKLINE_DB_URL for hookline.db.url); config/ and routes/ can be mounted over the defaults.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
# dependencies first: this layer is rebuilt only when pom.xml changes
COPY pom.xml .
RUN mvn -B -ntp -q dependency:go-offline
COPY src ./src
RUN mvn -B -ntp -q package -Dmaven.test.skip=true

FROM eclipse-temurin:17-jre
# curl for the health check; the base image does not promise it
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 hookline \
    && useradd --system --uid 10001 --gid hookline --home-dir /app --shell /usr/sbin/nologin hookline
WORKDIR /app
# the jar finds its libraries in lib/ (its manifest's Class-Path), config/ and routes/ in the working directory
COPY --from=build /build/target/lib/ ./lib/
COPY --from=build /build/target/hookline.jar ./hookline.jar
COPY config/ ./config/
COPY routes/ ./routes/
# ext/: jars of your own Java routes (camel.main.routes-builder-classes), mounted or copied in
RUN mkdir -p /app/data /app/ext && chown hookline:hookline /app/data
USER hookline

ENV HTTP_PORT=8080 \
    JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# config/ and routes/ may be replaced by the deployment's own; data/ holds the generated API key,
# secrets key and broker password, owner-only (and the embedded broker and database, when no
# external ones are configured): protect it like the credentials it is
VOLUME ["/app/config", "/app/routes", "/app/data"]
# The HTTP API, with the health probes (metrics need the API key). The embedded broker, used when no
# HOOKLINE_BROKER_URL is given, listens on the container's loopback only and lets in only its user
# (hookline, password generated into /app/data/broker-password or set as HOOKLINE_BROKER_EMBEDDED_PASSWORD).
# For producers outside the container, bind it (HOOKLINE_BROKER_EMBEDDED_OPENWIRE=tcp://0.0.0.0:61616,
# HOOKLINE_BROKER_EMBEDDED_STOMP=stomp://0.0.0.0:61613), give them that password, and publish those
# ports on a private network only: the traffic is not encrypted.
EXPOSE 8080

HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=3 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${HTTP_PORT}/q/health/ready" || exit 1

# exec: Java is PID 1 and gets SIGTERM for Camel's graceful shutdown. hookline.jar brings lib/
# through its manifest; ext/ adds the deployment's own jars.
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -cp '/app/hookline.jar:/app/ext/*' io.hookline.App \"$@\"", "hookline"]
