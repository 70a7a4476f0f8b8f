package io.lorastream.trainer.domain;

import java.nio.file.Path;

/**
 * The process-level settings of training jobs (the per-task ones are in the task spec).
 *
 * @param device {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N}
 * @param intraOpThreads PyTorch intra-op threads, 0 for its default
 * @param interOpThreads PyTorch inter-op threads, 0 for its default
 * @param microBatchSize examples per forward/backward pass (memory bound), 0 for the whole batch
 * @param workDir where jobs write their files before uploading them
 */
public record JobSettings(String device, int intraOpThreads, int interOpThreads, int microBatchSize, Path workDir) {
}
