# GPU image of the trainer-service: libtorch 2.7.1 for CUDA 12.8 instead of DJL's CPU build.
#
# Build context: the trainer's Quarkus fast-jar:
#   ./mvnw -B -pl trainer-service -am package -DskipTests
#   docker build -f deploy/docker/trainer-gpu.Dockerfile -t lorastream/trainer-gpu:dev trainer-service/target/quarkus-app
#
# Maven Central has no CUDA build of libtorch 2.7.1 for DJL, so libtorch comes from PyTorch's own CUDA 12.8
# wheel; its CUDA libraries (cuBLAS, cuDNN, NCCL, ...) come as the wheel's nvidia-* dependencies and are found
# through the RPATHs of torch/lib, so the layout torch/ beside nvidia/ is kept as pip wrote it. The host needs
# only the NVIDIA driver and the container toolkit. DJL's pytorch-jni jar already carries the cu128 JNI library.

FROM python:3.12-slim-bookworm AS libtorch
# Exactly the version DJL's JNI was built for: another libtorch crashes the JVM (see shared/DESIGN.md, GPU).
ARG TORCH_VERSION=2.7.1
RUN pip install --no-cache-dir --target /opt/pytorch \
        --index-url https://download.pytorch.org/whl/cu128 "torch==${TORCH_VERSION}" \
 && rm -rf /opt/pytorch/torch/include /opt/pytorch/torch/share /opt/pytorch/triton /opt/pytorch/bin \
 && test -f /opt/pytorch/torch/lib/libtorch_cuda.so

FROM eclipse-temurin:17-jre-noble
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl libgomp1 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 lorastream \
 && useradd --system --uid 10001 --gid lorastream --home-dir /var/lib/lorastream --shell /usr/sbin/nologin lorastream \
 && mkdir -p /var/lib/lorastream \
 && chown lorastream:lorastream /var/lib/lorastream

COPY --from=libtorch /opt/pytorch/ /opt/pytorch/

WORKDIR /deployments
COPY lib/ /deployments/lib/
COPY quarkus/ /deployments/quarkus/
COPY app/ /deployments/app/
COPY quarkus-run.jar /deployments/quarkus-run.jar
# Without the CPU build on the class path DJL loads the libtorch named below. The jar is a Class-Path entry of
# quarkus-run.jar's manifest, and a missing Class-Path entry is skipped by the JVM.
RUN rm /deployments/lib/boot/ai.djl.pytorch.pytorch-native-cpu-*.jar

# DJL: load this libtorch, with the matching JNI (cu128) from the pytorch-jni jar; never download anything;
# unpack the JNI library into the writable data volume.
ENV PYTORCH_LIBRARY_PATH=/opt/pytorch/torch/lib \
    PYTORCH_VERSION=2.7.1 \
    PYTORCH_FLAVOR=cu128 \
    DJL_CACHE_DIR=/var/lib/lorastream/djl-cache \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility \
    JAVA_OPTS="-XX:MaxRAMPercentage=40 -XX:+ExitOnOutOfMemoryError -Djava.net.preferIPv4Stack=true -XX:TrimNativeHeapInterval=30000 -Dai.djl.offline=true"

USER 10001:10001
VOLUME ["/var/lib/lorastream"]
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /deployments/quarkus-run.jar"]
