/**
 * The lorastream registry client, for inference services that serve a task's champion adapter.
 *
 * <p>Most programs need one class, {@link io.lorastream.registry.client.AdapterWatcher}: give it the
 * registry's base URL, a read token, the task and a local folder, and an
 * {@link io.lorastream.registry.client.AdapterListener} that swaps the adapter in use. It keeps
 * {@code <folder>/<version>/} in step with the champion (long-poll, back-off, resume), installs each
 * version atomically with every file's SHA-256 verified, and keeps the previous versions for an
 * instant rollback:
 *
 * <pre>{@code
 * try (AdapterWatcher watcher = AdapterWatcher.builder(URI.create("http://127.0.0.1:8084"), "spam",
 *                 Path.of("/var/lib/adapters/spam"))
 *         .token(System.getenv("LORASTREAM_READ_TOKEN"))
 *         .listener((dir, version) -> model.swapAdapter(dir))
 *         .start()) {
 *     // The listener has been called by the time this returns; it only says "ready to serve".
 *     InstalledAdapter first = watcher.awaitAdapter(Duration.ofMinutes(1))
 *             .orElseThrow(() -> new IllegalStateException("no champion for spam yet"));
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link io.lorastream.registry.client.RegistryClient} is the registry's read API underneath
 * (champion look-ups and long-polls, verified file downloads) for callers that want to drive it
 * themselves. The library depends on the JDK and Jackson only.
 */
package io.lorastream.registry.client;
