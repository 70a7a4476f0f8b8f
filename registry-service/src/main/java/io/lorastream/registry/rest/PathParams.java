package io.lorastream.registry.rest;

import io.lorastream.contracts.TaskId;
import io.lorastream.contracts.VersionId;
import io.lorastream.store.AdapterStore;

/**
 * Strict checks of the path parameters before they reach a lookup or an S3 key: a task id, a
 * version id and a file name can each only be what their rule allows, so no parameter can climb
 * out of its folder ({@code ..}, {@code /}, {@code %2F}) or name an arbitrary object.
 */
final class PathParams {

    private PathParams() {
    }

    static String task(String task) {
        if (!TaskId.isValid(task)) {
            throw new ApiException(400, "task", "invalid_task_id", new TaskId.InvalidTaskIdException(task).getMessage());
        }
        return task;
    }

    static String version(String version) {
        return version(version, "version");
    }

    static String version(String version, String field) {
        if (!VersionId.isValid(version)) {
            throw new ApiException(400, field, "invalid_version_id", "version id " + shown(version)
                    + " is invalid: it must match " + VersionId.RULE);
        }
        return version;
    }

    static String fileName(String name) {
        try {
            return AdapterStore.safeName(name);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "name", "invalid_file_name", e.getMessage().replace("'" + name + "'", shown(name)));
        }
    }

    /** The value as it can be quoted in a message: cut short, without control characters. */
    static String shown(String value) {
        if (value == null) {
            return "(missing)";
        }
        String cut = value.length() > 80 ? value.substring(0, 80) + "…" : value;
        return "'" + cut.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
