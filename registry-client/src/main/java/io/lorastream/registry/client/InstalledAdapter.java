package io.lorastream.registry.client;

import java.nio.file.Path;
import java.util.Map;

/**
 * A verified adapter version on local disk.
 *
 * @param version its version id
 * @param dir the folder holding its files
 * @param files file name → hex SHA-256, as the registry announced them
 */
public record InstalledAdapter(String version, Path dir, Map<String, String> files) {

    public InstalledAdapter {
        files = Map.copyOf(files);
    }
}
