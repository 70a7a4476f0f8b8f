package io.lorastream.trainer.rest;

/**
 * The JSON body of every error response.
 *
 * @param error a sentence saying what is wrong and, where it helps, what to do
 * @param field the offending field or part of the request, may be null
 * @param rule the rule's code, may be null
 */
public record ErrorBody(String error, String field, String rule) {
}
