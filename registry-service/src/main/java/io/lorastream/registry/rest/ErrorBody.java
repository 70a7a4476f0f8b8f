package io.lorastream.registry.rest;

/**
 * The JSON body of every error response.
 *
 * @param error a sentence saying what is wrong and, where it helps, what to do
 * @param field the offending field or part of the request (a path parameter, a header), may be null
 * @param rule the rule's code, e.g. {@code invalid_task_id}, may be null
 */
public record ErrorBody(String error, String field, String rule) {
}
