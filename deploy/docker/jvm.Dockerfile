# JVM image of one lorastream service (ingest, trainer on CPU, evaluator, registry).
#
# Build context: the service's Quarkus fast-jar, e.g.
#   ./mvnw -B -pl trainer-service -am package -DskipTests
#   docker build -f deploy/docker/jvm.Dockerfile -t lorastream/trainer:dev trainer-service/target/quarkus-app
# The trainer and evaluator carry DJL's pytorch-native-cpu jar (libtorch for the CPU) in lib/boot, so this
# image trains and scores on the CPU with nothing downloaded at run time; the GPU trainer is trainer-gpu.Dockerfile.
FROM eclipse-temurin:17-jre-noble

# curl: the container health checks ask /q/health/ready.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 lorastream \
 && useradd --system --uid 10001 --gid lorastream --home-dir /var/lib/lorastream --shell /usr/sbin/nologin lorastream \
 && mkdir -p /var/lib/lorastream \
 && chown lorastream:lorastream /var/lib/lorastream

# The fast-jar layout, dependencies first so a code change rebuilds only the last layers. Owned by root and
# read-only for the service user: the only writable place is the data volume.
WORKDIR /deployments
COPY lib/ /deployments/lib/
COPY quarkus/ /deployments/quarkus/
COPY app/ /deployments/app/
COPY quarkus-run.jar /deployments/quarkus-run.jar

# JVM flags of the container (heap, -D system properties). MaxRAMPercentage sizes the heap from the memory
# limit; models live in native memory, so the heap stays well below the limit. The periodic native-heap trim
# gives back what glibc keeps of freed libtorch memory (docs/operations.md, "Native memory").
ENV JAVA_OPTS="-XX:MaxRAMPercentage=40 -XX:+ExitOnOutOfMemoryError -XX:TrimNativeHeapInterval=30000 -Djava.net.preferIPv4Stack=true"

USER 10001:10001
VOLUME ["/var/lib/lorastream"]
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /deployments/quarkus-run.jar"]
