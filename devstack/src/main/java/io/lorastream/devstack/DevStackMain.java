package io.lorastream.devstack;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Entry point of the standalone devstack process that {@code ./lorastream dev up} runs in
 * the background: starts the stack, prints one {@value #READY} line when Kafka (with its
 * topics) and S3 (with its bucket) serve clients, and stops both cleanly on SIGTERM.
 *
 * <p>Exit codes: 0 after a clean stop, 1 when the stack cannot start, 2 on a usage error.
 */
public final class DevStackMain {

    /**
     * First word of the machine-readable line printed once everything is up. The rest of the
     * line is {@code key=value} pairs: {@code pid} and the keys of {@link DevStack#config()}
     * except the secret key.
     */
    public static final String READY = "LORASTREAM_DEVSTACK_READY";

    private DevStackMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        StandaloneLogging.applyDefaults();

        DevStackOptions options;
        try {
            options = DevStackOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("devstack: " + e.getMessage());
            System.err.println(DevStackOptions.USAGE);
            System.exit(2);
            return;
        }

        DevStack stack = DevStack.builder(options.dataDir())
                .kafkaPort(options.kafkaPort())
                .kafkaControllerPort(options.kafkaControllerPort())
                .s3Port(options.s3Port())
                .credentials(options.credentials())
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        // Registered before starting, so a SIGTERM during startup still stops what already runs.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("devstack: stopping");
            try {
                stack.close();
                System.out.println("devstack: stopped");
            } finally {
                stopped.countDown();
            }
        }, "devstack-shutdown"));

        System.out.println("devstack: starting " + stack);
        try {
            stack.start();
        } catch (PortInUseException e) {
            System.err.println("devstack: " + e.getMessage() + "; stop what uses it or set "
                    + options.envVariableFor(e.port()) + " to another port");
            System.exit(1);
        } catch (RuntimeException e) {
            System.err.println("devstack: cannot start: " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
        }

        System.out.println(readyLine(stack));
        System.out.flush();
        stopped.await();
    }

    /** The {@value #READY} line for a started stack. */
    static String readyLine(DevStack stack) {
        StringBuilder line = new StringBuilder(READY).append(" pid=").append(ProcessHandle.current().pid());
        for (Map.Entry<String, String> entry : stack.config().entrySet()) {
            // The secret stays out of the log file; whoever started the process knows it.
            if (!entry.getKey().equals(DevStack.S3_SECRET_KEY)) {
                line.append(' ').append(entry.getKey()).append('=').append(entry.getValue());
            }
        }
        return line.append(" data-dir=").append(stack.dataDir()).toString();
    }
}
